-- enqueue: (new) -> queued / scheduled / waiting
-- KEYS[1] -> P:{L}:task:<id>
-- KEYS[2] -> P:{L}:queued
-- KEYS[3] -> P:{L}:scheduled
-- KEYS[4] -> P:{L}:waiting
-- KEYS[5] -> P:{L}:stats   (enqueue sequence; counts "created" and "created:<operation>")
-- KEYS[6] -> P:{L}:marker
-- KEYS[7] -> P:{L}:events
-- KEYS[8] -> P:{L}:unique:<key>        (read when ARGV[5] == "1")
-- KEYS[9] -> P:{L}:idempotency:<key>   (read when ARGV[6] == "1")
-- KEYS[10] -> P:{L}:group:<group>       (written when ARGV[10] is not "0")
-- ARGV[1] -> task id
-- ARGV[2] -> now (ms)
-- ARGV[3] -> priority (0-100)
-- ARGV[4] -> run at (ms); 0 or past = now
-- ARGV[5] -> "1" when the task holds a unique key
-- ARGV[6] -> "1" when the request carries an idempotency key
-- ARGV[7] -> idempotency key TTL (s)
-- ARGV[8] -> dependencies not yet completed (count)
-- ARGV[9] -> events stream cap
-- ARGV[10] -> retention (ms) of the group's member set, or "0" when the task has no group
-- ARGV[11..] -> field, value pairs of the task hash
-- Returns: {"created", id, status} or {"existing", id} when the unique or idempotency key is taken
local id = ARGV[1]
if ARGV[6] == "1" then
  local existing = redis.call("GET", KEYS[9])
  if existing then return {"existing", existing} end
end
if ARGV[5] == "1" then
  local existing = redis.call("GET", KEYS[8])
  if existing then return {"existing", existing} end
end
if redis.call("EXISTS", KEYS[1]) == 1 then
  return redis.error_reply("EXISTS task " .. id .. " already exists")
end
local now = tonumber(ARGV[2])
local runAt = tonumber(ARGV[4])
local pending = tonumber(ARGV[8])
local seq = redis.call("HINCRBY", KEYS[5], "seq", 1)
local status = "queued"
if pending > 0 then status = "waiting" elseif runAt > now then status = "scheduled" end
redis.call("HSET", KEYS[1], "status", status, "seq", seq, "pending", pending, "attempts", 0, "token", 0,
  unpack(ARGV, 11))
redis.call("HINCRBY", KEYS[5], "created", 1)
redis.call("HINCRBY", KEYS[5], "created:" .. (redis.call("HGET", KEYS[1], "operation") or ""), 1)
if status == "waiting" then
  redis.call("SADD", KEYS[4], id)
elseif status == "scheduled" then
  redis.call("ZADD", KEYS[3], runAt, id)
else
  local band = 1099511627776
  redis.call("ZADD", KEYS[2], tonumber(ARGV[3]) * band + (band - seq), id)
  if redis.call("LLEN", KEYS[6]) < 1000 then redis.call("LPUSH", KEYS[6], "1") end
end
if ARGV[5] == "1" then redis.call("SET", KEYS[8], id) end
if ARGV[6] == "1" then redis.call("SET", KEYS[9], id, "EX", ARGV[7]) end
if ARGV[10] ~= "0" then
  redis.call("SADD", KEYS[10], id)
  redis.call("PEXPIRE", KEYS[10], ARGV[10])
end
redis.call("XADD", KEYS[7], "MAXLEN", "~", ARGV[9], "*", "event", "created", "task_id", id, "status", status)
return {"created", id, status}

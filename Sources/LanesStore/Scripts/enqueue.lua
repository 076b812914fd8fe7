-- enqueue: (new) -> queued / scheduled / waiting, for one task or a lane's share of a batch (one call)
-- KEYS[1] -> P:{L}:queued
-- KEYS[2] -> P:{L}:scheduled
-- KEYS[3] -> P:{L}:waiting
-- KEYS[4] -> P:{L}:stats   (enqueue sequence; counts "created" and "created:<operation>")
-- KEYS[5] -> P:{L}:marker
-- KEYS[6] -> P:{L}:events
-- then four keys per task, task i (from 1) at 7 + 4 * (i - 1):
--   P:{L}:task:<id>, P:{L}:unique:<key> (read when its flag is "1"),
--   P:{L}:idempotency:<key> (read when its flag is "1"), P:{L}:group:<group> (written when a group is set)
-- ARGV[1] -> now (ms)
-- ARGV[2] -> idempotency key TTL (s)
-- ARGV[3] -> events stream cap
-- ARGV[4] -> number of tasks
-- then per task, in order: id, priority (0-100), run at (ms; 0 or past = now), "1" when it holds a
--   unique key, "1" when it carries an idempotency key, dependencies not yet completed (count),
--   retention (ms) of its group's member set or "0" without a group, operation, number of hash
--   field/value items that follow (n), then the n items
-- Returns: one entry per task: {"created", id, status}, {"existing", id} when its unique or
--   idempotency key is taken, or {"duplicate", id} when a task with its id exists already
local now = tonumber(ARGV[1])
local count = tonumber(ARGV[4])
local band = 1099511627776
local seq = redis.call("HINCRBY", KEYS[4], "seq", count) - count
-- Queued tasks are collected in `ready` and written after the loop (at most 1,000 tasks, 2,000 values).
local replies, created, byOperation, queued, ready = {}, 0, {}, 0, {}
local a = 5
for i = 1, count do
  local k = 7 + 4 * (i - 1)
  local id, priority, runAt, unique, idempotent = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), ARGV[a + 3], ARGV[a + 4]
  local pending, groupRetention, operation, n = tonumber(ARGV[a + 5]), ARGV[a + 6], ARGV[a + 7], tonumber(ARGV[a + 8])
  local first, last = a + 9, a + 8 + n
  a = last + 1
  seq = seq + 1
  local existing = (idempotent == "1" and redis.call("GET", KEYS[k + 2])) or (unique == "1" and redis.call("GET", KEYS[k + 1]))
  if existing then
    replies[i] = {"existing", existing}
  elseif redis.call("EXISTS", KEYS[k]) == 1 then
    replies[i] = {"duplicate", id}
  else
    local status = "queued"
    if pending > 0 then status = "waiting" elseif runAt > now then status = "scheduled" end
    -- Zero counters and "pending" are left out of a new hash (read as 0), and so is a queued task's
    -- sequence: its score holds it until claim writes it back. A smaller hash per task.
    if pending > 0 then
      redis.call("HSET", KEYS[k], "status", status, "seq", seq, "pending", pending, unpack(ARGV, first, last))
    elseif status == "queued" then
      redis.call("HSET", KEYS[k], "status", status, unpack(ARGV, first, last))
    else
      redis.call("HSET", KEYS[k], "status", status, "seq", seq, unpack(ARGV, first, last))
    end
    if status == "waiting" then
      redis.call("SADD", KEYS[3], id)
    elseif status == "scheduled" then
      redis.call("ZADD", KEYS[2], runAt, id)
    else
      ready[#ready + 1] = priority * band + (band - seq)
      ready[#ready + 1] = id
      queued = queued + 1
    end
    if unique == "1" then redis.call("SET", KEYS[k + 1], id) end
    if idempotent == "1" then redis.call("SET", KEYS[k + 2], id, "EX", ARGV[2]) end
    if groupRetention ~= "0" then
      redis.call("SADD", KEYS[k + 3], id)
      redis.call("PEXPIRE", KEYS[k + 3], groupRetention)
    end
    redis.call("XADD", KEYS[6], "MAXLEN", "~", ARGV[3], "*", "event", "created", "task_id", id, "status", status)
    created = created + 1
    byOperation[operation] = (byOperation[operation] or 0) + 1
    replies[i] = {"created", id, status}
  end
end
if created > 0 then
  redis.call("HINCRBY", KEYS[4], "created", created)
  for operation, n in pairs(byOperation) do redis.call("HINCRBY", KEYS[4], "created:" .. operation, n) end
end
-- The queued tasks into the queued set in one ZADD, then one wake-up per queued task for blocked
-- workers, the list kept under 1,000.
if queued > 0 then
  redis.call("ZADD", KEYS[1], unpack(ready))
  local wake = math.min(queued, 1000 - redis.call("LLEN", KEYS[5]))
  if wake > 0 then
    local ones = {}
    for i = 1, wake do ones[i] = "1" end
    redis.call("LPUSH", KEYS[5], unpack(ones))
  end
end
return replies

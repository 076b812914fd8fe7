-- run now: queued/scheduled -> queued at the front of its lane (ahead of every priority)
-- KEYS[1] -> P:{L}:task:<id>
-- KEYS[2] -> P:{L}:queued
-- KEYS[3] -> P:{L}:scheduled
-- KEYS[4] -> P:{L}:stats
-- KEYS[5] -> P:{L}:marker
-- KEYS[6] -> P:{L}:events
-- ARGV[1] -> events stream cap
-- ARGV[2] -> id
-- Returns: "queued", or error NOTREADY <status> when the task is missing, waiting, running or final
local status = redis.call("HGET", KEYS[1], "status")
if status ~= "queued" and status ~= "scheduled" then
  return redis.error_reply("NOTREADY " .. (status or "missing"))
end
local id = ARGV[2]
local band = 1099511627776
local seq = redis.call("HINCRBY", KEYS[4], "seq", 1)
redis.call("ZREM", KEYS[3], id)
-- Band 101 is above every priority (0-100); FIFO among tasks run now.
redis.call("ZADD", KEYS[2], 101 * band + (band - seq), id)
redis.call("HSET", KEYS[1], "status", "queued", "seq", seq, "run_now", "1")
redis.call("LPUSH", KEYS[5], "1")
redis.call("XADD", KEYS[6], "MAXLEN", "~", ARGV[1], "*", "event", "queued", "task_id", id, "status", "queued")
return "queued"

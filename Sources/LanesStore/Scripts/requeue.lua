-- requeue: running -> queued without spending an attempt (graceful shutdown), back to its old place
-- KEYS[1] -> P:{L}:task:<id>
-- KEYS[2] -> P:{L}:running
-- KEYS[3] -> P:{L}:queued
-- KEYS[4] -> P:{L}:marker
-- KEYS[5] -> P:{L}:events
-- ARGV[1] -> token
-- ARGV[2] -> events stream cap
-- ARGV[3] -> id
-- Returns: 1, or error STALE
local state = redis.call("HMGET", KEYS[1], "status", "token", "priority", "seq")
if state[1] ~= "running" or state[2] ~= ARGV[1] then
  return redis.error_reply("STALE token " .. ARGV[1] .. " no longer holds the task")
end
local id = ARGV[3]
local band = 1099511627776
redis.call("ZREM", KEYS[2], id)
redis.call("HINCRBY", KEYS[1], "attempts", -1)
redis.call("HSET", KEYS[1], "status", "queued", "worker", "")
redis.call("HDEL", KEYS[1], "started_at")
redis.call("ZADD", KEYS[3], tonumber(state[3] or "50") * band + (band - tonumber(state[4])), id)
redis.call("LPUSH", KEYS[4], "1")
redis.call("XADD", KEYS[5], "MAXLEN", "~", ARGV[2], "*", "event", "requeued", "task_id", id, "status", "queued")
return 1

-- cancel: queued/scheduled/waiting -> cancelled at once; running -> cancel flag set (its worker finishes it)
-- KEYS[1] -> P:{L}:task:<id>
-- KEYS[2] -> P:{L}:queued
-- KEYS[3] -> P:{L}:scheduled
-- KEYS[4] -> P:{L}:waiting
-- KEYS[5] -> P:{L}:done
-- KEYS[6] -> P:{L}:stats   (counts "cancelled" and "cancelled:<operation>")
-- KEYS[7] -> P:{L}:events
-- KEYS[8] -> P:{L}:cancel:<id>
-- KEYS[9] -> P:{L}:dependents:<id>
-- KEYS[10] -> P:{L}:unique:<key>
-- KEYS[11] -> P:{L}:logs:<id>
-- ARGV[1] -> now (ms)
-- ARGV[2] -> retention (ms)
-- ARGV[3] -> events stream cap
-- ARGV[4] -> cancel flag TTL (ms)
-- ARGV[5] -> reason (stored as the task's error)
-- ARGV[6] -> id
-- Returns: {"cancelled", "<lane>|<id>" of each dependent} | {"cancelling"} | {"final", status} | {"missing"}
local state = redis.call("HMGET", KEYS[1], "status", "operation")
local status, id = state[1], ARGV[6]
if not status then return {"missing"} end
if status == "completed" or status == "failed" or status == "cancelled" then return {"final", status} end
if status == "running" then
  redis.call("SET", KEYS[8], "1", "PX", ARGV[4])
  redis.call("HSET", KEYS[1], "cancel_requested", "1")
  redis.call("XADD", KEYS[7], "MAXLEN", "~", ARGV[3], "*", "event", "cancelling", "task_id", id, "status", "running")
  return {"cancelling"}
end
if status == "queued" then redis.call("ZREM", KEYS[2], id)
elseif status == "scheduled" then redis.call("ZREM", KEYS[3], id)
else redis.call("SREM", KEYS[4], id) end
redis.call("HSET", KEYS[1], "status", "cancelled", "completed_at", ARGV[1], "error", ARGV[5])
redis.call("PEXPIRE", KEYS[1], ARGV[2])
redis.call("PEXPIRE", KEYS[11], ARGV[2])
redis.call("ZADD", KEYS[5], ARGV[1], id)
redis.call("HINCRBY", KEYS[6], "cancelled", 1)
redis.call("HINCRBY", KEYS[6], "cancelled:" .. (state[2] or ""), 1)
if redis.call("GET", KEYS[10]) == id then redis.call("DEL", KEYS[10]) end
redis.call("XADD", KEYS[7], "MAXLEN", "~", ARGV[3], "*", "event", "cancelled", "task_id", id, "status", "cancelled")
local reply = {"cancelled"}
for _, ref in ipairs(redis.call("SMEMBERS", KEYS[9])) do reply[#reply + 1] = ref end
redis.call("DEL", KEYS[9])
return reply

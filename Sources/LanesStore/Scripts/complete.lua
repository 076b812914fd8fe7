-- complete: running -> completed (result stored with its retention, dependents handed back)
-- KEYS[1] -> P:{L}:task:<id>
-- KEYS[2] -> P:{L}:running
-- KEYS[3] -> P:{L}:done
-- KEYS[4] -> P:{L}:stats   (counts "completed" and "completed:<operation>")
-- KEYS[5] -> P:{L}:events
-- KEYS[6] -> P:{L}:cancel:<id>
-- KEYS[7] -> P:{L}:dependents:<id>
-- KEYS[8] -> P:{L}:unique:<key>   (released when it holds this id)
-- KEYS[9] -> P:{L}:logs:<id>
-- KEYS[10] -> P:{L}:queued
-- KEYS[11] -> P:{L}:marker
-- ARGV[1] -> token
-- ARGV[2] -> now (ms)
-- ARGV[3] -> result (JSON)
-- ARGV[4] -> retention (ms)
-- ARGV[5] -> events stream cap
-- ARGV[6] -> "1" when the lane has a global limit (a freed place wakes a waiting worker)
-- Returns: {"completed", "<lane>|<id>" of each dependent}, or error STALE
local state = redis.call("HMGET", KEYS[1], "status", "token", "task_id", "unique_key", "operation")
if state[1] ~= "running" or state[2] ~= ARGV[1] then
  return redis.error_reply("STALE token " .. ARGV[1] .. " no longer holds the task")
end
local id = state[3]
redis.call("ZREM", KEYS[2], id)
redis.call("HSET", KEYS[1], "status", "completed", "completed_at", ARGV[2], "result", ARGV[3], "progress", "1")
redis.call("PEXPIRE", KEYS[1], ARGV[4])
redis.call("PEXPIRE", KEYS[9], ARGV[4])
redis.call("ZADD", KEYS[3], ARGV[2], id)
redis.call("HINCRBY", KEYS[4], "completed", 1)
redis.call("HINCRBY", KEYS[4], "completed:" .. (state[5] or ""), 1)
redis.call("DEL", KEYS[6])
if state[4] and state[4] ~= "" and redis.call("GET", KEYS[8]) == id then redis.call("DEL", KEYS[8]) end
redis.call("XADD", KEYS[5], "MAXLEN", "~", ARGV[5], "*", "event", "completed", "task_id", id, "status", "completed")
if ARGV[6] == "1" and redis.call("ZCARD", KEYS[10]) > 0 then redis.call("LPUSH", KEYS[11], "1") end
local reply = {"completed"}
for _, ref in ipairs(redis.call("SMEMBERS", KEYS[7])) do reply[#reply + 1] = ref end
if #reply > 1 then redis.call("DEL", KEYS[7]) end
return reply

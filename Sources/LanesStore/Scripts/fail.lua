-- fail: running -> scheduled (retry after back-off), failed, or cancelled (its cancel flag is set)
-- KEYS[1] -> P:{L}:task:<id>
-- KEYS[2] -> P:{L}:running
-- KEYS[3] -> P:{L}:scheduled
-- KEYS[4] -> P:{L}:done
-- KEYS[5] -> P:{L}:stats   (counts "<outcome>" and "<outcome>:<operation>": retried, failed, cancelled)
-- KEYS[6] -> P:{L}:events
-- KEYS[7] -> P:{L}:cancel:<id>
-- KEYS[8] -> P:{L}:dependents:<id>
-- KEYS[9] -> P:{L}:unique:<key>   (released when it holds this id and the task is final)
-- KEYS[10] -> P:{L}:logs:<id>
-- ARGV[1] -> token
-- ARGV[2] -> now (ms)
-- ARGV[3] -> error message
-- ARGV[4] -> retry at (ms), used when a retry is left
-- ARGV[5] -> retention (ms)
-- ARGV[6] -> events stream cap
-- ARGV[7] -> "1" when the error may be retried, "0" when it is final (no handler, bad input, 4xx)
-- ARGV[8] -> id
-- Returns: {"retrying"}, or {"failed"|"cancelled", "<lane>|<id>" of each dependent}, or error STALE
local state = redis.call("HMGET", KEYS[1], "status", "token", "attempts", "max_retries", "operation")
if state[1] ~= "running" or state[2] ~= ARGV[1] then
  return redis.error_reply("STALE token " .. ARGV[1] .. " no longer holds the task")
end
local id = ARGV[8]
redis.call("ZREM", KEYS[2], id)
local status = "failed"
if redis.call("EXISTS", KEYS[7]) == 1 then
  status = "cancelled"
elseif ARGV[7] == "1" and tonumber(state[3]) <= tonumber(state[4] or "3") then
  redis.call("HSET", KEYS[1], "status", "scheduled", "error", ARGV[3], "scheduled_for", ARGV[4])
  redis.call("ZADD", KEYS[3], ARGV[4], id)
  redis.call("HINCRBY", KEYS[5], "retried", 1)
  redis.call("HINCRBY", KEYS[5], "retried:" .. (state[5] or ""), 1)
  redis.call("XADD", KEYS[6], "MAXLEN", "~", ARGV[6], "*", "event", "retrying", "task_id", id, "status", "scheduled",
    "error", ARGV[3])
  return {"retrying"}
end
local message = ARGV[3]
if status == "cancelled" then message = "cancelled while running" end
redis.call("HSET", KEYS[1], "status", status, "completed_at", ARGV[2], "error", message)
redis.call("PEXPIRE", KEYS[1], ARGV[5])
redis.call("PEXPIRE", KEYS[10], ARGV[5])
redis.call("ZADD", KEYS[4], ARGV[2], id)
redis.call("HINCRBY", KEYS[5], status, 1)
redis.call("HINCRBY", KEYS[5], status .. ":" .. (state[5] or ""), 1)
redis.call("DEL", KEYS[7])
if redis.call("GET", KEYS[9]) == id then redis.call("DEL", KEYS[9]) end
redis.call("XADD", KEYS[6], "MAXLEN", "~", ARGV[6], "*", "event", status, "task_id", id, "status", status, "error", message)
local reply = {status}
for _, ref in ipairs(redis.call("SMEMBERS", KEYS[8])) do reply[#reply + 1] = ref end
redis.call("DEL", KEYS[8])
return reply

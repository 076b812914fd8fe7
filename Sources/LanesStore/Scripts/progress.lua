-- progress: a running task's progress and log lines (fenced by the claim token)
-- KEYS[1] -> P:{L}:task:<id>
-- KEYS[2] -> P:{L}:logs:<id>
-- KEYS[3] -> P:{L}:events
-- ARGV[1] -> token
-- ARGV[2] -> progress fraction ("" = unchanged)
-- ARGV[3] -> progress message
-- ARGV[4] -> log line cap
-- ARGV[5] -> events stream cap
-- ARGV[6] -> id
-- ARGV[7..] -> log lines to append
-- Returns: 1, or error STALE when the token is not the task's current running claim
local state = redis.call("HMGET", KEYS[1], "status", "token")
if state[1] ~= "running" or state[2] ~= ARGV[1] then
  return redis.error_reply("STALE token " .. ARGV[1] .. " no longer holds the task")
end
if ARGV[2] ~= "" then
  redis.call("HSET", KEYS[1], "progress", ARGV[2], "progress_message", ARGV[3])
  redis.call("XADD", KEYS[3], "MAXLEN", "~", ARGV[5], "*", "event", "progress", "task_id", ARGV[6],
    "status", "running", "progress", ARGV[2], "message", ARGV[3])
end
if #ARGV >= 7 then
  redis.call("RPUSH", KEYS[2], unpack(ARGV, 7))
  redis.call("HSET", KEYS[1], "has_logs", "1")
  redis.call("LTRIM", KEYS[2], -tonumber(ARGV[4]), -1)
end
return 1

-- complete: running -> completed (result stored with its retention, dependents handed back), for
--   one task or several of a lane (a worker's completions that meet go in one call)
-- KEYS[1] -> P:{L}:running
-- KEYS[2] -> P:{L}:done
-- KEYS[3] -> P:{L}:stats   (counts "completed" and "completed:<operation>")
-- KEYS[4] -> P:{L}:events
-- KEYS[5] -> P:{L}:queued
-- KEYS[6] -> P:{L}:marker
-- then five keys per task, task i (from 1) at 7 + 5 * (i - 1):
--   P:{L}:task:<id>, P:{L}:cancel:<id> (deleted when the hash has cancel_requested),
--   P:{L}:dependents:<id> (read when the hash has has_dependents), P:{L}:unique:<key> (released when it holds this id),
--   P:{L}:logs:<id> (expires with the task when the hash has has_logs)
-- ARGV[1] -> retention (ms)
-- ARGV[2] -> events stream cap
-- ARGV[3] -> "1" when the lane has a global limit (a freed place wakes a waiting worker)
-- then four per task, task i at 4 + 4 * (i - 1): id, token, now (ms), result (JSON)
-- Returns: one entry per task: {"completed", "<lane>|<id>" of each dependent}, or
--   {"stale", message} when its token no longer holds the task (nothing written for it)
-- The running set and the done set are written once per call, not once per task.
local replies, completed, byOperation, finished, done = {}, 0, {}, {}, {}
for i = 1, (#ARGV - 3) / 4 do
  local k, a = 7 + 5 * (i - 1), 4 + 4 * (i - 1)
  local id, token, now, result = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local state = redis.call("HMGET", KEYS[k], "status", "token", "unique_key", "operation", "cancel_requested", "has_logs", "has_dependents")
  if state[1] ~= "running" or state[2] ~= token then
    replies[i] = {"stale", "STALE token " .. token .. " no longer holds the task"}
  else
    finished[#finished + 1] = id
    redis.call("HSET", KEYS[k], "status", "completed", "completed_at", now, "result", result, "progress", "1")
    redis.call("PEXPIRE", KEYS[k], ARGV[1])
    -- The log list, the cancel flag and the dependents set exist only when the hash says so
    -- (progress, cancel and depend mark it).
    if state[6] == "1" then redis.call("PEXPIRE", KEYS[k + 4], ARGV[1]) end
    done[#done + 1] = now
    done[#done + 1] = id
    if state[5] == "1" then redis.call("DEL", KEYS[k + 1]) end
    if state[3] and state[3] ~= "" and redis.call("GET", KEYS[k + 3]) == id then redis.call("DEL", KEYS[k + 3]) end
    redis.call("XADD", KEYS[4], "MAXLEN", "~", ARGV[2], "*", "event", "completed", "task_id", id, "status", "completed")
    local reply = {"completed"}
    if state[7] == "1" then
      for _, ref in ipairs(redis.call("SMEMBERS", KEYS[k + 2])) do reply[#reply + 1] = ref end
      redis.call("DEL", KEYS[k + 2])
    end
    replies[i] = reply
    completed = completed + 1
    local operation = state[4] or ""
    byOperation[operation] = (byOperation[operation] or 0) + 1
  end
end
if completed > 0 then
  redis.call("ZREM", KEYS[1], unpack(finished))
  redis.call("ZADD", KEYS[2], unpack(done))
  redis.call("HINCRBY", KEYS[3], "completed", completed)
  for operation, n in pairs(byOperation) do redis.call("HINCRBY", KEYS[3], "completed:" .. operation, n) end
  if ARGV[3] == "1" and redis.call("ZCARD", KEYS[5]) > 0 then
    for _ = 1, completed do redis.call("LPUSH", KEYS[6], "1") end
  end
end
return replies

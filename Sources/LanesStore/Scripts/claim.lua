-- claim: queued -> running (highest score first, under the lane's global limit), up to N tasks
-- KEYS[1] -> P:{L}:queued
-- KEYS[2] -> P:{L}:running
-- KEYS[3] -> P:{L}:task:   (prefix: the id is known only after ZPOPMAX; same hash tag)
-- KEYS[4] -> P:{L}:events
-- ARGV[1] -> now (ms)
-- ARGV[2] -> lease deadline (ms)
-- ARGV[3] -> worker id
-- ARGV[4] -> global limit (0 = none)
-- ARGV[5] -> events stream cap
-- ARGV[6] -> most tasks to claim (the worker's free slots)
-- Returns: {{id, token, field, value, ...}, ...} for each claimed task; empty when the lane is empty
--          or at its limit
local limit = tonumber(ARGV[4])
local wanted = tonumber(ARGV[6] or "1")
local claimed = {}
local skipped = 0
while #claimed < wanted and skipped < 100 do
  if limit > 0 and redis.call("ZCARD", KEYS[2]) >= limit then break end
  local popped = redis.call("ZPOPMAX", KEYS[1])
  if #popped == 0 then break end
  local id = popped[1]
  local key = KEYS[3] .. id
  -- An id whose hash expired or is not queued any more is dropped (orphan), not run.
  local state = redis.call("HMGET", key, "status", "token", "attempts")
  if state[1] == "queued" then
    local token = tonumber(state[2]) + 1
    redis.call("HSET", key, "status", "running", "started_at", ARGV[1], "worker", ARGV[3], "token", token,
      "attempts", tonumber(state[3]) + 1, "progress", "", "progress_message", "")
    redis.call("ZADD", KEYS[2], ARGV[2], id)
    redis.call("XADD", KEYS[4], "MAXLEN", "~", ARGV[5], "*", "event", "started", "task_id", id, "status", "running")
    local entry = {id, token}
    local fields = redis.call("HGETALL", key)
    for i = 1, #fields do entry[#entry + 1] = fields[i] end
    claimed[#claimed + 1] = entry
  else
    skipped = skipped + 1
  end
end
return claimed

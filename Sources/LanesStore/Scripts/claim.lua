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
-- ARGV[6] -> most tasks to claim (the worker's free slots; at most 1,000 a call: the running set
--            gets one ZADD of their members per pop, and Lua unpacks at most ~8,000 values)
-- Returns: {{id, token, {field, value, ...}, {field, value, ...}}, ...} for each claimed task: its
--          hash before the claim, then the fields the claim changed (later pairs win); empty when
--          the lane is empty or at its limit
-- A queued task's sequence lives in its score (priority band * 2^40 + 2^40 - seq); the claim
-- writes it into the hash, where requeue and reconcile find it to put the task back in its place.
local band = 1099511627776
local limit = tonumber(ARGV[4])
local wanted = math.min(tonumber(ARGV[6] or "1"), 1000)
local claimed = {}
local skipped = 0
while #claimed < wanted and skipped < 100 do
  local room = wanted - #claimed
  if limit > 0 then room = math.min(room, limit - redis.call("ZCARD", KEYS[2])) end
  if room <= 0 then break end
  local popped = redis.call("ZPOPMAX", KEYS[1], room)
  if #popped == 0 then break end
  -- One ZADD to the running set per pop (before the next pop reads its size).
  local running = {}
  for i = 1, #popped, 2 do
    local id, score = popped[i], tonumber(popped[i + 1])
    local key = KEYS[3] .. id
    local fields = redis.call("HGETALL", key)
    local status, token, attempts
    for j = 1, #fields, 2 do
      local field = fields[j]
      if field == "status" then status = fields[j + 1]
      elseif field == "token" then token = fields[j + 1]
      elseif field == "attempts" then attempts = fields[j + 1] end
    end
    -- An id whose hash expired or is not queued any more is dropped (orphan), not run.
    if status == "queued" then
      token = tonumber(token or "0") + 1
      local update = {"status", "running", "started_at", ARGV[1], "worker", ARGV[3], "token", tostring(token),
        "attempts", tostring(tonumber(attempts or "0") + 1), "progress", "", "progress_message", "", "seq", tostring(band - score % band)}
      redis.call("HSET", key, unpack(update))
      running[#running + 1] = ARGV[2]
      running[#running + 1] = id
      redis.call("XADD", KEYS[4], "MAXLEN", "~", ARGV[5], "*", "event", "started", "task_id", id, "status", "running")
      claimed[#claimed + 1] = {id, token, fields, update}
    else
      skipped = skipped + 1
    end
  end
  if #running > 0 then redis.call("ZADD", KEYS[2], unpack(running)) end
end
return claimed

-- reconcile: running with no hash -> removed (orphan); running with an expired lease -> queued
-- (attempt spent), failed (attempts spent or retry_on_crash off) or cancelled (cancel flag set).
-- KEYS[1] -> P:{L}:running
-- KEYS[2] -> P:{L}:queued
-- KEYS[3] -> P:{L}:done
-- KEYS[4] -> P:{L}:stats   (counts "<outcome>" and "<outcome>:<operation>": recovered, failed, cancelled)
-- KEYS[5] -> P:{L}:events
-- KEYS[6] -> P:{L}:marker
-- KEYS[7] -> P:{L}:task:     (prefix: ids come from the running set; same hash tag)
-- KEYS[8] -> P:{L}:cancel:   (prefix)
-- KEYS[9] -> P:{L}:logs:     (prefix)
-- KEYS[10] -> P:{L}:unique:  (prefix)
-- ARGV[1] -> now (ms)
-- ARGV[2] -> most running entries to look at
-- ARGV[3] -> retention (ms); done entries older than this are pruned (their hashes expired)
-- ARGV[4] -> events stream cap
-- Returns: {orphans removed, crashed requeued, failed or cancelled, {"<status>|<id>" of each final task}}
local now = tonumber(ARGV[1])
local band = 1099511627776
local orphans, crashed, failed, finals = 0, 0, 0, {}
local entries = redis.call("ZRANGE", KEYS[1], 0, tonumber(ARGV[2]) - 1, "WITHSCORES")
for i = 1, #entries, 2 do
  local id, deadline = entries[i], tonumber(entries[i + 1])
  local key = KEYS[7] .. id
  local s = redis.call("HMGET", key, "status", "attempts", "max_retries", "retry_on_crash", "priority", "seq", "unique_key", "operation")
  if not s[1] or s[1] ~= "running" then
    redis.call("ZREM", KEYS[1], id)
    orphans = orphans + 1
  elseif deadline < now then
    redis.call("ZREM", KEYS[1], id)
    local cancelKey = KEYS[8] .. id
    local status = nil
    if redis.call("EXISTS", cancelKey) == 1 then
      status = "cancelled"
    elseif s[4] == "0" or tonumber(s[2]) > tonumber(s[3] or "3") then
      status = "failed"
    end
    if status then
      local message = "worker lost while running attempt " .. s[2] .. " (retries exhausted or retry_on_crash off)"
      if status == "cancelled" then message = "cancelled while running" end
      redis.call("HSET", key, "status", status, "completed_at", ARGV[1], "error", message)
      redis.call("PEXPIRE", key, ARGV[3])
      redis.call("PEXPIRE", KEYS[9] .. id, ARGV[3])
      redis.call("DEL", cancelKey)
      if s[7] and s[7] ~= "" and redis.call("GET", KEYS[10] .. s[7]) == id then redis.call("DEL", KEYS[10] .. s[7]) end
      redis.call("ZADD", KEYS[3], ARGV[1], id)
      redis.call("HINCRBY", KEYS[4], status, 1)
      redis.call("HINCRBY", KEYS[4], status .. ":" .. (s[8] or ""), 1)
      redis.call("XADD", KEYS[5], "MAXLEN", "~", ARGV[4], "*", "event", status, "task_id", id, "status", status, "error", message)
      failed = failed + 1
      finals[#finals + 1] = status .. "|" .. id
    else
      redis.call("HSET", key, "status", "queued", "worker", "", "error", "worker lost while running attempt " .. s[2])
      redis.call("ZADD", KEYS[2], tonumber(s[5] or "50") * band + (band - tonumber(s[6])), id)
      redis.call("LPUSH", KEYS[6], "1")
      redis.call("HINCRBY", KEYS[4], "recovered", 1)
      redis.call("HINCRBY", KEYS[4], "recovered:" .. (s[8] or ""), 1)
      redis.call("XADD", KEYS[5], "MAXLEN", "~", ARGV[4], "*", "event", "recovered", "task_id", id, "status", "queued")
      crashed = crashed + 1
    end
  end
end
redis.call("ZREMRANGEBYSCORE", KEYS[3], "-inf", now - tonumber(ARGV[3]))
return {orphans, crashed, failed, finals}

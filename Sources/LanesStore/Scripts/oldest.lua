-- oldest: when the longest-waiting queued task of a lane became ready (read only)
-- The queued score is priority band * 2^40 + (2^40 - sequence), so the first entry of each band
-- (from the top) is that band's oldest; the lane's longest wait is among those heads.
-- KEYS[1] -> P:{L}:queued
-- KEYS[2] -> P:{L}:task:   (prefix: ids come from the queued set; same hash tag)
-- Returns: the earliest ready time (ms: scheduled_for when later than created_at) among the
--          heads of the bands, or 0 when the lane has no queued task
local band = 1099511627776
local earliest = 0
local cursor = "+inf"
for _ = 1, 102 do
  local head = redis.call("ZREVRANGEBYSCORE", KEYS[1], cursor, "-inf", "WITHSCORES", "LIMIT", 0, 1)
  if #head == 0 then break end
  local f = redis.call("HMGET", KEYS[2] .. head[1], "created_at", "scheduled_for")
  local ready = math.max(tonumber(f[1]) or 0, tonumber(f[2]) or 0)
  if ready > 0 and (earliest == 0 or ready < earliest) then earliest = ready end
  cursor = "(" .. string.format("%.0f", math.floor(tonumber(head[2]) / band) * band)
end
return earliest

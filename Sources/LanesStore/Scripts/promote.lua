-- promote: scheduled (due) -> queued
-- KEYS[1] -> P:{L}:scheduled
-- KEYS[2] -> P:{L}:queued
-- KEYS[3] -> P:{L}:task:   (prefix: ids come from the scheduled set; same hash tag)
-- KEYS[4] -> P:{L}:marker
-- KEYS[5] -> P:{L}:events
-- ARGV[1] -> now (ms)
-- ARGV[2] -> most tasks to move in one call
-- ARGV[3] -> events stream cap
-- Returns: the number of tasks moved to queued
local due = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, tonumber(ARGV[2]))
local band = 1099511627776
local moved = 0
for _, id in ipairs(due) do
  redis.call("ZREM", KEYS[1], id)
  local key = KEYS[3] .. id
  local state = redis.call("HMGET", key, "status", "priority", "seq")
  if state[1] == "scheduled" then
    redis.call("HSET", key, "status", "queued")
    redis.call("ZADD", KEYS[2], tonumber(state[2] or "50") * band + (band - tonumber(state[3])), id)
    redis.call("XADD", KEYS[5], "MAXLEN", "~", ARGV[3], "*", "event", "queued", "task_id", id, "status", "queued")
    moved = moved + 1
  end
end
for _ = 1, math.min(moved, 64) do redis.call("LPUSH", KEYS[4], "1") end
return moved

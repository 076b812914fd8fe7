-- resolve: waiting -> queued when its last parent completed; -> failed/cancelled when a parent did not
-- KEYS[1] -> P:{L}:task:<child id>
-- KEYS[2] -> P:{L}:waiting
-- KEYS[3] -> P:{L}:queued
-- KEYS[4] -> P:{L}:done
-- KEYS[5] -> P:{L}:stats   (counts "<outcome>" and "<outcome>:<operation>": failed, cancelled)
-- KEYS[6] -> P:{L}:events
-- KEYS[7] -> P:{L}:marker
-- KEYS[8] -> P:{L}:dependents:<child id>
-- KEYS[9] -> P:{L}:logs:<child id>
-- ARGV[1] -> parent id
-- ARGV[2] -> parent outcome: completed, failed, cancelled or missing
-- ARGV[3] -> now (ms)
-- ARGV[4] -> retention (ms)
-- ARGV[5] -> events stream cap
-- ARGV[6] -> child id
-- Returns: {"queued"} | {"waiting"} | {"skip"} | {"failed"|"cancelled", "<lane>|<id>" of each dependent}
local s = redis.call("HMGET", KEYS[1], "status", "priority", "seq", "operation")
if s[1] ~= "waiting" then return {"skip"} end
local id = ARGV[6]
if ARGV[2] == "completed" then
  if redis.call("HINCRBY", KEYS[1], "pending", -1) > 0 then return {"waiting"} end
  local band = 1099511627776
  redis.call("SREM", KEYS[2], id)
  redis.call("HSET", KEYS[1], "status", "queued")
  redis.call("ZADD", KEYS[3], tonumber(s[2] or "50") * band + (band - tonumber(s[3])), id)
  redis.call("LPUSH", KEYS[7], "1")
  redis.call("XADD", KEYS[6], "MAXLEN", "~", ARGV[5], "*", "event", "queued", "task_id", id, "status", "queued")
  return {"queued"}
end
local status = "failed"
if ARGV[2] == "cancelled" then status = "cancelled" end
local message = "dependency " .. ARGV[1] .. " " .. ARGV[2]
redis.call("SREM", KEYS[2], id)
redis.call("HSET", KEYS[1], "status", status, "completed_at", ARGV[3], "error", message)
redis.call("PEXPIRE", KEYS[1], ARGV[4])
redis.call("PEXPIRE", KEYS[9], ARGV[4])
redis.call("ZADD", KEYS[4], ARGV[3], id)
redis.call("HINCRBY", KEYS[5], status, 1)
redis.call("HINCRBY", KEYS[5], status .. ":" .. (s[4] or ""), 1)
redis.call("XADD", KEYS[6], "MAXLEN", "~", ARGV[5], "*", "event", status, "task_id", id, "status", status, "error", message)
local reply = {status}
for _, ref in ipairs(redis.call("SMEMBERS", KEYS[8])) do reply[#reply + 1] = ref end
redis.call("DEL", KEYS[8])
return reply

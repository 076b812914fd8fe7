-- clear history: finished tasks older than a cutoff -> deleted (hash and log lines)
-- KEYS[1] -> P:{L}:done
-- KEYS[2] -> P:{L}:task:   (prefix: ids come from the done set; same hash tag)
-- KEYS[3] -> P:{L}:logs:   (prefix)
-- ARGV[1] -> cutoff (ms): entries finished at or before it go
-- ARGV[2] -> most entries to delete in one call
-- Returns: the number of entries removed (call again while it equals ARGV[2])
local ids = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do
  local status = redis.call("HGET", KEYS[2] .. id, "status")
  -- A retried id back in play is not history: only final hashes (or expired ones) go.
  if not status or status == "completed" or status == "failed" or status == "cancelled" then
    redis.call("DEL", KEYS[2] .. id, KEYS[3] .. id)
  end
  redis.call("ZREM", KEYS[1], id)
end
return #ids

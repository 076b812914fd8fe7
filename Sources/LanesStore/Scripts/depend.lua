-- depend: registers a new waiting task with one of its parents (in the parent's lane)
-- KEYS[1] -> P:{L}:task:<parent id>
-- KEYS[2] -> P:{L}:dependents:<parent id>
-- ARGV[1] -> "<child lane>|<child id>"
-- Returns: "pending" (registered; the parent's end will resolve it), or the parent's final status,
--          or "missing" (the parent is gone): then the caller resolves the child at once
local status = redis.call("HGET", KEYS[1], "status")
if not status then return "missing" end
if status == "completed" or status == "failed" or status == "cancelled" then return status end
redis.call("SADD", KEYS[2], ARGV[1])
-- complete.lua reads the dependents set only when the parent's hash says it has one.
redis.call("HSET", KEYS[1], "has_dependents", "1")
return "pending"

-- unlock: releases a lock only when the caller still holds it
-- KEYS[1] -> the lock key (e.g. P:lock:reconcile)
-- ARGV[1] -> the holder's token
-- Returns: 1 when released, 0 when another holder has it (or it expired)
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0

-- lock: takes a lock, or renews it when the caller already holds it (leader election)
-- KEYS[1] -> the lock key (e.g. P:lock:scheduler)
-- ARGV[1] -> the caller's token
-- ARGV[2] -> time to live (ms)
-- Returns: 1 when the caller holds the lock now, 0 when another holder has it
if redis.call("GET", KEYS[1]) == ARGV[1] then
  redis.call("PEXPIRE", KEYS[1], ARGV[2])
  return 1
end
if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return 1 end
return 0

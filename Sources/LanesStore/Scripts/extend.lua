-- extend: the running leases of one worker in one lane -> pushed forward
-- KEYS[1] -> P:{L}:running
-- KEYS[2k], KEYS[2k+1] -> P:{L}:task:<id k>, P:{L}:cancel:<id k>   (k = 1..n)
-- ARGV[1] -> new lease deadline (ms)
-- ARGV[1+k] -> "<id k>:<token k>"
-- Returns: {cancelled ids, lost ids}: tasks whose cancel flag is set, and tasks this worker no longer
--          holds (requeued by the reconciler or claimed again): it must stop them and write nothing.
local cancelled, lost = {}, {}
for k = 1, #ARGV - 1 do
  local entry = ARGV[1 + k]
  local sep = string.find(entry, ":", 1, true)
  local id, token = string.sub(entry, 1, sep - 1), string.sub(entry, sep + 1)
  local taskKey, cancelKey = KEYS[2 * k], KEYS[2 * k + 1]
  local state = redis.call("HMGET", taskKey, "status", "token")
  if state[1] ~= "running" or state[2] ~= token or not redis.call("ZSCORE", KEYS[1], id) then
    lost[#lost + 1] = id
  else
    redis.call("ZADD", KEYS[1], "XX", ARGV[1], id)
    if redis.call("EXISTS", cancelKey) == 1 then cancelled[#cancelled + 1] = id end
  end
end
return {cancelled, lost}

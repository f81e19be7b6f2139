-- READ=lookup (default): GET /internal/v1/people/user{i}/audiences for random people of the demo
-- population, with the admin token. READ=audience: GET /v21.0/{AUDIENCE} with its counts and
-- statuses, with the advertiser's ACCESS_TOKEN.
local read = os.getenv("READ") or "lookup"
local token = os.getenv("ADMIN_TOKEN")
local people = tonumber(os.getenv("PEOPLE") or "1000000")
local audience = os.getenv("AUDIENCE")
local access_token = os.getenv("ACCESS_TOKEN")
local fields = "approximate_count_lower_bound,approximate_count_upper_bound,operation_status,delivery_status"
-- INTERVAL_MS > 0: wait that long between a connection's requests (a steady read rate, so that
-- faster answers do not also mean more load on the server)
local interval = tonumber(os.getenv("INTERVAL_MS") or "0")
math.randomseed(42)
if interval > 0 then
  delay = function() return interval end
end
request = function()
  if read == "audience" then
    local path = "/v21.0/" .. audience .. "?fields=" .. fields
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. access_token })
  end
  local path = "/internal/v1/people/user" .. math.random(1, people) .. "/audiences"
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- GET /internal/v1/people/user{i}/audiences for random people of the demo population.
local token = os.getenv("ADMIN_TOKEN")
local people = tonumber(os.getenv("PEOPLE") or "1000000")
math.randomseed(42)
request = function()
  local path = "/internal/v1/people/user" .. math.random(1, people) .. "/audiences"
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

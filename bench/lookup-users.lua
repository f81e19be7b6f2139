-- GET /internal/v1/people/u{i}/audiences with the admin token, i uniform over PEOPLE: the user ids of
-- bench/identity-load.sh's CSV, so look-ups go through a loaded identity base (a RocksDB read of
-- the user id's person per request), not the demo's synthetic population.
local token = os.getenv("ADMIN_TOKEN")
local people = tonumber(os.getenv("PEOPLE") or "2500000")
math.randomseed(42)
request = function()
  return wrk.format("GET", "/internal/v1/people/u" .. math.random(0, people - 1) .. "/audiences", { ["Authorization"] = "Bearer " .. token })
end

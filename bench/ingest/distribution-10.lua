-- wrk script: POST /webhooks/distribution with a Distribution notification envelope of 10 manifest
-- push events (the shape CNCF Distribution sends, see ingest-service fixtures). Each request gets
-- fresh event ids so nothing downstream could treat it as a replay.
local secret = os.getenv("WEBHOOK_SECRET") or error("set WEBHOOK_SECRET")
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

local function event(n, i)
  local digest = string.format("sha256:%064x", n * 16 + i)
  return string.format([[{"id":"bench-%d-%d","timestamp":"2026-11-23T12:00:00Z","action":"push",
"target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":525,
"digest":"%s","length":525,"repository":"bench/app%d",
"url":"http://127.0.0.1:5000/v2/bench/app%d/manifests/%s","tag":"v%d"},
"request":{"id":"r","addr":"127.0.0.1:1","host":"127.0.0.1:5000","method":"PUT","useragent":"wrk"},
"actor":{},"source":{"addr":"bench:5000","instanceID":"bench"}}]], n, i, digest, i, i, digest, n)
end

request = function()
  counter = counter + 1
  local n = (tid or 0) * 100000000 + counter
  local events = {}
  for i = 1, 10 do
    events[i] = event(n, i)
  end
  return wrk.format("POST", "/webhooks/distribution", {
    ["Content-Type"] = "application/vnd.docker.distribution.events.v1+json",
    ["Authorization"] = "Bearer " .. secret,
  }, '{"events":[' .. table.concat(events, ",") .. ']}')
end

local non200 = 0
response = function(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if non200 <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

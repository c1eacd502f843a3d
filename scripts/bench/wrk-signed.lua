-- wrk script for scripts/bench.sh: one signed Messages API request, sent over and over, and a
-- count of answers that were not 200, so that a rate measured on 401s or 429s cannot pass
-- for verified requests.
--
-- The signature comes from the environment (BENCH_TIMESTAMP, BENCH_SIGNATURE, made by
-- `peki sign` just before the run for BENCH_BODY): the sandbox accepts it for 5 minutes
-- (replay rejection is off by default), so every request is fully verified (key, timestamp,
-- HMAC, JSON, quota) without signing inside wrk.

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("BENCH_API_KEY")
wrk.headers["X-Timestamp"] = os.getenv("BENCH_TIMESTAMP")
wrk.headers["X-Signature"] = os.getenv("BENCH_SIGNATURE")

-- Each wrk thread has its own Lua state: keep them, and add their counts up in done().
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

non200 = 0

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non200")
  end
  -- Socket errors; statuses other than 200 are counted by response() above.
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"non200":%d,"errors":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, bad,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end

-- wrk script for bench/run: requests the paths listed in the file named by $PATHS (one a line),
-- each wrk thread walking the list from its own starting point, and prints one JSON line at
-- the end with the latency percentiles (ms) that wrk's own summary leaves out (p95).
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
local threads = 0
local i = 0

setup = function(thread)
  thread:set("start_at", threads * 7919)
  threads = threads + 1
end

init = function(args)
  i = (start_at or 0) % #paths
end

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'WALK {"requests":%d,"seconds":%.3f,"qps":%.1f,"p50":%.3f,"p95":%.3f,"p99":%.3f,"errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors))
end

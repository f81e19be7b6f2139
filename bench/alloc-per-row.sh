#!/usr/bin/env bash
# Heap allocated by the server per acknowledged row under upload load, by thread pool: what drives
# young-GC frequency, and so the pauses in a read's tail. Unlike rows/s it hardly depends on what
# else runs on the machine. Runs `matchlist bench` in-process (KEYS single|five, 1 M people,
# 2 clients, JSON), records JFR's per-thread allocation counters for 10 s once the load runs, and
# prints bytes per row (load clients and the bench's own threads left out) and the GC count.
#   KEYS=five bench/alloc-per-row.sh          # from a built tree (bin/matchlist builds if needed)
set -euo pipefail
KEYS=${KEYS:-single}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
bench_pid=
cleanup() {
  [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null && wait "$bench_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
  <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
</configuration>
JFC
MATCHLIST_JAVA_OPTS="-Xmx4g ${MATCHLIST_JAVA_OPTS:-}" "$root/bin/matchlist" bench \
  --population 1000000 --clients 2 --keys "$KEYS" --encoding json --duration 20 --warmup 3 \
  --json > "$work/bench.json" 2> "$work/bench.err" &
bench_pid=$!
until grep -q "bodies built" "$work/bench.err" 2>/dev/null; do
  kill -0 "$bench_pid" 2>/dev/null || { cat "$work/bench.err" >&2; exit 1; }
  sleep 0.5
done
java_pid=$(pgrep -P "$bench_pid" java || echo "$bench_pid") # the launcher execs java: same pid
jdk_bin=$(dirname "$(readlink -f "/proc/$java_pid/exe")")
sleep 5 # the warm-up and the first measured seconds
"$jdk_bin/jcmd" "$java_pid" JFR.start settings="$work/alloc.jfc" duration=10s \
  filename="$work/alloc.jfr" > /dev/null
sleep 11
wait "$bench_pid"
bench_pid=
"$jdk_bin/jfr" print --events jdk.ThreadAllocationStatistics,jdk.GarbageCollection \
  "$work/alloc.jfr" > "$work/alloc.txt"
python3 - "$work/alloc.txt" "$work/bench.json" "$KEYS" <<'PY'
import collections, json, re, sys
from datetime import datetime
text = open(sys.argv[1]).read()
run = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
units = {"bytes": 1, "kB": 1024, "MB": 1024**2, "GB": 1024**3}
first, last, times = {}, {}, set()
for event in text.split("jdk.ThreadAllocationStatistics")[1:]:
    amount = re.search(r"allocated = ([\d.]+) (\w+)", event)
    thread = re.search(r'thread = "([^"]*)"', event)
    when = re.search(r"startTime = ([\d:.]+)", event)
    if not (amount and thread and when):
        continue
    value = float(amount.group(1)) * units.get(amount.group(2), 1)
    first.setdefault(thread.group(1), value)
    last[thread.group(1)] = value
    times.add(when.group(1))
stamps = sorted(datetime.strptime(t, "%H:%M:%S.%f") for t in times)
seconds = (stamps[-1] - stamps[0]).total_seconds()
pools = collections.Counter()
for name in last:
    if "bench-client" in name or name == "main" or "Probe" in name:
        continue
    pools[re.sub(r"\d+", "N", name)] += last[name] - first[name]
rows = run["rows_per_second"] * seconds
total = sum(pools.values())
gcs = len(re.findall(r"jdk.GarbageCollection \{", text))
print(f"{sys.argv[3]} key(s): {run['rows_per_second']:,.0f} rows/s; server allocated "
      f"{total / rows:,.0f} bytes per row over {seconds:.1f} s; {gcs} GCs in the 10 s recording")
for name, value in pools.most_common(6):
    if value > 0:
        print(f"  {value / rows:8.1f} B/row  {name}")
PY

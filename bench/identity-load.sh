#!/usr/bin/env bash
# End-to-end identity load (issue 4): USERS users of email + phone (2 identifiers each) written to a
# CSV, `matchlist serve` on a fresh data directory, then `matchlist identities load` of the file:
# CSV -> CLI -> admin HTTP -> server normalizes + hashes -> IdentityBase (RocksDB + index).
# Prints the load's wall time and identifiers/s, how busy the machine's cores were, the CPU-seconds
# of the CLI and of the server during the load (the server's per thread: request threads, RocksDB flush/compaction, ...) and
# the server's resident memory (and how much of it is in transparent huge pages: fewer there means
# more TLB misses in the identity index, and more CPU). SERVER_JAVA_OPTS / CLI_JAVA_OPTS reach one side each (e.g. JFR:
# -XX:StartFlightRecording=filename=/tmp/c.jfr,settings=profile for the CLI; for the server, which
# halts on a signal, SERVER_JFR=/tmp/s.jfr records and dumps through jcmd before it is stopped). The CSV is kept in WORK (default
# a temporary directory) and reused when it is there already. Everything started here is stopped
# on exit. Time it under `flock /work/bench.lock` on a shared machine.
set -euo pipefail

USERS=${USERS:-25000000}
PORT=${PORT:-18480}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
data="$work/data"
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT

csv="$work/users-$USERS.csv"
if [ ! -s "$csv" ]; then
  # phones +1 201 200 0000 upwards: valid US numbers (area codes 201-203 for 25 M users)
  awk -v n="$USERS" 'BEGIN { print "user_id,email,phone"
    for (i = 0; i < n; i++) printf "u%d,person%d@example.com,+1 %d\n", i, i, 2012000000 + i }' > "$csv"
fi
ml="$root/bin/matchlist"
rm -rf "$data" && mkdir -p "$data"
rm -f "$work/serve.out" # a previous run's "serving" must not pass for this server's
server_opts="${SERVER_JAVA_OPTS:-}${SERVER_JFR:+ -XX:StartFlightRecording=settings=profile}"
MATCHLIST_JAVA_OPTS="$server_opts" "$ml" serve --data "$data" --port "$PORT" \
  > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
until grep -q "serving" "$work/serve.out" 2>/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.5
done
tck=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system ticks
threads() { # CPU-seconds per thread name (digits folded) of process $1
  for t in /proc/"$1"/task/*; do echo "$(tr -d '0-9 ' < "$t/comm") $(awk '{ print $14 + $15 }' "$t/stat")"; done |
    awk -v t="$tck" '{ a[$1] += $2 } END { for (k in a) if (a[k] >= t / 10) printf "  %-22s %7.1f s\n", k, a[k] / t }' |
    sort -k2 -n -r
}
machine() { head -1 /proc/stat; } # cpu user nice system idle iowait irq softirq steal ...
machine_before=$(machine)
before=$(cpu "$server_pid")
threads "$server_pid" > "$work/threads.before"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
MATCHLIST_JAVA_OPTS="${CLI_JAVA_OPTS:-}" /usr/bin/time -f "%e %U %S %M" -o "$work/cli.time" \
  "$ml" identities load "$csv" --server "http://127.0.0.1:$PORT" --data "$data" --no-progress --json \
  > "$work/load.json"
end=$(date +%s.%N)
after=$(cpu "$server_pid")
machine_after=$(machine)
read -r _ cli_user cli_sys cli_rss < "$work/cli.time"
wall=$(echo "$end - $start" | bc)
ids=$(python3 -c "import json; print(json.load(open('$work/load.json'))['identifiers'])")
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo "identifiers: $ids in $wall s = $(echo "$ids / $wall" | bc) identifiers/s"
echo "CLI CPU: $(echo "$cli_user + $cli_sys" | bc) s (max RSS $((cli_rss / 1024)) MB)"
echo "server CPU during the load: $(echo "($after - $before) / $tck" | bc -l | xargs printf '%.1f') s;" \
  "RSS $(awk '/VmRSS/ { print int($2 / 1024) }' /proc/$server_pid/status) MB" \
  "(peak $(awk '/VmHWM/ { print int($2 / 1024) }' /proc/$server_pid/status) MB)," \
  "$(awk '/AnonHugePages/ { print int($2 / 1024) }' /proc/$server_pid/smaps_rollup) MB in huge pages"
# the machine's cores busy during the load: what is left idle is time the pipeline waited
echo "$machine_before" "$machine_after" | awk '{ for (i = 2; i <= 9; i++) { t += $(i + 11) - $i } idle = $(16) - $5; io = $(17) - $6
  printf "machine busy during the load: %.1f %% of its %d cores (idle %.1f %%, waiting for I/O %.1f %%)\n",
    100 * (t - idle - io) / t, '"$(nproc)"', 100 * idle / t, 100 * io / t }'
echo "server CPU by thread since start (start-up included):"
threads "$server_pid"
if [ -n "${SERVER_JFR:-}" ]; then # `serve` halts on a signal, so a recording is dumped here first
  "$(dirname "$(readlink -f "/proc/$server_pid/exe")")/jcmd" "$server_pid" JFR.dump filename="$SERVER_JFR" > /dev/null
fi
kill "$server_pid" && wait "$server_pid" 2>/dev/null; server_pid= # stopped: its RocksDB LOG is complete
# RocksDB's own account of the identity families (records; user id entries): bytes flushed, bytes
# rewritten by compactions (not counting files moved down a level unchanged) - load-independent,
# unlike CPU-seconds.
python3 - "$data/db/LOG" <<'PY'
import json, re, sys
families = ("identities", "identity-users")
jobs = {}
flushed, compacted, moves = ({f: 0 for f in families} for _ in range(3))
for line in open(sys.argv[1], errors="replace"):
    if "EVENT_LOG_v1" in line:
        e = json.loads(line.split("EVENT_LOG_v1 ", 1)[1])
        if e.get("event") in ("flush_started", "compaction_started"):
            jobs[e["job"]] = e["event"]
        elif e.get("event") == "table_file_creation" and e.get("cf_name") in families:
            written = flushed if jobs.get(e["job"]) == "flush_started" else compacted
            written[e["cf_name"]] += e["file_size"]
    else:
        m = re.search(r"\[(identities|identity-users)\].*Moved #\d+ files? to level", line)
        if m:
            moves[m.group(1)] += 1
for f in families:
    print(f"{f} family: flushed {flushed[f] / 1e9:.2f} GB, compactions wrote {compacted[f] / 1e9:.2f} GB,"
          f" {moves[f]} trivial moves")
print(f"both: flushed {sum(flushed.values()) / 1e9:.2f} GB, compactions wrote {sum(compacted.values()) / 1e9:.2f} GB")
PY

#!/usr/bin/env bash
# Membership look-up latency and throughput, measured from outside the server's JVM with wrk:
# a `matchlist demo` server (synthetic population), AUDIENCES audiences of MEMBERS random people
# each (uploaded with `matchlist upload`), then
#   1. one connection, one request at a time: the latency of a single look-up (p50/p99);
#   2. CONNECTIONS connections on 2 wrk threads: requests/s when idle.
#   3. with UNDER_LOAD=1, the same two reads one at a time (a look-up, and an audience read with
#      its counts) while `matchlist bench --url` uploads as fast as the server takes them from
#      LOAD_CLIENTS clients: the latency of reads under full upload load, and the upload rate.
#      Reads go one a millisecond at most (INTERVAL_MS), so they add the same load at any speed.
# A 10 s warm-up run comes first and is not counted. SERVER_JAVA_OPTS reaches the server only (e.g.
# JFR: -XX:StartFlightRecording=filename=/tmp/lookup.jfr,settings=profile).
# GET /internal/v1/people/user{i}/audiences with the admin token, i uniform over the population.
# Needs wrk (apt-get install wrk). Everything started here is stopped on exit.
set -euo pipefail

PEOPLE=${PEOPLE:-1000000}
AUDIENCES=${AUDIENCES:-10}
MEMBERS=${MEMBERS:-100000}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
UNDER_LOAD=${UNDER_LOAD:-0}
LOAD_CLIENTS=${LOAD_CLIENTS:-2}

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
demo_pid=
load_pid=
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null && wait "$load_pid" 2>/dev/null
  [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null && wait "$demo_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "lookup-wrk: needs wrk (apt-get install wrk)" >&2; exit 1; }
ml="$root/bin/matchlist"

MATCHLIST_JAVA_OPTS="${SERVER_JAVA_OPTS:-}" \
  "$ml" demo --port 0 --json --people "$PEOPLE" > "$work/demo.out" 2> "$work/demo.err" &
demo_pid=$!
until grep -q '^{' "$work/demo.out" 2>/dev/null; do
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.err" >&2; exit 1; }
  sleep 0.5
done
grep '^{' "$work/demo.out" | head -1 > "$work/demo.json" # the JVM may log to stdout too
field() { python3 -c "import json,sys; print(json.load(open('$work/demo.json'))['$1'])"; }
base=$(field base_url)
account=$(field ad_account_id)
export MATCHLIST_BASE_URL=$base MATCHLIST_TOKEN=$(field access_token)
export ADMIN_TOKEN=$(field admin_token) PEOPLE
export ACCESS_TOKEN=$MATCHLIST_TOKEN READ=lookup

echo "lookup-wrk: $PEOPLE people, $AUDIENCES audiences of $MEMBERS random members, server $base"
for a in $(seq 1 "$AUDIENCES"); do
  python3 - "$work/members.csv" "$PEOPLE" "$MEMBERS" "$a" <<'PY'
import random, sys
path, people, members, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
with open(path, "w") as f:
    f.write("email\n")
    for i in rnd.sample(range(1, people), members):
        f.write(f"user{i}@example.com\n")
PY
  audience=$("$ml" audiences create --account "$account" --name "lookup $a" --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  "$ml" upload --audience "$audience" "$work/members.csv" --no-progress --json > /dev/null
done
export AUDIENCE=$audience
sleep 2 # the matcher applies within milliseconds; leave it room
echo "--- warm-up (10s, not counted: JIT compilation of the request path)"
wrk -t2 -c"$CONNECTIONS" -d10s -s "$root/bench/lookup-wrk.lua" "$base" > /dev/null

echo "--- one connection, sequential ($DURATION)"
wrk -t1 -c1 -d"$DURATION" --latency -s "$root/bench/lookup-wrk.lua" "$base"
echo "--- $CONNECTIONS connections, 2 threads ($DURATION)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$root/bench/lookup-wrk.lua" "$base"

[ "$UNDER_LOAD" = 1 ] || exit 0
echo "--- under upload load: matchlist bench --url, $LOAD_CLIENTS clients, single key, JSON"
echo "$ADMIN_TOKEN" > "$work/admin-token"
server_pid=$(pgrep -f -n "matchlist.jar demo --port 0" || true)
load_seconds=$(( ${DURATION%s} * 2 + 10 ))
"$ml" bench --url "$base" --admin-token-file "$work/admin-token" ${server_pid:+--pid "$server_pid"} \
  --population "$PEOPLE" --clients "$LOAD_CLIENTS" --warmup 3 --duration "$load_seconds" \
  > "$work/load.out" 2>&1 &
load_pid=$!
sleep 8 # the bench's start-up and warm-up
export INTERVAL_MS=${INTERVAL_MS:-1}
echo "--- look-ups, one connection, one every ${INTERVAL_MS} ms at most, under load ($DURATION)"
wrk -t1 -c1 -d"$DURATION" --latency -s "$root/bench/lookup-wrk.lua" "$base"
echo "--- audience reads (counts and statuses), one connection, one every ${INTERVAL_MS} ms at most, under load ($DURATION)"
READ=audience wrk -t1 -c1 -d"$DURATION" --latency -s "$root/bench/lookup-wrk.lua" "$base"
wait "$load_pid" || true
load_pid=
echo "--- the upload load meanwhile"
cat "$work/load.out"

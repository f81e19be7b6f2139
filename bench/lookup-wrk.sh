#!/usr/bin/env bash
# Membership look-up latency and throughput, measured from outside the server's JVM with wrk:
# a `matchlist demo` server (synthetic population), AUDIENCES audiences of MEMBERS random people
# each (uploaded with `matchlist upload`), then
#   1. one connection, one request at a time: the latency of a single look-up (p50/p99);
#   2. CONNECTIONS connections on 2 wrk threads: requests/s when idle.
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

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
demo_pid=
cleanup() {
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
sleep 2 # the matcher applies within milliseconds; leave it room
echo "--- warm-up (10s, not counted: JIT compilation of the request path)"
wrk -t2 -c"$CONNECTIONS" -d10s -s "$root/bench/lookup-wrk.lua" "$base" > /dev/null

echo "--- one connection, sequential ($DURATION)"
wrk -t1 -c1 -d"$DURATION" --latency -s "$root/bench/lookup-wrk.lua" "$base"
echo "--- $CONNECTIONS connections, 2 threads ($DURATION)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$root/bench/lookup-wrk.lua" "$base"

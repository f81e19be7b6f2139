#!/usr/bin/env bash
# CLI upload end to end (issue 5): a `matchlist demo` server (1 M people), then ROUNDS rounds of
# `matchlist upload` of the 1 M-row email-only and five-key files of BENCHMARKS.md "CLI upload"
# (FILES to pick), each into a fresh audience; prints rows/s (the report's upload phase), the CLI's
# wall and CPU (/usr/bin/time) and the server's CPU ticks during it. ML = the launcher to use (a
# built worktree's bin/matchlist), CLI_OPTS = JVM options for the upload only. Round 1 meets a cold
# server (its upload path not yet compiled); later rounds a warm one.
set -euo pipefail
ROUNDS=${ROUNDS:-2}
ML="${ML:-$(cd "$(dirname "$0")/.." && pwd)/bin/matchlist}"
export SKIP_BUILD=1 # build first: ./mvnw -q -B -pl cli -am package -DskipTests
d=${DIR:-/tmp/upcli-bench}; rm -f $d/demo.json # the files: BENCHMARKS.md, "CLI upload"
$ML demo --port 0 --json > $d/demo.json 2>$d/demo.err &
demo=$!
trap 'kill $demo 2>/dev/null; wait $demo 2>/dev/null' EXIT
until grep -q '^{' $d/demo.json 2>/dev/null; do sleep 0.5; done
j() { grep '^{' $d/demo.json | head -1 | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
export MATCHLIST_BASE_URL=$(j base_url) MATCHLIST_TOKEN=$(j access_token)
acct=$(j ad_account_id)
spid=$(pgrep -f -n "matchlist.jar demo --port 0")
for r in $(seq 1 $ROUNDS); do
  for f in ${FILES:-email five}; do
    aud=$($ML audiences create --account $acct --name "b$r$f" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    s0=$(awk '{print $14+$15}' /proc/$spid/stat)
    out=$( { MATCHLIST_JAVA_OPTS="${CLI_OPTS:-}" /usr/bin/time -f "%e s wall, %U s user, %S s sys" $ML upload --audience $aud $d/$f-1000000.csv --no-progress --json; } 2>&1 )
    s1=$(awk '{print $14+$15}' /proc/$spid/stat)
    echo "$out" | python3 -c '
import json,sys
lines=sys.stdin.read().splitlines()
rep=json.loads([l for l in lines if l.startswith("{")][-1])
dur=rep.get("duration_seconds") or rep.get("duration_ms",0)/1000
print("'$f'", "rows_sent", rep.get("rows_sent"), "duration", dur, "rows/s %.0f" % (rep.get("rows_sent",0)/dur if dur else 0), "|", [l for l in lines if "wall" in l][-1], "| server CPU '$(( (s1 - s0) ))' ticks")'
  done
done

#!/usr/bin/env bash
# How cost grows (issue 6): `matchlist bench` (in-process server) as the identity base grows
# (PEOPLE, one audience) and as the number of audiences grows (AUDIENCES, AUDIENCE_PEOPLE people),
# with the same clients, keys and encoding throughout; then renders the chart (SVG) and prints the
# figures as a Markdown table. Each run is one JVM, its report OUT/AXIS-X[.N].json, the machine's
# `uptime` before and after it OUT/AXIS-X[.N].load; with REPEAT=N every point runs N times (the
# rounds one after the other, so a busy minute spoils one run of a point, not all) and the chart
# draws the best run of each point, the table lists them all.
#
# The synthetic population gives each person an email and a first-name/last-name/ZIP key, the
# first 10 M a phone too: 30 M people are 70 M identifiers (the index spreads them over 8 shards).
#
# Usage: bench/growth.sh   (environment: PEOPLE, AUDIENCES, AUDIENCE_PEOPLE, CLIENTS, KEYS, ENCODING,
#        DURATION, WARMUP, REPEAT, OUT=dir for results and chart (default bench/growth), LOCK=file
#        to hold with flock around each run so timing runs on a shared machine don't overlap,
#        SKIP_BUILD=1 to reuse the built jars, CHART_ONLY=1 to re-render OUT's results)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PEOPLE="${PEOPLE:-1000000 10000000 20000000 30000000}"
AUDIENCES="${AUDIENCES:-1 1000 10000}"
AUDIENCE_PEOPLE="${AUDIENCE_PEOPLE:-1000000}"
CLIENTS="${CLIENTS:-2}"
KEYS="${KEYS:-single}"
ENCODING="${ENCODING:-json}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
REPEAT="${REPEAT:-1}"
OUT="${OUT:-bench/growth}"
LOCK="${LOCK:-}"
mkdir -p "$OUT"

. "$root/bench/common.sh"
bench_setup growth

# The heap a population needs: the index (~1.1 GB at 10 M people, three identifiers each), the
# bodies, and room for the GC.
heap_for() {
  if [ "$1" -le 1000000 ]; then echo 6g; elif [ "$1" -le 10000000 ]; then echo 10g; else echo 16g; fi
}

# run NAME PEOPLE AUDIENCES: one bench run into OUT/NAME.json, uptime around it into OUT/NAME.load.
run() {
  local name="$1" people="$2" audiences="$3"
  echo "$name: $people people, $audiences audience(s)…" >&2
  local cmd=("$java_bin" "-Xmx$(heap_for "$people")" --enable-native-access=ALL-UNNAMED
    -jar cli/target/matchlist.jar bench --population "$people" --audiences "$audiences"
    --clients "$CLIENTS" --keys "$KEYS" --encoding "$ENCODING" --duration "$DURATION"
    --warmup "$WARMUP" --json)
  local locked=()
  [ -z "$LOCK" ] || locked=(flock "$LOCK")
  "${locked[@]}" bash -c 'base="$1"; shift; uptime > "$base.load"; "$@" > "$base.json.tmp" || exit
    uptime >> "$base.load"' growth-run "$OUT/$name" "${cmd[@]}" 2> "$OUT/$name.err" \
    || { tail -20 "$OUT/$name.err" >&2; exit 1; }
  mv "$OUT/$name.json.tmp" "$OUT/$name.json"
  rm -f "$OUT/$name.err"
}

if [ "${CHART_ONLY:-0}" != 1 ]; then
  for round in $(seq "$REPEAT"); do
    suffix=""
    [ "$round" = 1 ] || suffix=".$round"
    for people in $PEOPLE; do
      run "people-$people$suffix" "$people" 1
    done
    for audiences in $AUDIENCES; do
      run "audiences-$audiences$suffix" "$AUDIENCE_PEOPLE" "$audiences"
    done
  done
fi

"$java_bin" -Djava.awt.headless=true -cp bench/target/benchmarks.jar \
  dev.matchlist.bench.growth.GrowthChart "$OUT" "$OUT/growth.svg"
echo "chart: $OUT/growth.svg" >&2

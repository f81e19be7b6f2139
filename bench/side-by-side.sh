#!/usr/bin/env bash
# Side-by-side ceilings in one run (issue 6), same bodies and concurrency for all three:
#   (a) Matchlist end to end over HTTP: `matchlist bench` with an in-process server;
#   (b) the same work in-process, no HTTP, no disk, on every core (InProcessCeiling);
#   (c) a null HTTP sink: nginx on loopback that reads and discards the bodies, driven by the
#       same client (`matchlist bench --sink`).
# Prints rows/s for each and the ratios a/b and a/c. Everything it starts is stopped at exit.
#
# Usage: bench/side-by-side.sh   (environment: POPULATION, CLIENTS, KEYS, ENCODING, DURATION,
#        WARMUP, HEAP, SKIP_BUILD=1 to reuse the built jars, OUT=dir to keep the JSON results)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
POPULATION="${POPULATION:-1000000}"
CLIENTS="${CLIENTS:-2}"
KEYS="${KEYS:-single}"
ENCODING="${ENCODING:-json}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
HEAP="${HEAP:-6g}"

work="$(mktemp -d -t matchlist-side-by-side.XXXXXX)"
out="${OUT:-$work}"
mkdir -p "$out"
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

. "$root/bench/common.sh"
bench_setup side-by-side
java=("$java_bin" "-Xmx$HEAP" --enable-native-access=ALL-UNNAMED)
bench_args=(--population "$POPULATION" --clients "$CLIENTS" --keys "$KEYS" --encoding "$ENCODING"
  --duration "$DURATION" --warmup "$WARMUP" --json)

echo "(a) Matchlist end to end over HTTP…" >&2
# Through the launcher, so (a) runs with the server's JVM options (thread priorities, huge pages).
MATCHLIST_JAVA_OPTS="-Xmx$HEAP" bin/matchlist bench "${bench_args[@]}" > "$out/a.json" 2> "$work/a.err" \
  || { tail -20 "$work/a.err" >&2; exit 1; }

echo "(b) the same work in-process, no HTTP, no disk, every core…" >&2
"${java[@]}" -cp bench/target/benchmarks.jar dev.matchlist.bench.InProcessCeiling \
  "$POPULATION" "$KEYS" "$ENCODING" "$DURATION" > "$out/b.json" 2> "$work/b.err" \
  || { tail -20 "$work/b.err" >&2; exit 1; }

echo "(c) null HTTP sink (nginx)…" >&2
if ! command -v nginx >/dev/null 2>&1; then
  echo "    nginx not installed: installing nginx-light from Debian…" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; } >&2 2>&1 || true
fi
if command -v nginx >/dev/null 2>&1; then
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  mkdir -p "$work/nginx/body"
  # `return` makes nginx read and discard each request body (it must, to keep the connection
  # alive), so the bytes cross loopback and are read, but never buffered or parsed: a ceiling.
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location / {
      client_max_body_size 64m;
      client_body_buffer_size 16m;
      default_type application/json;
      return 200 '{}';
    }
  }
}
CONF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>>"$work/nginx/error.log" &
  nginx_pid=$!
  for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break
    sleep 0.1
  done
  "${java[@]}" -jar cli/target/matchlist.jar bench --url "http://127.0.0.1:$port" --sink \
    "${bench_args[@]}" > "$out/c.json" 2> "$work/c.err" || { tail -20 "$work/c.err" >&2; exit 1; }
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
else
  echo "    nginx is not available and could not be installed: (c) skipped" >&2
  echo '{}' > "$out/c.json"
fi

python3 - "$out" "$POPULATION" "$CLIENTS" "$KEYS" "$ENCODING" <<'PY'
import json, sys
out, population, clients, keys, encoding = sys.argv[1:]
a = json.load(open(f"{out}/a.json")); b = json.load(open(f"{out}/b.json")); c = json.load(open(f"{out}/c.json"))
ra, rb, rc = a.get("rows_per_second"), b.get("rows_per_second"), c.get("rows_per_second")
print(f"side-by-side: population {int(population):,}, {clients} clients, {keys} key(s), {encoding}, 10,000-row batches")
print(f"  (a) Matchlist over HTTP            {ra:>14,.0f} rows/s  (p99 {a['latency_p99_ms']:.1f} ms, server CPU {a['server_cpu_cores'] or float('nan'):.2f} cores)")
print(f"  (b) same work in-process, {b['threads']} threads {rb:>14,.0f} rows/s")
if rc:
    print(f"  (c) nginx null sink                {rc:>14,.0f} rows/s  (p99 {c['latency_p99_ms']:.1f} ms)")
print(f"  a/b = {ra / rb:.3f}" + (f"   a/c = {ra / rc:.3f}" if rc else "   a/c = n/a (no nginx)"))
PY

# Sourced by the bench scripts: finds a JDK 21+ (JAVA_HOME first) into $java_bin and, unless
# SKIP_BUILD=1, builds the bench and cli modules. Call: bench_setup <script name>.
bench_setup() {
  java_bin=""
  for c in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$(command -v java || true)"; do
    [ -x "$c" ] || continue
    v="$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java_bin="$c"; break; fi
  done
  [ -n "$java_bin" ] || { echo "$1: needs a JDK 21+" >&2; exit 1; }
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "building bench and cli…" >&2
    ./mvnw -q -B -pl bench,cli -am package -DskipTests >&2
  fi
}

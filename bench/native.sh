#!/usr/bin/env bash
# bench/native.sh [SECONDS] — the native executable, built and exercised here, beside the JVM on the same plants.
#
# 1. Builds it with ../shared/native-probe (SubstrateVM 25 on Temurin 25, an unsupported stand-in for Mandrel that
#    runs the real image builder; see its README) on the project's own native-image arguments, in a copy of the
#    checkout so that target/ is never shared with another build. NATIVE_RUNNER=path skips the build.
# 2. Exercises it: the web API (setup with bcrypt, sign-in, serial ports through jSerialComm's JNI, status, the
#    diagnostics zip, owner-only data) and GatewayCrashIT (mutual-TLS broker, simulated devices, kill -9 in the middle of the drain,
#    nothing accepted lost, order per device) with the executable in place of the packaged jar.
# 3. Measures, native then JVM, against Debian's Mosquitto with mutual TLS and the simulators of bench/lib.sh:
#    start to the first acknowledged publish; RSS, peak RSS and CPU per 1,000 readings at 5,000 readings/s
#    (50 devices x 10 registers every 100 ms) and at 100,000 readings/s (100 x 100). Goal: native RSS <= 64 MiB at
#    5,000 readings/s.
# Takes 15-25 minutes on 2 cores (the image build is most of it); needs ~7 GB of memory for the builder.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_MEASURED=${1:-20}
MEASURE=${MEASURE:-1}   # MEASURE=0: build and exercise only, no figures (for a check beside other work)
PROBE=$(realpath "${PROBE:-../shared/native-probe/probe.sh}")
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests

if [ -z "${NATIVE_RUNNER:-}" ]; then
  BUILD=$(mktemp -d "${TMPDIR:-/tmp}/fg-native.XXXX")
  git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$BUILD"
  [ -d /tmp/native-try/jdk ] || "$PROBE" toolchain
  BUILD_START=$(date +%s)
  (cd "$BUILD" && PROJECT="$BUILD" "$PROBE" app-sources > "$BUILD/sources.log" 2>&1) \
    || { tail -30 "$BUILD/sources.log"; exit 1; }
  (cd "$BUILD" && PROJECT="$BUILD" "$PROBE" app-native | tee "$BUILD/native.log")
  NATIVE_RUNNER=$(ls "$BUILD"/target/native-sources/*-runner 2>/dev/null || true)
  [ -x "$NATIVE_RUNNER" ] || { echo "the image builder failed: $BUILD/native.log" >&2; exit 1; }
  echo "native build: $(( $(date +%s) - BUILD_START )) s, executable $(du -m "$NATIVE_RUNNER" | cut -f1) MB"
fi

echo "== the web API of the executable: setup (bcrypt), sign-in, serial ports (jSerialComm JNI), status, diagnostics"
SMOKE=$(mktemp -d "${TMPDIR:-/tmp}/fg-smoke.XXXX"); mkdir -p "$SMOKE/adapters"
SMOKE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$NATIVE_RUNNER" -Xmx96m -Dfieldgate.gateway-id=smoke-gw -Dquarkus.http.port="$SMOKE_PORT" -Dfieldgate.data-dir="$SMOKE/data" \
  -Dfieldgate.adapters.dir="$SMOKE/adapters" -Dfieldgate.uplink.host=127.0.0.1 -Dfieldgate.uplink.port=1 \
  -Dfieldgate.uplink.tls.ca=/nonexistent -Dfieldgate.uplink.tls.cert=/nonexistent -Dfieldgate.uplink.tls.key=/nonexistent \
  > "$SMOKE/app.log" 2>&1 &
SMOKE_PID=$!
for _ in $(seq 100); do grep -q "one-time setup code" "$SMOKE/app.log" && break; sleep 0.1; done
CODE=$(grep -o "one-time setup code: [^ ]*" "$SMOKE/app.log" | awk '{print $4}')
api() { curl -s -o "$SMOKE/out" -w "%{http_code}" -b "$SMOKE/cookies" -c "$SMOKE/cookies" "$@"; }
smoke_fail() { echo "web API smoke failed: $1"; cat "$SMOKE/out"; grep -E "ERROR|Exception" "$SMOKE/app.log" | head; kill "$SMOKE_PID"; exit 1; }
[ "$(api -H 'Content-Type: application/json' -d "{\"code\":\"$CODE\",\"name\":\"admin\",\"password\":\"a long admin password\"}" \
  "http://127.0.0.1:$SMOKE_PORT/api/setup")" = 200 ] || smoke_fail setup
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$SMOKE/out")
for path in serial-ports status adapters devices profiles; do
  [ "$(api "http://127.0.0.1:$SMOKE_PORT/api/$path")" = 200 ] || smoke_fail "$path"
done
[ "$(api "http://127.0.0.1:$SMOKE_PORT/api/diagnostics")" = 200 ] \
  && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).testzip()' "$SMOKE/out" || smoke_fail diagnostics
[ "$(api -X DELETE -H "X-CSRF-Token: $CSRF" "http://127.0.0.1:$SMOKE_PORT/api/session")" -lt 300 ] || smoke_fail sign-out
[ "$(stat -c %a "$SMOKE/data")" = 700 ] || smoke_fail "data directory not owner-only"
kill "$SMOKE_PID"; wait "$SMOKE_PID" 2>/dev/null || true; rm -rf "$SMOKE"
echo "web API smoke passed on the native executable"

echo "== GatewayCrashIT against $NATIVE_RUNNER"
FIELDGATE_NATIVE_RUNNER="$NATIVE_RUNNER" ./mvnw -B -ntp -q verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=GatewayCrashIT && echo "GatewayCrashIT passed on the native executable"

[ "$MEASURE" = 1 ] || exit 0

. bench/lib.sh

# first_publish HTTP_PORT: milliseconds from launch until the first publish was acknowledged
first_publish() {
  for _ in $(seq 1200); do
    [ "$(curl -s "http://127.0.0.1:$1/q/metrics" | metric_sum fieldgate_messages_published_total)" != 0 ] \
      && { echo $(( ($(date +%s%N) - START_NS) / 1000000 )); return; }
    sleep 0.05
  done
  echo "never"
}

run_plant() {  # RUNTIME NAME CONNECTIONS UNITS REGISTERS
  rm -rf "$W/adapters" "$W/data"
  local http demo mqtt; http=$(free_port); demo=$(free_port); mqtt=$(free_port)
  write_plant "$3" "$4" "$5" 100ms
  start_peers "$demo"
  start_mosquitto "$mqtt"
  if [ "$1" = native ]; then export GATEWAY_BIN="$NATIVE_RUNNER"; else unset GATEWAY_BIN; fi
  start_gateway "$http" "$mqtt" -Dfieldgate.uplink.profile=unlimited -Dfieldgate.shadow.enabled=false
  local FIRST; FIRST=$(first_publish "$http")
  sleep 10
  m() { curl -s "http://127.0.0.1:$http/q/metrics" | metric_sum "$1"; }
  local A0 C0 T0 A1 C1 T1 RSS HWM
  A0=$(m fieldgate_readings_accepted_total); C0=$(cpu_ticks "$PID"); T0=$(date +%s.%N)
  sleep "$SECONDS_MEASURED"
  A1=$(m fieldgate_readings_accepted_total); C1=$(cpu_ticks "$PID"); T1=$(date +%s.%N)
  RSS=$(rss_mib "$PID"); HWM=$(peak_rss_mib "$PID")
  kill "$PID" "$PEERS" "$BROKER_PID"; wait "$PID" "$PEERS" "$BROKER_PID" 2>/dev/null || true; PID=""; PEERS=""; BROKER_PID=""
  python3 - <<PY
secs = $T1 - $T0
scheduled = $3 * $4 * $5 * 10
accepted = ($A1 - $A0) / secs
cpu = ($C1 - $C0) / $(getconf CLK_TCK) / secs * 100
print(f"$1 $2: {scheduled} readings/s scheduled, accepted {accepted / scheduled:.3f}; first publish $FIRST ms after launch;"
      f" CPU {cpu:.0f} % = {cpu * 10 / max(accepted, 1) * 1000:.2f} ms per 1,000 readings; RSS {$RSS:.0f} MiB, peak {$HWM:.0f} MiB")
PY
}

for runtime in native jvm; do
  run_plant "$runtime" small 5 10 10
  run_plant "$runtime" large 10 10 100
done

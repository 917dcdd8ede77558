#!/usr/bin/env bash
# bench/first-publish.sh [READINGS] — how soon a gateway that restarts with a large backlog publishes again.
#
# 100 adapters (one Modbus TCP device of 10 holding registers each, every 100 ms: 10,000 readings/s) buffer while
# the broker (Debian's Mosquitto, mutual TLS) is away, until the outbox holds READINGS readings (default
# 1,000,000). The gateway is stopped, the broker started, and the gateway started again: printed is the time from
# launch to the first publish the broker acknowledged, and to the backlog gone. Target: first publish < 2 s.
# NATIVE_RUNNER=path also measures the native executable (bench/native.sh builds one) on the same backlog.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:-1000000}
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
. bench/lib.sh

m() { curl -s "http://127.0.0.1:$HTTP/q/metrics" | metric_sum "$1"; }

HTTP=$(free_port); DEMO=$(free_port); MQTT=$(free_port)
write_plant 100 1 10 100ms
start_peers "$DEMO"
# the broker is away: everything polled goes to the backlog
start_gateway "$HTTP" "$MQTT" -Dfieldgate.uplink.profile=unlimited -Dfieldgate.shadow.enabled=false
until [ "$(m fieldgate_readings_accepted_total | cut -d. -f1)" -ge "$TARGET" ]; do sleep 2; done
ACCEPTED=$(m fieldgate_readings_accepted_total | cut -d. -f1)
DEPTH=$(m fieldgate_buffer_depth | cut -d. -f1); BYTES=$(m fieldgate_buffer_bytes | cut -d. -f1)
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
echo "backlog: $ACCEPTED readings in $DEPTH messages, $((BYTES >> 20)) MiB, 100 adapters"
cp -a "$W/data" "$W/backlog"
start_mosquitto "$MQTT"
sleep 1

# launch RUNTIME: the gateway on the data directory, not waiting for it; START_NS is the launch
launch() {
  local run=(java @jvm.options) app=(-jar target/quarkus-app/quarkus-run.jar)
  if [ "$1" = native ]; then run=("$NATIVE_RUNNER" -Xmx96m); app=(); fi
  START_NS=$(date +%s%N)
  MALLOC_ARENA_MAX=2 "${run[@]}" -Dfieldgate.gateway-id=bench-gw -Dquarkus.http.port="$HTTP" \
       -Dfieldgate.data-dir="$W/data" -Dfieldgate.adapters.dir="$W/adapters" -Dfieldgate.uplink.host=localhost \
       -Dfieldgate.uplink.port="$MQTT" -Dfieldgate.uplink.tls.ca="$W/data/demo-pki/ca.pem" \
       -Dfieldgate.uplink.tls.cert="$W/data/demo-pki/gateway.pem" -Dfieldgate.uplink.tls.key="$W/data/demo-pki/gateway.key" \
       -Dfieldgate.uplink.profile=unlimited -Dfieldgate.shadow.enabled=false "${app[@]}" > "$W/gateway.log" 2>&1 &
  PID=$!
}

restart() {  # RUNTIME: start on a copy of the same backlog, time the first acknowledged publish and the drain
  rm -rf "$W/data"; cp -a "$W/backlog" "$W/data"
  launch "$1"
  local first="" drained="" now
  for _ in $(seq 15000); do
    now=$(( ($(date +%s%N) - START_NS) / 1000000 ))
    if [ -z "$first" ] && [ "$(m fieldgate_messages_published_total | cut -d. -f1)" -gt 0 ]; then first=$now; fi
    if [ -n "$first" ] && [ "$(m fieldgate_buffer_depth | cut -d. -f1)" -lt 100 ]; then drained=$now; break; fi
    sleep 0.02
  done
  echo "$1: first publish acknowledged ${first:-never} ms after launch (target < 2,000 ms); backlog down to" \
       "live traffic ${drained:-never} ms after launch"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

restart jvm
if [ -n "${NATIVE_RUNNER:-}" ]; then restart native; fi

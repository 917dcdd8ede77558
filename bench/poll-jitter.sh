#!/usr/bin/env bash
# bench/poll-jitter.sh [SECONDS] — how late polls start against their schedule: 1,000 points at 100 ms
# (4 Modbus TCP connections x 5 devices x 50 registers, served by the demo's j2mod simulators in a separate
# process with the demo broker), p50 and p99
# lateness, against a ceiling measured in the same run: threads that do nothing but wait for the same schedule
# (bench/ParkJitter.java). Also prints the gateway's CPU share and resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_MEASURED=${1:-30}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
W=$(mktemp -d "${TMPDIR:-/tmp}/fg-jitter.XXXX"); PID=""; PEERS=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$PEERS" ] && kill "$PEERS" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP=$(free_port); BROKER=$(free_port)
mkdir -p "$W/adapters"
for c in 1 2 3 4; do
  port=$(free_port)
  {
    echo "kind: modbus-tcp"
    echo "connection: {host: 127.0.0.1, port: $port, timeout: 500ms}"
    echo "defaults: {interval: 100ms}"
    echo "devices:"
    for u in 1 2 3 4 5; do
      echo "  - id: c$c-u$u"
      echo "    unit-id: $u"
      echo "    points:"
      for r in $(seq 0 49); do echo "      - {name: r$r, register-type: holding-register, address: $r}"; done
    done
  } > "$W/adapters/conn$c.yaml"
done

# the simulated devices and the broker run in a process of their own, so the gateway is measured alone
CP='target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*:target/quarkus-app/app/*'
java -cp "$CP" dev.fieldgate.demo.DemoPeers "$W/data" "$W/adapters" adapters/profiles "$BROKER" bench-gw \
     > "$W/peers.log" 2>&1 &
PEERS=$!
for _ in $(seq 300); do grep -q READY "$W/peers.log" && break; sleep 0.1; done
java -Xmx128m -Dfieldgate.gateway-id=bench-gw -Dquarkus.http.port="$HTTP" \
     -Dfieldgate.data-dir="$W/data" -Dfieldgate.adapters.dir="$W/adapters" -Dfieldgate.uplink.host=localhost \
     -Dfieldgate.uplink.port="$BROKER" -Dfieldgate.uplink.mqtt-version=v3 -Dfieldgate.uplink.profile=unlimited -Dfieldgate.uplink.max-publish-rate=1000 \
     -Dfieldgate.uplink.tls.ca="$W/data/demo-pki/ca.pem" -Dfieldgate.uplink.tls.cert="$W/data/demo-pki/gateway.pem" \
     -Dfieldgate.uplink.tls.key="$W/data/demo-pki/gateway.key" \
     ${GATEWAY_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$W/gateway.log" 2>&1 &
PID=$!
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$HTTP/q/health/live" >/dev/null && break; sleep 0.1; done
sleep 10                                                   # warm-up, and the percentile window fills
CPU0=$(awk '{print $14 + $15}' "/proc/$PID/stat"); T0=$(date +%s.%N)
sleep "$SECONDS_MEASURED"
CPU1=$(awk '{print $14 + $15}' "/proc/$PID/stat"); T1=$(date +%s.%N)
METRICS=$(curl -s "http://127.0.0.1:$HTTP/q/metrics")
P50=$(echo "$METRICS" | awk -F' ' '/^fieldgate_poll_lateness_seconds\{quantile="0.5"/ {print $2 * 1000}')
P99=$(echo "$METRICS" | awk -F' ' '/^fieldgate_poll_lateness_seconds\{quantile="0.99"/ {print $2 * 1000}')
POLLS=$(echo "$METRICS" | awk '/^fieldgate_poll_duration_seconds_count/ {s += $2} END {print s + 0}')
RSS=$(awk '/VmRSS/ {print $2 / 1024}' "/proc/$PID/status")
HZ=$(getconf CLK_TCK)
kill "$PID" "$PEERS"; wait "$PID" "$PEERS" 2>/dev/null || true; PID=""; PEERS=""
read -r RAW50 RAW99 <<<"$(java bench/ParkJitter.java 4 "$SECONDS_MEASURED")"
python3 - <<PY
cpu = ($CPU1 - $CPU0) / $HZ / ($T1 - $T0) * 100
print(f"1,000 points at 100 ms (4 connections x 5 devices x 50 registers), {int($T1 - $T0)} s measured")
print(f"  {'':34s}{'p50 ms':>9s}{'p99 ms':>9s}")
print(f"  {'timer ceiling (4 waiting threads)':34s}{$RAW50:9.3f}{$RAW99:9.3f}")
print(f"  {'Fieldgate poll lateness':34s}{$P50:9.3f}{$P99:9.3f}")
print(f"  gateway alone: CPU {cpu:.1f} % of one core, RSS {$RSS:.0f} MiB (JVM, -Xmx128m), {$POLLS:.0f} polls since start")
PY

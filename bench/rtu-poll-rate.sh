#!/usr/bin/env bash
# bench/rtu-poll-rate.sh [SECONDS] — poll cycles per second on one Modbus RTU line of 8 units at 115200 baud,
# against the theoretical limit computed from frame sizes and baud rate, printed as a ratio.
#
# The line is a socat pty pair. A pty moves bytes at memory speed whatever its baud setting, so the pymodbus
# simulator is told to answer each request after exactly the time a real 115200-baud line would need:
# the request and response frames on the wire plus the 3.5-character silence before the answer. The gateway
# adds the silence after the answer itself. A raw j2mod loop on the same line and simulator (bench/RawRtuPoll.java)
# gives the ceiling that the simulator and j2mod allow; Fieldgate is printed against both.
#
# Needs: a JDK, socat, python3-pymodbus, python3-serial (what .ci/run installs). Builds the jar if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_MEASURED=${1:-20}
BAUD=115200; UNITS=8; REGS=10
BITS_PER_CHAR=10                     # 8N1: start + 8 data + stop
REQ=8                                # unit, function, start(2), count(2), CRC(2)
RESP=$((5 + 2 * REGS))               # unit, function, byte count, data, CRC(2)
SILENCE_MS=1.75                      # 3.5 characters, fixed above 19200 baud (Modbus over Serial Line §2.5.1.1)

read -r WIRE_MS TX_MS CYCLE_MS THEORY <<<"$(python3 -c "
wire = ($REQ + $RESP) * $BITS_PER_CHAR / $BAUD * 1000
tx = wire + 2 * $SILENCE_MS
print(f'{wire:.4f} {tx:.4f} {tx * $UNITS:.4f} {1000 / (tx * $UNITS):.3f}')")"
SIM_DELAY_MS=$(python3 -c "print(f'{$WIRE_MS + $SILENCE_MS:.4f}')")

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
W=$(mktemp -d "${TMPDIR:-/tmp}/fg-bench.XXXX"); PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP=$(free_port); BROKER=$(free_port); CONTROL=$(free_port)

socat pty,raw,echo=0,link="$W/ttyA" pty,raw,echo=0,link="$W/ttyB" 2>/dev/null & PIDS+=($!)
for _ in $(seq 100); do [ -e "$W/ttyA" ] && [ -e "$W/ttyB" ] && break; sleep 0.02; done
/usr/bin/python3 src/test/interop/modbus-sim.py --tcp-port 0 --rtu "$W/ttyB" --baud $BAUD \
    --units "$(seq -s, 1 $UNITS)" --control-port "$CONTROL" > "$W/sim.log" 2>&1 & PIDS+=($!)
for _ in $(seq 200); do grep -q READY "$W/sim.log" && break; sleep 0.05; done
curl -s "http://127.0.0.1:$CONTROL/set?delay_rate=1&delay_min_ms=$SIM_DELAY_MS&delay_max_ms=$SIM_DELAY_MS" >/dev/null

mkdir -p "$W/adapters"
{
  echo "kind: modbus-rtu"
  echo "connection: {port: $W/ttyA, baud-rate: $BAUD, timeout: 200ms}"
  echo "defaults: {interval: 10ms}      # faster than the line can go: every unit is always due"
  echo "devices:"
  for u in $(seq 1 $UNITS); do
    echo "  - {id: unit-$u, unit-id: $u, points: [{name: block, register-type: holding-register, address: 20, data-type: string, count: $REGS}]}"
  done
} > "$W/adapters/line.yaml"

# the dev profile brings its own broker, so the run needs nothing else
java -Xmx128m -Dquarkus.profile=dev -Dquarkus.http.port="$HTTP" -Dfieldgate.demo.broker-port="$BROKER" \
     -Dfieldgate.data-dir="$W/data" -Dfieldgate.adapters.dir="$W/adapters" \
     -jar target/quarkus-app/quarkus-run.jar > "$W/gateway.log" 2>&1 & PIDS+=($!)
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$HTTP/q/health/live" >/dev/null && break; sleep 0.1; done

cycles() { curl -s "http://127.0.0.1:$HTTP/q/metrics" \
    | awk '/^fieldgate_poll_duration_seconds_count\{device="unit-/ {s += $2} END {print s + 0}'; }
sleep 5                              # warm-up
C0=$(cycles); T0=$(date +%s.%N)
sleep "$SECONDS_MEASURED"
C1=$(cycles); T1=$(date +%s.%N)

# raw ceiling on the same line and simulator: stop the gateway, then let j2mod alone poll
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
RAW=$(java -cp 'target/quarkus-app/lib/main/*' bench/RawRtuPoll.java "$W/ttyA" $BAUD $UNITS $REGS "$SECONDS_MEASURED" 2>/dev/null | tail -1)

python3 - "$C0" "$C1" "$T0" "$T1" "$RAW" <<PY
import sys
c0, c1, t0, t1, raw = map(float, sys.argv[1:])
achieved = (c1 - c0) / $UNITS / (t1 - t0)
theory = $THEORY
print(f"Modbus RTU line, {$UNITS} units x {$REGS} registers, {$BAUD} baud 8N1, {int(t1 - t0)} s measured")
print(f"  per transaction on the wire: {($REQ + $RESP)} bytes = {$WIRE_MS:.3f} ms + 2 x {$SILENCE_MS} ms silence = {$TX_MS:.3f} ms")
print(f"  {'':28s}{'cycles/s':>10s}")
print(f"  {'theoretical limit':28s}{theory:10.2f}")
print(f"  {'raw j2mod loop (ceiling)':28s}{raw:10.2f}   {raw / theory:6.3f} of the limit")
print(f"  {'achieved by Fieldgate':28s}{achieved:10.2f}   {achieved / theory:6.3f} of the limit, {achieved / raw:5.3f} of raw")
PY

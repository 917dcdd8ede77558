#!/usr/bin/env bash
# bench/footprint.sh [SECONDS] — the gateway's memory and CPU on the plants of the "fit the box" targets, with
# the JVM options every start path ships (jvm.options) and the durable buffer (sync on), against Debian's
# Mosquitto with mutual TLS; simulators in a process of their own:
#   small:  50 devices x 10 holding registers every 100 ms  (5,000 readings/s;   target RSS <= 128 MiB)
#   large: 100 devices x 100 holding registers every 100 ms (100,000 readings/s; target RSS <= 192 MiB)
#   over:  200 devices x 100 holding registers every 100 ms (200,000 readings/s: more than 2 cores take; what
#          is accepted is the sustained throughput, the rest must show as overruns, memory must stay bounded)
#   max:   300 devices x 100 holding registers every 100 ms (300,000 readings/s: above the 250,000 target)
# PLANTS="small large over max" picks the plants (default: small large over).
# Prints readings accepted and acknowledged per second against those scheduled (the ceiling), poll
# overruns, the gateway's CPU per 1,000 readings, its RSS at the end and its peak RSS (VmHWM).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_MEASURED=${1:-30}
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
. bench/lib.sh

run_plant() {  # NAME CONNECTIONS UNITS REGISTERS
  rm -rf "$W/adapters" "$W/data"
  local http demo mqtt; http=$(free_port); demo=$(free_port); mqtt=$(free_port)
  write_plant "$2" "$3" "$4" 100ms
  start_peers "$demo"
  start_mosquitto "$mqtt"
  start_gateway "$http" "$mqtt" -Dfieldgate.uplink.profile=unlimited -Dfieldgate.shadow.enabled=false
  sleep 15
  m() { curl -s "http://127.0.0.1:$http/q/metrics" | metric_sum "$1"; }
  local A0 P0 C0 T0 A1 P1 C1 T1 OVR RSS HWM
  A0=$(m fieldgate_readings_accepted_total); P0=$(m fieldgate_messages_published_total)
  C0=$(cpu_ticks "$PID"); T0=$(date +%s.%N)
  sleep "$SECONDS_MEASURED"
  A1=$(m fieldgate_readings_accepted_total); P1=$(m fieldgate_messages_published_total)
  C1=$(cpu_ticks "$PID"); T1=$(date +%s.%N)
  OVR=$(m fieldgate_poll_overruns_total); RSS=$(rss_mib "$PID"); HWM=$(peak_rss_mib "$PID")
  kill "$PID" "$PEERS" "$BROKER_PID"; wait "$PID" "$PEERS" "$BROKER_PID" 2>/dev/null || true; PID=""; PEERS=""; BROKER_PID=""
  python3 - <<PY
secs = $T1 - $T0
devices = $2 * $3
scheduled = devices * $4 * 10
accepted = ($A1 - $A0) / secs
delivered = ($P1 - $P0) * $4 / secs
cpu = ($C1 - $C0) / $(getconf CLK_TCK) / secs * 100
print(f"$1: {devices} devices x $4 registers every 100 ms ($2 connections), {secs:.0f} s")
print(f"  scheduled {scheduled:9.0f} readings/s (ceiling)")
print(f"  accepted  {accepted:9.0f} readings/s = {accepted / scheduled:.3f} of scheduled; overruns {$OVR:.0f}")
print(f"  delivered {delivered:9.0f} readings/s = {delivered / scheduled:.3f} of scheduled")
print(f"  gateway CPU {cpu:.0f} % of one core = {cpu * 10 / max(accepted, 1) * 1000:.2f} ms of CPU per 1,000 readings")
print(f"  gateway RSS {$RSS:.0f} MiB at the end, peak {$HWM:.0f} MiB (jvm.options)")
PY
}

for plant in ${PLANTS:-small large over}; do
  case "$plant" in
    small) run_plant small 5 10 10 ;;
    large) run_plant large 10 10 100 ;;
    over) run_plant over 20 10 100 ;;
    max) run_plant max 30 10 100 ;;
  esac
done

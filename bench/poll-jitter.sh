#!/usr/bin/env bash
# bench/poll-jitter.sh [SECONDS] — how late polls start against their schedule: 1,000 points at 100 ms
# (4 Modbus TCP connections x 5 devices x 50 registers, served by the demo's j2mod simulators in a separate
# process with the demo broker), p50 and p99
# lateness, against a ceiling measured in the same run: threads that do nothing but wait for the same schedule
# (bench/ParkJitter.java). Also prints the gateway's CPU share and resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_MEASURED=${1:-30}
. bench/lib.sh
HTTP=$(free_port); BROKER=$(free_port)
write_plant 4 5 50 100ms
# the simulated devices and the broker run in a process of their own, so the gateway is measured alone
start_peers "$BROKER"
start_gateway "$HTTP" "$BROKER" -Dfieldgate.uplink.mqtt-version=v3 -Dfieldgate.uplink.profile=unlimited \
    -Dfieldgate.uplink.max-publish-rate=1000
sleep 10                                                   # warm-up, and the percentile window fills
CPU0=$(cpu_ticks "$PID"); T0=$(date +%s.%N)
sleep "$SECONDS_MEASURED"
CPU1=$(cpu_ticks "$PID"); T1=$(date +%s.%N)
METRICS=$(curl -s "http://127.0.0.1:$HTTP/q/metrics")
P50=$(echo "$METRICS" | awk -F' ' '/^fieldgate_poll_lateness_seconds\{quantile="0.5"/ {print $2 * 1000}')
P99=$(echo "$METRICS" | awk -F' ' '/^fieldgate_poll_lateness_seconds\{quantile="0.99"/ {print $2 * 1000}')
POLLS=$(echo "$METRICS" | metric_sum fieldgate_poll_duration_seconds_count)
RSS=$(rss_mib "$PID")
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

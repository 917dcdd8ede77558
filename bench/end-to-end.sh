#!/usr/bin/env bash
# bench/end-to-end.sh [SECONDS] [INTERVAL] — sustained readings/s from Modbus TCP simulators through the
# durable buffer (sync on) to Debian's Mosquitto with mutual TLS: 4 connections x 5 devices x 125 registers
# polled every INTERVAL (50ms: 50,000 readings/s scheduled), simulators in a process of their own. Prints
# readings accepted and acknowledged by the broker per second, the buffer's depth, the gateway's CPU and
# RSS, and the raw ceiling measured in the same run: j2mod reading the same simulators back to back
# (bench/RawTcpPoll.java).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_MEASURED=${1:-30}; INTERVAL=${2:-50ms}
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
. bench/lib.sh
HTTP=$(free_port); DEMO_BROKER=$(free_port); MQTT=$(free_port)
write_plant 4 5 125 "$INTERVAL"
start_peers "$DEMO_BROKER"
start_mosquitto "$MQTT"
start_gateway "$HTTP" "$MQTT" -Dfieldgate.uplink.profile=unlimited -Dfieldgate.shadow.enabled=false
sleep 15                                                   # warm-up: JIT, connection, first batches
m() { curl -s "http://127.0.0.1:$HTTP/q/metrics" | metric_sum "$1"; }
A0=$(m fieldgate_readings_accepted_total); P0=$(m fieldgate_messages_published_total)
CPU0=$(cpu_ticks "$PID"); T0=$(date +%s.%N)
sleep "$SECONDS_MEASURED"
A1=$(m fieldgate_readings_accepted_total); P1=$(m fieldgate_messages_published_total)
CPU1=$(cpu_ticks "$PID"); T1=$(date +%s.%N)
DEPTH=$(m fieldgate_buffer_depth); OVERRUNS=$(m fieldgate_poll_overruns_total); RSS=$(rss_mib "$PID"); HZ=$(getconf CLK_TCK)
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
PORTS=$(grep -ho 'port: [0-9]*' "$W"/adapters/*.yaml | awk '{print $2}' | tr '\n' ' ')
RAW=$(java -cp "$CP" bench/RawTcpPoll.java "$SECONDS_MEASURED" 5 125 $PORTS)
python3 - <<PY
secs = $T1 - $T0
accepted = ($A1 - $A0) / secs
delivered = ($P1 - $P0) * 125 / secs
scheduled = 20 * 125 / (float("${INTERVAL%ms}") / 1000)
cpu = ($CPU1 - $CPU0) / $HZ / secs * 100
print(f"20 devices x 125 registers every $INTERVAL (4 Modbus TCP connections), buffer durable (sync on), Mosquitto mTLS, {secs:.0f} s")
print(f"  {'':46s}{'readings/s':>12s}{'ratio':>8s}")
print(f"  {'raw ceiling: j2mod reading back to back':46s}{$RAW:12.0f}{1:8.2f}")
print(f"  {'scheduled by the adapters':46s}{scheduled:12.0f}{scheduled / $RAW:8.2f}")
print(f"  {'accepted into the buffer':46s}{accepted:12.0f}{accepted / $RAW:8.2f}")
print(f"  {'acknowledged by Mosquitto':46s}{delivered:12.0f}{delivered / $RAW:8.2f}")
print(f"  buffer depth at the end {$DEPTH:.0f} messages, poll overruns {$OVERRUNS:.0f}")
print(f"  gateway alone: CPU {cpu:.0f} % of one core (2 cores = 200 %), RSS {$RSS:.0f} MiB (JVM, jvm.options)")
PY

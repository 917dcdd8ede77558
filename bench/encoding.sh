#!/usr/bin/env bash
# [PLANTS="demo slow50x10 big50k big100k"] bench/encoding.sh [SECONDS] — readings per quota byte: the telemetry encodings on the same plants, in the same
# run, against Debian's Mosquitto (mutual TLS) under the default aws-iot-core profile (100 publishes/s, 512 KiB/s).
#
# Plants: the demo plant (adapters/demo), 50 devices x 10 slowly moving holding registers at 1 s, and 100 devices
# x 100 registers at 200 ms (50,000 readings/s). Encodings: json (v1), compact (v2), compact with deflate, compact
# with live messages lingering (fieldgate.uplink.live-linger) so that a publish carries several polls, and on the
# slow plant compact with report: on-change (deadband 2, heartbeat 1 min). Each run: a fresh gateway, 10 s of
# warm-up, then SECONDS (default 30) measured from the gateway's own counters.
#
# Printed per run: readings polled/s; readings sent/s (polled, less what report by exception held back, times the
# part of the accepted messages the uplink delivered); payload bytes per polled reading and the ratio to json on
# that plant (goal >= 10x); readings per metered message (AWS IoT Core meters 5 KB units); publishes/s; publishes
# the broker throttled; the backlog the run left (messages the uplink could not keep up with).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-30}
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
. bench/lib.sh

HTTP=$(free_port); DEMO=$(free_port); MQTT=$(free_port)
m() { curl -s "http://127.0.0.1:$HTTP/q/metrics" | metric_sum "$1"; }
COUNTERS="fieldgate_readings_polled_total fieldgate_readings_accepted_total fieldgate_readings_unchanged_total
  fieldgate_uplink_payload_bytes_total fieldgate_uplink_publishes_total fieldgate_uplink_metered_units_total
  fieldgate_messages_published_total fieldgate_buffer_depth fieldgate_uplink_throttled_total"
sample() { for c in $COUNTERS; do printf '%s ' "$(m "$c")"; done; echo; }

declare -A JSON_BPR
# measure PLANT LABEL [-Dsetting=value ...]
measure() {
  local plant=$1 label=$2; shift 2
  rm -rf "$W/run"
  start_gateway "$HTTP" "$MQTT" -Dfieldgate.data-dir="$W/run" -Dfieldgate.shadow.enabled=false \
      -Dfieldgate.uplink.mqtt-version=v5 "$@"
  sleep 10
  local a b
  a=$(sample); sleep "$SECS"; b=$(sample)
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  python3 - "$plant" "$label" "$SECS" "${JSON_BPR[$plant]:-}" "$a" "$b" <<'PY' | tee "$W/line"
import sys
plant, label, secs, json_bpr = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
a = [float(x) for x in sys.argv[5].split()]; b = [float(x) for x in sys.argv[6].split()]
polled, accepted, unchanged, payload, publishes, units, published, _, throttled = [y - x for x, y in zip(a, b)]
depth_growth = b[7] - a[7]
keep_up = published / (published + depth_growth) if published + depth_growth > 0 else 0
sent = accepted * min(1.0, keep_up)
bpr = payload / (polled * min(1.0, keep_up)) if polled else 0
ratio = f"{float(json_bpr) / bpr:5.1f}x" if json_bpr and bpr else "    -"
print(f"{plant:10} {label:18} polled {polled / secs:8.0f}/s  sent {sent / secs:8.0f}/s  "
      f"{bpr:6.2f} B/reading {ratio}  {sent / units if units else 0:7.0f} readings/metered msg  "
      f"{publishes / secs:5.1f} publishes/s  throttled {throttled:.0f}  backlog +{depth_growth:.0f} msgs  BPR={bpr}")
PY
  if [ "$label" = json ]; then JSON_BPR[$plant]=$(sed 's/.*BPR=//' "$W/line"); fi
}

# plant NAME: the adapter files of one plant, and its simulators (with the PKI the gateway and Mosquitto use)
plant() {
  [ -n "$PEERS" ] && { kill "$PEERS"; wait "$PEERS" 2>/dev/null || true; PEERS=""; }
  [ -n "$BROKER_PID" ] && { kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null || true; BROKER_PID=""; }
  rm -rf "$W/adapters" "$W/data"; mkdir -p "$W/adapters"
  case "$1" in
    demo) cp adapters/demo/*.yaml "$W/adapters/" ;;
    slow50x10) write_plant 50 1 10 1s ;;
    big50k) write_plant 100 1 100 200ms ;;
    big100k) write_plant 100 1 100 100ms ;;
  esac
  start_peers "$DEMO"
  start_mosquitto "$MQTT"
  sleep 1
}

echo "bench/encoding.sh: ${SECS}s per run, aws-iot-core profile, $(nproc) cores"
PLANTS=${PLANTS:-demo slow50x10 big50k}   # also big100k: 100 x 100 at 100 ms, the headroom above 50,000/s
want() { [[ " $PLANTS " == *" $1 "* ]]; }

if want demo; then
plant demo
measure demo json
measure demo compact -Dfieldgate.uplink.encoding=compact
measure demo compact+deflate -Dfieldgate.uplink.encoding=compact -Dfieldgate.uplink.compression=deflate
measure demo compact+linger10s -Dfieldgate.uplink.encoding=compact -Dfieldgate.uplink.live-linger=10s
fi

if want slow50x10; then
plant slow50x10
measure slow50x10 json
measure slow50x10 compact -Dfieldgate.uplink.encoding=compact
measure slow50x10 compact+deflate -Dfieldgate.uplink.encoding=compact -Dfieldgate.uplink.compression=deflate
measure slow50x10 compact+linger5s -Dfieldgate.uplink.encoding=compact -Dfieldgate.uplink.live-linger=5s
for f in "$W"/adapters/*.yaml; do sed -i 's/^defaults: {interval: 1s}/defaults: {interval: 1s, report: on-change, report-deadband: 2, heartbeat: 1m}/' "$f"; done
measure slow50x10 compact+on-change -Dfieldgate.uplink.encoding=compact
fi

if want big50k; then
plant big50k
measure big50k json
measure big50k compact -Dfieldgate.uplink.encoding=compact
measure big50k compact+deflate -Dfieldgate.uplink.encoding=compact -Dfieldgate.uplink.compression=deflate
fi

if want big100k; then
plant big100k
measure big100k compact -Dfieldgate.uplink.encoding=compact
measure big100k compact+deflate -Dfieldgate.uplink.encoding=compact -Dfieldgate.uplink.compression=deflate
fi

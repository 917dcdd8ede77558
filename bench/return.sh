#!/usr/bin/env bash
# bench/return.sh [OUTAGE_SECONDS ...] — how soon fresh readings reach the broker after an outage: 20 devices x
# 10 registers every 100 ms against Debian's Mosquitto (mutual TLS); the broker is stopped for each OUTAGE
# (default 60 and 180 s) and started again. Printed: the time from the broker accepting connections again to the
# gateway connected (fieldgate_uplink_connected) and to the first acknowledged publish (live data go first, the
# backlog alongside). Target (issue "fit the box", item 5): a fresh reading within 5 s after outages of up to a
# few minutes. The policy is in the README, "Coming back after an outage".
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
. bench/lib.sh

HTTP=$(free_port); DEMO=$(free_port); MQTT=$(free_port)
m() { curl -s "http://127.0.0.1:$HTTP/q/metrics" | metric_sum "$1"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
write_plant 2 10 10 100ms
start_peers "$DEMO"
start_mosquitto "$MQTT"
start_gateway "$HTTP" "$MQTT" -Dfieldgate.uplink.profile=unlimited -Dfieldgate.shadow.enabled=false
until [ "$(m fieldgate_messages_published_total | cut -d. -f1)" -gt 100 ]; do sleep 0.5; done

for OUTAGE in ${@:-60 180}; do
  kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null || true; BROKER_PID=""
  sleep "$OUTAGE"
  BEFORE=$(m fieldgate_messages_published_total | cut -d. -f1)
  start_mosquitto "$MQTT"
  until python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1', $MQTT)))"; do
    sleep 0.01
  done
  UP=$(now_ms); CONNECTED=""; FIRST=""
  for _ in $(seq 3000); do
    T=$(now_ms)
    if [ -z "$CONNECTED" ] && [ "$(m fieldgate_uplink_connected | cut -d. -f1)" -ge 1 ]; then CONNECTED=$((T - UP)); fi
    if [ "$(m fieldgate_messages_published_total | cut -d. -f1)" -gt "$BEFORE" ]; then FIRST=$((T - UP)); break; fi
    sleep 0.02
  done
  echo "outage ${OUTAGE} s: connected ${CONNECTED:-never} ms and first publish acknowledged ${FIRST:-never} ms after the broker accepted connections again (target < 5,000 ms)"
done

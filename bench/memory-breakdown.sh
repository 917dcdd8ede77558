#!/usr/bin/env bash
# bench/memory-breakdown.sh [SECONDS] — where the packaged gateway's memory goes at 5,000 readings/s (50 devices x
# 10 registers every 100 ms, durable buffer, Mosquitto with mutual TLS), with the shipped jvm.options: the JVM's
# Native Memory Tracking summary (committed MiB per category) beside the process's RSS, after SECONDS (default 60)
# of load. NMT itself costs a few MiB of RSS; the categories show what the "fit the box" RSS target is up against.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
command -v jcmd >/dev/null || { echo "needs jcmd (a JDK)" >&2; exit 1; }
. bench/lib.sh

HTTP=$(free_port); DEMO=$(free_port); MQTT=$(free_port)
write_plant 5 10 10 100ms
start_peers "$DEMO"
start_mosquitto "$MQTT"
GATEWAY_OPTS="-XX:NativeMemoryTracking=summary" start_gateway "$HTTP" "$MQTT" -Dfieldgate.uplink.profile=unlimited \
    -Dfieldgate.shadow.enabled=false
sleep "$SECS"
RSS=$(rss_mib "$PID")
jcmd "$PID" VM.native_memory summary scale=KB > "$W/nmt.txt"
python3 - "$W/nmt.txt" "$RSS" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rss = float(sys.argv[2])
total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", text)
rows = re.findall(r"-\s+([A-Za-z ]+?) \(reserved=\d+KB, committed=(\d+)KB\)", text)
print(f"RSS {rss:.0f} MiB; NMT committed {int(total.group(1)) / 1024:.0f} MiB in all (committed is not all resident)")
for name, kb in sorted(rows, key=lambda r: -int(r[1])):
    if int(kb) >= 1024:
        print(f"  {name.strip():28} {int(kb) / 1024:6.1f} MiB")
PY

# Shared parts of the gateway benchmarks (sourced): a plant of simulated Modbus TCP devices in a process of
# its own, the packaged gateway, and its CPU and memory read from /proc.
CP='target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*:target/quarkus-app/app/*'
W=$(mktemp -d "${TMPDIR:-/tmp}/fg-bench.XXXX"); PID=""; PEERS=""; BROKER_PID=""
cleanup() {
  for p in $PID $PEERS $BROKER_PID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true; rm -rf "$W"
}
trap cleanup EXIT
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# write_plant CONNECTIONS UNITS REGISTERS INTERVAL: one adapter file per connection, holding registers 0..N-1
write_plant() {
  mkdir -p "$W/adapters"
  for c in $(seq "$1"); do
    local port; port=$(free_port)
    {
      echo "kind: modbus-tcp"
      echo "connection: {host: 127.0.0.1, port: $port, timeout: 500ms}"
      echo "defaults: {interval: $4}"
      echo "devices:"
      for u in $(seq "$2"); do
        echo "  - id: c$c-u$u"
        echo "    unit-id: $u"
        echo "    points:"
        for r in $(seq 0 $(($3 - 1))); do echo "      - {name: r$r, register-type: holding-register, address: $r}"; done
      done
    } > "$W/adapters/conn$c.yaml"
  done
}

# start_peers BROKER_PORT: the simulated devices (and the demo broker, with its PKI in $W/data/demo-pki)
start_peers() {
  java -cp "$CP" dev.fieldgate.demo.DemoPeers "$W/data" "$W/adapters" adapters/profiles "$1" bench-gw \
       > "$W/peers.log" 2>&1 &
  PEERS=$!
  for _ in $(seq 300); do grep -q READY "$W/peers.log" && return; sleep 0.1; done
  echo "simulators did not start: $(cat "$W/peers.log")" >&2; exit 1
}

# start_gateway HTTP_PORT BROKER_PORT [-Dsetting=value ...]: the packaged gateway on the demo PKI, or the native
# executable GATEWAY_BIN names with the heap the container image sets; START_NS is when it was launched
start_gateway() {
  local http=$1 broker=$2; shift 2
  local launch=(java @jvm.options)   # the JVM options every start path ships, as the README's run command uses them
  local app=(-jar target/quarkus-app/quarkus-run.jar)
  if [ -n "${GATEWAY_BIN:-}" ]; then launch=("$GATEWAY_BIN" -Xmx96m); app=(); fi
  START_NS=$(date +%s%N)
  MALLOC_ARENA_MAX=2 "${launch[@]}" -Dfieldgate.gateway-id=bench-gw -Dquarkus.http.port="$http" \
       -Dfieldgate.data-dir="$W/data" -Dfieldgate.adapters.dir="$W/adapters" -Dfieldgate.uplink.host=localhost \
       -Dfieldgate.uplink.port="$broker" -Dfieldgate.uplink.tls.ca="$W/data/demo-pki/ca.pem" \
       -Dfieldgate.uplink.tls.cert="$W/data/demo-pki/gateway.pem" -Dfieldgate.uplink.tls.key="$W/data/demo-pki/gateway.key" \
       "$@" ${GATEWAY_OPTS:-} "${app[@]}" > "$W/gateway.log" 2>&1 &
  PID=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$http/q/health/live" >/dev/null && return; sleep 0.1; done
  echo "gateway did not start: $(tail -20 "$W/gateway.log")" >&2; exit 1
}

# start_mosquitto PORT: Debian's Mosquitto with mutual TLS on the demo PKI in $W/data/demo-pki
start_mosquitto() {
  local P="$W/data/demo-pki"
  cat > "$W/mosquitto.conf" <<CONF
per_listener_settings false
allow_anonymous false
user $(id -un)
persistence false
max_queued_messages 100000
listener $1 127.0.0.1
cafile $P/ca.pem
certfile $P/server.pem
keyfile $P/server.key
require_certificate true
use_identity_as_username true
CONF
  /usr/sbin/mosquitto -c "$W/mosquitto.conf" > "$W/mosquitto.log" 2>&1 &
  BROKER_PID=$!
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {print $2 / 1024}' "/proc/$1/status"; }
peak_rss_mib() { awk '/VmHWM/ {print $2 / 1024}' "/proc/$1/status"; }
metric_sum() { awk -v m="$1" '$1 ~ "^"m"({|$)" {s += $NF} END {print s + 0}'; }

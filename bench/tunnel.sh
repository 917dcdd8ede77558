#!/usr/bin/env bash
# bench/tunnel.sh [MEGABYTES] — secure tunnel throughput (TLS WebSocket, protocol 3, through the gateway's relay
# to a local echo server) against a direct loopback TCP copy to the same echo server, in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
java -Xmx512m -cp 'target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*:target/quarkus-app/app/*' bench/TunnelBench.java \
    "${1:-200}"

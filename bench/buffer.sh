#!/usr/bin/env bash
# bench/buffer.sh [MESSAGES] [PAYLOAD_BYTES] [PRODUCERS] — outbox append and drain throughput against a raw H2
# ceiling (plain batched JDBC on an equivalent table, same durability) measured in the same run, as ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
java -Xmx512m -cp 'target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*:target/quarkus-app/app/*' bench/BufferBench.java \
    "${1:-200000}" "${2:-400}" "${3:-4}"

#!/usr/bin/env bash
# bench/quota.sh [DEVICES] [MESSAGES_PER_DEVICE] [BYTES] — backlog drain under the aws-iot-core profile as a fraction of its budget
# (Mosquitto with mutual TLS on loopback, started by the benchmark; bench/UplinkBench.java).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
# the test classpath: SmallRye Config builds the UplinkConfig mapping at run time, which needs ASM
[ -f target/bench.classpath ] || ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx512m -cp "target/classes:$(cat target/bench.classpath)" bench/UplinkBench.java \
    quota "${1:-1000}" "${2:-20}" "${3:-400}"

#!/usr/bin/env bash
# bench/uplink-modes.sh MODE ARGS... — runs bench/UplinkBench.java (uplink, quota or outage) against Mosquitto
# with mutual TLS on loopback, started by the benchmark. Called by bench/uplink.sh, quota.sh and outage.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
command -v /usr/sbin/mosquitto >/dev/null || { echo "needs Mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
# the test classpath: SmallRye Config builds the UplinkConfig mapping at run time, which needs ASM
[ -f target/bench.classpath ] || ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx512m -cp "target/classes:$(cat target/bench.classpath)" bench/UplinkBench.java "$@"

#!/usr/bin/env bash
# bench/quota.sh [DEVICES] [MESSAGES_PER_DEVICE] [BYTES] — a backlog drained under the aws-iot-core profile,
# as a fraction of its publish and byte budget, and the busiest second the gateway sent.
exec "$(dirname "$0")/uplink-modes.sh" quota "${1:-1000}" "${2:-20}" "${3:-400}"

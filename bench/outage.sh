#!/usr/bin/env bash
# bench/outage.sh [DEVICES] [MINUTES] [BYTES] — time from an outage's end until its backlog is gone, with live
# traffic at one message per device and second alongside, under the aws-iot-core profile.
exec "$(dirname "$0")/uplink-modes.sh" outage "${1:-1000}" "${2:-10}" "${3:-300}"

#!/usr/bin/env bash
# bench/uplink.sh [MESSAGES] [BYTES] — the gateway's drain (outbox, drainer, HiveMQ client) against the raw
# HiveMQ client publishing the same messages to the same Mosquitto in the same run.
exec "$(dirname "$0")/uplink-modes.sh" uplink "${1:-200000}" "${2:-400}"

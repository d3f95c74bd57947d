#!/usr/bin/env bash
# Stops a broker started with -daemon, by its pid file:
#   bin/kafka-server-stop.sh config/server-0.properties   only that broker
#   bin/kafka-server-stop.sh                              every broker of this KAFKA_HOME
# SIGTERM (controlled shutdown), then waits up to KCC_STOP_TIMEOUT seconds.
set -euo pipefail
bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kcc-functions.sh
. "$bin_dir/kcc-functions.sh"

if [ $# -ge 1 ]; then
  config="$(kcc_resolve_config "$1")"
  kcc_stop_daemon "$(kcc_service_name "$config")" "$config"
  exit $?
fi

status=0
found=false
for pid_file in "$kcc_run_dir"/*.pid; do
  [ -e "$pid_file" ] || continue
  name="$(basename "$pid_file" .pid)"
  [ -n "$(kcc_live_pid "$name" kafka.Kafka)" ] || continue
  found=true
  kcc_stop_daemon "$name" kafka.Kafka || status=1
done
[ "$found" = true ] || echo "no broker running"
exit "$status"

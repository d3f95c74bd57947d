#!/usr/bin/env bash
# Starts a Kafka broker (ZooKeeper mode):
#   bin/kafka-server-start.sh [-daemon] config/server-0.properties [--override k=v ...]
# With -daemon: pid in run/server-0.pid, output in logs/server-0.out.
set -euo pipefail
bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kcc-functions.sh
. "$bin_dir/kcc-functions.sh"

daemon=()
if [ "${1:-}" = "-daemon" ]; then daemon=(-daemon); shift; fi
if [ $# -lt 1 ]; then
  echo "usage: $0 [-daemon] server.properties [--override property=value]*" >&2
  exit 2
fi
config="$(kcc_resolve_config "$1")"
shift

export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx384m}"
export KAFKA_JVM_PERFORMANCE_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$kcc_base_dir/config/log4j.properties}"
# The absolute config path on the command line identifies this broker
# (pgrep -f, and the pid-file check of the stop script).
exec "$bin_dir/kafka-run-class.sh" "${daemon[@]}" -name "$(kcc_service_name "$config")" kafka.Kafka "$config" "$@"

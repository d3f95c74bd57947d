#!/usr/bin/env bash
# Starts a Kafka Connect worker in distributed mode:
#   bin/connect-distributed.sh [-daemon] config/connect-distributed.properties
# With -daemon: pid in run/connect-distributed.pid, output in logs/connect-distributed.out.
set -euo pipefail
bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kcc-functions.sh
. "$bin_dir/kcc-functions.sh"

daemon=()
if [ "${1:-}" = "-daemon" ]; then daemon=(-daemon); shift; fi
if [ $# -lt 1 ]; then
  echo "usage: $0 [-daemon] connect-distributed.properties" >&2
  exit 2
fi
config="$(kcc_resolve_config "$1")"
shift

export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx384m}"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$kcc_base_dir/config/log4j.properties}"
exec "$bin_dir/kafka-run-class.sh" "${daemon[@]}" -name "$(kcc_service_name "$config")" \
  org.apache.kafka.connect.cli.ConnectDistributed "$config" "$@"

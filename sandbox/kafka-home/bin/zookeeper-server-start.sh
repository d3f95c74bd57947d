#!/usr/bin/env bash
# Starts a ZooKeeper server:
#   bin/zookeeper-server-start.sh [-daemon] config/zookeeper.properties
# With -daemon: pid in run/zookeeper.pid, output in logs/zookeeper.out.
set -euo pipefail
bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kcc-functions.sh
. "$bin_dir/kcc-functions.sh"

daemon=()
if [ "${1:-}" = "-daemon" ]; then daemon=(-daemon); shift; fi
if [ $# -lt 1 ]; then
  echo "usage: $0 [-daemon] zookeeper.properties" >&2
  exit 2
fi
config="$(kcc_resolve_config "$1")"
shift

export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx256m}"
export KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$kcc_base_dir/config/log4j.properties}"
exec "$bin_dir/kafka-run-class.sh" "${daemon[@]}" -name "$(kcc_service_name "$config")" \
  org.apache.zookeeper.server.quorum.QuorumPeerMain "$config" "$@"

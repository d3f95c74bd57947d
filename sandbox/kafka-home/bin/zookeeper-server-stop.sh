#!/usr/bin/env bash
# Stops the ZooKeeper server started with -daemon, by its pid file:
#   bin/zookeeper-server-stop.sh [config/zookeeper.properties]
set -euo pipefail
bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kcc-functions.sh
. "$bin_dir/kcc-functions.sh"

config="$(kcc_resolve_config "${1:-config/zookeeper.properties}")"
kcc_stop_daemon "$(kcc_service_name "$config")" "$config"

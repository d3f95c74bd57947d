#!/usr/bin/env bash
# Stops a Connect worker started with -daemon, by its pid file (the Apache
# distribution has no such script; this one mirrors kafka-server-stop.sh):
#   bin/connect-distributed-stop.sh [config/connect-distributed.properties]
set -euo pipefail
bin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kcc-functions.sh
. "$bin_dir/kcc-functions.sh"

config="$(kcc_resolve_config "${1:-config/connect-distributed.properties}")"
kcc_stop_daemon "$(kcc_service_name "$config")" "$config"

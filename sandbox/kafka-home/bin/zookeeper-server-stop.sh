#!/usr/bin/env bash
# As Apache Kafka 3.9's script: SIGTERM (or $SIGNAL) to every ZooKeeper server (QuorumPeerMain) on the host;
# "No zookeeper server to stop" and exit 1 when there is none. As in kafka-server-stop.sh, "on the host" means,
# in the sandbox, processes whose working directory lies in this host's directory.
SIGNAL=${SIGNAL:-TERM}
host_dir=$(cd "$(dirname "$0")/../.." && pwd -P)

PIDS=""
for pid in $(ps ax | grep java | grep -i QuorumPeerMain | grep -v grep | awk '{print $1}'); do
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || continue
  case "$cwd/" in "$host_dir"/*) PIDS="$PIDS $pid" ;; esac
done

if [ -z "$PIDS" ]; then
  echo "No zookeeper server to stop"
  exit 1
fi
# shellcheck disable=SC2086
kill -s "$SIGNAL" $PIDS

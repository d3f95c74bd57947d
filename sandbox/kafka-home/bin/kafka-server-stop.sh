#!/usr/bin/env bash
# As Apache Kafka 3.9's script: SIGTERM (or $SIGNAL) to EVERY broker on the host, whatever config it runs;
# "No kafka server to stop" and exit 1 when there is none. --process-role= and --node-id= select by the
# process.roles / node.id of a broker's config: KRaft settings, so with ZooKeeper-mode configs nothing
# matches, nothing is stopped, and the exit status is 0.
#
# The one sandbox difference: the sandbox's hosts share one kernel, so "on the host" means processes whose
# working directory lies in this host's directory (every start here runs from its KAFKA_HOME).
SIGNAL=${SIGNAL:-TERM}
host_dir=$(cd "$(dirname "$0")/../.." && pwd -P)

on_this_host() {
  local cwd
  cwd=$(readlink "/proc/$1/cwd" 2>/dev/null) || return 1
  case "$cwd/" in "$host_dir"/*) return 0 ;; esac
  return 1
}

filter=""
for arg in "$@"; do
  case "$arg" in
    --process-role=*) filter="process.roles=${arg#*=}" ;;
    --node-id=*) filter="node.id=${arg#*=}" ;;
  esac
done

PIDS=""
for pid in $(ps ax | grep ' kafka\.Kafka ' | grep java | grep -v grep | awk '{print $1}'); do
  on_this_host "$pid" || continue
  if [ -n "$filter" ]; then
    # The config is the argument after kafka.Kafka, relative to the broker's working directory.
    config=$(tr '\0' '\n' < "/proc/$pid/cmdline" | grep -A1 -x 'kafka\.Kafka' | tail -n 1)
    config_path=$(cd "$(readlink "/proc/$pid/cwd")" && readlink -f "$config" 2>/dev/null)
    grep -qx "$filter" "$config_path" 2>/dev/null || continue
  fi
  PIDS="$PIDS $pid"
done

if [ -z "$PIDS" ]; then
  if [ -n "$filter" ]; then exit 0; fi
  echo "No kafka server to stop"
  exit 1
fi
# shellcheck disable=SC2086
kill -s "$SIGNAL" $PIDS

# Helpers shared by the start/stop scripts of this KAFKA_HOME. Sourced, not run.
# Written by Kafka Control Center's sandbox; modelled on the Apache Kafka
# distribution's scripts, plus pid files so a service can be stopped by pid
# rather than by matching process names.

# shellcheck shell=bash
kcc_base_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kcc_run_dir="$kcc_base_dir/run"

# Absolute path of a config file given relative to the current directory or,
# failing that, to KAFKA_HOME (so `bin/x.sh config/y` works from anywhere).
kcc_resolve_config() {
  local arg="$1" candidate
  for candidate in "$arg" "$kcc_base_dir/$arg"; do
    if [ -f "$candidate" ]; then
      echo "$(cd "$(dirname "$candidate")" && pwd)/$(basename "$candidate")"
      return 0
    fi
  done
  echo "config file not found: $arg (looked in $PWD and $kcc_base_dir)" >&2
  return 1
}

# The daemon name (pid file and .out log name) of a config: its base name
# without ".properties" (server-0.properties -> server-0).
kcc_service_name() {
  basename "$1" .properties
}

# Prints the pid of a live process recorded in run/NAME.pid whose command line
# contains NEEDLE; prints nothing otherwise. The needle guards against a
# recycled pid. Zombies count as dead: an orphaned daemon may never be reaped
# where PID 1 does not reap.
kcc_live_pid() {
  local name="$1" needle="$2" pid_file="$kcc_run_dir/$1.pid" pid state
  [ -f "$pid_file" ] || return 0
  pid="$(tr -dc '0-9' < "$pid_file")"
  [ -n "$pid" ] || return 0
  [ -r "/proc/$pid/stat" ] || return 0
  state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null || true)"
  [ "$state" != "Z" ] || return 0
  if tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$needle"; then
    echo "$pid"
  fi
}

# Stops the daemon NAME (pid file run/NAME.pid, command line containing
# NEEDLE): SIGTERM, then waits up to KCC_STOP_TIMEOUT seconds (default 60) for
# a clean exit. Brokers need that time for a controlled shutdown; no SIGKILL
# here, so a slow shutdown is reported instead of silently cut short.
kcc_stop_daemon() {
  local name="$1" needle="$2" pid waited=0 limit
  limit=$(( ${KCC_STOP_TIMEOUT:-60} * 10 ))
  pid="$(kcc_live_pid "$name" "$needle")"
  if [ -z "$pid" ]; then
    rm -f "$kcc_run_dir/$name.pid"
    echo "$name: not running"
    return 0
  fi
  # A stopped (SIGSTOP) process would hold SIGTERM pending forever.
  kill -CONT "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  while [ -n "$(kcc_live_pid "$name" "$needle")" ]; do
    if [ "$waited" -ge "$limit" ]; then
      echo "$name: pid $pid still running ${KCC_STOP_TIMEOUT:-60}s after SIGTERM" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$kcc_run_dir/$name.pid"
  echo "$name: stopped (pid $pid)"
}

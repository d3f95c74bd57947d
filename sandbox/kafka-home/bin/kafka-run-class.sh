#!/usr/bin/env bash
# Runs a Java main class on the jars of this KAFKA_HOME (libs/*), like the
# Apache Kafka distribution's script of the same name.
#
#   bin/kafka-run-class.sh [-daemon] [-name NAME] CLASS [ARGS...]
#
# -daemon  detach into a new session; stdout and stderr go to logs/NAME.out,
#          the JVM's pid to run/NAME.pid. Refuses to start a second copy while
#          the pid file names a live NAME.
# -name    daemon name (default: the class's simple name).
#
# Environment: JAVA_HOME, KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS,
# KAFKA_OPTS, KAFKA_LOG4J_OPTS (default: config/tools-log4j.properties, WARN to
# stderr, so tool output stays parseable), LOG_DIR (default: logs/).
set -euo pipefail

# shellcheck source=kcc-functions.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kcc-functions.sh"

usage() {
  echo "usage: $0 [-daemon] [-name NAME] CLASS [ARGS...]" >&2
  exit 2
}

daemon=false
name=""
while [ $# -gt 0 ]; do
  case "$1" in
    -daemon) daemon=true; shift ;;
    -name) [ $# -ge 2 ] || usage; name="$2"; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
class="$1"
shift
[ -n "$name" ] || name="${class##*.}"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java" >/dev/null 2>&1; then
  echo "java not found (looked for '$java'): install a JDK 17 or set JAVA_HOME" >&2
  exit 127
fi

logs_dir="${LOG_DIR:-$kcc_base_dir/logs}"
read -r -a heap_opts <<< "${KAFKA_HEAP_OPTS:--Xmx256m}"
read -r -a perf_opts <<< "${KAFKA_JVM_PERFORMANCE_OPTS:-}"
read -r -a extra_opts <<< "${KAFKA_OPTS:-}"
log4j_opts="${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$kcc_base_dir/config/tools-log4j.properties}"

# The glob stays quoted: Java expands "dir/*" itself; a shell expansion would
# turn the first jar name into the main class.
cmd=("$java" "${heap_opts[@]}" "${perf_opts[@]}" "${extra_opts[@]}" "$log4j_opts"
  "-Dkafka.logs.dir=$logs_dir" -cp "$kcc_base_dir/libs/*" "$class" "$@")

if [ "$daemon" = false ]; then
  exec "${cmd[@]}"
fi

mkdir -p "$logs_dir" "$kcc_run_dir"
pid_file="$kcc_run_dir/$name.pid"
out_file="$logs_dir/$name.out"
running="$(kcc_live_pid "$name" "$class")"
if [ -n "$running" ]; then
  echo "$name: already running (pid $running)"
  exit 0
fi
rm -f "$pid_file"

# setsid: the JVM gets its own session, so the end of an SSH session or a
# Ctrl-C in the caller's terminal does not reach it. The inner shell records
# its own pid and then execs java, so the pid file names the JVM itself.
# The log is appended to, so the reason for an earlier crash survives a restart.
setsid bash -c '
  pid_file="$1"; shift
  echo "[kcc] $(date -u +%Y-%m-%dT%H:%M:%SZ) starting pid $$: $*"
  echo "$$" > "$pid_file.tmp" && mv "$pid_file.tmp" "$pid_file"
  exec "$@"' kcc-daemon "$pid_file" "${cmd[@]}" >> "$out_file" 2>&1 < /dev/null &

# Return only once the pid file exists, so a stop right after a start finds it.
for _ in $(seq 1 100); do
  if [ -s "$pid_file" ]; then
    echo "$name: started (pid $(cat "$pid_file")), output in $out_file"
    exit 0
  fi
  sleep 0.05
done
echo "$name: no pid file after 5s; see $out_file" >&2
exit 1

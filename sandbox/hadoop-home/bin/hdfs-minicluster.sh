#!/usr/bin/env bash
# Starts the data lake's HDFS for the sandbox: a NameNode and a DataNode in one JVM (hadoop-minicluster, from
# Maven Central; the Hadoop tarball cannot be downloaded here), with WebHDFS. A real install would run
# `bin/hdfs --daemon start namenode` and a DataNode per machine; this one script stands for both.
#
#   bin/hdfs-minicluster.sh [-daemon] RPC_PORT HTTP_PORT
#
# Binds localhost only (the minicluster always does). The data survives restarts: the file system is formatted
# only when it has never been. -daemon: nohup in the background, output in logs/hdfs.out (truncated at start).
daemon=false
if [ "${1:-}" = "-daemon" ]; then daemon=true; shift; fi
if [ $# -ne 2 ]; then
  echo "USAGE: $0 [-daemon] rpc_port http_port" >&2
  exit 1
fi
home=$(cd "$(dirname "$0")/.." && pwd)
data="$home/data"
mkdir -p "$data/tmp" "$home/logs"
format=()
[ -d "$data/dfs/name-0-1/current" ] || format=(-format)
if [ -z "${JAVA_HOME:-}" ]; then JAVA="java"; else JAVA="$JAVA_HOME/bin/java"; fi
cmd=("$JAVA" -Xmx512m "-Dtest.build.data=$data" "-Djava.io.tmpdir=$data/tmp" "-Dhadoop.log.dir=$home/logs"
  "-Dlog4j.configuration=file:$home/etc/hadoop/log4j.properties"
  -cp "$home/etc/hadoop:$home/lib/*" org.apache.hadoop.mapreduce.MiniHadoopClusterManager
  -nomr "${format[@]}" -nnport "$1" -nnhttpport "$2")
if [ "$daemon" = true ]; then
  nohup "${cmd[@]}" > "$home/logs/hdfs.out" 2>&1 < /dev/null &
else
  exec "${cmd[@]}"
fi

#!/usr/bin/env bash
# As Apache Kafka 3.9's script:
#   bin/zookeeper-server-start.sh [-daemon] config/zookeeper.properties
# Heap -Xmx512M -Xms512M unless KAFKA_HEAP_OPTS is set; log4j from config/log4j.properties, so ZooKeeper writes
# server.log too (in LOG_DIR); output in $LOG_DIR/zookeeper.out.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] zookeeper.properties"
  exit 1
fi
base_dir=$(dirname "$0")

if [ -z "$KAFKA_LOG4J_OPTS" ]; then
  export KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:$base_dir/../config/log4j.properties"
fi
if [ -z "$KAFKA_HEAP_OPTS" ]; then
  export KAFKA_HEAP_OPTS="-Xmx512M -Xms512M"
fi

EXTRA_ARGS=${EXTRA_ARGS-'-name zookeeper -loggc'}
case "$1" in
  -daemon)
    EXTRA_ARGS="-daemon $EXTRA_ARGS"
    shift
    ;;
esac
# shellcheck disable=SC2086
exec "$base_dir/kafka-run-class.sh" $EXTRA_ARGS org.apache.zookeeper.server.quorum.QuorumPeerMain "$@"

#!/usr/bin/env bash
# As Apache Kafka 3.9's script:
#   bin/connect-distributed.sh [-daemon] config/connect-distributed.properties
# Heap -Xms256M -Xmx2G unless KAFKA_HEAP_OPTS is set; log4j from config/connect-log4j.properties (connect.log in
# LOG_DIR); output in $LOG_DIR/connectDistributed.out. The distribution has no stop script for Connect.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] connect-distributed.properties"
  exit 1
fi
base_dir=$(dirname "$0")

if [ -z "$KAFKA_LOG4J_OPTS" ]; then
  export KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:$base_dir/../config/connect-log4j.properties"
fi
if [ -z "$KAFKA_HEAP_OPTS" ]; then
  export KAFKA_HEAP_OPTS="-Xms256M -Xmx2G"
fi

EXTRA_ARGS=${EXTRA_ARGS-'-name connectDistributed'}
case "$1" in
  -daemon)
    EXTRA_ARGS="-daemon $EXTRA_ARGS"
    shift
    ;;
esac
# shellcheck disable=SC2086
exec "$base_dir/kafka-run-class.sh" $EXTRA_ARGS org.apache.kafka.connect.cli.ConnectDistributed "$@"

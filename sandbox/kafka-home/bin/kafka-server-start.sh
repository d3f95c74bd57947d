#!/usr/bin/env bash
# As Apache Kafka 3.9's script:
#   bin/kafka-server-start.sh [-daemon] config/server-0.properties [--override property=value]*
# -daemon must come first. Heap -Xmx1G -Xms1G unless KAFKA_HEAP_OPTS is set; log4j from config/log4j.properties
# (server.log, controller.log, state-change.log … in LOG_DIR); output in $LOG_DIR/kafkaServer.out.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] server.properties [--override property=value]*"
  exit 1
fi
base_dir=$(dirname "$0")

if [ -z "$KAFKA_LOG4J_OPTS" ]; then
  export KAFKA_LOG4J_OPTS="-Dlog4j.configuration=file:$base_dir/../config/log4j.properties"
fi
if [ -z "$KAFKA_HEAP_OPTS" ]; then
  export KAFKA_HEAP_OPTS="-Xmx1G -Xms1G"
fi

EXTRA_ARGS=${EXTRA_ARGS-'-name kafkaServer -loggc'}
case "$1" in
  -daemon)
    EXTRA_ARGS="-daemon $EXTRA_ARGS"
    shift
    ;;
esac
# shellcheck disable=SC2086
exec "$base_dir/kafka-run-class.sh" $EXTRA_ARGS kafka.Kafka "$@"

#!/usr/bin/env bash
# Kafka tool wrapper, as in the Apache distribution: org.apache.kafka.tools.ProducerPerformance
if [ -z "$KAFKA_HEAP_OPTS" ]; then export KAFKA_HEAP_OPTS="-Xmx512M"; fi
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kafka-run-class.sh" org.apache.kafka.tools.ProducerPerformance "$@"

#!/usr/bin/env bash
# Kafka tool wrapper, as in the Apache distribution: kafka.tools.ConsoleProducer
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kafka-run-class.sh" kafka.tools.ConsoleProducer "$@"

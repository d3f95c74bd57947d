#!/usr/bin/env bash
# Kafka tool wrapper, as in the Apache distribution: org.apache.kafka.tools.LeaderElectionCommand
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kafka-run-class.sh" org.apache.kafka.tools.LeaderElectionCommand "$@"

#!/usr/bin/env bash
# ZooKeeper shell, as in the Apache distribution:
#   bin/zookeeper-shell.sh host:port [command...]   e.g. bin/zookeeper-shell.sh 127.0.0.2:2181 ls /brokers/ids
if [ $# -lt 1 ]; then
  echo "usage: $0 zookeeper_host:port [command]" >&2
  exit 2
fi
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kafka-run-class.sh" org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka -server "$@"

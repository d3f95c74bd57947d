#!/usr/bin/env bash
# As Apache Kafka 3.9's script:
#   bin/zookeeper-shell.sh host:port[,host:port…][/chroot] [command...]   e.g. … 127.0.0.3:2181/kafka ls /brokers/ids
if [ $# -lt 1 ]; then
  echo "USAGE: $0 zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]"
  exit 1
fi
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka -server "$@"

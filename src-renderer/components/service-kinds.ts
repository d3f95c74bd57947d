import type { ProfileView } from '../../src-main/api/contract';

export type ServiceKind = ProfileView['services'][number]['kind'];

/** Each kind of service as operators name it. */
export const serviceKindLabels: Record<ServiceKind, string> = {
  zookeeper: 'ZooKeeper',
  'kafka-broker': 'Kafka broker',
  'connect-worker': 'Kafka Connect',
  streamsets: 'StreamSets',
  'flume-agent': 'Flume agent',
  'hdfs-namenode': 'HDFS NameNode',
};

import { Alert } from '@mantine/core';
import type { ClusterState } from '../../src-main/api/contract';
import { formatTime } from '../format';

/** Says plainly when the cluster picture is stale because ZooKeeper cannot be reached. */
export function ZooKeeperBanner({ zookeeper }: { zookeeper: ClusterState['zookeeper'] }) {
  if (zookeeper.state === 'connected') return null;
  const since = formatTime(zookeeper.since);
  return (
    <Alert
      color={zookeeper.state === 'connecting' ? 'blue' : 'red'}
      title={zookeeper.state === 'connecting' ? 'Connecting to ZooKeeper…' : `ZooKeeper unreachable since ${since}`}
      data-testid="zk-banner"
    >
      {zookeeper.message ?? `Trying ${zookeeper.connectString} again.`} Broker and topic state below is not current.
    </Alert>
  );
}

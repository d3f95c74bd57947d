import type { HandlersFor } from '../../api/contract';
import type { clusterMethods } from '../../api/methods/cluster';
import { readZnode } from '../../zookeeper/znode-browser';
import type { HandlerDeps } from './deps';

export function clusterHandlers(deps: HandlerDeps): HandlersFor<typeof clusterMethods> {
  return {
    'cluster.state': async () => (await (await deps.session()).watch()).state(),
    'cluster.partitions': async ({ topic }) => {
      const watch = await (await deps.session()).watch();
      await watch.state();
      return watch.partitions(topic);
    },
    'zookeeper.node': async ({ path }) => readZnode(await (await deps.session()).access.zookeeper(), path),
  };
}

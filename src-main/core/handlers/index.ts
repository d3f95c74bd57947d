import type { Handlers } from '../../api/router';
import type { HandlerDeps } from './deps';
import { appHandlers } from './app';
import { profileHandlers } from './profile';
import { hostsHandlers } from './hosts';
import { servicesHandlers } from './services';
import { clusterHandlers } from './cluster';
import { kafkaHandlers } from './kafka';
import { healthHandlers } from './health';
import { logsHandlers } from './logs';
import { workloadsHandlers } from './workloads';
import { pipelinesHandlers } from './pipelines';
import { datalakeHandlers } from './datalake';
import { reassignmentHandlers } from './reassignment';

export type { HandlerDeps } from './deps';

/** Every contract method mapped to one call into its domain; the groups mirror api/methods/. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...profileHandlers(deps),
    ...hostsHandlers(deps),
    ...servicesHandlers(deps),
    ...clusterHandlers(deps),
    ...kafkaHandlers(deps),
    ...healthHandlers(deps),
    ...logsHandlers(deps),
    ...workloadsHandlers(deps),
    ...pipelinesHandlers(deps),
    ...datalakeHandlers(deps),
    ...reassignmentHandlers(deps),
  };
}

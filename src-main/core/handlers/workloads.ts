import type { HandlersFor } from '../../api/contract';
import type { workloadsMethods } from '../../api/methods/workloads';
import type { HandlerDeps } from './deps';

export function workloadsHandlers(deps: HandlerDeps): HandlersFor<typeof workloadsMethods> {
  const workloads = async () => (await deps.session()).workloads;
  return {
    'workloads.list': async () => (await workloads()).list(),
    'workloads.startProducer': async (spec) => (await workloads()).startProducer(spec),
    'workloads.startConsumer': async (spec) => (await workloads()).startConsumer(spec),
    'workloads.startRemote': async (spec) => (await workloads()).startRemote(spec),
    'workloads.stop': async ({ id }) => (await workloads()).stop(id),
    'workloads.wait': async ({ id, timeoutSec }) => (await workloads()).wait(id, timeoutSec * 1000),
    'workloads.verify': async ({ id }) => (await workloads()).verify(id),
  };
}

import type { HandlersFor } from '../../api/contract';
import type { workloadsMethods } from '../../api/methods/workloads';
import type { HandlerDeps } from './deps';
import type { Caller } from '../../common/caller';

/** A terminal's Ctrl-C ends the run it started; a page's run outlives a reload, so its chart can be opened again. */
const ownerOf = (caller: Caller | undefined): Caller | undefined => (caller?.terminal ? caller : undefined);

export function workloadsHandlers(deps: HandlerDeps): HandlersFor<typeof workloadsMethods> {
  const workloads = async () => (await deps.session()).workloads;
  return {
    'workloads.list': async () => (await workloads()).list(),
    'workloads.startProducer': async (spec, caller) => (await workloads()).startProducer(spec, ownerOf(caller)),
    'workloads.startConsumer': async (spec, caller) => (await workloads()).startConsumer(spec, ownerOf(caller)),
    'workloads.startRemote': async (spec, caller) => (await workloads()).startRemote(spec, ownerOf(caller)),
    'workloads.stop': async ({ id }) => (await workloads()).stop(id),
    'workloads.wait': async ({ id, timeoutSec }) => (await workloads()).wait(id, timeoutSec * 1000),
    'workloads.verify': async ({ id }) => (await workloads()).verify(id),
  };
}

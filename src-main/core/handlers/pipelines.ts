import type { HandlersFor } from '../../api/contract';
import type { pipelinesMethods } from '../../api/methods/pipelines';
import type { HandlerDeps } from './deps';

export function pipelinesHandlers(deps: HandlerDeps): HandlersFor<typeof pipelinesMethods> {
  const pipelines = async () => (await deps.session()).pipelines;
  return {
    'pipelines.list': async () => (await pipelines()).list(),
    'pipelines.detail': async ({ id }) => (await pipelines()).detail(id),
    'pipelines.action': async ({ id, action, confirm }) => (await pipelines()).act(id, action, confirm),
    'pipelines.validate': async ({ id, config }) => (await pipelines()).validate(id, config),
    'pipelines.create': async ({ id, config }) => (await pipelines()).create(id, config),
  };
}

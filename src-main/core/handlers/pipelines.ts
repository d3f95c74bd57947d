import type { HandlersFor } from '../../api/contract';
import type { pipelinesMethods } from '../../api/methods/pipelines';
import type { HandlerDeps } from './deps';
import { fail } from '../../common/errors';
import { streamsetsPasswordKey } from '../../pipelines/streamsets/credentials';

export function pipelinesHandlers(deps: HandlerDeps): HandlersFor<typeof pipelinesMethods> {
  const pipelines = async () => (await deps.session()).pipelines;
  return {
    'pipelines.list': async () => (await pipelines()).list(),
    'pipelines.detail': async ({ id }) => (await pipelines()).detail(id),
    'pipelines.action': async ({ id, action, confirm }) => (await pipelines()).act(id, action, confirm),
    'pipelines.validate': async ({ id, config }) => (await pipelines()).validate(id, config),
    'pipelines.create': async ({ id, config }) => (await pipelines()).create(id, config),
    'pipelines.storePassword': async ({ service: id, password }) => {
      const { profile } = await deps.profiles.load();
      const service = profile.services.find((s) => s.id === id);
      if (service?.kind !== 'streamsets')
        fail('invalid_input', `The profile has no StreamSets service "${id}".`, {
          field: 'service',
          hint: 'Passwords are stored for the StreamSets services of the active profile.',
        });
      const key = streamsetsPasswordKey(service);
      if (password === null) {
        await deps.secrets.delete(key);
        return { service: id, stored: false };
      }
      await deps.secrets.set(key, password);
      return { service: id, stored: true };
    },
  };
}

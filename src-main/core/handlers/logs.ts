import type { HandlersFor } from '../../api/contract';
import type { logsMethods } from '../../api/methods/logs';
import type { HandlerDeps } from './deps';

export function logsHandlers(deps: HandlerDeps): HandlersFor<typeof logsMethods> {
  return {
    'logs.tail': async ({ service, lines, search }) => {
      const session = await deps.session();
      const { service: svc } = await session.control.service(service);
      const read = await session.control.readLog(svc, lines, search);
      return { service, host: svc.host, ...read };
    },
    'logs.follow': async ({ service, lines }, caller) => {
      const session = await deps.session();
      const { service: svc } = await session.control.service(service);
      return session.logs.follow(svc, lines, caller);
    },
    'logs.unfollow': async ({ streamId }) => ({ stopped: (await deps.session()).logs.stop(streamId) }),
  };
}

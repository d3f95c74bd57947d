import type { HandlersFor } from '../../api/contract';
import type { logsMethods } from '../../api/methods/logs';
import { fail } from '../../common/errors';
import { listLogFiles } from '../../logs/log-files';
import { logFileFor } from '../../logs/log-locations';
import { readLogRange } from '../../logs/log-range';
import type { HandlerDeps } from './deps';

export function logsHandlers(deps: HandlerDeps): HandlersFor<typeof logsMethods> {
  return {
    'logs.files': async ({ services }) => {
      const session = await deps.session();
      const all = session.profile.services;
      const unknown = (services ?? []).filter((id) => !all.some((s) => s.id === id));
      if (unknown.length > 0) fail('not_found', `No service ${unknown.join(', ')} in the profile.`, { field: 'services' });
      const chosen = services ? all.filter((s) => services.includes(s.id)) : all;
      return listLogFiles(session.pool, chosen, all);
    },
    'logs.tail': async ({ service, file, lines, search }) => {
      const session = await deps.session();
      const { service: svc } = await session.control.service(service);
      const read = await session.control.readLog(svc, lines, search, logFileFor(svc, file));
      return { service, host: svc.host, ...read };
    },
    'logs.read': async ({ service, file, end, bytes }) => {
      const session = await deps.session();
      const { service: svc } = await session.control.service(service);
      return readLogRange(session.pool, { service, host: svc.host, file: logFileFor(svc, file) }, end, bytes);
    },
    'logs.follow': async ({ service, file, lines, fromByte }, caller) => {
      const session = await deps.session();
      const { service: svc } = await session.control.service(service);
      return session.logs.follow(svc, lines, caller, { ...(file ? { file } : {}), ...(fromByte !== undefined ? { fromByte } : {}) });
    },
    'logs.unfollow': async ({ streamId }) => ({ stopped: (await deps.session()).logs.stop(streamId) }),
  };
}

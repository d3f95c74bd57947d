import type { HandlersFor } from '../../api/contract';
import type { hostsMethods } from '../../api/methods/hosts';
import { checkHost } from '../../hosts/host-check';
import type { HandlerDeps } from './deps';

export function hostsHandlers(deps: HandlerDeps): HandlersFor<typeof hostsMethods> {
  return {
    'hosts.check': async ({ host }) => {
      const session = await deps.session();
      return checkHost(session.pool, session.profile, host);
    },
    'hosts.trustKey': async ({ host, fingerprint }) => {
      const session = await deps.session();
      return { host, ...(await session.pool.trustHostKey(host, fingerprint)) };
    },
    'hosts.unlockKey': async ({ host, passphrase }) => {
      const session = await deps.session();
      session.pool.setPassphrase(host, passphrase);
      return { host };
    },
  };
}

import type { HandlersFor } from '../../api/contract';
import type { hostsMethods } from '../../api/methods/hosts';
import { checkHost } from '../../hosts/host-check';
import { fail } from '../../common/errors';
import type { HandlerDeps } from './deps';
import { withDraftPool } from '../draft-pool';

export function hostsHandlers(deps: HandlerDeps): HandlersFor<typeof hostsMethods> {
  return {
    'hosts.check': async ({ host, hosts }) => {
      if (hosts) return withDraftPool(hosts, (pool, profile) => checkHost(pool, profile, host));
      const session = await deps.session();
      return checkHost(session.pool, session.profile, host);
    },
    'hosts.trustKey': async ({ host, fingerprint, hosts }) => {
      if (hosts) return withDraftPool(hosts, async (pool) => ({ host, ...(await pool.trustHostKey(host, fingerprint)) }));
      const session = await deps.session();
      return { host, ...(await session.pool.trustHostKey(host, fingerprint)) };
    },
    'hosts.unlockKey': async ({ host, passphrase }) => {
      const session = await deps.session();
      session.pool.setPassphrase(host, passphrase);
      return { host };
    },

    // --- Hardening (issue 14) ---
    'hosts.replaceKey': async ({ host, fingerprint, confirmHost }) => {
      if (confirmHost !== host)
        fail('invalid_input', `Type the host name "${host}" to confirm replacing its key.`, { field: 'confirmHost' });
      const session = await deps.session();
      return { host, ...(await session.pool.replaceHostKey(host, fingerprint)) };
    },
  };
}

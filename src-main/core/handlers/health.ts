import type { HandlersFor } from '../../api/contract';
import type { healthMethods } from '../../api/methods/health';
import { runDoctor } from '../../health/doctor';
import type { HandlerDeps } from './deps';

export function healthHandlers(deps: HandlerDeps): HandlersFor<typeof healthMethods> {
  return {
    'health.doctor': async () => {
      const session = await deps.session();
      const state = await (await session.watch()).state();
      const findings = await runDoctor(session.profile, session.pool, session.access, state);
      return { checkedAt: new Date().toISOString(), findings };
    },
  };
}

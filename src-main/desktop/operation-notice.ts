import type { EventPayload } from '../events/schemas';

/** Operations long enough that the user may have looked away: worth a system notification when they end. */
const LONG_KINDS = new Set(['start-all', 'stop-all', 'rolling-restart', 'reassignment']);

/** The desktop notification for an operation's last event, if it is one a user waits for. */
export function operationNotice(e: EventPayload<'operation.progress'>): { title: string; body: string } | undefined {
  if (e.operationState === 'running' || !LONG_KINDS.has(e.kind)) return undefined;
  const what = e.kind.replace(/-/g, ' ');
  const title =
    e.operationState === 'succeeded'
      ? `${capitalized(what)} finished`
      : e.operationState === 'cancelled'
        ? `${capitalized(what)} cancelled`
        : `${capitalized(what)} failed`;
  const p = e.progress;
  const body =
    e.operationState === 'succeeded'
      ? `${p ? `${p.total} of ${p.total} done. ` : ''}${e.targets.length} service(s).`
      : `${p ? `${p.done} of ${p.total} done; ` : ''}stopped at: ${e.step}.`;
  return { title, body };
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

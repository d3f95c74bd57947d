import type { HandlersFor } from '../../api/contract';
import type { reassignmentMethods } from '../../api/methods/reassignment';
import { ReassignmentCancelled } from '../../kafka/reassignment';
import { OperationCancelled } from '../../services/operations';
import type { HandlerDeps } from './deps';

/** One reassignment at a time: two would fight over the same throttle settings. */
const TARGET = 'partition-reassignment';

export function reassignmentHandlers(deps: HandlerDeps): HandlersFor<typeof reassignmentMethods> {
  const admin = async () => (await deps.session()).admin();
  return {
    'reassignment.propose': async (req) => {
      const session = await deps.session();
      const hosts = new Map(session.profile.services.flatMap((s) => (s.kind === 'kafka-broker' ? [[s.brokerId, s.host] as const] : [])));
      return (await session.admin()).proposeReassignment(req, hosts);
    },
    'reassignment.execute': async ({ moves, throttleBytesPerSec, electPreferredLeaders }) => {
      const a = await admin();
      return deps.operations.run('reassignment', [TARGET], async (op) => {
        try {
          await a.executeReassignment({ moves, throttleBytesPerSec }, op);
        } catch (err) {
          if (err instanceof ReassignmentCancelled) throw new OperationCancelled(op.id, err.message);
          throw err;
        }
        if (electPreferredLeaders) {
          op.step('elect preferred leaders');
          const r = await a.electPreferredLeaders({});
          op.line(
            `${r.elected.length} partition(s) led by their preferred replica again${r.failed.length ? `; ${r.failed.length} could not be moved` : ''}`,
          );
        }
      });
    },
    'reassignment.list': async () => (await admin()).reassignments(),
    'reassignment.cancel': async ({ partitions }) => (await admin()).cancelReassignments(partitions),
  };
}

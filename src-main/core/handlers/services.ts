import type { HandlersFor } from '../../api/contract';
import type { servicesMethods } from '../../api/methods/services';
import type { HandlerDeps } from './deps';

/**
 * The kind each lifecycle method gives its operation. `operation.progress` events carry it with the targets, which is
 * how a watcher that only has the call in flight (kcc) tells its operation's progress from others'.
 */
export const operationKinds = {
  'services.start': 'start',
  'services.stop': 'stop',
  'services.restart': 'restart',
  'cluster.startAll': 'start-all',
  'cluster.stopAll': 'stop-all',
  'cluster.rollingRestart': 'rolling-restart',
} as const;

export function servicesHandlers(deps: HandlerDeps): HandlersFor<typeof servicesMethods> {
  return {
    'services.status': async ({ service }) => {
      const session = await deps.session();
      const ids = service ? [service] : session.profile.services.map((s) => s.id);
      const statuses = await session.control.statuses(ids);
      for (const s of statuses)
        deps.events.emit('service.status', { serviceId: s.id, state: s.state, ...(s.detail ? { detail: s.detail } : {}) });
      return statuses;
    },
    'services.start': async ({ service }) => {
      const session = await deps.session();
      await session.control.service(service);
      return deps.operations.run(operationKinds['services.start'], [service], (op) => session.control.start(service, op));
    },
    'services.stop': async ({ service, graceSeconds }) => {
      const session = await deps.session();
      await session.control.service(service);
      return deps.operations.run(operationKinds['services.stop'], [service], (op) =>
        session.control.stop(service, op, graceSeconds * 1000),
      );
    },
    'services.restart': async ({ service }) => {
      const session = await deps.session();
      await session.control.service(service);
      return deps.operations.run(operationKinds['services.restart'], [service], async (op) => {
        await session.control.stop(service, op);
        await session.control.start(service, op);
      });
    },
    'cluster.startAll': async () => {
      const session = await deps.session();
      const ids = session.profile.services.map((s) => s.id);
      return deps.operations.run(operationKinds['cluster.startAll'], ids, (op) => session.orchestrator.startAll(op));
    },
    'cluster.stopAll': async () => {
      const session = await deps.session();
      const ids = session.profile.services.map((s) => s.id);
      return deps.operations.run(operationKinds['cluster.stopAll'], ids, (op) => session.orchestrator.stopAll(op));
    },
    'cluster.rollingRestart': async () => {
      const session = await deps.session();
      const ids = session.profile.services.filter((s) => s.kind === 'kafka-broker').map((s) => s.id);
      return deps.operations.run(operationKinds['cluster.rollingRestart'], ids, (op) => session.orchestrator.rollingRestart(op));
    },
    'operations.list': async () => deps.operations.list(),
    'operations.cancel': async ({ id }) => deps.operations.cancel(id),
  };
}

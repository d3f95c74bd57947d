import { z } from 'zod';
import { EventHub } from '../common/event-hub';
import { workloadSampleSchema } from '../workloads/schemas';
import { clusterDeltaSchema } from '../zookeeper/schemas';
import { operationProgressSchema } from '../services/schemas';

/**
 * Event streams pushed from main to every connected renderer (IPC or WebSocket).
 * Later features add their streams here so both bindings carry them unchanged.
 */
export const eventSchemas = {
  'profile.changed': z.object({ path: z.string(), name: z.string() }),
  /** The cluster picture changed (from a ZooKeeper watch): what changed, to apply to `cluster.state` of the revision before. */
  'cluster.changed': clusterDeltaSchema,
  'operation.progress': z.object({
    operationId: z.string(),
    /** What the operation does (`start`, `stop-all`, …) and the services it holds: a watcher finds its own by them. */
    kind: z.string(),
    targets: z.array(z.string()),
    step: z.string(),
    host: z.string().optional(),
    command: z.array(z.string()).optional(),
    line: z.string().optional(),
    /** The step's state. */
    state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
    /** The whole operation's state: it ended once this is not `running`. */
    operationState: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
    progress: operationProgressSchema.optional(),
    cancelRequested: z.boolean().optional(),
  }),
  'service.status': z.object({
    serviceId: z.string(),
    state: z.enum(['running', 'stopped', 'starting', 'stopping', 'unknown']),
    detail: z.string().optional(),
  }),
  'log.line': z.object({ streamId: z.string(), line: z.string(), at: z.string() }),
  /** A running workload's once-a-second report. */
  'workload.sample': z.object({ workloadId: z.string(), sample: workloadSampleSchema }),
  /** A workload started, was asked to stop, or ended; refetch `workloads.list`. */
  'workload.changed': z.object({ workloadId: z.string(), state: z.string() }),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<E extends EventName> = z.infer<(typeof eventSchemas)[E]>;
export type AppEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];
export const eventNames = Object.keys(eventSchemas) as EventName[];

export type EventPayloads = { [E in EventName]: EventPayload<E> };
/** The app's event hub: every domain emits through it, both bindings subscribe to it. */
export type AppEventHub = EventHub<EventPayloads>;
export type EventListener = (event: AppEvent) => void;

export function createEventHub(): AppEventHub {
  return new EventHub<EventPayloads>();
}

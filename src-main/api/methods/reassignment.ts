import { z } from 'zod';
import { method, noInput } from './define';
import {
  topicNameSchema,
  ongoingReassignmentSchema,
  reassignmentExecuteSchema,
  reassignmentPlanSchema,
  reassignmentRequestSchema,
} from '../../kafka/schemas';
import { operationSchema } from '../../services/schemas';

/** Partition reassignment: plan, run with a throttle and progress, follow, cancel. */
export const reassignmentMethods = {
  'reassignment.propose': method({
    summary:
      'A balanced replica placement over the live brokers (`include`, default all) minus `exclude` (to empty a broker), for `topics` (default all but internal ones): the moves, replicas and preferred leaders per broker before and after. Brokers sharing a machine are not given two replicas of one partition when avoidable. Read-only.',
    input: reassignmentRequestSchema,
    output: reassignmentPlanSchema,
  }),
  'reassignment.execute': method({
    summary:
      'Run a plan as one operation: check it still matches the cluster, set the replication throttle (`throttleBytesPerSec`), start the moves, follow them partition by partition (n of m), verify, remove the throttle, then elect preferred leaders. Cancel it with operations.cancel: the moves in flight are rolled back.',
    input: reassignmentExecuteSchema.extend({ electPreferredLeaders: z.boolean().default(true) }),
    output: operationSchema,
  }),
  'reassignment.list': method({
    summary: "Reassignments in flight, the app's or any tool's: each partition's replicas, and those being added and removed.",
    input: noInput,
    output: z.array(ongoingReassignmentSchema),
  }),
  'reassignment.cancel': method({
    summary:
      "Cancel reassignments in flight (all, or the named partitions), as kafka-reassign-partitions --cancel: each partition goes back to its replicas before the move. For one started elsewhere; the app's own are cancelled with operations.cancel.",
    input: z
      .object({
        partitions: z
          .array(z.object({ topic: topicNameSchema, partition: z.number().int().min(0) }))
          .min(1)
          .optional(),
      })
      .strict(),
    output: z.object({ cancelled: z.number().int() }),
  }),
} as const;

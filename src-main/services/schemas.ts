import { z } from 'zod';
import { appErrorSchema } from '../common/errors';

export const serviceStatusSchema = z.object({
  id: z.string(),
  kind: z.string(),
  host: z.string(),
  state: z.enum(['running', 'stopped', 'unknown']),
  pids: z.array(z.number().int()),
  /** Its client port accepts connections (null: not checked). */
  listening: z.boolean().nullable(),
  /** Kind-specific readiness: ZooKeeper serving (`srvr`), broker registered, Connect REST answers. */
  healthy: z.boolean().nullable(),
  /** A ZooKeeper server's role as `srvr` reports it: leader, follower or standalone (observer too). */
  role: z.string().optional(),
  detail: z.string().optional(),
  checkedAt: z.string(),
});
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

export const operationStepSchema = z.object({
  step: z.string(),
  host: z.string().optional(),
  command: z.array(z.string()).optional(),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  lines: z.array(z.string()),
});

/** How far a long operation is: units done of the planned total, and the one under way. */
export const operationProgressSchema = z.object({
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  current: z.string().optional(),
});

export const operationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  targets: z.array(z.string()),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  steps: z.array(operationStepSchema),
  progress: operationProgressSchema.optional(),
  /** Asked to stop: it does at its next step. */
  cancelRequested: z.boolean().optional(),
  error: appErrorSchema.optional(),
});

export type Operation = z.infer<typeof operationSchema>;

import { z } from 'zod';
import { method, noInput } from './define';
import { operationSchema, serviceStatusSchema } from '../../services/schemas';

/** Service lifecycle (one service, or the whole cluster in order) and the operations that record it. */
export const servicesMethods = {
  'services.status': method({
    summary: 'Process, port and readiness of one service, or of every service of the profile.',
    input: z.object({ service: z.string().min(1).optional() }).strict(),
    output: z.array(serviceStatusSchema),
  }),
  'services.start': method({
    summary: 'Start a service with its start command and wait until it is ready.',
    input: z.object({ service: z.string().min(1) }).strict(),
    output: operationSchema,
  }),
  'services.stop': method({
    summary: 'Stop a service gracefully (SIGTERM, SIGKILL after the grace period), by pid.',
    input: z.object({ service: z.string().min(1), graceSeconds: z.number().int().min(1).max(600).default(30) }).strict(),
    output: operationSchema,
  }),
  'services.restart': method({
    summary: 'Stop, then start a service.',
    input: z.object({ service: z.string().min(1) }).strict(),
    output: operationSchema,
  }),
  'cluster.startAll': method({
    summary: 'Start every service in dependency order: ZooKeeper, brokers, workers.',
    input: noInput,
    output: operationSchema,
  }),
  'cluster.stopAll': method({
    summary: 'Stop every service in reverse dependency order.',
    input: noInput,
    output: operationSchema,
  }),
  'cluster.rollingRestart': method({
    summary: 'Restart brokers one at a time, each after all partitions are fully replicated again.',
    input: noInput,
    output: operationSchema,
  }),
  'operations.list': method({
    summary: 'Recent operations with their steps, output and result.',
    input: noInput,
    output: z.array(operationSchema),
  }),
  'operations.cancel': method({
    summary:
      'Ask a running operation (start or stop all, rolling restart, reassignment) to stop at its next step; what it finished stays done, a reassignment in flight is rolled back.',
    input: z.object({ id: z.string().min(1) }).strict(),
    output: operationSchema,
  }),
} as const;

import { z } from 'zod';

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');
import { consumerSpecSchema, producerSpecSchema, verifyResultSchema, workloadSampleSchema, workloadSummarySchema } from './schemas';

/** Messages between the main process and a workload worker thread, validated on both sides. */

export const workerInputSchema = z.object({
  runId: z.string(),
  brokers: z.array(z.string()).min(1),
  /** When true, each broker socket is opened on a local port main forwards through SSH. */
  tunnelled: z.boolean(),
  job: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('producer'), spec: producerSpecSchema }),
    z.object({ kind: z.literal('consumer'), spec: consumerSpecSchema }),
    z.object({ kind: z.literal('verify'), topic: z.string(), acked: bytes, ackedChecksum: z.string() }),
  ]),
});
export type WorkerInput = z.input<typeof workerInputSchema>;

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('port'), requestId: z.number(), port: z.number().optional(), error: z.string().optional() }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sample'), sample: workloadSampleSchema }),
  z.object({ type: z.literal('done'), summary: workloadSummarySchema, acked: bytes.optional() }),
  z.object({ type: z.literal('verified'), result: verifyResultSchema }),
  z.object({ type: z.literal('failed'), error: z.string() }),
  z.object({ type: z.literal('port-request'), requestId: z.number(), host: z.string(), port: z.number() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

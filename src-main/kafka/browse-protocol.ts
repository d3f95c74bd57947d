import { z } from 'zod';
import { browseResultSchema } from './schemas';

/** Messages between main and a browse worker thread, validated on both sides. */

/**
 * The part of a browse one consumer reads: its partitions with the offsets to start at and stop before; every
 * partition of the topic is listed so that those of other consumers are paused.
 */
export const scanJobSchema = z.object({
  topic: z.string(),
  partitions: z.array(z.object({ partition: z.number().int(), start: z.number().int(), stop: z.number().int() })),
  allPartitions: z.array(z.number().int()),
  contains: z.string().optional(),
  jsonPath: z.string().optional(),
  jsonEquals: z.string().optional(),
  limit: z.number().int(),
  maxBytes: z.number().int(),
});

export type ScanJob = z.infer<typeof scanJobSchema>;

export const scanInputSchema = z.object({
  brokers: z.array(z.string()).min(1),
  /** When true, each broker socket is opened on a local port main forwards through SSH. */
  tunnelled: z.boolean(),
  job: scanJobSchema,
  timeoutMs: z.number().int(),
});
export type ScanInput = z.infer<typeof scanInputSchema>;

/** A worker serves many scans, one after another or at once: every message names its scan. */
export const toBrowseWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('scan'), scanId: z.number(), input: scanInputSchema }),
  z.object({ type: z.literal('stop'), scanId: z.number() }),
  z.object({ type: z.literal('port'), requestId: z.number(), port: z.number().optional(), error: z.string().optional() }),
]);
export type ToBrowseWorker = z.infer<typeof toBrowseWorkerSchema>;

export const fromBrowseWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('done'), scanId: z.number(), result: browseResultSchema }),
  /** A failure with kafkajs's error name and type, so main maps it to the same message as an in-process one. */
  z.object({ type: z.literal('failed'), scanId: z.number(), name: z.string(), errorType: z.string().optional(), message: z.string() }),
  z.object({ type: z.literal('port-request'), scanId: z.number(), requestId: z.number(), host: z.string(), port: z.number() }),
]);
export type FromBrowseWorker = z.infer<typeof fromBrowseWorkerSchema>;

import { z } from 'zod';
import { appErrorSchema } from '../common/errors';

/**
 * Host facts from one cheap remote command: sections separated by markers so
 * one missing tool (no `free` on a minimal image) only blanks its own field.
 */
export const hostFactsSchema = z.object({
  os: z.string().optional(),
  kernel: z.string().optional(),
  uptimeSeconds: z.number().optional(),
  load: z.tuple([z.number(), z.number(), z.number()]).optional(),
  memTotalBytes: z.number().optional(),
  memAvailableBytes: z.number().optional(),
  java: z.string().optional(),
  disks: z.array(z.object({ path: z.string(), mount: z.string(), sizeBytes: z.number(), availableBytes: z.number() })),
});

export type HostFacts = z.infer<typeof hostFactsSchema>;

export const hostCheckSchema = z.object({
  host: z.string(),
  reachable: z.boolean(),
  facts: hostFactsSchema.optional(),
  error: appErrorSchema.optional(),
  latencyMs: z.number().optional(),
  /** What could not be read on a reachable host, e.g. a broker config, so that its disk is missing from the facts. */
  warnings: z.array(z.string()).optional(),
});

export type HostCheck = z.infer<typeof hostCheckSchema>;

import { z } from 'zod';

/** The data lake as the API shows it: pipelines that land in HDFS, their files, lines and counts. */

export const landingSchema = z.object({
  pipeline: z.string(),
  /** The hdfs-namenode service. */
  hdfs: z.string(),
  webhdfsUrl: z.string(),
  path: z.string(),
  topic: z.string().optional(),
  /** The Flume agent that writes there, when the pipeline runs on one. */
  writer: z.string().optional(),
});

export const lakeEntrySchema = z.object({
  /** Absolute HDFS path. */
  path: z.string(),
  /** Relative to the landing path. */
  relative: z.string(),
  name: z.string(),
  type: z.enum(['file', 'directory']),
  depth: z.number().int(),
  bytes: z.number(),
  /** ISO time of the last modification (for a file still open: its creation). */
  modified: z.string(),
  /** Named as a writer names a file it still has open (Flume: `_…tmp`). */
  inUse: z.boolean(),
  /** An in-use file no running writer has open: left by a writer that was killed. */
  orphan: z.boolean(),
  /** Why it counts as an orphan, or why that cannot be told. */
  note: z.string().optional(),
});

export const lakeListingSchema = z.object({
  landing: landingSchema,
  entries: z.array(lakeEntrySchema),
  files: z.number().int(),
  bytes: z.number(),
  orphans: z.number().int(),
  /** More entries than the listing keeps. */
  truncated: z.boolean(),
  /** The writer as the data lake sees it: running since (its sink's start), or not answering. */
  writerState: z.object({ running: z.boolean(), since: z.string().optional(), detail: z.string().optional() }).optional(),
  listedAt: z.string(),
});

export const lakeHeadSchema = z.object({
  path: z.string(),
  lines: z.array(z.string()),
  bytesRead: z.number(),
});

export const lakeFileCountSchema = z.object({ path: z.string(), lines: z.number(), bytes: z.number(), partialLastLine: z.boolean() });

export const lakeCountSchema = z.object({
  path: z.string(),
  files: z.array(lakeFileCountSchema),
  totalLines: z.number(),
  totalBytes: z.number(),
  elapsedMs: z.number(),
  countedAt: z.string(),
});

export const landedVsProducedSchema = z.object({
  pipeline: z.string(),
  topic: z.string(),
  /** Sum of the topic's log-end offsets: every record ever produced to it (while retention keeps the count). */
  produced: z.number(),
  /** Lines in the landing path, .tmp files included. */
  landed: z.number(),
  /** produced − landed: records not (yet) in the lake; negative when the lake holds duplicates. */
  difference: z.number(),
  files: z.number().int(),
  orphans: z.number().int(),
  countedAt: z.string(),
  elapsedMs: z.number(),
});

export type Landing = z.infer<typeof landingSchema>;
export type LakeEntry = z.infer<typeof lakeEntrySchema>;
export type LakeListing = z.infer<typeof lakeListingSchema>;
export type LakeHead = z.infer<typeof lakeHeadSchema>;
export type LakeCount = z.infer<typeof lakeCountSchema>;
export type LandedVsProduced = z.infer<typeof landedVsProducedSchema>;

import { z } from 'zod';
import { method, noInput } from './define';
import { lakeCountSchema, lakeHeadSchema, lakeListingSchema, landedVsProducedSchema, landingSchema } from '../../datalake/schemas';

const pipeline = z.string().min(1);

/** The data lake: pipelines that land in HDFS, read over WebHDFS. */
export const datalakeMethods = {
  'datalake.landings': method({
    summary: "The profile's pipelines that land in HDFS: NameNode, landing path, topic and writing agent.",
    input: noInput,
    output: z.array(landingSchema),
  }),
  'datalake.list': method({
    summary: "A pipeline's landing path in HDFS, recursively: directories and files with size and time, orphaned in-use files flagged.",
    input: z.object({ pipeline }).strict(),
    output: lakeListingSchema,
  }),
  'datalake.head': method({
    summary: 'The first lines of a file under the landing path (relative to it, or absolute inside it).',
    input: z.object({ pipeline, path: z.string().min(1), lines: z.number().int().min(1).max(500).default(20) }).strict(),
    output: lakeHeadSchema,
  }),
  'datalake.count': method({
    summary:
      'Count the lines of a file or directory under the landing path (the whole landing path without `path`); reads every byte once.',
    input: z.object({ pipeline, path: z.string().min(1).optional() }).strict(),
    output: lakeCountSchema,
  }),
  'datalake.landedVsProduced': method({
    summary: "Lines landed in the pipeline's HDFS path against the sum of its topic's log-end offsets.",
    input: z.object({ pipeline }).strict(),
    output: landedVsProducedSchema,
  }),
} as const;

import { z } from 'zod';
import { method, noInput } from './define';
import { pipelineActionSchema, pipelineDetailSchema, pipelineViewSchema, validationSchema } from '../../pipelines/schemas';

/** Pipelines on their engines (Kafka Connect, StreamSets, commands). */
export const pipelinesMethods = {
  'pipelines.list': method({
    summary: "The profile's pipelines with their engine's state, tasks, the topic's end offset, consumer lag and rates.",
    input: noInput,
    output: z.array(pipelineViewSchema),
  }),
  'pipelines.detail': method({
    summary:
      "One pipeline: state, config (secrets masked), tasks with traces, the engine's offsets, and the files in its landing directory.",
    input: z.object({ id: z.string().min(1) }).strict(),
    output: pipelineDetailSchema,
  }),
  'pipelines.action': method({
    summary:
      'Start, stop, pause, resume, restart (all or failed tasks), force-stop, reset the origin, or delete (with `confirm` = its name).',
    input: z.object({ id: z.string().min(1), action: pipelineActionSchema, confirm: z.string().optional() }).strict(),
    output: pipelineViewSchema,
  }),
  'pipelines.validate': method({
    summary: "Check a pipeline's connector config (the profile's, or `config`) with Kafka Connect's own validation; nothing is created.",
    input: z.object({ id: z.string().min(1), config: z.record(z.string(), z.string()).optional() }).strict(),
    output: validationSchema,
  }),
  'pipelines.create': method({
    summary:
      "Create a pipeline in Kafka Connect from the profile's config (or `config`), refused with Connect's messages per field when invalid.",
    input: z.object({ id: z.string().min(1), config: z.record(z.string(), z.string()).optional() }).strict(),
    output: pipelineViewSchema,
  }),
  'pipelines.storePassword': method({
    summary:
      "Store the password of a StreamSets service's user in the app, encrypted with the system keychain (desktop app only); `password: null` forgets it. The environment variable the profile names, when set, still wins.",
    input: z.object({ service: z.string().min(1), password: z.string().min(1).max(4096).nullable() }).strict(),
    output: z.object({ service: z.string(), stored: z.boolean() }),
  }),
} as const;

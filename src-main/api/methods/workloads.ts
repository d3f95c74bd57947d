import { z } from 'zod';
import { method, noInput } from './define';
import {
  consumerSpecSchema,
  producerSpecSchema,
  remotePerfSpecSchema,
  verifyResultSchema,
  workloadRunSchema,
} from '../../workloads/schemas';

/** Producer and consumer load runs, and Kafka perf tools on the hosts. */
export const workloadsMethods = {
  'workloads.list': method({
    summary: 'Running and recent workloads (producers, consumers, remote perf runs) with their latest figures and summaries.',
    input: noInput,
    output: z.array(workloadRunSchema),
  }),
  'workloads.startProducer': method({
    summary: 'Start a producer load on a topic (runs in its own thread); reports every second as `workload.sample` events.',
    input: producerSpecSchema,
    output: workloadRunSchema,
  }),
  'workloads.startConsumer': method({
    summary: 'Start consumers (one or several in a group) on topics; reports rates and end-to-end latency of stamped records.',
    input: consumerSpecSchema,
    output: workloadRunSchema,
  }),
  'workloads.startRemote': method({
    summary: "Run Kafka's own producer or consumer perf tool on cluster hosts over SSH, figures summed across hosts.",
    input: remotePerfSpecSchema,
    output: workloadRunSchema,
  }),
  'workloads.stop': method({
    summary: 'Stop a running workload; it ends with a summary of what it did.',
    input: z.object({ id: z.string().min(1) }).strict(),
    output: workloadRunSchema,
  }),
  'workloads.wait': method({
    summary: 'Wait until a workload has ended (at most `timeoutSec`) and return it.',
    input: z.object({ id: z.string().min(1), timeoutSec: z.number().min(1).max(3600).default(600) }).strict(),
    output: workloadRunSchema,
  }),
  'workloads.verify': method({
    summary: "Read a producer run's topic back and check that every acknowledged record is there (count and checksum).",
    input: z.object({ id: z.string().min(1) }).strict(),
    output: verifyResultSchema,
  }),
} as const;

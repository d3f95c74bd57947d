import { z } from 'zod';

/** JSON Kafka (ZooKeeper mode) writes under /brokers and /controller. */
export const brokerRegistrationSchema = z.object({
  host: z.string().nullable().optional(),
  port: z.number().int().optional(),
  endpoints: z.array(z.string()).default([]),
  jmx_port: z.number().int().optional(),
  rack: z.string().nullable().optional(),
  timestamp: z.string().optional(),
  version: z.number().int().optional(),
});

export const controllerSchema = z.object({
  brokerid: z.number().int(),
  timestamp: z.string().optional(),
  version: z.number().int().optional(),
});

export const topicAssignmentSchema = z.object({
  version: z.number().int().optional(),
  partitions: z.record(z.string(), z.array(z.number().int())),
});

export const partitionStateSchema = z.object({
  leader: z.number().int(),
  isr: z.array(z.number().int()),
  leader_epoch: z.number().int(),
  controller_epoch: z.number().int().optional(),
  version: z.number().int().optional(),
});

export type BrokerRegistration = z.infer<typeof brokerRegistrationSchema>;
export type PartitionState = z.infer<typeof partitionStateSchema>;

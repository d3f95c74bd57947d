import { z } from 'zod';
import { appErrorSchema } from '../common/errors';

/**
 * What discovery reports: a proposed profile (YAML text, for the user to review before saving) and what it found,
 * where, and how sure it is. Pure zod: the contract and the renderer see these shapes.
 */

export const discoveredKindSchema = z.enum(['zookeeper', 'kafka-broker', 'connect-worker', 'streamsets', 'flume-agent', 'hdfs-namenode']);

export const discoveredServiceSchema = z.object({
  /** Service id in the proposal. */
  id: z.string(),
  kind: discoveredKindSchema,
  host: z.string(),
  /** running: a process was found; stopped: only its config file, under an install a running process uses. */
  state: z.enum(['running', 'stopped']),
  pid: z.number().int().optional(),
  installDir: z.string(),
  config: z.string().optional(),
  logDir: z.string().optional(),
  endpoint: z.string().optional(),
  brokerId: z.number().int().optional(),
  /** In the proposal; false when it belongs to another cluster than the proposed one. */
  included: z.boolean(),
});

export const discoveryFindingSchema = z.object({
  level: z.enum(['info', 'inferred', 'unsure', 'problem']),
  host: z.string().optional(),
  service: z.string().optional(),
  message: z.string(),
});

export const discoveredHostSchema = z.object({
  host: z.string(),
  reachable: z.boolean(),
  error: appErrorSchema.optional(),
  /** The kernel's boot id: hosts with the same one are one machine, and see the same processes. */
  bootId: z.string().optional(),
  processes: z.number().int().optional(),
});

export const discoveredClusterSchema = z.object({
  /** zookeeper.connect of its brokers, chroot included. */
  zookeeper: z.string(),
  brokerIds: z.array(z.number().int()),
  chosen: z.boolean(),
});

export const discoveryResultSchema = z.object({
  /** The proposed profile as YAML; valid against the profile schema when `valid`. */
  yaml: z.string(),
  valid: z.boolean(),
  errors: z.array(appErrorSchema),
  hosts: z.array(discoveredHostSchema),
  services: z.array(discoveredServiceSchema),
  clusters: z.array(discoveredClusterSchema),
  findings: z.array(discoveryFindingSchema),
});

export type DiscoveredService = z.infer<typeof discoveredServiceSchema>;
export type DiscoveryFinding = z.infer<typeof discoveryFindingSchema>;
export type DiscoveredHost = z.infer<typeof discoveredHostSchema>;
export type DiscoveryResult = z.infer<typeof discoveryResultSchema>;

import { z } from 'zod';
import { appErrorSchema } from '../common/errors';
import { serviceStatusSchema, operationSchema } from '../services/schemas';
import { clusterStateSchema, partitionStateViewSchema, znodePathSchema, znodeSchema } from '../zookeeper/schemas';
import { consumerSpecSchema, producerSpecSchema, remotePerfSpecSchema, verifyResultSchema, workloadRunSchema } from '../workloads/schemas';
import { hostFactsSchema } from '../hosts/schemas';
import {
  topicNameSchema,
  configNameSchema,
  groupIdSchema,
  kafkaStringSchema,
  groupDetailSchema,
  groupSummarySchema,
  resetTargetSchema,
  browseRequestSchema,
  browseResultSchema,
  produceRequestSchema,
} from '../kafka/schemas';
import { findingSchema } from '../health/schemas';
import { pipelineDetailSchema, pipelineViewSchema, validationSchema, pipelineActionSchema } from '../pipelines/schemas';

/**
 * The one API contract. Every method the renderer, the web binding and the CLI
 * can call is declared here once, with a zod schema for its input and one for
 * its output; the bindings loop over this object, they never list methods
 * by hand. The renderer imports only types from this file.
 */

const noInput = z.object({}).strict();

function method<I extends z.ZodType, O extends z.ZodType>(def: { summary: string; input: I; output: O }) {
  return def;
}

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['desktop', 'web', 'cli']),
  node: z.string(),
  platform: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  profileDir: z.string(),
});

const profileSourceSchema = z.enum(['profiles-dir', 'file', 'sandbox']);

export const profileSummarySchema = z.object({
  /** Stable key of the profile: its file path. */
  path: z.string(),
  name: z.string(),
  source: profileSourceSchema,
  active: z.boolean(),
  /** Present when the file exists but does not validate. */
  error: appErrorSchema.optional(),
});

const hostViewSchema = z.object({
  id: z.string(),
  address: z.string(),
  port: z.number().int(),
  user: z.string(),
  bastion: z.string().optional(),
  auth: z.enum(['key', 'agent', 'key+agent', 'none']),
});

const serviceViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['zookeeper', 'kafka-broker', 'connect-worker', 'streamsets']),
  host: z.string(),
  installDir: z.string(),
  config: z.string().optional(),
  /** Where clients reach it: host:port or a URL. */
  endpoint: z.string(),
  brokerId: z.number().int().optional(),
});

/** The profile as the renderer may see it: no key paths, no secrets. */
export const profileViewSchema = z.object({
  path: z.string(),
  name: z.string(),
  description: z.string().optional(),
  hosts: z.array(hostViewSchema),
  services: z.array(serviceViewSchema),
  pipelines: z.array(z.object({ id: z.string(), engine: z.string(), source: z.string(), sink: z.string() })),
  kafka: z.object({ bootstrap: z.array(z.string()), zookeeper: z.string(), tunnelVia: z.string().optional() }),
});

export const validationReportSchema = z.object({
  valid: z.boolean(),
  errors: z.array(appErrorSchema),
});

export const hostCheckSchema = z.object({
  host: z.string(),
  reachable: z.boolean(),
  facts: hostFactsSchema.optional(),
  error: appErrorSchema.optional(),
  latencyMs: z.number().optional(),
});

export const contract = {
  'app.info': method({
    summary: 'Version, mode and process facts of the running app.',
    input: noInput,
    output: appInfoSchema,
  }),
  'profile.list': method({
    summary: 'Cluster profiles known to the app, and which one is active.',
    input: noInput,
    output: z.array(profileSummarySchema),
  }),
  'profile.get': method({
    summary: 'The active profile (or the one at `path`), without secrets.',
    input: z.object({ path: z.string().min(1).optional() }).strict(),
    output: profileViewSchema,
  }),
  'profile.select': method({
    summary: 'Make the profile at `path` the active one.',
    input: z.object({ path: z.string().min(1) }).strict(),
    output: profileViewSchema,
  }),
  'profile.validate': method({
    summary: 'Validate profile YAML text; errors point at the field and line.',
    input: z.object({ yaml: z.string() }).strict(),
    output: validationReportSchema,
  }),
  'profile.save': method({
    summary: 'Validate profile YAML and save it as `name`.yaml in the profile directory.',
    input: z
      .object({
        name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ".", "_" or "-"'),
        yaml: z.string(),
        overwrite: z.boolean().default(false),
      })
      .strict(),
    output: profileSummarySchema,
  }),
  'profile.importSshConfig': method({
    summary: 'Hosts found in an OpenSSH client config (default ~/.ssh/config); with `into`, adds the chosen ones to that profile file.',
    input: z
      .object({ path: z.string().min(1).optional(), into: z.string().min(1).optional(), hosts: z.array(z.string()).optional() })
      .strict(),
    output: z.object({
      configPath: z.string(),
      hosts: z.array(hostViewSchema),
      skipped: z.array(z.object({ alias: z.string(), reason: z.string() })),
      added: z.array(z.string()),
      kept: z.array(z.string()),
    }),
  }),
  'hosts.check': method({
    summary: 'Connect to a host over SSH (host key checked) and read its facts: OS, uptime, load, memory, disk free on log.dirs, Java.',
    input: z.object({ host: z.string().min(1) }).strict(),
    output: hostCheckSchema,
  }),
  'hosts.trustKey': method({
    summary: 'Store the host key of `host` in known_hosts, if it still has the `fingerprint` the user accepted.',
    input: z.object({ host: z.string().min(1), fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]+$/) }).strict(),
    output: z.object({ host: z.string(), fingerprint: z.string(), knownHostsFile: z.string() }),
  }),
  'hosts.unlockKey': method({
    summary: "Give the passphrase of `host`'s encrypted private key; kept in memory only, never stored.",
    input: z.object({ host: z.string().min(1), passphrase: z.string().min(1) }).strict(),
    output: z.object({ host: z.string() }),
  }),
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
  'cluster.state': method({
    summary:
      'Brokers (registered and absent), controller, topics with under-replicated/offline counts, ZooKeeper state; kept live by watches.',
    input: noInput,
    output: clusterStateSchema,
  }),
  'cluster.partitions': method({
    summary:
      "A topic's partitions: replicas, leader, ISR, leader epoch, and whether each is under-replicated, offline or led by a non-preferred replica.",
    input: z.object({ topic: topicNameSchema }).strict(),
    output: z.array(partitionStateViewSchema),
  }),
  'zookeeper.node': method({
    summary: 'Read-only: data (text or hex), stat and children of a znode.',
    input: z.object({ path: znodePathSchema.default('/') }).strict(),
    output: znodeSchema,
  }),
  'groups.list': method({
    summary: 'Consumer groups with their state and member count.',
    input: noInput,
    output: z.array(groupSummarySchema),
  }),
  'groups.describe': method({
    summary: 'A group’s members with their partitions, and lag per partition (committed vs log end offsets).',
    input: z.object({ groupId: groupIdSchema }).strict(),
    output: groupDetailSchema,
  }),
  'groups.resetOffsets': method({
    summary: "Move a group's committed offsets on a topic to earliest, latest, a timestamp or an offset; only while the group is empty.",
    input: z.object({ groupId: groupIdSchema, topic: topicNameSchema, to: resetTargetSchema }).strict(),
    output: z.array(z.object({ partition: z.number().int(), offset: z.number() })),
  }),
  'health.doctor': method({
    summary:
      "Listener doctor: each broker's advertised listeners (config over SSH) vs its ZooKeeper registration vs what this machine can resolve and reach, with the fix; plus risky durability settings.",
    input: noInput,
    output: z.object({ checkedAt: z.string(), findings: z.array(findingSchema) }),
  }),
  'messages.browse': method({
    summary:
      'Read messages of a topic (or one partition) from earliest, the latest N, an offset or a timestamp; bounded in count and bytes; never commits.',
    input: browseRequestSchema,
    output: browseResultSchema,
  }),
  'messages.produce': method({
    summary: 'Produce one message (key, value, headers; an explicit partition or the key hash) with acks=all.',
    input: produceRequestSchema,
    output: z.object({ partition: z.number().int(), offset: z.string() }),
  }),
  'topics.create': method({
    summary: 'Create a topic; the name, partition count and replication factor are checked before anything is sent.',
    input: z
      .object({
        name: topicNameSchema,
        partitions: z.number().int().min(1, 'a topic needs at least 1 partition').max(10_000),
        replicationFactor: z.number().int().min(1, 'the replication factor is at least 1').max(32_767),
        configs: z.record(configNameSchema, kafkaStringSchema).default({}),
      })
      .strict(),
    output: z.object({ name: z.string() }),
  }),
  'topics.delete': method({
    summary: 'Delete a topic and all its data. `confirm` must repeat the topic name.',
    input: z.object({ name: topicNameSchema, confirm: z.string() }).strict(),
    output: z.object({ name: z.string() }),
  }),
  'topics.configs': method({
    summary: "A topic's configuration, with which values are overrides and which are defaults.",
    input: z.object({ name: topicNameSchema }).strict(),
    output: z.array(
      z.object({ name: z.string(), value: z.string().nullable(), isDefault: z.boolean(), readOnly: z.boolean(), sensitive: z.boolean() }),
    ),
  }),
  'brokers.configs': method({
    summary: "A broker's configuration as it runs (sensitive values hidden).",
    input: z.object({ brokerId: z.number().int().min(0) }).strict(),
    output: z.array(
      z.object({ name: z.string(), value: z.string().nullable(), isDefault: z.boolean(), readOnly: z.boolean(), sensitive: z.boolean() }),
    ),
  }),
  'topics.alterConfigs': method({
    summary: "Set and remove a topic's config overrides; other overrides are kept.",
    input: z
      .object({
        name: topicNameSchema,
        set: z.record(configNameSchema, kafkaStringSchema).default({}),
        remove: z.array(configNameSchema).default([]),
      })
      .strict(),
    output: z.array(
      z.object({ name: z.string(), value: z.string().nullable(), isDefault: z.boolean(), readOnly: z.boolean(), sensitive: z.boolean() }),
    ),
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
  'logs.tail': method({
    summary: 'The last lines of a service log, optionally only lines containing `search`.',
    input: z
      .object({ service: z.string().min(1), lines: z.number().int().min(1).max(5000).default(200), search: z.string().optional() })
      .strict(),
    output: z.object({ service: z.string(), host: z.string(), file: z.string(), lines: z.array(z.string()) }),
  }),
  'logs.follow': method({
    summary: 'Follow a service log: the last `lines` lines, then every new line, as `log.line` events of the returned stream.',
    input: z.object({ service: z.string().min(1), lines: z.number().int().min(0).max(5000).default(100) }).strict(),
    output: z.object({ streamId: z.string(), host: z.string(), file: z.string() }),
  }),
  'logs.unfollow': method({
    summary: 'Stop following a log stream.',
    input: z.object({ streamId: z.string().min(1) }).strict(),
    output: z.object({ stopped: z.boolean() }),
  }),
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

  // --- Hardening (issue 14) ---
  'hosts.replaceKey': method({
    summary:
      "Replace `host`'s changed key in known_hosts by the one it presents now (`fingerprint`, as the user compared it); every old entry for the host is removed. `confirmHost`: the host's id, typed by the user.",
    input: z
      .object({ host: z.string().min(1), fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]+$/), confirmHost: z.string() })
      .strict(),
    output: z.object({ host: z.string(), fingerprint: z.string(), knownHostsFile: z.string(), removed: z.number() }),
  }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Contract[M]['output']>;
export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export type AppInfo = z.infer<typeof appInfoSchema>;
export type ProfileSummary = z.infer<typeof profileSummarySchema>;
export type ProfileView = z.infer<typeof profileViewSchema>;
export type HostCheck = z.infer<typeof hostCheckSchema>;
export type Operation = z.infer<typeof operationSchema>;
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;
export type ClusterState = z.infer<typeof clusterStateSchema>;
export type PartitionStateView = z.infer<typeof partitionStateViewSchema>;
export type Znode = z.infer<typeof znodeSchema>;
export type GroupDetail = z.infer<typeof groupDetailSchema>;
export type BrowseResult = z.infer<typeof browseResultSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type WorkloadRun = z.infer<typeof workloadRunSchema>;
export type VerifyResult = z.infer<typeof verifyResultSchema>;
export type PipelineView = z.infer<typeof pipelineViewSchema>;
export type PipelineDetail = z.infer<typeof pipelineDetailSchema>;
export type ValidationReport = z.infer<typeof validationReportSchema>;

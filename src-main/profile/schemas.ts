import { z } from 'zod';
import { appErrorSchema } from '../common/errors';
import { bastionLoop, describeLoop } from '../common/bastion-chain';

/**
 * The cluster profile: which hosts exist, how to reach them over SSH, and which
 * services run where. Stored as YAML; this schema is the single source of truth
 * for its shape (the sandbox writes it, the app reads it).
 */

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const entityId = z.string().regex(idPattern, 'use letters, digits, ".", "_" or "-" (at most 63 characters)');

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, e.g. 10.0.0.5:9092');

/** ZooKeeper's connect string as Kafka's `zookeeper.connect` takes it: one server or an ensemble, and an optional chroot. */
const zookeeperConnect = z
  .string()
  .regex(
    /^[^\s:,/]+:\d{1,5}(,[^\s:,/]+:\d{1,5})*(\/[^\s/]+(\/[^\s/]+)*)?$/,
    'expected host:port[,host:port…][/chroot], e.g. zk1:2181,zk2:2181,zk3:2181/kafka',
  );

/** An argv array run on the host (never a shell string): quoted by the SSH layer. */
export const argv = z.array(z.string()).min(1);

export const commandOverrides = z
  .object({
    start: argv.optional(),
    stop: argv.optional(),
    status: argv.optional(),
  })
  .strict();

/** A file on this machine: the file system refuses a NUL byte and names past its limits with errors no user should see. */
const localFile = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[^\0]*$/, 'a file path cannot contain a NUL character')
  .regex(/^(?![\s\S]*[^/]{256})/, 'a file name is at most 255 characters');

export const hostSchema = z
  .object({
    id: entityId,
    address: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1),
    /** Private key file on this machine (OpenSSH or PEM; may be encrypted). */
    identityFile: localFile.optional(),
    /** Several key files, tried in this order (ssh's several IdentityFile lines); instead of identityFile. */
    identityFiles: z.array(localFile).min(1).optional(),
    /** Ask for the key's passphrase when connecting instead of failing. */
    passphrasePrompt: z.boolean().default(false),
    /** Use the SSH agent ($SSH_AUTH_SOCK). */
    agent: z.boolean().default(false),
    /** Host id of a bastion / ProxyJump host in this profile. */
    bastion: entityId.optional(),
    /** known_hosts file to verify against; defaults to ~/.ssh/known_hosts. */
    knownHostsFile: localFile.optional(),
  })
  .strict();

const serviceBase = {
  id: entityId,
  host: entityId,
  /** KAFKA_HOME on the host: bin/, config/, libs/ as in the Apache Kafka distribution. */
  installDir: z.string().min(1),
  commands: commandOverrides.optional(),
};

export const zookeeperService = z
  .object({
    ...serviceBase,
    kind: z.literal('zookeeper'),
    config: z.string().min(1).default('config/zookeeper.properties'),
    /** host:port clients use to reach ZooKeeper. */
    clientAddress: hostPort,
    /**
     * LOG_DIR for this service (absolute, or relative to installDir): given to the start script, where its .out,
     * server.log and GC log go. Services sharing a KAFKA_HOME need one each, or they write the same server.log.
     */
    logDir: z.string().min(1).optional(),
    logFile: z.string().min(1).optional(),
  })
  .strict();

export const brokerService = z
  .object({
    ...serviceBase,
    kind: z.literal('kafka-broker'),
    brokerId: z.number().int().min(0),
    config: z.string().min(1),
    /** The listener clients use (must match advertised.listeners). */
    advertisedAddress: hostPort,
    /**
     * LOG_DIR for this service (absolute, or relative to installDir): given to the start script, where its .out,
     * server.log and GC log go. Services sharing a KAFKA_HOME need one each, or they write the same server.log.
     */
    logDir: z.string().min(1).optional(),
    logFile: z.string().min(1).optional(),
  })
  .strict();

export const connectService = z
  .object({
    ...serviceBase,
    kind: z.literal('connect-worker'),
    config: z.string().min(1).default('config/connect-distributed.properties'),
    restUrl: z.url(),
    /**
     * LOG_DIR for this service (absolute, or relative to installDir): given to the start script, where its .out,
     * server.log and GC log go. Services sharing a KAFKA_HOME need one each, or they write the same server.log.
     */
    logDir: z.string().min(1).optional(),
    logFile: z.string().min(1).optional(),
  })
  .strict();

export const streamsetsService = z
  .object({
    ...serviceBase,
    kind: z.literal('streamsets'),
    baseUrl: z.url(),
    /** Data Collector user (HTTP Basic works in every SDC auth mode). */
    user: z.string().min(1).default('admin'),
    /** Environment variable holding the password: the profile never holds secrets. Unset: SDC's default "admin". */
    passwordEnv: z.string().min(1).optional(),
    logFile: z.string().min(1).optional(),
  })
  .strict();

/** One Flume agent (`bin/flume-ng agent … --name <agentName>`); several agents may share one FLUME_HOME. */
export const flumeAgentService = z
  .object({
    ...serviceBase,
    kind: z.literal('flume-agent'),
    /** The agent's name: `-n/--name`, and the prefix of every key in its config. */
    agentName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'use letters, digits, ".", "_" or "-"'),
    /** The agent's .conf, relative to installDir (FLUME_HOME) or absolute; default conf/<agentName>.conf. */
    config: z.string().min(1).optional(),
    /** Flume's HTTP JSON monitoring (`-Dflume.monitoring.type=http`), e.g. http://host:41414/metrics. */
    monitoringUrl: z.url(),
    /** Directory of the agent's logs (`-Dflume.log.dir`), relative to installDir or absolute. */
    logDir: z.string().min(1).default('logs'),
    logFile: z.string().min(1).optional(),
  })
  .strict()
  // The stock layout keeps one .conf per agent in conf/, named after it.
  .transform((s) => ({ ...s, config: s.config ?? `conf/${s.agentName}.conf` }));

/** An HDFS NameNode (with WebHDFS), e.g. the seed's data lake. */
export const hdfsNamenodeService = z
  .object({
    ...serviceBase,
    kind: z.literal('hdfs-namenode'),
    /** fs.defaultFS as clients use it, e.g. hdfs://namenode:8020. */
    fsUri: z.url(),
    /** The NameNode's HTTP address, where WebHDFS answers under /webhdfs/v1. */
    webhdfsUrl: z.url(),
    /** WebHDFS `user.name` (simple authentication). */
    user: z.string().min(1).default('hdfs'),
    /** The JVM main class that identifies the process on its host. */
    mainClass: z.string().min(1).default('org.apache.hadoop.hdfs.server.namenode.NameNode'),
    logFile: z.string().min(1).optional(),
  })
  .strict();

export const serviceSchema = z.discriminatedUnion('kind', [
  zookeeperService,
  brokerService,
  connectService,
  streamsetsService,
  flumeAgentService,
  hdfsNamenodeService,
]);

/** Where a pipeline's output lands: a directory on a host (listed over SSH) or a path in HDFS (read over WebHDFS). */
export const landingSchema = z.union([
  z.object({ host: entityId, path: z.string().min(1) }).strict(),
  z
    .object({
      /** Service id of the hdfs-namenode. */
      hdfs: entityId,
      path: z.string().regex(/^\//, 'an HDFS path starts with "/"'),
    })
    .strict(),
]);

export const pipelineSchema = z
  .object({
    id: entityId,
    engine: z.enum(['kafka-connect', 'streamsets', 'command', 'flume']),
    /** Service id of the engine (connect-worker, streamsets or flume-agent). */
    service: entityId.optional(),
    /** Connector name / StreamSets pipeline id / Flume agent name. */
    name: z.string().min(1),
    source: z.string().min(1),
    sink: z.string().min(1),
    topic: z.string().min(1).optional(),
    /** Connector config to create the pipeline with, when the engine supports it. */
    config: z.record(z.string(), z.string()).optional(),
    /** Command engine: the host its start/stop/status commands run on. */
    host: entityId.optional(),
    /** Command engine: argv arrays; status exits 0 when running, 3 when stopped (LSB). */
    commands: commandOverrides.optional(),
    /** Where the pipeline's output lands: listed over SSH in the Pipelines view, or in HDFS in the Data lake view. */
    landing: landingSchema.optional(),
  })
  .strict();

export const profileSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    description: z.string().optional(),
    hosts: z.array(hostSchema).min(1),
    services: z.array(serviceSchema).default([]),
    pipelines: z.array(pipelineSchema).default([]),
    kafka: z
      .object({
        /** Bootstrap servers as the brokers advertise them. */
        bootstrap: z.array(hostPort).min(1),
        zookeeper: zookeeperConnect,
        /** Host id to tunnel Kafka/ZooKeeper connections through; direct when absent. */
        tunnelVia: entityId.optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const hostIds = new Set<string>();
    p.hosts.forEach((h, i) => {
      if (hostIds.has(h.id)) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'id'], message: `duplicate host id "${h.id}"` });
      hostIds.add(h.id);
    });
    p.hosts.forEach((h, i) => {
      if (h.identityFile !== undefined && h.identityFiles !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', i, 'identityFiles'],
          message: 'use identityFile for one key or identityFiles for several, not both',
        });
      if (h.bastion !== undefined && !hostIds.has(h.bastion))
        ctx.addIssue({ code: 'custom', path: ['hosts', i, 'bastion'], message: `unknown host "${h.bastion}"` });
      if (h.bastion === h.id) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'bastion'], message: 'a host cannot be its own bastion' });
      const loop = h.bastion !== h.id ? bastionLoop(p.hosts, h.id) : undefined;
      // Reported on the hosts that are in the loop; a host that merely leads into one gets the message of its bastion.
      if (loop?.[0] === h.id) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'bastion'], message: describeLoop(loop) });
    });
    const serviceIds = new Set<string>();
    const brokerIds = new Set<number>();
    p.services.forEach((s, i) => {
      if (serviceIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['services', i, 'id'], message: `duplicate service id "${s.id}"` });
      serviceIds.add(s.id);
      if (!hostIds.has(s.host)) ctx.addIssue({ code: 'custom', path: ['services', i, 'host'], message: `unknown host "${s.host}"` });
      if (s.kind === 'kafka-broker') {
        if (brokerIds.has(s.brokerId))
          ctx.addIssue({ code: 'custom', path: ['services', i, 'brokerId'], message: `duplicate broker id ${s.brokerId}` });
        brokerIds.add(s.brokerId);
      }
    });
    const pipelineIds = new Set<string>();
    p.pipelines.forEach((pl, i) => {
      if (pipelineIds.has(pl.id))
        ctx.addIssue({ code: 'custom', path: ['pipelines', i, 'id'], message: `duplicate pipeline id "${pl.id}"` });
      pipelineIds.add(pl.id);
      if (pl.service !== undefined && !serviceIds.has(pl.service))
        ctx.addIssue({ code: 'custom', path: ['pipelines', i, 'service'], message: `unknown service "${pl.service}"` });
      if (pl.engine !== 'command' && pl.service === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['pipelines', i, 'service'],
          message: `a ${pl.engine} pipeline names the service of its engine`,
        });
      if (pl.engine === 'command' && (pl.host === undefined || !pl.commands?.start || !pl.commands.stop || !pl.commands.status))
        ctx.addIssue({
          code: 'custom',
          path: ['pipelines', i, 'commands'],
          message: 'a command pipeline needs a host and start, stop and status commands',
        });
      if (pl.host !== undefined && !hostIds.has(pl.host))
        ctx.addIssue({ code: 'custom', path: ['pipelines', i, 'host'], message: `unknown host "${pl.host}"` });
      const landing = pl.landing;
      if (landing && 'host' in landing && !hostIds.has(landing.host))
        ctx.addIssue({ code: 'custom', path: ['pipelines', i, 'landing', 'host'], message: `unknown host "${landing.host}"` });
      if (landing && 'hdfs' in landing && p.services.find((s) => s.id === landing.hdfs)?.kind !== 'hdfs-namenode')
        ctx.addIssue({
          code: 'custom',
          path: ['pipelines', i, 'landing', 'hdfs'],
          message: `"${landing.hdfs}" is not an hdfs-namenode service of this profile`,
        });
      const engineService = p.services.find((s) => s.id === pl.service);
      if (pl.engine === 'flume' && engineService && engineService.kind !== 'flume-agent')
        ctx.addIssue({ code: 'custom', path: ['pipelines', i, 'service'], message: `"${pl.service ?? ''}" is not a flume-agent service` });
      if (pl.engine === 'flume' && engineService?.kind === 'flume-agent' && engineService.agentName !== pl.name)
        ctx.addIssue({
          code: 'custom',
          path: ['pipelines', i, 'name'],
          message: `a flume pipeline is named after its agent: "${engineService.agentName}"`,
        });
    });
    if (p.kafka.tunnelVia !== undefined && !hostIds.has(p.kafka.tunnelVia))
      ctx.addIssue({ code: 'custom', path: ['kafka', 'tunnelVia'], message: `unknown host "${p.kafka.tunnelVia}"` });
  });

export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type Host = z.infer<typeof hostSchema>;

/** The key files of a host, in the order they are tried. */
export function identityFilesOf(host: Pick<Host, 'identityFile' | 'identityFiles'>): string[] {
  return host.identityFile !== undefined ? [host.identityFile] : (host.identityFiles ?? []);
}
export type Service = z.infer<typeof serviceSchema>;
export type ServiceKind = Service['kind'];
export type Pipeline = z.infer<typeof pipelineSchema>;

export const profileSourceSchema = z.enum(['profiles-dir', 'file', 'sandbox']);

export const profileSummarySchema = z.object({
  /** Stable key of the profile: its file path. */
  path: z.string(),
  name: z.string(),
  source: profileSourceSchema,
  active: z.boolean(),
  /** Present when the file exists but does not validate. */
  error: appErrorSchema.optional(),
});

export const hostViewSchema = z.object({
  id: z.string(),
  address: z.string(),
  port: z.number().int(),
  user: z.string(),
  bastion: z.string().optional(),
  auth: z.enum(['key', 'agent', 'key+agent', 'none']),
});

export const serviceViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['zookeeper', 'kafka-broker', 'connect-worker', 'streamsets', 'flume-agent', 'hdfs-namenode']),
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

export type ProfileSummary = z.infer<typeof profileSummarySchema>;
export type ProfileView = z.infer<typeof profileViewSchema>;

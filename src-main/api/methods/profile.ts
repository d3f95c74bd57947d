import { z } from 'zod';
import { method, noInput } from './define';
import { hostSchema, hostViewSchema, profileSummarySchema, profileViewSchema, validationReportSchema } from '../../profile/schemas';
import { discoveryResultSchema } from '../../discovery/schemas';

/** Cluster profiles: list, select, validate, save, import from ~/.ssh/config. */
export const profileMethods = {
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
    summary:
      'Hosts found in an OpenSSH client config (default ~/.ssh/config, with its Includes and /etc/ssh/ssh_config), resolved as `ssh -G` resolves them; with `into`, adds the chosen ones (and the jump hosts they go through) to that profile file. `skipped`: hosts the app cannot reach as ssh would (ProxyCommand, a bad Port), with the reason; `warnings`: lines it did not follow (Match).',
    input: z
      .object({
        path: z.string().min(1).optional(),
        into: z.string().min(1).optional(),
        /** Profile text to add the hosts to instead of a file (the editor's draft); the result comes back as `yaml`. */
        yaml: z.string().max(1_000_000).optional(),
        hosts: z.array(z.string()).optional(),
      })
      .strict(),
    output: z.object({
      configPath: z.string(),
      hosts: z.array(hostViewSchema),
      skipped: z.array(z.object({ alias: z.string(), reason: z.string() })),
      warnings: z.array(z.object({ file: z.string(), line: z.number().int(), message: z.string() })),
      added: z.array(z.string()),
      kept: z.array(z.string()),
      yaml: z.string().optional(),
    }),
  }),
  'profile.templates': method({
    summary: 'The example profiles shipped with the app, to start a new profile from.',
    input: noInput,
    output: z.array(z.object({ name: z.string(), description: z.string(), yaml: z.string() })),
  }),
  'profile.source': method({
    summary: 'The YAML text of the active profile (or the one at `path`), comments included, for the profile editor.',
    input: z.object({ path: z.string().min(1).optional() }).strict(),
    output: z.object({ path: z.string(), name: z.string(), yaml: z.string() }),
  }),
  'profile.discover': method({
    summary:
      'Find over SSH what runs on hosts (ZooKeeper, brokers, Connect, Flume, StreamSets, HDFS; running, or installed and stopped) and propose a profile for them, with findings. Hosts: `hosts` (a draft, before any profile exists), or the hosts of the profile at `path` (default the active one), optionally only `hostIds`. `zookeeper`: the cluster to propose when the hosts hold several. Read-only.',
    input: z
      .object({
        hosts: z.array(hostSchema).min(1).max(64).optional(),
        path: z.string().min(1).optional(),
        hostIds: z.array(z.string().min(1)).min(1).optional(),
        zookeeper: z.string().min(1).max(2000).optional(),
        name: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ".", "_" or "-"')
          .optional(),
      })
      .strict(),
    output: discoveryResultSchema,
  }),
} as const;

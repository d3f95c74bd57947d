import { z } from 'zod';
import { method, noInput } from './define';
import { hostViewSchema, profileSummarySchema, profileViewSchema, validationReportSchema } from '../../profile/schemas';

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
      .object({ path: z.string().min(1).optional(), into: z.string().min(1).optional(), hosts: z.array(z.string()).optional() })
      .strict(),
    output: z.object({
      configPath: z.string(),
      hosts: z.array(hostViewSchema),
      skipped: z.array(z.object({ alias: z.string(), reason: z.string() })),
      warnings: z.array(z.object({ file: z.string(), line: z.number().int(), message: z.string() })),
      added: z.array(z.string()),
      kept: z.array(z.string()),
    }),
  }),
} as const;

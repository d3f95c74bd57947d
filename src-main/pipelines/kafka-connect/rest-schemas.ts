import { z } from 'zod';

// Wire format: only the fields this adapter reads; Connect adds fields between versions.

const configValueSchema = z.union([z.string(), z.number(), z.boolean()]).nullable();
const configSchema = z.record(z.string(), configValueSchema).transform((raw) => {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== null) config[key] = String(value);
  return config;
});

const connectTaskStateSchema = z.object({
  id: z.number(),
  state: z.string(),
  worker_id: z.string().nullish(),
  trace: z.string().nullish(),
});

/** `GET /connectors/{name}/status`; also the body of a 202 restart (the restart plan). */
export const connectStatusSchema = z.object({
  name: z.string(),
  connector: z.object({ state: z.string(), worker_id: z.string().nullish(), trace: z.string().nullish() }),
  tasks: z.array(connectTaskStateSchema).default([]),
  type: z.string().nullish(),
});
export type ConnectStatus = z.infer<typeof connectStatusSchema>;

/** `GET /connectors/{name}`. */
export const connectInfoSchema = z.object({
  name: z.string(),
  config: configSchema,
  tasks: z.array(z.object({ connector: z.string(), task: z.number() })).default([]),
  type: z.string().nullish(),
});
export type ConnectInfo = z.infer<typeof connectInfoSchema>;

/** `GET /connectors?expand=status&expand=info`: Connect leaves out a status it cannot read. */
export const expandedListingSchema = z.record(
  z.string(),
  z.object({ status: connectStatusSchema.nullish(), info: connectInfoSchema.nullish() }),
);

export const rootSchema = z.object({ version: z.string(), commit: z.string().nullish(), kafka_cluster_id: z.string().nullish() });
export const pluginsSchema = z.array(z.object({ class: z.string(), type: z.string(), version: z.string().nullish() }));

export const validationSchema = z.object({
  name: z.string(),
  error_count: z.number(),
  configs: z.array(
    z.object({
      value: z.object({
        name: z.string(),
        value: z.string().nullish(),
        errors: z.array(z.string()).default([]),
      }),
    }),
  ),
});

export const offsetsSchema = z.object({
  offsets: z.array(
    z.object({
      partition: z.record(z.string(), z.unknown()),
      offset: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

export const connectErrorSchema = z.object({ error_code: z.number(), message: z.string().nullish() });

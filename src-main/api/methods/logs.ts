import { z } from 'zod';
import { method } from './define';

/** Service logs: tail and follow. */
export const logsMethods = {
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
} as const;

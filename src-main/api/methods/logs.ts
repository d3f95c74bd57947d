import { z } from 'zod';
import { logFilesSchema, logRangeSchema } from '../../logs/schemas';
import { method } from './define';

/** An absolute path that logs.files listed for the service; the service's usual log when left out. */
const file = z.string().min(1).max(4096).optional();

/** Service logs: which files each service writes, reading them, following them. */
export const logsMethods = {
  'logs.files': method({
    summary:
      'The log files of some services (default: every service), found over SSH, one command per host: path, size, last change, which service writes each (two brokers of one KAFKA_HOME each have their LOG_DIR).',
    input: z.object({ services: z.array(z.string().min(1)).max(64).optional() }).strict(),
    output: logFilesSchema,
    records: 'files',
  }),
  'logs.tail': method({
    summary: 'The last lines of a service log (`file`: one of its log files), optionally only lines containing `search`.',
    input: z
      .object({
        service: z.string().min(1),
        file,
        lines: z.number().int().min(1).max(5000).default(200),
        search: z.string().optional(),
      })
      .strict(),
    output: z.object({ service: z.string(), host: z.string(), file: z.string(), lines: z.array(z.string()) }),
  }),
  'logs.read': method({
    summary:
      'Whole lines of a log file from up to `bytes` bytes ending at byte `end` (default: the end of the file), with the byte range they cover: page back with end = the previous start.',
    input: z
      .object({
        service: z.string().min(1),
        file,
        end: z.number().int().min(0).optional(),
        bytes: z
          .number()
          .int()
          .min(1)
          .max(512 * 1024)
          .default(128 * 1024),
      })
      .strict(),
    output: logRangeSchema,
    records: 'lines',
  }),
  'logs.follow': method({
    summary:
      'Follow a service log (`file`: one of its log files): the last `lines` lines, or everything from byte `fromByte`, then every new line, as `log.line` events of the returned stream.',
    input: z
      .object({
        service: z.string().min(1),
        file,
        lines: z.number().int().min(0).max(5000).default(100),
        fromByte: z.number().int().min(0).optional(),
      })
      .strict(),
    output: z.object({ streamId: z.string(), host: z.string(), file: z.string() }),
  }),
  'logs.unfollow': method({
    summary: 'Stop following a log stream.',
    input: z.object({ streamId: z.string().min(1) }).strict(),
    output: z.object({ stopped: z.boolean() }),
  }),
} as const;

import { z } from 'zod';
import { appErrorSchema } from '../common/errors';

/** What writes a log file: log4j's own appenders, the daemon's console (`-daemon`'s `.out`), or the JVM's GC log. */
export const logRoleSchema = z.enum(['log', 'console', 'gc']);

/** One log file of one service, as found on its host. */
export const logFileSchema = z.object({
  service: z.string(),
  host: z.string(),
  /** The service's kind, so a list of files can be grouped and labelled without the profile. */
  kind: z.string(),
  /** Absolute path on the host. */
  path: z.string(),
  name: z.string(),
  role: logRoleSchema,
  /** The file to open first for this service (a broker's server.log, a Connect worker's connect.log). */
  primary: z.boolean(),
  /** A file rolled over by log4j or the JVM (server.log.2026-12-03-05, kafkaServer-gc.log.3): it no longer grows. */
  rotated: z.boolean(),
  size: z.number().int().min(0),
  /** Last modification, ISO 8601. */
  mtime: z.string(),
  /** Other services of the profile that write this same file (two services of one KAFKA_HOME without a LOG_DIR each). */
  sharedWith: z.array(z.string()),
});

export const logFilesSchema = z.object({
  files: z.array(logFileSchema),
  /** Log directories of the profile that do not exist on their host (a service never started there). */
  missing: z.array(z.object({ service: z.string(), host: z.string(), dir: z.string() })),
  /** Hosts that could not be listed; the files of the other hosts are still there. */
  problems: z.array(z.object({ host: z.string(), services: z.array(z.string()), error: appErrorSchema })),
});

/** Whole lines of a byte range of a log file: what paging back through a log reads. */
export const logRangeSchema = z.object({
  service: z.string(),
  host: z.string(),
  file: z.string(),
  /** The file's size when it was read. */
  size: z.number().int().min(0),
  /** Byte offset of the first returned line; 0 means the file's beginning was reached. */
  start: z.number().int().min(0),
  /** Byte offset just past the last returned line: a follow from here continues with the next line. */
  end: z.number().int().min(0),
  lines: z.array(z.string()),
});

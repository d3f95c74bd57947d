import { posix } from 'node:path';
import { fail } from '../common/errors';
import type { Service } from '../profile/schemas';
import { commandsFor, logDirOf } from '../services/service-commands';
import type { z } from 'zod';
import type { logRoleSchema } from './schemas';

type LogRole = z.infer<typeof logRoleSchema>;

/** A file a service writes in one of its log directories, by its current name; rolled copies add a suffix. */
export interface LogName {
  name: string;
  role: LogRole;
  primary?: boolean;
}

/** A directory and the names in it that belong to one service. */
export interface LogLocation {
  dir: string;
  names: LogName[];
}

/**
 * Where the stock distributions write. Kafka's scripts: kafka-run-class.sh puts `<daemon name>.out` and
 * `<daemon name>-gc.log` in LOG_DIR (default <KAFKA_HOME>/logs); config/log4j.properties writes server.log and the
 * broker's other appenders there, and ZooKeeper started from the same install uses that file too, so it writes a
 * server.log (its controller.log and friends stay empty). connect-log4j.properties writes connect.log. Flume's
 * log4j writes flume.log under -Dflume.log.dir, and the app keeps the agent's console as <agent>.out beside it.
 */
const kafkaNames: Record<'zookeeper' | 'kafka-broker' | 'connect-worker', LogName[]> = {
  'kafka-broker': [
    { name: 'server.log', role: 'log', primary: true },
    { name: 'controller.log', role: 'log' },
    { name: 'state-change.log', role: 'log' },
    { name: 'log-cleaner.log', role: 'log' },
    { name: 'kafka-request.log', role: 'log' },
    { name: 'kafka-authorizer.log', role: 'log' },
    { name: 'kafkaServer.out', role: 'console' },
    { name: 'kafkaServer-gc.log', role: 'gc' },
  ],
  zookeeper: [
    { name: 'server.log', role: 'log', primary: true },
    { name: 'zookeeper.out', role: 'console' },
    { name: 'zookeeper-gc.log', role: 'gc' },
  ],
  'connect-worker': [
    { name: 'connect.log', role: 'log', primary: true },
    { name: 'connectDistributed.out', role: 'console' },
    { name: 'connectDistributed-gc.log', role: 'gc' },
  ],
};

function absolute(service: Service, path: string): string {
  return clean(posix.isAbsolute(path) ? path : posix.join(service.installDir, path));
}

/** One spelling per directory, so two services naming the same LOG_DIR differently are seen to share it. */
function clean(dir: string): string {
  return posix.normalize(dir).replace(/(.)\/+$/, '$1');
}

/** The service's log directories and the file names in each that are its own. */
export function logLocationsOf(service: Service): LogLocation[] {
  const locations: LogLocation[] = [];
  switch (service.kind) {
    case 'zookeeper':
    case 'kafka-broker':
    case 'connect-worker':
      locations.push({ dir: clean(logDirOf(service) ?? posix.join(service.installDir, 'logs')), names: kafkaNames[service.kind] });
      break;
    case 'flume-agent':
      locations.push({
        dir: absolute(service, service.logDir),
        names: [
          { name: 'flume.log', role: 'log', primary: true },
          { name: `${service.agentName}.out`, role: 'console' },
        ],
      });
      break;
    case 'streamsets':
      locations.push({
        dir: clean(posix.join(service.installDir, 'log')),
        names: [
          { name: 'sdc.log', role: 'log', primary: true },
          { name: 'sdc.out', role: 'console' },
        ],
      });
      break;
    case 'hdfs-namenode':
      break;
  }
  // The file the app already reads for this service (its console, or the profile's logFile) always belongs to it.
  const usual = commandsFor(service).logFile;
  const dir = clean(posix.dirname(usual));
  const name = posix.basename(usual);
  const at = locations.find((l) => l.dir === dir);
  const hasPrimary = locations.some((l) => l.names.some((n) => n.primary));
  if (!at) locations.push({ dir, names: [{ name, role: service.logFile ? 'log' : 'console', primary: !hasPrimary }] });
  else if (!at.names.some((n) => n.name === name)) at.names.push({ name, role: 'log', primary: !hasPrimary });
  // Hadoop's daemon scripts write hadoop-<user>-namenode-<host>.log and, beside it, the JVM's console as the same name in .out.
  const hadoopOut = /^(hadoop-.+)\.log$/.exec(name);
  const own = locations.find((l) => l.dir === dir);
  if (service.kind === 'hdfs-namenode' && hadoopOut && own && !own.names.some((n) => n.name === `${hadoopOut[1]}.out`)) {
    own.names.push({ name: `${hadoopOut[1]}.out`, role: 'console' });
  }
  return locations;
}

/**
 * A rolled copy of `base`: log4j's DailyRollingFileAppender adds the date (`server.log.2026-12-03-05`), the JVM's GC
 * log and RollingFileAppender a number (`kafkaServer-gc.log.3`). Compressed archives are left out: they cannot be
 * tailed.
 */
export function isRotationOf(name: string, base: string): boolean {
  return name.startsWith(`${base}.`) && /^[0-9][0-9_-]*$/.test(name.slice(base.length + 1));
}

/** Which of the service's names `file` (a bare file name in `location.dir`) is, and whether it is a rolled copy. */
export function matchLogName(location: LogLocation, file: string): { name: LogName; rotated: boolean } | undefined {
  for (const name of location.names) {
    if (file === name.name) return { name, rotated: false };
    if (isRotationOf(file, name.name)) return { name, rotated: true };
  }
  return undefined;
}

/** Whether `path` is one of the service's log files (current or rolled): the only files logs.* will read. */
export function isLogFileOf(service: Service, path: string): boolean {
  if (!posix.isAbsolute(path) || posix.normalize(path) !== path) return false;
  const dir = posix.dirname(path);
  const file = posix.basename(path);
  return logLocationsOf(service).some((l) => l.dir === dir && matchLogName(l, file) !== undefined);
}

/**
 * The file a logs.* call reads: the one asked for, when it is one of the service's own log files (so a caller cannot
 * read any file of the host through a log call), else the service's usual log.
 */
export function logFileFor(service: Service, file: string | undefined): string {
  if (file === undefined) return commandsFor(service).logFile;
  if (!isLogFileOf(service, file)) {
    fail('invalid_input', `${file} is not a log file of ${service.id}.`, {
      field: 'file',
      hint: 'Use a path that logs.files lists for this service.',
    });
  }
  return file;
}

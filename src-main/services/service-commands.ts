import { posix } from 'node:path';
import type { Service } from '../profile/schemas';

/**
 * How each kind of service is started, stopped and recognised on its host,
 * matching the Apache Kafka distribution's layout unless the profile
 * overrides a command. All commands run with the install dir as cwd.
 */
export interface ServiceCommands {
  cwd: string;
  start: string[];
  /** Run before the pid-based stop, when the profile overrides it. */
  stop?: string[];
  /** A `pgrep -f` regex matching only this service's JVM. */
  processPattern: string;
  logFile: string;
  /** How long the service may take to become healthy after start. */
  startTimeoutMs: number;
}

const mainClasses: Record<Service['kind'], string> = {
  zookeeper: 'org.apache.zookeeper.server.quorum.QuorumPeerMain',
  'kafka-broker': 'kafka.Kafka',
  'connect-worker': 'org.apache.kafka.connect.cli.ConnectDistributed',
  streamsets: 'com.streamsets.datacollector.main.DataCollectorMain',
};

const startScripts: Record<Service['kind'], string> = {
  zookeeper: 'bin/zookeeper-server-start.sh',
  'kafka-broker': 'bin/kafka-server-start.sh',
  'connect-worker': 'bin/connect-distributed.sh',
  streamsets: 'bin/streamsets',
};

// What the distribution's `-daemon` mode writes in LOG_DIR (kafka-run-class.sh's CONSOLE_OUTPUT_FILE, named after -name).
const consoleFiles: Record<Service['kind'], string> = {
  zookeeper: 'zookeeper.out',
  'kafka-broker': 'kafkaServer.out',
  'connect-worker': 'connectDistributed.out',
  streamsets: 'sdc.log',
};

const startTimeouts: Record<Service['kind'], number> = {
  zookeeper: 30_000,
  'kafka-broker': 90_000,
  'connect-worker': 120_000,
  streamsets: 120_000,
};

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The pattern names the main class with an escaped dot, so it never matches the
 * remote shell that runs pgrep itself (whose command line holds `kafka\.Kafka`).
 */
export function processPatternFor(service: Service): string {
  const main = escapeRegex(mainClasses[service.kind]);
  if (!('config' in service)) return main;
  // The distribution passes the config as given (often relative to KAFKA_HOME); some
  // wrappers resolve it to an absolute path. Either way it names this install only.
  const absolute = posix.isAbsolute(service.config) ? service.config : posix.join(service.installDir, service.config);
  const forms = [escapeRegex(absolute)];
  if (!posix.isAbsolute(service.config)) forms.push(` ${escapeRegex(service.config)}`);
  return `${main} .*(${forms.join('|')})( |$)`;
}

/**
 * The distribution's own way to start a service in the background. Kafka's scripts take `-daemon`; StreamSets'
 * `bin/streamsets dc` has no such flag and stays in the foreground, so it is detached here, its console kept in
 * log/sdc.out beside SDC's own log/sdc.log. The shell text is constant: nothing from the profile is pasted into it.
 */
function defaultStart(kind: Service['kind'], config: string | undefined): string[] {
  if (kind === 'streamsets') return ['sh', '-c', 'mkdir -p log && nohup bin/streamsets dc >> log/sdc.out 2>&1 < /dev/null &'];
  return [startScripts[kind], '-daemon', ...(config ? [config] : [])];
}

/** The service's LOG_DIR as an absolute path, when the profile gives one. */
export function logDirOf(service: Service): string | undefined {
  if (!('logDir' in service) || service.logDir === undefined) return undefined;
  return posix.isAbsolute(service.logDir) ? service.logDir : posix.join(service.installDir, service.logDir);
}

export function commandsFor(service: Service): ServiceCommands {
  const config = 'config' in service ? service.config : undefined;
  const logDir = logDirOf(service);
  // LOG_DIR through env(1): an argv, so nothing from the profile is parsed by a shell.
  const start = service.commands?.start ?? [...(logDir ? ['env', `LOG_DIR=${logDir}`] : []), ...defaultStart(service.kind, config)];
  const stop = service.commands?.stop;
  const defaultLogDir = service.kind === 'streamsets' ? 'log' : 'logs';
  const logFile = service.logFile ?? posix.join(logDir ?? defaultLogDir, consoleFiles[service.kind]);
  return {
    cwd: service.installDir,
    start,
    ...(stop ? { stop } : {}),
    processPattern: processPatternFor(service),
    logFile: posix.isAbsolute(logFile) ? logFile : posix.join(service.installDir, logFile),
    startTimeoutMs: startTimeouts[service.kind],
  };
}

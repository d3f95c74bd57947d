import { posix } from 'node:path';
import type { ScannedProcess } from './process-scan';

/**
 * What a JVM's command line says about the service it runs: which kind, its install (KAFKA_HOME, FLUME_HOME, …),
 * its config file and its log directory. Pure: the command line was read on the host by the process scan.
 */

export const MAIN_CLASSES = {
  'org.apache.zookeeper.server.quorum.QuorumPeerMain': 'zookeeper',
  'org.apache.zookeeper.server.ZooKeeperServerMain': 'zookeeper',
  'kafka.Kafka': 'kafka-broker',
  'org.apache.kafka.connect.cli.ConnectDistributed': 'connect-worker',
  'org.apache.flume.node.Application': 'flume-agent',
  'com.streamsets.datacollector.main.DataCollectorMain': 'streamsets',
  'org.apache.hadoop.hdfs.server.namenode.NameNode': 'hdfs-namenode',
  'org.apache.hadoop.mapreduce.MiniHadoopClusterManager': 'hdfs-namenode',
} as const;

export type MainClass = keyof typeof MAIN_CLASSES;
export type JvmKind = (typeof MAIN_CLASSES)[MainClass];

export interface JvmProcess {
  pid: number;
  user?: string;
  cwd?: string;
  kind: JvmKind;
  mainClass: MainClass;
  /** -Dkey=value before the main class. */
  systemProperties: Map<string, string>;
  classpath: string[];
  /** Arguments after the main class. */
  args: string[];
  /** The install the process runs from, absolute; how it was found. */
  home?: string;
  homeFrom?: 'classpath' | 'cwd' | 'property';
  /** The config file, absolute (resolved against the working directory, as the JVM did). */
  config?: string;
  /** The config argument as typed on the command line (relative when the stock scripts were given it so). */
  configArg?: string;
  /** Set when a relative path had to be resolved against something else than the known working directory. */
  unsure: string[];
}

const CLASSPATH_OPTIONS = new Set(['-cp', '-classpath', '--class-path']);
/** Launcher options that take the next argument as their value (so it is not the main class). */
const OPTIONS_WITH_VALUE = new Set([...CLASSPATH_OPTIONS, '-p', '--module-path', '--add-modules', '--add-opens', '--add-exports']);

function isMainClass(arg: string): arg is MainClass {
  return Object.prototype.hasOwnProperty.call(MAIN_CLASSES, arg);
}

/** Resolves `p` against `base` when relative; undefined when relative and there is no base. */
export function absoluteFrom(base: string | undefined, p: string): string | undefined {
  if (posix.isAbsolute(p)) return posix.normalize(p);
  return base ? posix.normalize(posix.join(base, p)) : undefined;
}

/** The value of `--flag v`, `--flag=v`, or of its short form. */
function optionValue(args: ReadonlyArray<string>, names: ReadonlyArray<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

export function flumeAgentName(p: JvmProcess): string | undefined {
  return optionValue(p.args, ['--name', '-n']);
}

/** `--override key=value` pairs after a broker's config, as kafka-server-start.sh passes them. */
export function brokerOverrides(p: JvmProcess): Map<string, string> {
  const out = new Map<string, string>();
  p.args.forEach((a, i) => {
    if (a !== '--override') return;
    const kv = p.args[i + 1] ?? '';
    const eq = kv.indexOf('=');
    if (eq > 0) out.set(kv.slice(0, eq), kv.slice(eq + 1));
  });
  return out;
}

/**
 * The install from the classpath: Kafka's kafka-run-class.sh lists `<KAFKA_HOME>/bin/../libs/<jar>` (relative when
 * the script was called relatively), Flume puts `<FLUME_HOME>/lib/*`, Hadoop `<HOME>/share/hadoop/…`.
 */
function homeFromClasspath(kind: JvmKind, classpath: ReadonlyArray<string>, cwd: string | undefined): string | undefined {
  const pattern =
    kind === 'flume-agent'
      ? /^(.*)\/lib\/[^/]+$/
      : kind === 'hdfs-namenode'
        ? /^(.*)\/(share\/hadoop\/[^/]+\/)?lib\/[^/]+$/
        : /^(.*)\/libs\/[^/]+$/;
  for (const entry of classpath) {
    const m = pattern.exec(entry);
    if (m?.[1] === undefined) continue;
    const home = absoluteFrom(cwd, m[1] || '.');
    if (home) return home;
  }
  return undefined;
}

/** Reads a scanned process as one of the services discovery knows, or undefined for any other process. */
export function classifyJvm(proc: ScannedProcess): JvmProcess | undefined {
  const launcher = posix.basename(proc.argv[0] ?? '');
  if (!/^java(\.exe)?$/.test(launcher)) return undefined;
  const systemProperties = new Map<string, string>();
  let classpath: string[] = [];
  let mainIndex = -1;
  for (let i = 1; i < proc.argv.length; i++) {
    const a = proc.argv[i] ?? '';
    if (OPTIONS_WITH_VALUE.has(a)) {
      if (CLASSPATH_OPTIONS.has(a)) classpath = (proc.argv[i + 1] ?? '').split(':').filter(Boolean);
      i++;
      continue;
    }
    if (a.startsWith('-D')) {
      const eq = a.indexOf('=');
      systemProperties.set(eq === -1 ? a.slice(2) : a.slice(2, eq), eq === -1 ? '' : a.slice(eq + 1));
      continue;
    }
    if (a.startsWith('-')) continue;
    mainIndex = i;
    break;
  }
  const mainClass = proc.argv[mainIndex];
  if (mainClass === undefined || !isMainClass(mainClass)) return undefined;
  const kind = MAIN_CLASSES[mainClass];
  const args = proc.argv.slice(mainIndex + 1);
  const p: JvmProcess = {
    pid: proc.pid,
    ...(proc.user ? { user: proc.user } : {}),
    ...(proc.cwd ? { cwd: proc.cwd } : {}),
    kind,
    mainClass,
    systemProperties,
    classpath,
    args,
    unsure: [],
  };
  const property =
    kind === 'streamsets'
      ? systemProperties.get('sdc.dist.dir')
      : kind === 'hdfs-namenode'
        ? systemProperties.get('hadoop.home.dir')
        : undefined;
  const fromClasspath = homeFromClasspath(kind, classpath, proc.cwd);
  if (property && posix.isAbsolute(property)) Object.assign(p, { home: posix.normalize(property), homeFrom: 'property' });
  else if (fromClasspath) Object.assign(p, { home: fromClasspath, homeFrom: 'classpath' });
  else if (proc.cwd) Object.assign(p, { home: proc.cwd, homeFrom: 'cwd' });

  const configArg = kind === 'flume-agent' ? optionValue(args, ['--conf-file', '-f']) : kindTakesConfigFirst(kind) ? args[0] : undefined;
  if (configArg !== undefined) {
    // A relative config is relative to where the JVM was started (the stock scripts pass it as typed).
    const base = proc.cwd ?? p.home;
    const config = absoluteFrom(base, configArg);
    if (config) Object.assign(p, { config, configArg });
    if (!posix.isAbsolute(configArg) && !proc.cwd)
      p.unsure.push(`its config "${configArg}" is relative and its working directory cannot be read: taken relative to ${p.home ?? '?'}`);
  }
  return p;
}

function kindTakesConfigFirst(kind: JvmKind): boolean {
  return kind === 'zookeeper' || kind === 'kafka-broker' || kind === 'connect-worker';
}

/** The Kafka scripts' LOG_DIR, as kafka-run-class.sh hands it to log4j (`-Dkafka.logs.dir=`). */
export function kafkaLogDir(p: JvmProcess): string | undefined {
  const dir = p.systemProperties.get('kafka.logs.dir');
  return dir ? absoluteFrom(p.cwd ?? p.home, dir) : undefined;
}

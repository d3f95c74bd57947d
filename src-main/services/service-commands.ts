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
  /** How to find only this service's JVM. */
  processMatches: ProcessMatch[];
  logFile: string;
  /**
   * Further logs whose last lines a failed start shows: a Flume agent's console (`<agent>.out`) holds only the JVM's
   * own output, while why it failed (a port taken, a bad channel) goes to log4j's `flume.log` beside it.
   */
  failureLogs: string[];
  /** How long the service may take to become healthy after start. */
  startTimeoutMs: number;
}

type KafkaKind = 'zookeeper' | 'kafka-broker' | 'connect-worker';
type FlumeAgent = Extract<Service, { kind: 'flume-agent' }>;
type HdfsNamenode = Extract<Service, { kind: 'hdfs-namenode' }>;

export const FLUME_MAIN_CLASS = 'org.apache.flume.node.Application';
/** Hadoop's test cluster (NameNode and DataNode in one JVM); it takes its NameNode port on the command line. */
export const HDFS_MINICLUSTER_MAIN_CLASS = 'org.apache.hadoop.mapreduce.MiniHadoopClusterManager';

function mainClassOf(service: Service): string {
  switch (service.kind) {
    case 'zookeeper':
      return 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
    case 'kafka-broker':
      return 'kafka.Kafka';
    case 'connect-worker':
      return 'org.apache.kafka.connect.cli.ConnectDistributed';
    case 'streamsets':
      return 'com.streamsets.datacollector.main.DataCollectorMain';
    case 'flume-agent':
      return FLUME_MAIN_CLASS;
    case 'hdfs-namenode':
      return service.mainClass;
  }
}

const startScripts: Record<KafkaKind, string> = {
  zookeeper: 'bin/zookeeper-server-start.sh',
  'kafka-broker': 'bin/kafka-server-start.sh',
  'connect-worker': 'bin/connect-distributed.sh',
};

/**
 * What the distribution's background mode writes: Kafka's `-daemon` (kafka-run-class.sh's CONSOLE_OUTPUT_FILE, in
 * LOG_DIR, named after -name), SDC's own log. Hadoop names its daemon log after the user and the host
 * (hadoop-<user>-namenode-<host>.log), which the app cannot know: a profile sets `logFile` for a NameNode.
 */
function defaultLogOf(service: Service): string {
  switch (service.kind) {
    case 'zookeeper':
      return posix.join(logDirOf(service) ?? 'logs', 'zookeeper.out');
    case 'kafka-broker':
      return posix.join(logDirOf(service) ?? 'logs', 'kafkaServer.out');
    case 'connect-worker':
      return posix.join(logDirOf(service) ?? 'logs', 'connectDistributed.out');
    case 'streamsets':
      return 'log/sdc.log';
    case 'flume-agent':
      return posix.join(service.logDir, `${service.agentName}.out`);
    case 'hdfs-namenode':
      return 'logs/hadoop-namenode.log';
  }
}

const startTimeouts: Record<Service['kind'], number> = {
  zookeeper: 30_000,
  'kafka-broker': 90_000,
  'connect-worker': 120_000,
  streamsets: 120_000,
  // A few seconds of JVM start, then the file channel replays its log (longer after a kill).
  'flume-agent': 90_000,
  // WebHDFS answers once the NameNode has left safe mode's start-up; ~20 s for the minicluster.
  'hdfs-namenode': 120_000,
};

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A `pgrep -f` pattern, and the working directory the process must have when the pattern names a relative path. */
export interface ProcessMatch {
  pattern: string;
  cwd?: string;
}

/**
 * The patterns name the main class with an escaped dot, so they never match the
 * remote shell that runs pgrep itself (whose command line holds `kafka\.Kafka`).
 *
 * A config is a whole argument, right after the main class (the stock scripts) or
 * later. Given absolutely, it names this install only. Given relative (the stock
 * scripts leave `config/server-0.properties` as typed), it is relative to the
 * process's working directory, so it names this install only when that directory
 * is the install: two installs on one host both have a `config/server-0.properties`.
 */
export function processMatchesFor(service: Service): ProcessMatch[] {
  if (!('config' in service) || service.kind === 'flume-agent') return [{ pattern: processPatternFor(service) }];
  const main = escapeRegex(mainClassOf(service));
  const wholeArg = (path: string) => `${main}( | .* )${escapeRegex(path)}( |$)`;
  const absolute = posix.isAbsolute(service.config) ? service.config : posix.join(service.installDir, service.config);
  const home = service.installDir.replace(/\/+$/, '');
  // An absolute config under the install may have been started as the install-relative path, and the other way round.
  const relative = !posix.isAbsolute(service.config)
    ? posix.normalize(service.config)
    : absolute.startsWith(`${home}/`)
      ? absolute.slice(home.length + 1)
      : undefined;
  return [{ pattern: wholeArg(absolute) }, ...(relative ? [{ pattern: wholeArg(relative), cwd: service.installDir }] : [])];
}

/** The first pattern of a service: for Flume agents and NameNodes the only one; for the others, its config's absolute path. */
export function processPatternFor(service: Service): string {
  const main = escapeRegex(mainClassOf(service));
  if (service.kind === 'flume-agent') return flumePattern(main, service);
  if (service.kind === 'hdfs-namenode') return hdfsPattern(main, service);
  if (!('config' in service)) return main;
  const absolute = posix.isAbsolute(service.config) ? service.config : posix.join(service.installDir, service.config);
  return `${main}( | .* )${escapeRegex(absolute)}( |$)`;
}

/**
 * One shell for the pids of several services: its arguments are, per service, `--service` then pattern and working
 * directory pairs (the directory empty when any will do). It prints a `@@kcc@@` line before each service's pids.
 * Constant text: patterns and directories arrive as arguments, never pasted into the script.
 *
 * One `pgrep` with every pattern at once lists the candidates, and one `awk` tells them apart by pattern: a `pgrep`
 * per pattern matched every pattern against every command line on the host (Java's are many kilobytes), 110-180 ms
 * for a host's services here. awk takes the patterns from ARGV, which it reads as they are (`-v` would turn their
 * backslashes into escapes). A working directory is compared in the shell, with `cd` and `pwd -P`.
 */
export const PIDS_SCRIPT = [
  'alt=""; next=pat',
  'for a in "$@"; do',
  '  if [ "$a" = --service ]; then next=pat; continue; fi',
  '  if [ "$next" = pat ]; then alt="${alt:+$alt|}($a)"; next=dir; else next=pat; fi',
  'done',
  'found=""',
  'if [ -n "$alt" ]; then found=$(pgrep -a -f -- "$alt"); fi',
  "printf '%s\\n' \"$found\" | awk '",
  '  BEGIN { n = ARGC; for (i = 1; i < n; i++) arg[i] = ARGV[i]; ARGC = 1 }',
  '  NF > 0 { line[++lines] = $0 }',
  '  END {',
  '    i = 1',
  '    while (i < n) {',
  '      if (arg[i] == "--service") { print "@@kcc@@"; i++; continue }',
  '      pat = arg[i]; dir = arg[i + 1]; i += 2',
  '      for (l = 1; l <= lines; l++) {',
  '        sp = index(line[l], " ")',
  '        if (sp > 0 && substr(line[l], sp + 1) ~ pat) print substr(line[l], 1, sp - 1) " " dir',
  '      }',
  '    }',
  '  }\' "$@" | while IFS= read -r l; do',
  '  if [ "$l" = @@kcc@@ ]; then echo @@kcc@@; continue; fi',
  '  p=${l%% *}; dir=${l#* }',
  '  if [ -n "$dir" ]; then',
  '    want=$(cd "$dir" 2>/dev/null && pwd -P) || continue',
  '    [ "$(cd "/proc/$p/cwd" 2>/dev/null && pwd -P)" = "$want" ] || continue',
  '  fi',
  '  echo "$p"',
  'done',
  'true',
].join('\n');

export function pidsScriptArgs(services: ReadonlyArray<Service>): string[] {
  return services.flatMap((s) => ['--service', ...processMatchesFor(s).flatMap((m) => [m.pattern, m.cwd ?? ''])]);
}

/** The pids per service from PIDS_SCRIPT's output, in the order given, each once. */
export function parsePidsOutput(stdout: string): number[][] {
  return stdout
    .split('@@kcc@@\n')
    .slice(1)
    .map((section) => [
      ...new Set(
        section
          .split('\n')
          .map((l) => Number(l.trim()))
          .filter((n) => Number.isInteger(n) && n > 0),
      ),
    ]);
}

/**
 * Several agents run from one FLUME_HOME (the seed's two do), all with the same main class: the agent is told
 * apart by its name (`-n`/`--name`, as flume-ng passes it through), which is unique on a host since it also
 * names the agent's keys in its config.
 */
function flumePattern(main: string, agent: FlumeAgent): string {
  return `${main} .*(-n|--name)[ =]${escapeRegex(agent.agentName)}( |$)`;
}

/**
 * A stock NameNode is alone on its host and read its ports from hdfs-site.xml; the minicluster takes its
 * NameNode port as `-nnport`, which tells apart two of them on one machine (a sandbox beside a test harness).
 */
function hdfsPattern(main: string, namenode: HdfsNamenode): string {
  if (namenode.mainClass !== HDFS_MINICLUSTER_MAIN_CLASS) return main;
  const port = new URL(namenode.fsUri).port || '8020';
  return `${main} .*-nnport ${port}( |$)`;
}

/** The port of Flume's HTTP monitoring, from the URL the app reads it at. */
export function monitoringPortOf(agent: FlumeAgent): string {
  const u = new URL(agent.monitoringUrl);
  return u.port || (u.protocol === 'https:' ? '443' : '80');
}

/**
 * Flume's stock launcher, `bin/flume-ng agent`, stays in the foreground: detached with nohup, its console kept in
 * <logDir>/<agent>.out. Flume's log4j configuration writes under `flume.log.dir`. The profile's values reach the
 * constant script as positional arguments, never as shell text.
 */
const FLUME_START_SCRIPT =
  'mkdir -p "$3" && nohup bin/flume-ng agent --conf conf --conf-file "$1" --name "$2" ' +
  '-Dflume.monitoring.type=http -Dflume.monitoring.port="$4" -Dflume.log.dir="$3" > "$3/$2.out" 2>&1 < /dev/null &';

function flumeStart(agent: FlumeAgent): string[] {
  return ['sh', '-c', FLUME_START_SCRIPT, 'flume-agent', agent.config, agent.agentName, agent.logDir, monitoringPortOf(agent)];
}

/**
 * The distribution's own way to start a service in the background. Kafka's scripts take `-daemon`; StreamSets'
 * `bin/streamsets dc` has no such flag and stays in the foreground, so it is detached here, its console kept in
 * log/sdc.out beside SDC's own log/sdc.log. The shell text is constant: nothing from the profile is pasted into it.
 */
function defaultStart(service: Service): string[] {
  switch (service.kind) {
    case 'streamsets':
      return ['sh', '-c', 'mkdir -p log && nohup bin/streamsets dc >> log/sdc.out 2>&1 < /dev/null &'];
    case 'flume-agent':
      return flumeStart(service);
    case 'hdfs-namenode':
      // Hadoop 3's daemon mode (it writes its own pid file and log under HADOOP_LOG_DIR).
      return ['bin/hdfs', '--daemon', 'start', 'namenode'];
    default:
      return [startScripts[service.kind], '-daemon', service.config];
  }
}

/** The service's LOG_DIR as an absolute path, when the profile gives one. */
export function logDirOf(service: Service): string | undefined {
  if (!('logDir' in service) || service.logDir === undefined) return undefined;
  return posix.isAbsolute(service.logDir) ? service.logDir : posix.join(service.installDir, service.logDir);
}

function absolute(service: Service, path: string): string {
  return posix.isAbsolute(path) ? path : posix.join(service.installDir, path);
}

export function commandsFor(service: Service): ServiceCommands {
  // A Kafka distribution service's own LOG_DIR goes to its start script through env(1): an argv, so nothing from the
  // profile is parsed by a shell.
  const kafkaLogDir =
    service.kind === 'zookeeper' || service.kind === 'kafka-broker' || service.kind === 'connect-worker' ? logDirOf(service) : undefined;
  const start = service.commands?.start ?? [...(kafkaLogDir ? ['env', `LOG_DIR=${kafkaLogDir}`] : []), ...defaultStart(service)];
  const stop = service.commands?.stop;
  const logFile = service.logFile ?? defaultLogOf(service);
  return {
    cwd: service.installDir,
    start,
    ...(stop ? { stop } : {}),
    processMatches: processMatchesFor(service),
    logFile: absolute(service, logFile),
    failureLogs: service.kind === 'flume-agent' ? [absolute(service, posix.join(service.logDir, 'flume.log'))] : [],
    startTimeoutMs: startTimeouts[service.kind],
  };
}

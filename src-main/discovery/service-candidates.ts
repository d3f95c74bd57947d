import { posix } from 'node:path';
import { parseListeners, parseProperties } from '../common/properties';
import { parseHadoopSite, type ConfigRead } from './config-read';
import { absoluteFrom, brokerOverrides, flumeAgentName, kafkaLogDir, type JvmKind, type JvmProcess } from './jvm-process';

/**
 * One service found on a machine, running or only installed, described from its command line and its config
 * files, before it is placed on a host and given an id. Pure.
 */
export interface Candidate {
  kind: JvmKind;
  state: 'running' | 'stopped';
  pid?: number;
  user?: string;
  /** Hosts whose process table showed it (several when hosts share one kernel). */
  seenFrom: string[];
  /** Same kernel: processes seen from several hosts are one when this key is equal. */
  key: string;
  home: string;
  config?: string;
  /**
   * How the profile should name the config: relative to the install when the process was started from it with a
   * relative path (the app recognises a process by the config as its command line shows it), else absolute.
   */
  profileConfig?: string;
  logDir?: string;
  /** The config file's properties (Java properties, or Hadoop site XML merged). */
  props: Map<string, string>;
  /** Addresses the service binds or announces (to tell which host it belongs to). */
  binds: string[];
  /** Kind-specific facts. */
  zookeeper?: { clientPort: number; clientPortAddress?: string; myid?: number; ensemble: Map<number, string> };
  broker?: { brokerId?: number; zookeeperConnect?: string; advertised?: { host: string; port: number } };
  connect?: { rest?: { host: string; port: number; scheme: string }; bootstrap: string[] };
  flume?: {
    agentName: string;
    monitoringPort?: number;
    logDir?: string;
    bootstrap: string[];
    hdfsUris: string[];
    /** What its first source reads and its first sink writes, from its config. */
    flow?: FlumeFlow;
  };
  hdfs?: { fsUri?: string; webhdfs?: string; minicluster: boolean };
  streamsets?: { httpPort: number };
  /** What had to be guessed, for the findings. */
  notes: string[];
}

/** Properties of a Kafka-style config, with a broker's `--override`s applied as Kafka applies them. */
function propertiesOf(text: string | undefined, overrides?: Map<string, string>): Map<string, string> {
  const props = parseProperties(text ?? '');
  for (const [k, v] of overrides ?? []) props.set(k, v);
  return props;
}

function zookeeperFacts(props: Map<string, string>, myidText: string | undefined): NonNullable<Candidate['zookeeper']> {
  const ensemble = new Map<number, string>();
  for (const [k, v] of props) {
    const m = /^server\.(\d+)$/.exec(k);
    // server.N=host:quorumPort:electionPort[:role][;clientAddress]
    if (m?.[1]) ensemble.set(Number(m[1]), v.split(':')[0] ?? '');
  }
  const address = props.get('clientPortAddress');
  // The member's id is in <dataDir>/myid; without it, the server.N line with this member's client address.
  const fromFile = myidText !== undefined && /^\s*\d+\s*$/.test(myidText) ? Number(myidText.trim()) : undefined;
  const myid = fromFile ?? [...ensemble].find(([, host]) => address !== undefined && host === address)?.[0];
  return {
    clientPort: Number(props.get('clientPort') ?? 2181),
    ...(address && address !== '0.0.0.0' ? { clientPortAddress: address } : {}),
    ...(myid !== undefined ? { myid } : {}),
    ensemble,
  };
}

function brokerFacts(props: Map<string, string>): NonNullable<Candidate['broker']> {
  const id = props.get('broker.id');
  const advertised = parseListeners(props.get('advertised.listeners'))[0] ?? parseListeners(props.get('listeners'))[0];
  return {
    ...(id !== undefined && /^\d+$/.test(id) ? { brokerId: Number(id) } : {}),
    ...(props.get('zookeeper.connect') ? { zookeeperConnect: props.get('zookeeper.connect') } : {}),
    ...(advertised ? { advertised: { host: advertised.host, port: advertised.port } } : {}),
  };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function connectFacts(props: Map<string, string>): NonNullable<Candidate['connect']> {
  const m = /^([A-Za-z]+):\/\/(\[[^\]]*\]|[^:,]*):(\d+)/.exec(list(props.get('listeners'))[0] ?? '');
  const rest = m
    ? { scheme: (m[1] ?? 'http').toLowerCase(), host: (m[2] ?? '').replace(/^\[|\]$/g, ''), port: Number(m[3]) }
    : { scheme: 'http', host: props.get('rest.host.name') ?? '', port: Number(props.get('rest.port') ?? 8083) };
  return { rest, bootstrap: list(props.get('bootstrap.servers')) };
}

/** Kafka bootstrap servers a Flume agent's sources and sinks name (`<agent>.sources.<s>.kafka.bootstrap.servers`). */
function flumeBootstrap(props: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const [k, v] of props) if (/\.(kafka\.bootstrap\.servers|brokerList)$/.test(k)) for (const s of list(v)) out.add(s);
  return [...out];
}

export interface FlumeFlow {
  source: string;
  sink: string;
  topic?: string;
  /** hdfs://host:port/dir of an HDFS sink, up to the first directory named by a time escape (%Y…). */
  hdfsPath?: string;
}

/** The first source and sink of an agent's config (`<agent>.sources = a b`, `<agent>.sources.a.type = …`). */
function flumeFlow(props: Map<string, string>, agent: string): FlumeFlow | undefined {
  const first = (kind: 'sources' | 'sinks') => list(props.get(`${agent}.${kind}`)).at(0);
  const source = first('sources');
  const sink = first('sinks');
  if (!source || !sink) return undefined;
  const sp = (k: string) => props.get(`${agent}.sources.${source}.${k}`);
  const kp = (k: string) => props.get(`${agent}.sinks.${sink}.${k}`);
  const sourceType = sp('type') ?? '?';
  const sinkType = kp('type') ?? '?';
  const sourceTopic = sp('kafka.topics') ?? sp('topic');
  const sinkTopic = kp('kafka.topic') ?? kp('topic');
  const hdfs = sinkType === 'hdfs' ? kp('hdfs.path') : undefined;
  const hdfsPath = hdfs
    ?.split('/')
    .reduce<{ parts: string[]; stop: boolean }>(
      (acc, part) => (acc.stop || part.includes('%') ? { parts: acc.parts, stop: true } : { parts: [...acc.parts, part], stop: false }),
      { parts: [], stop: false },
    )
    .parts.join('/');
  const topic = sinkTopic ?? sourceTopic;
  return {
    source: sourceType === 'spooldir' ? `files spooled into ${sp('spoolDir') ?? '?'}` : sourceTopic ? `topic ${sourceTopic}` : sourceType,
    sink: hdfs ? `HDFS ${hdfs}` : sinkTopic ? `topic ${sinkTopic}` : sinkType,
    ...(topic ? { topic } : {}),
    ...(hdfsPath ? { hdfsPath } : {}),
  };
}

/** The file systems a Flume agent's HDFS sinks write to (`hdfs://host:port` of each `hdfs.path`). */
function flumeHdfsUris(props: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const [k, v] of props) {
    const m = /^(hdfs:\/\/[^/]+)/.exec(v.trim());
    if (/\.hdfs\.path$/.test(k) && m?.[1]) out.add(m[1]);
  }
  return [...out];
}

function bindsOf(c: Omit<Candidate, 'binds'>): string[] {
  const out: string[] = [];
  if (c.zookeeper?.clientPortAddress) out.push(c.zookeeper.clientPortAddress);
  if (c.zookeeper?.myid !== undefined) out.push(c.zookeeper.ensemble.get(c.zookeeper.myid) ?? '');
  for (const l of [...parseListeners(c.props.get('listeners')), ...parseListeners(c.props.get('advertised.listeners'))]) out.push(l.host);
  if (c.connect?.rest?.host) out.push(c.connect.rest.host);
  return [...new Set(out.filter((h) => h && h !== '0.0.0.0' && h !== '::'))];
}

/** A running service from its process and the files read for it. */
export function runningCandidate(p: JvmProcess, read: ConfigRead, host: string, bootId: string | undefined): Candidate | undefined {
  if (!p.home) return undefined;
  const text = p.config ? read.files.get(p.config) : undefined;
  const notes = [...p.unsure];
  if (p.config && text === undefined) notes.push(`its config ${p.config} could not be read`);
  const base: Omit<Candidate, 'binds'> = {
    kind: p.kind,
    state: 'running',
    pid: p.pid,
    ...(p.user ? { user: p.user } : {}),
    seenFrom: [host],
    key: `${bootId ?? `host:${host}`}:${p.pid}`,
    home: p.home,
    ...(p.config ? { config: p.config } : {}),
    ...(p.config
      ? { profileConfig: p.configArg && !posix.isAbsolute(p.configArg) && p.cwd === p.home ? posix.normalize(p.configArg) : p.config }
      : {}),
    props: new Map(),
    notes,
  };
  switch (p.kind) {
    case 'zookeeper': {
      base.props = propertiesOf(text);
      const dataDir = base.props.get('dataDir');
      const myid = dataDir ? read.files.get(posix.join(dataDir, 'myid')) : undefined;
      base.zookeeper = zookeeperFacts(base.props, myid);
      const logDir = kafkaLogDir(p);
      if (logDir) base.logDir = logDir;
      break;
    }
    case 'kafka-broker': {
      base.props = propertiesOf(text, brokerOverrides(p));
      base.broker = brokerFacts(base.props);
      const logDir = kafkaLogDir(p);
      if (logDir) base.logDir = logDir;
      break;
    }
    case 'connect-worker': {
      base.props = propertiesOf(text);
      base.connect = connectFacts(base.props);
      const logDir = kafkaLogDir(p);
      if (logDir) base.logDir = logDir;
      break;
    }
    case 'flume-agent': {
      base.props = propertiesOf(text);
      const agentName = flumeAgentName(p) ?? 'agent';
      const port = p.systemProperties.get('flume.monitoring.port');
      const logDir = p.systemProperties.get('flume.log.dir');
      base.flume = {
        agentName,
        ...(port && /^\d+$/.test(port) ? { monitoringPort: Number(port) } : {}),
        ...(logDir ? { logDir: absoluteFrom(p.cwd ?? p.home, logDir) ?? logDir } : {}),
        bootstrap: flumeBootstrap(base.props),
        hdfsUris: flumeHdfsUris(base.props),
        ...(flumeFlow(base.props, agentName) ? { flow: flumeFlow(base.props, agentName) } : {}),
      };
      if (!port)
        notes.push('it runs without HTTP monitoring (-Dflume.monitoring.type=http -Dflume.monitoring.port=…): its counters cannot be read');
      break;
    }
    case 'streamsets': {
      const confDir = p.systemProperties.get('sdc.conf.dir');
      base.props = propertiesOf(confDir ? read.files.get(posix.join(confDir, 'sdc.properties')) : undefined);
      base.streamsets = { httpPort: Number(base.props.get('http.port') ?? 18630) };
      break;
    }
    case 'hdfs-namenode': {
      if (p.mainClass === 'org.apache.hadoop.mapreduce.MiniHadoopClusterManager') {
        // The minicluster takes its ports on the command line and binds localhost only.
        const nn = p.args[p.args.indexOf('-nnport') + 1];
        const http = p.args[p.args.indexOf('-nnhttpport') + 1];
        base.hdfs = {
          minicluster: true,
          ...(p.args.includes('-nnport') && nn ? { fsUri: `hdfs://localhost:${nn}` } : {}),
          ...(p.args.includes('-nnhttpport') && http ? { webhdfs: `http://localhost:${http}` } : {}),
        };
        break;
      }
      const confDir = hadoopConfDir(p);
      for (const f of ['core-site.xml', 'hdfs-site.xml']) {
        const xml = confDir ? read.files.get(posix.join(confDir, f)) : undefined;
        for (const [k, v] of parseHadoopSite(xml ?? '')) base.props.set(k, v);
      }
      const fsUri = base.props.get('fs.defaultFS');
      const fsHost = fsUri ? new URL(fsUri).hostname : undefined;
      const http = base.props.get('dfs.namenode.http-address') ?? `${fsHost ?? '0.0.0.0'}:9870`;
      const [httpHost, httpPort] = http.split(':');
      const webHost = httpHost && httpHost !== '0.0.0.0' ? httpHost : fsHost;
      base.hdfs = {
        minicluster: false,
        ...(fsUri ? { fsUri } : {}),
        ...(webHost ? { webhdfs: `http://${webHost}:${httpPort ?? '9870'}` } : {}),
      };
      if (!fsUri) notes.push(`fs.defaultFS was not found in ${confDir ?? 'its configuration directory'}/core-site.xml`);
      break;
    }
  }
  return { ...base, binds: bindsOf(base) };
}

/** Hadoop's configuration directory: the first classpath entry that is a directory named …/etc/hadoop or …/conf. */
export function hadoopConfDir(p: JvmProcess): string | undefined {
  const fromCp = p.classpath.find((e) => /\/(etc\/hadoop|conf)\/?$/.test(e));
  if (fromCp) return absoluteFrom(p.cwd ?? p.home, fromCp);
  return p.home ? posix.join(p.home, 'etc', 'hadoop') : undefined;
}

/** Files to read for a running process (its config, the files it points at). */
export function filesFor(p: JvmProcess): Array<{ file: string } | { zookeeperConfig: string } | { kafkaHome: string }> {
  const out: Array<{ file: string } | { zookeeperConfig: string } | { kafkaHome: string }> = [];
  if (p.kind === 'zookeeper' && p.config) out.push({ zookeeperConfig: p.config });
  else if (p.config) out.push({ file: p.config });
  if ((p.kind === 'zookeeper' || p.kind === 'kafka-broker' || p.kind === 'connect-worker') && p.home) out.push({ kafkaHome: p.home });
  if (p.kind === 'streamsets') {
    const confDir = p.systemProperties.get('sdc.conf.dir');
    if (confDir) out.push({ file: posix.join(confDir, 'sdc.properties') });
  }
  if (p.kind === 'hdfs-namenode' && p.mainClass !== 'org.apache.hadoop.mapreduce.MiniHadoopClusterManager') {
    const confDir = hadoopConfDir(p);
    if (confDir) out.push({ file: posix.join(confDir, 'core-site.xml') }, { file: posix.join(confDir, 'hdfs-site.xml') });
  }
  return out;
}

/**
 * Services installed but not running: the Kafka configs under an install a running process uses that no running
 * process names. The stock distribution ships config/server.properties, zookeeper.properties and
 * connect-distributed.properties as templates: the proposal decides later which of these belong to the cluster.
 */
export function stoppedCandidates(home: string, from: Candidate, read: ConfigRead, usedConfigs: ReadonlySet<string>): Candidate[] {
  const out: Candidate[] = [];
  for (const [path, text] of read.files) {
    if (posix.dirname(path) !== posix.join(home, 'config') || usedConfigs.has(path)) continue;
    const name = posix.basename(path);
    const kind: JvmKind | undefined = name.startsWith('server')
      ? 'kafka-broker'
      : name.startsWith('zookeeper')
        ? 'zookeeper'
        : name.startsWith('connect-distributed')
          ? 'connect-worker'
          : undefined;
    if (!kind) continue;
    const props = propertiesOf(text);
    const base: Omit<Candidate, 'binds'> = {
      kind,
      state: 'stopped',
      seenFrom: from.seenFrom,
      key: `${from.key}:${path}`,
      home,
      config: path,
      props,
      notes: [],
    };
    if (kind === 'zookeeper') {
      const dataDir = props.get('dataDir');
      base.zookeeper = zookeeperFacts(props, dataDir ? read.files.get(posix.join(dataDir, 'myid')) : undefined);
    }
    if (kind === 'kafka-broker') base.broker = brokerFacts(props);
    if (kind === 'connect-worker') base.connect = connectFacts(props);
    out.push({ ...base, binds: bindsOf(base) });
  }
  return out;
}

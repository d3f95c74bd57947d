import { posix } from 'node:path';
import { stringify } from 'yaml';
import type { AppError } from '../common/errors';
import type { Host, ProfileInput } from '../profile/schemas';
import { parseProfile } from '../profile/parse-profile';
import type { ConfigRead } from './config-read';
import type { JvmProcess } from './jvm-process';
import { runningCandidate, stoppedCandidates, type Candidate } from './service-candidates';
import type { DiscoveredHost, DiscoveredService, DiscoveryFinding, DiscoveryResult } from './schemas';

/** What was read on one host: its processes of interest and the files read for them. */
export interface HostView {
  host: Host;
  error?: AppError;
  bootId?: string;
  processes: JvmProcess[];
  read: ConfigRead;
}

type ServiceInput = NonNullable<ProfileInput['services']>[number];

interface Placed extends Candidate {
  host: string;
  id: string;
  included: boolean;
}

/** `a:1,b:2/kafka` and `b:2,a:1/kafka` are the same ensemble and chroot. */
export function normalizeZookeeperConnect(connect: string): string {
  const slash = connect.indexOf('/');
  const servers = (slash === -1 ? connect : connect.slice(0, slash)).split(',').map((s) => s.trim().toLowerCase());
  const chroot = slash === -1 ? '' : connect.slice(slash).replace(/\/+$/, '');
  return `${[...new Set(servers)].sort().join(',')}${chroot}`;
}

function zkServers(connect: string): string[] {
  const slash = connect.indexOf('/');
  return (slash === -1 ? connect : connect.slice(0, slash)).split(',').map((s) => s.trim().toLowerCase());
}

function commonPrefixLength(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return i;
}

/**
 * Several hosts on one kernel (the same boot id) see the same processes: each process is placed once, on the host
 * whose address it binds or announces; one that binds none of them goes beside the services installed nearest to it.
 */
function place(candidates: Candidate[], hosts: Map<string, Host>, findings: DiscoveryFinding[]): Array<Candidate & { host: string }> {
  const placed = new Map<Candidate, string>();
  const pending: Candidate[] = [];
  for (const c of candidates) {
    if (c.seenFrom.length === 1) {
      placed.set(c, c.seenFrom[0] ?? '');
      continue;
    }
    const byAddress = c.seenFrom.filter((h) => c.binds.some((b) => b.toLowerCase() === hosts.get(h)?.address.toLowerCase()));
    if (byAddress.length === 1) placed.set(c, byAddress[0] ?? '');
    else pending.push(c);
  }
  for (const c of pending) {
    let best: { host: string; score: number } | undefined;
    for (const [other, host] of placed) {
      if (!c.seenFrom.includes(host)) continue;
      const score = commonPrefixLength(c.home, other.home);
      if (!best || score > best.score) best = { host, score };
    }
    const host = best?.host ?? c.seenFrom[0] ?? '';
    placed.set(c, host);
    findings.push({
      level: 'unsure',
      host,
      message: `${describe(c)} is seen from ${c.seenFrom.join(', ')}, which share one kernel (same boot id), and binds none of their addresses: placed on ${host}${best ? ', beside the services installed nearest to it' : ''}. Move it if it runs elsewhere.`,
    });
  }
  return candidates.map((c) => ({ ...c, host: placed.get(c) ?? '' }));
}

function describe(c: Candidate): string {
  const what =
    c.kind === 'kafka-broker'
      ? `broker ${c.broker?.brokerId ?? '?'}`
      : c.kind === 'flume-agent'
        ? `Flume agent ${c.flume?.agentName ?? '?'}`
        : c.kind === 'zookeeper'
          ? 'ZooKeeper'
          : c.kind === 'connect-worker'
            ? 'Connect worker'
            : c.kind === 'streamsets'
              ? 'StreamSets Data Collector'
              : 'HDFS NameNode';
  return `${what} (${c.state === 'running' ? `pid ${c.pid ?? '?'}` : 'stopped'}, ${c.config ?? c.home})`;
}

function zkClientAddress(c: Candidate, host: Host): string {
  const zk = c.zookeeper;
  const ensembleHost = zk?.myid !== undefined ? zk.ensemble.get(zk.myid) : undefined;
  return `${zk?.clientPortAddress ?? ensembleHost ?? host.address}:${zk?.clientPort ?? 2181}`;
}

function endpointHost(h: string | undefined, host: Host): string {
  return h && h !== '0.0.0.0' && h !== '::' ? h : host.address;
}

/** A unique id: `base`, or `base-<host>`, then a number. */
function uniqueId(base: string, host: string, taken: Set<string>, several: boolean): string {
  let id = several ? `${base}-${host}` : base;
  for (let n = 2; taken.has(id); n++) id = `${several ? `${base}-${host}` : base}-${n}`;
  taken.add(id);
  return id;
}

function clusterScore(brokers: Array<Candidate & { host: string }>, hosts: Map<string, Host>): number[] {
  const bound = brokers.filter((b) => b.binds.some((a) => a.toLowerCase() === hosts.get(b.host)?.address.toLowerCase())).length;
  return [bound, brokers.filter((b) => b.state === 'running').length, brokers.length];
}

export interface ProposeOptions {
  name: string;
  /** zookeeper.connect of the cluster to propose when the hosts hold several; default the best placed one. */
  zookeeper?: string;
}

/** The proposed profile and everything discovery can tell about it. Pure. */
export function proposeProfile(views: ReadonlyArray<HostView>, options: ProposeOptions): DiscoveryResult {
  const findings: DiscoveryFinding[] = [];
  const hosts = new Map(views.map((v) => [v.host.id, v.host]));

  for (const v of views)
    if (!v.error && v.processes.length === 0)
      findings.push({
        level: 'info',
        host: v.host.id,
        message: `${v.host.id}: no ZooKeeper, Kafka, Connect, Flume, StreamSets or HDFS process is visible. If /proc is mounted with hidepid, ${v.host.user} sees only its own processes: log in as the user that runs them, or root.`,
      });
  // Running services, one per process even when several hosts show it.
  const byKey = new Map<string, Candidate>();
  for (const v of views) {
    for (const p of v.processes) {
      const c = runningCandidate(p, v.read, v.host.id, v.bootId);
      if (!c) {
        findings.push({
          level: 'problem',
          host: v.host.id,
          message: `pid ${p.pid} (${p.mainClass}): its install directory cannot be told`,
        });
        continue;
      }
      const seen = byKey.get(c.key);
      if (seen) seen.seenFrom.push(v.host.id);
      else byKey.set(c.key, c);
    }
  }
  const running = [...byKey.values()];
  // Installed but stopped: the Kafka configs under the installs the running services use.
  const used = new Set(running.flatMap((c) => (c.config ? [c.config] : [])));
  const stopped = new Map<string, Candidate>();
  for (const c of running) {
    if (c.kind !== 'zookeeper' && c.kind !== 'kafka-broker' && c.kind !== 'connect-worker') continue;
    for (const v of views.filter((x) => c.seenFrom.includes(x.host.id)))
      for (const s of stoppedCandidates(c.home, c, v.read, used)) if (!stopped.has(s.config ?? '')) stopped.set(s.config ?? '', s);
  }
  const all = place([...running, ...stopped.values()], hosts, findings);

  // Brokers by cluster (their zookeeper.connect, chroot included).
  const clusters = new Map<string, { connect: string; brokers: typeof all }>();
  for (const b of all.filter((c) => c.kind === 'kafka-broker' && c.broker?.zookeeperConnect)) {
    const connect = b.broker?.zookeeperConnect ?? '';
    const key = normalizeZookeeperConnect(connect);
    const entry = clusters.get(key) ?? { connect, brokers: [] };
    if (b.state === 'running' && entry.brokers.every((x) => x.state !== 'running')) entry.connect = connect;
    entry.brokers.push(b);
    clusters.set(key, entry);
  }
  const wanted = options.zookeeper ? normalizeZookeeperConnect(options.zookeeper) : undefined;
  const ranked = [...clusters.entries()].sort(([, a], [, b]) => {
    const sa = clusterScore(a.brokers, hosts);
    const sb = clusterScore(b.brokers, hosts);
    for (let i = 0; i < sa.length; i++) if ((sa[i] ?? 0) !== (sb[i] ?? 0)) return (sb[i] ?? 0) - (sa[i] ?? 0);
    return 0;
  });
  const chosenKey = wanted && clusters.has(wanted) ? wanted : ranked[0]?.[0];
  if (wanted && !clusters.has(wanted))
    findings.push({ level: 'problem', message: `No broker on these hosts uses zookeeper.connect=${options.zookeeper ?? ''}.` });
  const chosen = chosenKey ? clusters.get(chosenKey) : undefined;
  if (clusters.size > 1)
    findings.push({
      level: 'unsure',
      message: `The hosts hold brokers of ${clusters.size} clusters (zookeeper.connect ${[...clusters.values()].map((c) => c.connect).join(' | ')}); proposed: ${chosen?.connect ?? '?'}. Choose another one to propose it instead.`,
    });

  const chosenServers = new Set(chosen ? zkServers(chosen.connect) : []);
  const brokerAddresses = new Set<string>();
  const takenBrokerIds = new Map<number, Candidate>();
  const placedServices: Placed[] = [];
  const taken = new Set<string>();
  // Running before stopped, so that a stopped copy of a running broker's config (the stock server.properties) loses.
  const ordered = [...all].sort((a, b) => (a.state === b.state ? 0 : a.state === 'running' ? -1 : 1));
  for (const c of ordered) {
    if (c.kind !== 'kafka-broker') continue;
    const host = hosts.get(c.host);
    const inCluster = chosenKey !== undefined && normalizeZookeeperConnect(c.broker?.zookeeperConnect ?? '') === chosenKey;
    const id = c.broker?.brokerId;
    let included = inCluster && id !== undefined && host !== undefined;
    if (inCluster && id === undefined)
      findings.push({ level: 'problem', host: c.host, message: `${describe(c)} has no broker.id: add it to the profile by hand.` });
    if (included && id !== undefined && takenBrokerIds.has(id)) {
      included = false;
      findings.push({
        level: 'info',
        host: c.host,
        message: `${describe(c)} has broker.id ${id}, already the id of ${describe(takenBrokerIds.get(id) ?? c)}: left out (a template or a spare copy).`,
      });
    }
    if (included && id !== undefined) takenBrokerIds.set(id, c);
    if (included && host && c.broker?.advertised)
      brokerAddresses.add(`${endpointHost(c.broker.advertised.host, host)}:${c.broker.advertised.port}`.toLowerCase());
    placedServices.push({ ...c, id: id !== undefined ? `broker-${id}` : `broker-${c.host}`, included });
  }
  const clusterAddresses = new Set([
    ...brokerAddresses,
    ...placedServices
      .filter((b) => b.included)
      .flatMap((b) => b.binds.map((h) => `${h}:${b.broker?.advertised?.port ?? ''}`.toLowerCase())),
  ]);
  const talksToCluster = (bootstrap: string[]) =>
    !chosen || bootstrap.length === 0 || bootstrap.some((b) => clusterAddresses.has(b.toLowerCase()));

  // First which services belong to the proposed cluster, then their ids: a left-out service never takes the name
  // an included one would have had.
  const decided: Array<{ c: (typeof ordered)[number]; included: boolean; base: string }> = [];
  const flumeIncluded = (c: Candidate) => talksToCluster(c.flume?.bootstrap ?? []);
  for (const c of ordered) {
    const host = hosts.get(c.host);
    if (!host || c.kind === 'kafka-broker') continue;
    switch (c.kind) {
      case 'zookeeper': {
        const address = zkClientAddress(c, host).toLowerCase();
        const port = String(c.zookeeper?.clientPort ?? 2181);
        const local = [`localhost:${port}`, `127.0.0.1:${port}`].some((a) => chosenServers.has(a)) && !c.zookeeper?.clientPortAddress;
        const included = !chosen || chosenServers.has(address) || local;
        decided.push({ c, included, base: c.zookeeper?.myid !== undefined ? `zk-${c.zookeeper.myid}` : 'zookeeper' });
        break;
      }
      case 'connect-worker':
        decided.push({
          c,
          included:
            talksToCluster(c.connect?.bootstrap ?? []) &&
            (c.state === 'running' || (chosen !== undefined && (c.connect?.bootstrap.length ?? 0) > 0)),
          base: 'connect',
        });
        break;
      case 'flume-agent':
        decided.push({ c, included: flumeIncluded(c), base: `flume-${c.flume?.agentName ?? 'agent'}` });
        break;
      case 'hdfs-namenode': {
        // A NameNode that only the left-out Flume agents write to belongs with them.
        const writers = all.filter((f) => f.kind === 'flume-agent' && c.hdfs?.fsUri && f.flume?.hdfsUris.includes(c.hdfs.fsUri));
        decided.push({ c, included: writers.length === 0 || writers.some(flumeIncluded), base: 'hdfs' });
        break;
      }
      case 'streamsets':
        decided.push({ c, included: true, base: 'streamsets' });
        break;
    }
  }
  for (const pass of [true, false]) {
    const mine = decided.filter((d) => d.included === pass);
    for (const d of mine) {
      const several = mine.filter((o) => o.base === d.base).length > 1;
      const id = uniqueId(d.base, d.c.host, taken, several);
      if (!d.included && d.c.state === 'running')
        findings.push({
          level: 'info',
          host: d.c.host,
          message: `${describe(d.c)} belongs to another cluster than the proposed one: left out.`,
        });
      placedServices.push({ ...d.c, id, included: d.included });
    }
  }

  inferStoppedLogDirs(placedServices, views, findings);
  const services = placedServices.filter((s) => s.included).flatMap((s) => serviceInput(s, hosts, findings));
  const bootstrap = [...brokerAddresses].sort();
  const zookeeper = chosen?.connect;
  if (!chosen)
    findings.push({
      level: 'problem',
      message:
        'No Kafka broker was found (running, or configured under a running install): add kafka.bootstrap and kafka.zookeeper by hand.',
    });

  // Without a broker there is no kafka section to propose: the profile stays invalid until the user writes one,
  // rather than valid with addresses nobody checked.
  const profile: Omit<ProfileInput, 'kafka'> & { kafka?: ProfileInput['kafka'] } = {
    version: 1,
    name: options.name,
    description: `Discovered over SSH on ${views.map((v) => v.host.id).join(', ')}; review before use.`,
    // As given, less the schema's defaults (no agent, no passphrase prompt) that a person would not write.
    hosts: views.map(({ host: { passphrasePrompt, agent, ...rest } }) => ({
      ...rest,
      ...(passphrasePrompt ? { passphrasePrompt } : {}),
      ...(agent ? { agent } : {}),
    })),
    services,
    pipelines: flumePipelines(placedServices),
    ...(zookeeper && bootstrap.length > 0 ? { kafka: { bootstrap, zookeeper } } : {}),
  };
  const yaml = `# Proposed by Kafka Control Center's discovery; review it, then save.\n${stringify(profile)}`;
  const parsed = parseProfile(yaml, 'proposal');
  for (const s of placedServices)
    for (const note of s.notes) findings.push({ level: 'unsure', host: s.host, service: s.id, message: `${describe(s)}: ${note}` });
  for (const s of placedServices.filter((x) => x.included && x.state === 'stopped'))
    findings.push({
      level: 'inferred',
      host: s.host,
      service: s.id,
      message: `${s.id}: stopped (from its config file ${s.config ?? ''}).`,
    });

  return {
    yaml,
    valid: parsed.ok,
    errors: parsed.ok ? [] : parsed.errors,
    hosts: views.map(hostReport),
    services: placedServices.map((s) => serviceReport(s, hosts)),
    clusters: ranked.map(([key, c]) => ({
      zookeeper: c.connect,
      brokerIds: [...new Set(c.brokers.flatMap((b) => (b.broker?.brokerId !== undefined ? [b.broker.brokerId] : [])))].sort(
        (a, b) => a - b,
      ),
      chosen: key === chosenKey,
    })),
    findings,
  };
}

/**
 * A stopped Kafka service has no LOG_DIR to read. When its install has a logs/<id> directory it had one of its own;
 * when it shares the install with others, it should have one, or it would write their server.log.
 */
function inferStoppedLogDirs(services: Placed[], views: ReadonlyArray<HostView>, findings: DiscoveryFinding[]): void {
  for (const s of services) {
    if (s.state !== 'stopped' || !s.included) continue;
    const dir = posix.join(s.home, 'logs', s.id);
    const exists = views.some((v) => v.read.logDirs.has(dir));
    const shared = services.some((o) => o !== s && o.included && o.home === s.home);
    if (exists || shared) {
      s.logDir = dir;
      findings.push({
        level: 'inferred',
        host: s.host,
        service: s.id,
        message: exists
          ? `${s.id}: LOG_DIR ${dir} (a directory of that name exists under its install).`
          : `${s.id}: LOG_DIR ${dir} proposed, so that it does not share server.log with the other services of ${s.home}.`,
      });
    }
  }
}

function serviceInput(s: Placed, hosts: Map<string, Host>, findings: DiscoveryFinding[]): ServiceInput[] {
  const host = hosts.get(s.host);
  if (!host) return [];
  const common = { id: s.id, host: s.host, installDir: s.home };
  const logDir = s.logDir ? { logDir: s.logDir } : {};
  switch (s.kind) {
    case 'zookeeper':
      return [
        {
          ...common,
          kind: 'zookeeper',
          config: s.profileConfig ?? s.config ?? 'config/zookeeper.properties',
          clientAddress: zkClientAddress(s, host),
          ...logDir,
        },
      ];
    case 'kafka-broker': {
      const adv = s.broker?.advertised;
      if (s.broker?.brokerId === undefined || !s.config) return [];
      return [
        {
          ...common,
          kind: 'kafka-broker',
          brokerId: s.broker.brokerId,
          config: s.profileConfig ?? s.config,
          advertisedAddress: `${endpointHost(adv?.host, host)}:${adv?.port ?? 9092}`,
          ...logDir,
        },
      ];
    }
    case 'connect-worker': {
      const rest = s.connect?.rest;
      return [
        {
          ...common,
          kind: 'connect-worker',
          config: s.profileConfig ?? s.config ?? 'config/connect-distributed.properties',
          restUrl: `${rest?.scheme ?? 'http'}://${endpointHost(rest?.host, host)}:${rest?.port ?? 8083}`,
          ...logDir,
        },
      ];
    }
    case 'flume-agent': {
      const f = s.flume;
      if (!f) return [];
      if (f.monitoringPort === undefined)
        findings.push({ level: 'unsure', host: s.host, service: s.id, message: `${s.id}: monitoring URL guessed at port 41414.` });
      return [
        {
          ...common,
          kind: 'flume-agent',
          agentName: f.agentName,
          ...(s.config ? { config: s.profileConfig ?? s.config } : {}),
          monitoringUrl: `http://${host.address}:${f.monitoringPort ?? 41414}/metrics`,
          ...(f.logDir ? { logDir: f.logDir } : {}),
        },
      ];
    }
    case 'hdfs-namenode': {
      const h = s.hdfs;
      if (!h?.fsUri || !h.webhdfs) {
        findings.push({
          level: 'problem',
          host: s.host,
          service: s.id,
          message: `${s.id}: its file system URI or WebHDFS address is unknown: add it by hand.`,
        });
        return [];
      }
      if (h.minicluster)
        findings.push({
          level: 'unsure',
          host: s.host,
          service: s.id,
          message: `${s.id} is Hadoop's minicluster, started by a wrapper script: give commands.start to start it from the app.`,
        });
      return [
        {
          ...common,
          kind: 'hdfs-namenode',
          fsUri: h.fsUri,
          webhdfsUrl: h.webhdfs,
          // The HDFS superuser is whoever runs the NameNode.
          ...(s.user ? { user: s.user } : {}),
          ...(h.minicluster ? { mainClass: 'org.apache.hadoop.mapreduce.MiniHadoopClusterManager' } : {}),
        },
      ];
    }
    case 'streamsets':
      return [{ ...common, kind: 'streamsets', baseUrl: `http://${host.address}:${s.streamsets?.httpPort ?? 18630}` }];
  }
}

type PipelineInput = NonNullable<ProfileInput['pipelines']>[number];

/** A pipeline per Flume agent of the proposal, read from its config; its landing when it writes into a proposed HDFS. */
function flumePipelines(services: Placed[]): PipelineInput[] {
  const included = services.filter((s) => s.included);
  // In id order, not in the order the agents' processes were listed: discovering again must propose the same text.
  const agents = included.filter((s) => s.kind === 'flume-agent').sort((a, b) => a.id.localeCompare(b.id));
  return agents.flatMap((s): PipelineInput[] => {
    const flow = s.kind === 'flume-agent' ? s.flume?.flow : undefined;
    if (!flow || !s.flume) return [];
    const hdfs = flow.hdfsPath
      ? included.find((h) => h.kind === 'hdfs-namenode' && h.hdfs?.fsUri && h.hdfs.webhdfs && flow.hdfsPath?.startsWith(`${h.hdfs.fsUri}/`))
      : undefined;
    const landingPath = hdfs?.hdfs?.fsUri && flow.hdfsPath ? flow.hdfsPath.slice(hdfs.hdfs.fsUri.length) : undefined;
    return [
      {
        id: s.id,
        engine: 'flume',
        service: s.id,
        name: s.flume.agentName,
        source: flow.source,
        sink: flow.sink,
        ...(flow.topic ? { topic: flow.topic } : {}),
        ...(hdfs && landingPath ? { landing: { hdfs: hdfs.id, path: landingPath } } : {}),
      },
    ];
  });
}

function hostReport(v: HostView): DiscoveredHost {
  return {
    host: v.host.id,
    reachable: !v.error,
    ...(v.error ? { error: v.error } : {}),
    ...(v.bootId ? { bootId: v.bootId } : {}),
    ...(v.error ? {} : { processes: v.processes.length }),
  };
}

function serviceReport(s: Placed, hosts: Map<string, Host>): DiscoveredService {
  const host = hosts.get(s.host);
  const endpoint =
    s.kind === 'kafka-broker' && s.broker?.advertised && host
      ? `${endpointHost(s.broker.advertised.host, host)}:${s.broker.advertised.port}`
      : s.kind === 'zookeeper' && host
        ? zkClientAddress(s, host)
        : s.kind === 'hdfs-namenode'
          ? s.hdfs?.fsUri
          : s.kind === 'connect-worker' && host
            ? `${endpointHost(s.connect?.rest?.host, host)}:${s.connect?.rest?.port ?? 8083}`
            : undefined;
  return {
    id: s.id,
    kind: s.kind,
    host: s.host,
    state: s.state,
    ...(s.pid !== undefined ? { pid: s.pid } : {}),
    installDir: s.home,
    ...(s.config ? { config: s.config } : {}),
    ...(s.logDir ? { logDir: s.logDir } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(s.broker?.brokerId !== undefined ? { brokerId: s.broker.brokerId } : {}),
    included: s.included,
  };
}

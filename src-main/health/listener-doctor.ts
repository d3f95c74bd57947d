import { parseListeners, type Listener } from '../common/properties';
import { type Finding } from './schemas';

export interface BrokerEvidence {
  brokerId: number;
  /** The host's address in the profile (what SSH uses). */
  hostAddress: string;
  /** host:port the profile says clients use. */
  profileAddress: string;
  /** server.properties as read over SSH; undefined when it could not be read. */
  config?: Map<string, string>;
  configError?: string;
  /** Endpoints registered in ZooKeeper; undefined when the broker is not registered. */
  registered?: string[];
  /** Reachability of each advertised host:port from this machine. */
  reach: Record<string, { resolves: boolean; connects: boolean; error?: string }>;
}

const loopback = (h: string) => h === 'localhost' || h.startsWith('127.') || h === '::1';
const wildcard = (h: string) => h === '' || h === '0.0.0.0' || h === '::';

/** The listeners a broker advertises, as Kafka derives them when advertised.listeners is unset. */
export function advertisedOf(config: Map<string, string>): Listener[] {
  return parseListeners(config.get('advertised.listeners') ?? config.get('listeners') ?? 'PLAINTEXT://:9092');
}

/**
 * Explains, per broker, whether clients can use what it advertises: config vs
 * ZooKeeper registration vs what this machine can resolve and connect to. Each
 * problem comes with the exact line to change.
 */
export function diagnoseListeners(brokers: ReadonlyArray<BrokerEvidence>, clientIsRemote: boolean, tunnelled = false): Finding[] {
  const findings: Finding[] = [];
  for (const b of brokers) {
    const id = b.brokerId;
    if (!b.config) {
      findings.push({
        severity: 'warning',
        brokerId: id,
        title: `Broker ${id}: config not readable`,
        detail: b.configError ?? 'The config file could not be read over SSH.',
      });
      continue;
    }
    const advertised = advertisedOf(b.config);
    const explicit = b.config.has('advertised.listeners');
    for (const l of advertised) {
      const addr = `${l.host}:${l.port}`;
      const fixLine = `advertised.listeners=${l.name}://${b.hostAddress}:${l.port}`;
      if (wildcard(l.host)) {
        findings.push({
          severity: 'warning',
          brokerId: id,
          title: `Broker ${id} advertises no host for ${l.name}`,
          detail: `${explicit ? 'advertised.listeners' : 'listeners (advertised.listeners is unset)'} has ${l.name}://${l.host}:${l.port}; the broker then advertises its own canonical host name, which clients elsewhere may not resolve.`,
          fix: `Set ${fixLine}`,
        });
        continue;
      }
      if (loopback(l.host) && (clientIsRemote || !loopback(b.hostAddress))) {
        findings.push({
          severity: tunnelled ? 'warning' : 'error',
          brokerId: id,
          title: `Broker ${id} advertises ${addr}`,
          detail: `Clients on other machines will connect to themselves, not to the broker: they bootstrap fine, then every produce and fetch goes to ${addr} on their own machine.${tunnelled ? ' This app reaches it through the SSH tunnel; other clients will not.' : ''}`,
          fix: `Set ${fixLine} in its server.properties and restart the broker.`,
        });
        if (!tunnelled) continue;
      }
      const r = b.reach[addr];
      if (r && !r.resolves) {
        findings.push({
          severity: 'error',
          brokerId: id,
          title: `Broker ${id} advertises ${addr}, which does not resolve here`,
          detail: `This machine cannot resolve "${l.host}" (${r.error ?? 'no address'}). Clients here get this name from the metadata and fail.`,
          fix: `Connect through SSH (set kafka.tunnelVia in the profile), or set ${fixLine}.`,
        });
      } else if (r && !r.connects) {
        findings.push({
          severity: 'error',
          brokerId: id,
          title: `Broker ${id} advertises ${addr}, but nothing answers there from here`,
          detail: r.error ?? 'The connection was refused or timed out.',
          fix: `Check that the broker listens on ${l.port} (listeners=…) and that a firewall or security group allows it, or connect through SSH (kafka.tunnelVia).`,
        });
      }
    }
    const configured = advertised.map((l) => `${l.name}://${l.host}:${l.port}`).sort();
    if (b.registered === undefined) {
      findings.push({
        severity: 'error',
        brokerId: id,
        title: `Broker ${id} is not registered in ZooKeeper`,
        detail: 'It is down, or cannot reach ZooKeeper; clients cannot use it.',
        fix: 'Start it from Hosts & services and read its log.',
      });
    } else if (explicit && JSON.stringify([...b.registered].sort()) !== JSON.stringify(configured)) {
      findings.push({
        severity: 'warning',
        brokerId: id,
        title: `Broker ${id} registered other endpoints than its config says`,
        detail: `ZooKeeper has ${b.registered.join(', ')}; server.properties has ${configured.join(', ')}. The config was changed after the broker started.`,
        fix: 'Restart the broker to apply the config.',
      });
    }
    if (b.registered && !b.registered.some((e) => e.endsWith(`//${b.profileAddress}`))) {
      findings.push({
        severity: 'warning',
        brokerId: id,
        title: `The profile expects broker ${id} at ${b.profileAddress}`,
        detail: `It is registered as ${b.registered.join(', ')}.`,
        fix: `Set advertisedAddress: ${b.registered[0]?.replace(/^[A-Za-z0-9_]+:\/\//, '') ?? ''} for this broker in the profile.`,
      });
    }
  }
  return findings;
}

/** How many topics a grouped finding names in its text; `topics` holds them all. */
const SHOWN_TOPICS = 20;

/** Settings that trade durability or availability away, from broker configs and topic replication. */
export function diagnoseRiskySettings(
  brokers: ReadonlyArray<BrokerEvidence>,
  topics: ReadonlyArray<{ name: string; replicationFactor: number; internal: boolean }>,
): Finding[] {
  const findings: Finding[] = [];
  for (const b of brokers) {
    const c = b.config;
    if (!c) continue;
    const num = (k: string, d: number) => Number(c.get(k) ?? d);
    if (num('default.replication.factor', 1) < 3)
      findings.push({
        severity: 'warning',
        brokerId: b.brokerId,
        title: `Broker ${b.brokerId}: default.replication.factor=${num('default.replication.factor', 1)}`,
        detail: 'Auto-created topics get fewer than 3 replicas; one broker loss can lose data.',
        fix: 'Set default.replication.factor=3.',
      });
    if (num('min.insync.replicas', 1) < 2)
      findings.push({
        severity: 'warning',
        brokerId: b.brokerId,
        title: `Broker ${b.brokerId}: min.insync.replicas=${num('min.insync.replicas', 1)}`,
        detail: 'acks=all is acknowledged with a single replica in sync.',
        fix: 'Set min.insync.replicas=2 (with replication factor 3).',
      });
    if ((c.get('unclean.leader.election.enable') ?? 'false').trim() === 'true')
      findings.push({
        severity: 'warning',
        brokerId: b.brokerId,
        title: `Broker ${b.brokerId}: unclean leader election is on`,
        detail: 'An out-of-sync replica may become leader and acknowledged messages are lost.',
        fix: 'Set unclean.leader.election.enable=false.',
      });
  }
  // One finding for all of them: a cluster of thousands of test topics must not bury the broker findings.
  const thin = topics.filter((t) => !t.internal && t.replicationFactor < 3).sort((a, b) => a.name.localeCompare(b.name));
  if (thin.length > 0) {
    const shown = thin.slice(0, SHOWN_TOPICS).map((t) => `${t.name} (${t.replicationFactor})`);
    const more = thin.length - shown.length;
    findings.push({
      severity: 'warning',
      ...(thin.length === 1 ? { topic: thin[0]?.name ?? '' } : {}),
      topics: thin.map((t) => t.name),
      title:
        thin.length === 1
          ? `Topic ${thin[0]?.name ?? ''} has replication factor ${thin[0]?.replicationFactor ?? 0}`
          : `${thin.length.toLocaleString('en-US')} topics have a replication factor below 3`,
      detail: `Losing one broker can make them unavailable or lose data: ${shown.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}.`,
      fix: 'Reassign them to 3 replicas (kafka-reassign-partitions.sh).',
    });
  }
  return findings;
}

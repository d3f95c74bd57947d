import { lookup } from 'node:dns/promises';
import { posix } from 'node:path';
import type { Profile } from '../profile/schemas';
import type { Dialer } from '../net/dial';
import type { ClusterAccess } from '../net/cluster-access';
import type { SshPool } from '../ssh/ssh-pool';
import type { ClusterState } from '../zookeeper/schemas';
import { advertisedOf, diagnoseListeners, diagnoseRiskySettings, type BrokerEvidence } from './listener-doctor';
import { parseProperties } from '../common/properties';
import { type Finding } from './schemas';
import { diagnoseSharedLogs } from './shared-logs';

async function reachability(dial: Dialer, host: string, port: number): Promise<{ resolves: boolean; connects: boolean; error?: string }> {
  try {
    await lookup(host);
  } catch (err) {
    return { resolves: false, connects: false, error: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    const s = await dial(host, port);
    s.destroy();
    return { resolves: true, connects: true };
  } catch (err) {
    return { resolves: true, connects: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Gathers each broker's config (over SSH), registration (ZooKeeper) and reachability (from here), then diagnoses. */
export async function runDoctor(profile: Profile, pool: SshPool, access: ClusterAccess, state: ClusterState): Promise<Finding[]> {
  const dial = access.dial;
  const evidence: BrokerEvidence[] = [];
  for (const s of profile.services) {
    if (s.kind !== 'kafka-broker') continue;
    const host = profile.hosts.find((h) => h.id === s.host);
    const path = posix.isAbsolute(s.config) ? s.config : posix.join(s.installDir, s.config);
    let config: Map<string, string> | undefined;
    let configError: string | undefined;
    try {
      config = parseProperties(await (await pool.connection(s.host)).readFile(path));
    } catch (err) {
      configError = `${s.host}:${path}: ${err instanceof Error ? err.message : String(err)}`;
    }
    const reg = state.brokers.find((b) => b.id === s.brokerId && b.registered);
    const reach: BrokerEvidence['reach'] = {};
    for (const l of config ? advertisedOf(config) : []) {
      if (l.host !== '') reach[`${l.host}:${l.port}`] = await reachability(dial, l.host, l.port);
    }
    evidence.push({
      brokerId: s.brokerId,
      hostAddress: host?.address ?? s.host,
      profileAddress: s.advertisedAddress,
      ...(config ? { config } : {}),
      ...(configError ? { configError } : {}),
      ...(reg ? { registered: reg.endpoints } : {}),
      reach,
    });
  }
  // Loopback SSH addresses mean the app runs beside the brokers (the sandbox); anything else is a remote client.
  const clientIsRemote = profile.hosts.some((h) => !h.address.startsWith('127.') && h.address !== 'localhost');
  const findings = [
    ...diagnoseListeners(evidence, clientIsRemote, profile.kafka.tunnelVia !== undefined),
    ...diagnoseRiskySettings(evidence, state.topics),
    ...diagnoseSharedLogs(profile),
  ];
  const clean = evidence.filter((e) => !findings.some((f) => f.brokerId === e.brokerId && f.severity === 'error'));
  for (const e of clean)
    findings.push({
      severity: 'ok',
      brokerId: e.brokerId,
      title: `Broker ${e.brokerId}: advertised listeners reachable`,
      detail: Object.keys(e.reach).join(', '),
    });
  return findings;
}

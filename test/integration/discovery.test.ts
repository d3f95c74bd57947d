import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normalizeZookeeperConnect } from '../../src-main/discovery/propose';
import { parseProfile } from '../../src-main/profile/parse-profile';
import type { Profile, Service } from '../../src-main/profile/schemas';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

/**
 * Discovery from the bare host list reproduces the sandbox profile's services. The sandbox's hosts share one kernel
 * (and process table), so every host sees every JVM: each discovered service is matched to the profile's by what
 * identifies it (broker id, config file, agent name, file system URI), and its host must be the one whose install
 * directory it runs from.
 */

const abs = (s: Service, p: string | undefined) => (p === undefined ? undefined : posix.isAbsolute(p) ? p : posix.join(s.installDir, p));

function identify(s: Service): string {
  switch (s.kind) {
    case 'kafka-broker':
      return `broker ${s.brokerId}`;
    case 'flume-agent':
      return `flume ${s.agentName}`;
    case 'hdfs-namenode':
      return `hdfs ${s.fsUri}`;
    case 'streamsets':
      return `streamsets ${s.baseUrl}`;
    default:
      return `${s.kind} ${abs(s, s.config) ?? ''}`;
  }
}

describe('discovery against the sandbox', () => {
  let app: AppHarness;
  let expected: Profile;
  let stopped: Extract<Service, { kind: 'kafka-broker' }>;

  beforeAll(async () => {
    const parsed = parseProfile(readFileSync(sandboxProfilePath(), 'utf8'));
    if (!parsed.ok) throw new Error('the sandbox profile does not validate');
    expected = parsed.profile;
    app = new AppHarness(sandboxProfilePath());
    // A broker that shares its install with another service (broker-1 in the sandbox): the harder case.
    const brokers = expected.services.filter((s): s is typeof stopped => s.kind === 'kafka-broker');
    const shared = brokers.find((b) => expected.services.some((o) => o !== b && o.installDir === b.installDir));
    stopped = shared ?? brokers[brokers.length - 1]!;
    const op = await app.call('services.stop', { service: stopped.id });
    expect(op.state, JSON.stringify(op.error)).toBe('succeeded');
  }, 120_000);

  afterAll(async () => {
    const op = await app.call('services.start', { service: stopped.id });
    await app.dispose();
    expect(op.state, JSON.stringify(op.error)).toBe('succeeded');
  }, 180_000);

  it('finds every service of the profile from the bare host list, the stopped broker from its config file', async () => {
    const hosts = (parse(readFileSync(sandboxProfilePath(), 'utf8')) as { hosts: unknown[] }).hosts as Profile['hosts'];
    const started = Date.now();
    const r = await app.call('profile.discover', { hosts, name: 'discovered' });
    const took = Date.now() - started;
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    for (const h of r.hosts) expect(h, h.host).toMatchObject({ reachable: true });
    const parsed = parseProfile(r.yaml);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    const proposal = parsed.profile;

    const found = new Map(proposal.services.map((s) => [identify(s), s]));
    for (const want of expected.services) {
      const got = found.get(identify(want));
      expect(got, `${want.id} (${identify(want)}) not discovered; found: ${[...found.keys()].join(', ')}`).toBeDefined();
      if (!got) continue;
      expect(got.kind).toBe(want.kind);
      expect(got.installDir, want.id).toBe(want.installDir);
      // Placed on the host whose directory it runs from (each sandbox host has its own).
      expect(got.host, want.id).toBe(want.host);
      if ('config' in want && 'config' in got) expect(abs(got, got.config), want.id).toBe(abs(want, want.config));
      if ('logDir' in want && want.logDir !== undefined && 'logDir' in got)
        expect(abs(got, got.logDir), want.id).toBe(abs(want, want.logDir));
      if (want.kind === 'zookeeper' && got.kind === 'zookeeper') expect(got.clientAddress).toBe(want.clientAddress);
      if (want.kind === 'kafka-broker' && got.kind === 'kafka-broker') expect(got.advertisedAddress).toBe(want.advertisedAddress);
      if (want.kind === 'connect-worker' && got.kind === 'connect-worker') expect(got.restUrl).toBe(want.restUrl);
      if (want.kind === 'flume-agent' && got.kind === 'flume-agent') expect(got.monitoringUrl).toBe(want.monitoringUrl);
      if (want.kind === 'hdfs-namenode' && got.kind === 'hdfs-namenode') {
        expect(got.webhdfsUrl).toBe(want.webhdfsUrl);
        expect(got.mainClass).toBe(want.mainClass);
      }
    }
    expect(r.services.find((s) => s.kind === 'kafka-broker' && s.included && s.brokerId === stopped.brokerId)).toMatchObject({
      state: 'stopped',
      included: true,
    });
    // Each Flume agent's pipeline, read from its config: its topic, and where it lands in HDFS.
    for (const want of expected.pipelines.filter((p) => p.engine === 'flume')) {
      const got = proposal.pipelines.find((p) => p.engine === 'flume' && p.name === want.name);
      expect(got, want.id).toBeDefined();
      expect(got?.topic, want.id).toBe(want.topic);
      if (want.landing && 'hdfs' in want.landing) expect(got?.landing, want.id).toMatchObject({ path: want.landing.path });
    }
    expect(normalizeZookeeperConnect(proposal.kafka.zookeeper)).toBe(normalizeZookeeperConnect(expected.kafka.zookeeper));
    expect([...proposal.kafka.bootstrap].sort()).toEqual([...expected.kafka.bootstrap].sort());
    console.log(`discovery of ${hosts.length} hosts: ${took} ms, ${r.services.length} services, ${r.findings.length} findings`);
  });

  it("discovers the active profile's hosts, or some of them, without being given the hosts", async () => {
    const first = expected.hosts[0]!.id;
    const r = await app.call('profile.discover', { hostIds: [first] });
    expect(r.hosts.map((h) => h.host)).toEqual([first]);
    expect(r.valid).toBe(true);
    const err = await app.callError('profile.discover', { hostIds: ['no-such-host'] });
    expect(err.code).toBe('not_found');
  });
});

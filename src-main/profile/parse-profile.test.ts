import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile } from './parse-profile';

const shipped = readFileSync(new URL('../../resources/profiles/example-ec2.yaml', import.meta.url), 'utf8');
// The tests below edit lines of a smaller profile.
const example = readFileSync(new URL('./fixtures/small-ec2.yaml', import.meta.url), 'utf8');

describe('parseProfile', () => {
  it('accepts the shipped example profile, the seed deployment, and fills defaults', () => {
    const r = parseProfile(shipped);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.profile.hosts.map((h) => h.id)).toEqual(['bastion', 'kafka-1', 'kafka-2', 'kafka-3', 'ingest-1', 'namenode']);
    expect(r.profile.hosts[0]?.port).toBe(22);
    const brokers = r.profile.services.filter((s) => s.kind === 'kafka-broker');
    // 4 brokers on 3 machines, two of them from one install, each with its own LOG_DIR.
    expect(brokers).toHaveLength(4);
    expect(new Set(brokers.map((b) => b.host)).size).toBe(3);
    const onKafka1 = brokers.filter((b) => b.host === 'kafka-1');
    expect(new Set(onKafka1.map((b) => b.installDir)).size).toBe(1);
    expect(new Set(onKafka1.map((b) => b.logDir)).size).toBe(2);
    expect(r.profile.services.filter((s) => s.kind === 'zookeeper')).toHaveLength(3);
    expect(r.profile.kafka.zookeeper).toMatch(/,.*,.*\/kafka$/);
    expect(r.profile.services.map((s) => s.kind)).toEqual(expect.arrayContaining(['connect-worker', 'flume-agent', 'hdfs-namenode']));
    const namenode = r.profile.services.find((s) => s.kind === 'hdfs-namenode');
    expect(namenode?.kind === 'hdfs-namenode' && namenode.fsUri).toMatch(/:19000$/);
    expect(r.profile.pipelines.map((p) => p.engine)).toEqual(['flume', 'flume']);
  });

  it('takes a ZooKeeper ensemble with a chroot, as zookeeper.connect does, and refuses a malformed one', () => {
    const ensemble = example.replace(/^(\s*zookeeper:\s*).*$/m, '$1zk1:2181,zk2:2181,zk3:2181/kafka');
    const r = parseProfile(ensemble);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.profile.kafka.zookeeper).toBe('zk1:2181,zk2:2181,zk3:2181/kafka');
    for (const bad of ['zk1:2181,', 'zk1:2181/', 'zk1', 'zk1:2181 /kafka', 'zk1:2181,zk2/kafka']) {
      const b = parseProfile(example.replace(/^(\s*zookeeper:\s*).*$/m, `$1'${bad}'`));
      expect(b.ok, bad).toBe(false);
      if (!b.ok) expect(b.errors[0]?.field).toBe('kafka.zookeeper');
    }
  });

  it('points a YAML syntax error at its line', () => {
    const r = parseProfile('version: 1\nname: x\nhosts:\n  - id: a\n   address: [oops\n', 'p.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.code).toBe('invalid_profile');
    expect(r.errors[0]?.line).toBeGreaterThanOrEqual(4);
    expect(r.errors[0]?.message).toMatch(/^p\.yaml line \d+: YAML syntax error/);
  });

  it('names the field and line of a schema error', () => {
    const broken = example.replace('    brokerId: 1\n', '    brokerId: one\n');
    const r = parseProfile(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const err = r.errors.find((e) => e.field === 'services[2].brokerId');
    expect(err).toBeDefined();
    const expectedLine = broken.split('\n').findIndex((l) => l.includes('brokerId: one')) + 1;
    expect(err?.line).toBe(expectedLine);
  });

  it('refuses duplicate broker ids, unknown hosts and unknown bastions', () => {
    const broken = example
      .replace('    brokerId: 2\n', '    brokerId: 1\n')
      .replace('    host: zk-1\n', '    host: zk-9\n')
      .replace('    bastion: bastion\n', '    bastion: nowhere\n');
    const r = parseProfile(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.errors.map((e) => `${e.field}: ${e.message}`).join('\n');
    expect(messages).toMatch(/services\[3\]\.brokerId: .*duplicate broker id 1/);
    expect(messages).toMatch(/services\[0\]\.host: .*unknown host "zk-9"/);
    expect(messages).toMatch(/hosts\[1\]\.bastion: .*unknown host "nowhere"/);
  });

  it('rejects unknown keys instead of ignoring a typo', () => {
    const r = parseProfile(example.replace('    user: ec2-user\n', '    usr: ec2-user\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.some((e) => e.field === 'hosts[0]' || e.field === 'hosts[0].user')).toBe(true);
  });

  it('refuses a bastion loop (a -> b -> a) and names the hosts in it', () => {
    const r = parseProfile(example.replace('  - id: bastion\n', '  - id: bastion\n    bastion: zk-1\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const loop = r.errors.find((e) => e.field === 'hosts[0].bastion');
    expect(loop?.message).toMatch(/bastion loop: bastion → zk-1 → bastion/);
  });

  it('reports YAML that parses but cannot be read (an alias with no anchor, an alias bomb) as an invalid profile', () => {
    for (const text of [
      '*-',
      'a: *nowhere',
      `a: &a [${'x,'.repeat(10)}]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]`,
    ]) {
      const r = parseProfile(text, 'p.yaml');
      expect(r.ok, text).toBe(false);
      if (r.ok) continue;
      expect(r.errors[0]?.code, text).toBe('invalid_profile');
      expect(r.errors[0]?.message, text).toMatch(/^p\.yaml: /);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { diagnoseListeners, diagnoseRiskySettings, type BrokerEvidence } from './listener-doctor';
import { parseListeners, parseProperties } from '../common/properties';

function broker(config: string, extra: Partial<BrokerEvidence> = {}): BrokerEvidence {
  return {
    brokerId: 0,
    hostAddress: '10.0.1.11',
    profileAddress: '10.0.1.11:9092',
    config: parseProperties(config),
    registered: ['PLAINTEXT://10.0.1.11:9092'],
    reach: {},
    ...extra,
  };
}

describe('server.properties parsing', () => {
  it('reads keys, comments and continuation lines', () => {
    const p = parseProperties('# c\nbroker.id=0\nlisteners = PLAINTEXT://:9092,\\\n  EXTERNAL://[::1]:9093\nlog.dirs: /data\n');
    expect(p.get('broker.id')).toBe('0');
    expect(p.get('log.dirs')).toBe('/data');
    expect(parseListeners(p.get('listeners'))).toEqual([
      { name: 'PLAINTEXT', host: '', port: 9092 },
      { name: 'EXTERNAL', host: '::1', port: 9093 },
    ]);
  });
});

describe('listener doctor', () => {
  it('explains the localhost advertisement with the exact line to set', () => {
    const [f] = diagnoseListeners(
      [broker('listeners=PLAINTEXT://localhost:9092\n', { registered: ['PLAINTEXT://localhost:9092'], profileAddress: 'localhost:9092' })],
      true,
    );
    expect(f).toMatchObject({ severity: 'error', brokerId: 0, title: 'Broker 0 advertises localhost:9092' });
    expect(f?.detail).toMatch(/connect to themselves/);
    expect(f?.fix).toBe('Set advertised.listeners=PLAINTEXT://10.0.1.11:9092 in its server.properties and restart the broker.');
  });

  it('flags a name that does not resolve here and one that does not answer', () => {
    const findings = diagnoseListeners(
      [
        broker('advertised.listeners=PLAINTEXT://ip-10-0-1-11.ec2.internal:9092\n', {
          registered: ['PLAINTEXT://ip-10-0-1-11.ec2.internal:9092'],
          profileAddress: 'ip-10-0-1-11.ec2.internal:9092',
          reach: { 'ip-10-0-1-11.ec2.internal:9092': { resolves: false, connects: false, error: 'ENOTFOUND' } },
        }),
        broker('advertised.listeners=PLAINTEXT://10.0.1.12:9092\n', {
          brokerId: 1,
          hostAddress: '10.0.1.12',
          profileAddress: '10.0.1.12:9092',
          registered: ['PLAINTEXT://10.0.1.12:9092'],
          reach: { '10.0.1.12:9092': { resolves: true, connects: false, error: 'ECONNREFUSED' } },
        }),
      ],
      true,
    );
    expect(findings.map((f) => [f.brokerId, f.severity, f.title])).toEqual([
      [0, 'error', 'Broker 0 advertises ip-10-0-1-11.ec2.internal:9092, which does not resolve here'],
      [1, 'error', 'Broker 1 advertises 10.0.1.12:9092, but nothing answers there from here'],
    ]);
    expect(findings[0]?.fix).toMatch(/kafka\.tunnelVia/);
  });

  it('notices a config changed since start, an absent broker and a profile address that is off', () => {
    const changed = diagnoseListeners(
      [broker('advertised.listeners=PLAINTEXT://10.0.1.11:9094\n', { reach: { '10.0.1.11:9094': { resolves: true, connects: true } } })],
      true,
    );
    expect(changed.map((f) => f.title)).toEqual(['Broker 0 registered other endpoints than its config says']);
    const absent = diagnoseListeners(
      [
        broker('advertised.listeners=PLAINTEXT://10.0.1.11:9092\n', {
          registered: undefined,
          reach: { '10.0.1.11:9092': { resolves: true, connects: false, error: 'ECONNREFUSED' } },
        }),
      ],
      true,
    );
    expect(absent.map((f) => f.title)).toContain('Broker 0 is not registered in ZooKeeper');
    const off = diagnoseListeners(
      [
        broker('advertised.listeners=PLAINTEXT://10.0.1.11:9092\n', {
          profileAddress: '10.0.1.99:9092',
          reach: { '10.0.1.11:9092': { resolves: true, connects: true } },
        }),
      ],
      true,
    );
    expect(off.map((f) => f.fix)).toEqual(['Set advertisedAddress: 10.0.1.11:9092 for this broker in the profile.']);
  });

  it('is quiet about a healthy broker', () => {
    expect(
      diagnoseListeners(
        [broker('advertised.listeners=PLAINTEXT://10.0.1.11:9092\n', { reach: { '10.0.1.11:9092': { resolves: true, connects: true } } })],
        true,
      ),
    ).toEqual([]);
  });

  it('flags risky durability settings and under-replicated topic designs', () => {
    const findings = diagnoseRiskySettings(
      [broker('default.replication.factor=1\nmin.insync.replicas=1\nunclean.leader.election.enable=true\n')],
      [
        { name: 'iot', replicationFactor: 1, internal: false },
        { name: '__consumer_offsets', replicationFactor: 1, internal: true },
        { name: 'ok', replicationFactor: 3, internal: false },
      ],
    );
    expect(findings.map((f) => f.title)).toEqual([
      'Broker 0: default.replication.factor=1',
      'Broker 0: min.insync.replicas=1',
      'Broker 0: unclean leader election is on',
      'Topic iot has replication factor 1',
    ]);
  });

  it('groups the topics with too few replicas into one finding that lists them all', () => {
    const topics = Array.from({ length: 9_700 }, (_, i) => ({
      name: `load-${String(i).padStart(4, '0')}`,
      replicationFactor: 1 + (i % 2),
      internal: false,
    }));
    const findings = diagnoseRiskySettings([], [...topics, { name: 'ok', replicationFactor: 3, internal: false }]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.title).toBe('9,700 topics have a replication factor below 3');
    expect(findings[0]?.topics).toHaveLength(9_700);
    expect(findings[0]?.detail).toMatch(/^Losing one broker .*: load-0000 \(1\), load-0001 \(2\), .* and 9,680 more\.$/);
  });
});

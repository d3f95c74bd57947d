import { describe, expect, it } from 'vitest';
import { profileSchema, type ProfileInput } from '../profile/schemas';
import { diagnoseSharedLogs } from './shared-logs';

function profile(services: NonNullable<ProfileInput['services']>) {
  return profileSchema.parse({
    version: 1,
    name: 't',
    hosts: [
      { id: 'k1', address: '10.0.0.1', user: 'ec2-user' },
      { id: 'k2', address: '10.0.0.2', user: 'ec2-user' },
    ],
    services,
    kafka: { bootstrap: ['10.0.0.1:9092'], zookeeper: '10.0.0.1:2181' },
  });
}

const broker = (id: number, host: string, logDir?: string) => ({
  id: `broker-${id}`,
  kind: 'kafka-broker' as const,
  host,
  installDir: '/opt/kafka',
  brokerId: id,
  config: `config/server-${id}.properties`,
  advertisedAddress: `10.0.0.1:${9092 + id}`,
  ...(logDir ? { logDir } : {}),
});

describe('diagnoseSharedLogs', () => {
  it('warns when two brokers and ZooKeeper of one KAFKA_HOME have no LOG_DIR of their own', () => {
    const findings = diagnoseSharedLogs(
      profile([
        broker(0, 'k1'),
        broker(1, 'k1'),
        { id: 'zk', kind: 'zookeeper', host: 'k1', installDir: '/opt/kafka', clientAddress: '10.0.0.1:2181' },
      ]),
    );
    const all = findings.map((f) => `${f.title} | ${f.detail}`).join('\n');
    expect(all).toContain('broker-0, broker-1, zk on k1 write the same log files');
    expect(all).toContain('/opt/kafka/logs/server.log');
    expect(all).toContain('broker-0, broker-1 on k1 write the same log files');
    expect(all).toContain('/opt/kafka/logs/kafkaServer.out');
    expect(findings.every((f) => f.severity === 'warning' && f.fix?.includes('logDir'))).toBe(true);
  });

  it('is silent when each has its own logDir, or when the same path is on different hosts', () => {
    expect(diagnoseSharedLogs(profile([broker(0, 'k1', 'logs/broker-0'), broker(1, 'k1', '/var/log/kafka/broker-1')]))).toEqual([]);
    expect(diagnoseSharedLogs(profile([broker(0, 'k1'), broker(1, 'k2')]))).toEqual([]);
  });

  it('takes a relative logDir against installDir, so two spellings of one directory still clash', () => {
    const findings = diagnoseSharedLogs(profile([broker(0, 'k1', 'logs/b'), broker(1, 'k1', '/opt/kafka/logs/b')]));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain('/opt/kafka/logs/b/server.log');
  });
});

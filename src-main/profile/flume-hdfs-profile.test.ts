import { describe, expect, it } from 'vitest';
import { profileSchema, type ProfileInput } from './schemas';

const base = (pipelines: ProfileInput['pipelines']): ProfileInput => ({
  version: 1,
  name: 't',
  hosts: [{ id: 'h', address: '10.0.0.1', user: 'u' }],
  services: [
    { id: 'nn', kind: 'hdfs-namenode', host: 'h', installDir: '/opt/hadoop', fsUri: 'hdfs://nn:8020', webhdfsUrl: 'http://nn:9870' },
    { id: 'agent', kind: 'flume-agent', host: 'h', installDir: '/opt/flume', agentName: 'lake', monitoringUrl: 'http://h:41414/metrics' },
  ],
  pipelines,
  kafka: { bootstrap: ['k:9092'], zookeeper: 'z:2181' },
});
const pipeline = { id: 'p', engine: 'flume' as const, service: 'agent', name: 'lake', source: 's', sink: 'd' };
const messages = (input: ProfileInput) => {
  const r = profileSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('profile: Flume agents, HDFS and HDFS landings', () => {
  it('fills the stock defaults of an agent and a NameNode', () => {
    const p = profileSchema.parse(base([{ ...pipeline, landing: { hdfs: 'nn', path: '/datalake/iot' } }]));
    expect(p.services[1]).toMatchObject({ config: 'conf/lake.conf', logDir: 'logs' });
    expect(p.services[0]).toMatchObject({ user: 'hdfs', mainClass: 'org.apache.hadoop.hdfs.server.namenode.NameNode' });
  });

  it('takes a landing on a host or in HDFS, not both, and only an existing NameNode', () => {
    expect(messages(base([{ ...pipeline, landing: { host: 'h', path: '/data' } }]))).toEqual([]);
    expect(messages(base([{ ...pipeline, landing: { hdfs: 'agent', path: '/x' } }]))).toEqual([
      'pipelines.0.landing.hdfs: "agent" is not an hdfs-namenode service of this profile',
    ]);
    expect(messages(base([{ ...pipeline, landing: { hdfs: 'missing', path: '/x' } }]))[0]).toContain('is not an hdfs-namenode');
    expect(messages(base([{ ...pipeline, landing: { hdfs: 'nn', host: 'h', path: '/x' } as never }])).length).toBeGreaterThan(0);
    expect(messages(base([{ ...pipeline, landing: { hdfs: 'nn', path: 'relative' } }])).length).toBeGreaterThan(0);
  });

  it('refuses a flume pipeline on another kind of service or named otherwise than its agent', () => {
    expect(messages(base([{ ...pipeline, service: 'nn' }]))).toContain('pipelines.0.service: "nn" is not a flume-agent service');
    expect(messages(base([{ ...pipeline, name: 'other' }]))).toContain(
      'pipelines.0.name: a flume pipeline is named after its agent: "lake"',
    );
  });
});

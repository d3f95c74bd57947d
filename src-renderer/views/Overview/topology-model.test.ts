import { describe, expect, it } from 'vitest';
import type { ClusterState, ProfileView, ServiceStatus } from '../../../src-main/api/contract';
import { buildTopology, lookOf } from './topology-model';

const profile: ProfileView = {
  path: '/p.yaml',
  name: 'p',
  hosts: [
    { id: 'k1', address: '10.0.0.1', port: 22, user: 'u', auth: 'key' },
    { id: 'lake', address: '10.0.0.9', port: 22, user: 'u', auth: 'key' },
  ],
  services: [
    { id: 'zk-1', kind: 'zookeeper', host: 'k1', installDir: '/opt/kafka', endpoint: '10.0.0.1:2181' },
    { id: 'broker-0', kind: 'kafka-broker', host: 'k1', installDir: '/opt/kafka', endpoint: '10.0.0.1:9092', brokerId: 0 },
    { id: 'flume', kind: 'flume-agent', host: 'lake', installDir: '/opt/flume', endpoint: 'http://10.0.0.9:41414/metrics' },
  ],
  pipelines: [],
  kafka: { bootstrap: ['10.0.0.1:9092'], zookeeper: '10.0.0.1:2181' },
};

const status = (id: string, patch: Partial<ServiceStatus>): ServiceStatus => ({
  id,
  kind: 'x',
  host: 'k1',
  state: 'running',
  pids: [1],
  listening: true,
  healthy: true,
  checkedAt: '2026-12-03T00:00:00Z',
  ...patch,
});

const cluster = (registered: boolean): ClusterState =>
  ({
    zookeeper: { state: 'connected' },
    brokers: [{ id: 0, registered, inProfile: true, endpoints: [], controller: true, leaderOf: 7, replicaOf: 9 }],
  }) as unknown as ClusterState;

describe('topology model', () => {
  it('takes a broker’s look from ZooKeeper first: registered is running with its counts, not registered is absent', () => {
    const b = profile.services[1]!;
    expect(lookOf(b, status('broker-0', {}), cluster(true))).toEqual({ look: 'running', detail: '7 leaders · 9 replicas · controller' });
    expect(lookOf(b, status('broker-0', {}), cluster(false)).look).toBe('absent');
    expect(lookOf(b, status('broker-0', { state: 'stopped', pids: [] }), cluster(false)).detail).toMatch(/process is stopped/);
  });

  it('takes other services from their status: checking until one arrives, the ZooKeeper role as detail', () => {
    const zk = profile.services[0]!;
    expect(lookOf(zk, undefined, undefined).look).toBe('checking');
    expect(lookOf(zk, status('zk-1', { role: 'leader' }), undefined)).toEqual({ look: 'running', detail: 'leader' });
    expect(lookOf(zk, status('zk-1', { state: 'stopped', pids: [] }), undefined).look).toBe('stopped');
    expect(lookOf(zk, status('zk-1', { healthy: false, detail: 'no quorum' }), undefined)).toEqual({ look: 'absent', detail: 'no quorum' });
  });

  it('puts each service in its host box and points engine hosts at broker hosts, left to right', () => {
    const { nodes, edges } = buildTopology(profile, [], cluster(true));
    expect(nodes.map((n) => [n.id, n.data.services.map((s) => s.id)])).toEqual([
      ['k1', ['zk-1', 'broker-0']],
      ['lake', ['flume']],
    ]);
    expect(edges.map((e) => `${e.source}->${e.target}`)).toEqual(['lake->k1']);
    const x = (id: string) => nodes.find((n) => n.id === id)?.position.x ?? NaN;
    expect(x('lake')).toBeLessThan(x('k1'));
  });
});

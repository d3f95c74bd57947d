import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tunnelHostDown, tunnelHostUp, TUNNEL_PRIVATE_ADDRESS } from '../setup/tunnel-host';
import { AppHarness } from './app-harness';

function directlyReachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(2_000, () => {
      s.destroy();
      resolve(false);
    });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('a cluster reachable only through SSH (brokers advertise a private address)', () => {
  let app: AppHarness;
  beforeAll(async () => {
    const host = await tunnelHostUp();
    app = new AppHarness(host.profilePath);
  }, 180_000);
  afterAll(async () => {
    await app?.dispose();
    tunnelHostDown();
  });

  it('cannot be reached directly from this machine', async () => {
    expect(await directlyReachable(TUNNEL_PRIVATE_ADDRESS, 9092)).toBe(false);
    expect(await directlyReachable(TUNNEL_PRIVATE_ADDRESS, 2181)).toBe(false);
  });

  it('reads ZooKeeper metadata and service status through the tunnel', async () => {
    const state = await app.call('cluster.state', {});
    expect(state.zookeeper.state).toBe('connected');
    expect(state.brokers).toMatchObject([{ id: 0, registered: true, endpoints: [`PLAINTEXT://${TUNNEL_PRIVATE_ADDRESS}:9092`] }]);
    const statuses = await app.call('services.status', {});
    for (const s of statuses) expect(s, s.id).toMatchObject({ state: 'running', listening: true, healthy: true });
  });

  it('creates a topic, produces and browses messages through the tunnel', async () => {
    const topic = `tunnelled-${Date.now()}`;
    await app.call('topics.create', { name: topic, partitions: 2, replicationFactor: 1 });
    await app.call('messages.produce', { topic, key: 'k', value: 'through ssh', partition: 1 });
    const r = await app.call('messages.browse', { topic });
    expect(r.messages.map((m) => [m.partition, m.key.text, m.value.text])).toEqual([[1, 'k', 'through ssh']]);
    // The same read on two threads: they reach the broker through local ports main forwards over SSH.
    await app.call('messages.produce', { topic, key: 'k0', value: 'also through ssh', partition: 0 });
    process.env.KCC_PARALLEL_SCAN_RECORDS = '1';
    try {
      const threaded = await app.call('messages.browse', { topic });
      expect(threaded.stoppedBy).toBe('end');
      expect(threaded.messages.map((m) => [m.partition, m.key.text, m.value.text])).toEqual([
        [0, 'k0', 'also through ssh'],
        [1, 'k', 'through ssh'],
      ]);
    } finally {
      delete process.env.KCC_PARALLEL_SCAN_RECORDS;
    }
    const { findings } = await app.call('health.doctor', {});
    expect(findings.filter((f) => f.severity === 'ok').map((f) => f.brokerId)).toEqual([0]);
  });

  it('runs producer and consumer workloads through the tunnel (the load client reaches brokers only by their SSH forwards)', async () => {
    const topic = `tunnelled-load-${Date.now()}`;
    await app.call('topics.create', { name: topic, partitions: 3, replicationFactor: 1 });
    const run = await app.call('workloads.startProducer', {
      topic,
      records: 20_000,
      value: { kind: 'random', size: 100 },
      throughput: null,
    });
    const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 120 });
    expect(ended.state, ended.error).toBe('completed');
    expect(ended.summary).toMatchObject({ records: 20_000, acked: 20_000, errors: 0 });
    expect(await app.call('workloads.verify', { id: run.id })).toMatchObject({ found: 20_000, missing: 0, ok: true });
    const consumer = await app.call('workloads.startConsumer', { topics: [topic], from: 'earliest', records: 20_000 });
    const consumed = await app.call('workloads.wait', { id: consumer.id, timeoutSec: 120 });
    expect(consumed.state, consumed.error).toBe('completed');
    expect(consumed.summary?.records).toBe(20_000);
  }, 240_000);
});

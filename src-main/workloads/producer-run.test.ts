import { describe, expect, it } from 'vitest';
import type { LoadBatch, LoadProducer } from '../kafka/load-client';
import { runProducer } from './producer-run';
import { producerSpecSchema, type ProducerSpec } from './schemas';

interface Sent {
  partition: number;
  count: number;
  bytes: number;
}

/**
 * A stand-in load client that records the batches it is handed and acknowledges
 * them after `delayMs` (pure batching logic: the integration tests run the real
 * client against the brokers).
 */
function fakeClient(partitions: number, delayMs: number) {
  const sent: Sent[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const perPartition = new Map<number, number>();
  let maxPerPartition = 0;
  const open = async (): Promise<LoadProducer> => ({
    partitions,
    leaders: 2,
    batch(partition: number): LoadBatch {
      const values: Buffer[] = [];
      return {
        partition,
        get count() {
          return values.length;
        },
        add: (_key, value) => void values.push(value),
        value: (i) => values[i] ?? Buffer.alloc(0),
      };
    },
    async send(batch: LoadBatch): Promise<void> {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const mine = (perPartition.get(batch.partition) ?? 0) + 1;
      perPartition.set(batch.partition, mine);
      maxPerPartition = Math.max(maxPerPartition, mine);
      let bytes = 0;
      for (let i = 0; i < batch.count; i++) bytes += batch.value(i).length;
      sent.push({ partition: batch.partition, count: batch.count, bytes });
      await new Promise((r) => setTimeout(r, delayMs));
      inFlight--;
      perPartition.set(batch.partition, (perPartition.get(batch.partition) ?? 1) - 1);
    },
    close: async () => undefined,
  });
  return { open, sent, stats: () => ({ maxInFlight, maxPerPartition }) };
}

const hooks = { onSample: () => undefined, stopRequested: () => false };
const spec = (over: Partial<ProducerSpec> & { topic: string }): ProducerSpec =>
  producerSpecSchema.parse({ records: 20_000, value: { kind: 'random', size: 100 }, throughput: null, stamp: false, ...over });

describe('producer run batching (against a stand-in client)', () => {
  it('fills batches up to batch.size, one partition at a time for unkeyed records, and counts every record once', async () => {
    const client = fakeClient(6, 2);
    const { summary } = await runProducer({ brokers: ['x:9092'] }, 'r1', spec({ topic: 't', batchBytes: 16_384 }), hooks, client.open);
    expect(summary.records).toBe(20_000);
    expect(client.sent.reduce((n, b) => n + b.count, 0)).toBe(20_000);
    // Full batches carry as many 100 B records as fit under batch.size with their framing, never more.
    const full = client.sent.slice(0, -1);
    for (const b of full) expect(b.bytes).toBeLessThanOrEqual(16_384);
    expect(Math.min(...full.map((b) => b.count))).toBeGreaterThan(100);
    // The sticky partitioner moves on after each full batch: consecutive batches go to different partitions.
    for (let i = 1; i < full.length; i++) expect(full[i]?.partition).not.toBe(full[i - 1]?.partition);
    expect(new Set(client.sent.map((b) => b.partition)).size).toBe(6);
  });

  it('keeps max.in.flight requests per connection, and one per partition when idempotent', async () => {
    const plain = fakeClient(6, 5);
    await runProducer({ brokers: ['x:9092'] }, 'r2', spec({ topic: 't', batchBytes: 4_096, maxInFlight: 3 }), hooks, plain.open);
    expect(plain.stats().maxInFlight).toBeLessThanOrEqual(3 * 2);
    expect(plain.stats().maxInFlight).toBeGreaterThan(1);
    const idempotent = fakeClient(6, 5);
    await runProducer({ brokers: ['x:9092'] }, 'r3', spec({ topic: 't', batchBytes: 4_096, idempotent: true }), hooks, idempotent.open);
    expect(idempotent.stats().maxPerPartition).toBe(1);
  });

  it('sends a partial batch once linger.ms has passed, as a throttled run waits to fill it', async () => {
    const client = fakeClient(1, 1);
    const started = Date.now();
    const { summary } = await runProducer(
      { brokers: ['x:9092'] },
      'r4',
      spec({ topic: 't', records: 20, throughput: 100, lingerMs: 50 }),
      hooks,
      client.open,
    );
    expect(summary.records).toBe(20);
    // 20 records at 100/s take ~200 ms; with 50 ms of linger they go in a few batches, not one per record.
    expect(Date.now() - started).toBeGreaterThan(150);
    expect(client.sent.length).toBeGreaterThan(1);
    expect(client.sent.length).toBeLessThan(10);
  });
});

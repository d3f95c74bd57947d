import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxUp } from '../../sandbox/index';
import { killService, sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';
import type { AppEvent } from '../../src-main/events/schemas';

const bootstrap = '127.0.0.3:9092';

/** Records in a topic, counted by kcat (an independent client). */
function kcatCount(topic: string): number {
  const out = execFileSync('kcat', ['-C', '-b', bootstrap, '-t', topic, '-e', '-q', '-f', 'x\\n'], { encoding: 'utf8', timeout: 60_000 });
  return out.split('\n').filter((l) => l === 'x').length;
}

describe('workloads: the app producer and consumer, and Kafka perf tools on the hosts', () => {
  let app: AppHarness;
  const topic = `kcc-load-${Date.now()}`;
  const samples: AppEvent[] = [];
  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    app.core.events.subscribe((e) => {
      if (e.name === 'workload.sample') samples.push(e);
    });
    await app.call('topics.create', { name: topic, partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
  });
  afterAll(async () => {
    // Leave no load topics behind for the suites that list topics.
    for (const t of [topic, `${topic}-group`, `${topic}-perf`, `${topic}-fault`])
      await app.call('topics.delete', { name: t, confirm: t }).catch(() => undefined);
    await app.dispose();
  });

  it("paces the seed's command exactly: 50 records at 10/s take about 5 s", async () => {
    const run = await app.call('workloads.startProducer', { topic, records: 50, value: { kind: 'random', size: 1 }, throughput: 10 });
    expect(run.state).toBe('running');
    const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 60 });
    expect(ended.state).toBe('completed');
    expect(ended.summary?.records).toBe(50);
    expect(ended.summary?.acked).toBe(50);
    expect(ended.summary?.durationMs).toBeGreaterThan(4_500);
    expect(ended.summary?.durationMs).toBeLessThan(8_000);
    expect(ended.summary?.text).toMatch(/^50 records sent, \d+\.\d records\/sec/);
    // Once-a-second reports while it ran, with latency percentiles.
    const mine = samples.filter((e) => e.name === 'workload.sample' && e.payload.workloadId === run.id);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(ended.history.at(-1)?.records).toBe(50);
    expect(ended.summary?.latencyMs?.p99).toBeGreaterThan(0);
    expect(kcatCount(topic)).toBe(50);
  });

  it('a consumer group of three members shares six partitions and times stamped records end to end', async () => {
    const groupTopic = `${topic}-group`;
    await app.call('topics.create', { name: groupTopic, partitions: 6, replicationFactor: 3 });
    const consumer = await app.call('workloads.startConsumer', { topics: [groupTopic], from: 'earliest', records: 2_000, members: 3 });
    const spread = (run: { latest?: { assignments?: Record<string, string[]> } } | undefined) => {
      const held = Object.values(run?.latest?.assignments ?? {});
      return { members: held.filter((parts) => parts.length > 0).length, partitions: held.flat().sort() };
    };
    // The three members settle on two partitions each before any data flows.
    await expect
      .poll(async () => spread((await app.call('workloads.list', {})).find((r) => r.id === consumer.id)), {
        timeout: 30_000,
        interval: 500,
      })
      .toEqual({ members: 3, partitions: [0, 1, 2, 3, 4, 5].map((p) => `${groupTopic}-${p}`).sort() });
    const producer = await app.call('workloads.startProducer', {
      topic: groupTopic,
      records: 2_000,
      value: { kind: 'iot-json', sensors: 10 },
      key: { kind: 'random', count: 50 },
    });
    expect((await app.call('workloads.wait', { id: producer.id, timeoutSec: 60 })).summary?.records).toBe(2_000);
    const ended = await app.call('workloads.wait', { id: consumer.id, timeoutSec: 60 });
    expect(ended.state).toBe('completed');
    expect(ended.summary?.records).toBe(2_000);
    expect(ended.summary?.latencyMs?.max).toBeGreaterThan(0);
    expect(spread(ended)).toEqual({ members: 3, partitions: [0, 1, 2, 3, 4, 5].map((p) => `${groupTopic}-${p}`).sort() });
  });

  it('stops an unbounded run on request, with a summary', async () => {
    const run = await app.call('workloads.startProducer', { topic, durationSec: 600, throughput: 500 });
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await app.call('workloads.stop', { id: run.id })).state).toBe('stopping');
    const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 30 });
    expect(ended.state).toBe('stopped');
    expect(ended.summary?.records).toBeGreaterThan(500);
    expect(ended.summary?.records).toBeLessThan(2_500);
  });

  it('refuses bad input before starting: missing topic, zero throughput, oversized records, unknown host', async () => {
    const missing = await app.callError('workloads.startProducer', { topic: 'no-such-topic-here', records: 10 });
    expect(missing).toMatchObject({ code: 'not_found', details: { missingTopics: ['no-such-topic-here'] } });
    expect(missing.message).toContain('does not exist');
    const zero = await app.callError('workloads.startProducer', { topic, records: 10, throughput: 0 });
    expect(zero).toMatchObject({ code: 'invalid_input', field: 'throughput' });
    expect(zero.message).toContain('more than 0');
    const huge = await app.callError('workloads.startProducer', { topic, records: 1, value: { kind: 'random', size: 2_000_000 } });
    expect(huge).toMatchObject({ code: 'invalid_input' });
    expect(huge.message).toContain('max.message.bytes');
    const batch = await app.callError('workloads.startProducer', { topic, records: 10, batchBytes: 2 * 1024 * 1024 });
    expect(batch).toMatchObject({ code: 'invalid_input', field: 'batchBytes' });
    const host = await app.callError('workloads.startRemote', { tool: 'producer', hosts: ['kafka-9'], topic, records: 10 });
    expect(host).toMatchObject({ code: 'invalid_input', field: 'hosts.0' });
    expect(host.message).toContain('Unknown host "kafka-9"');
  });

  it("runs Kafka's own producer and consumer perf tools on two hosts over SSH and adds up their figures", async () => {
    const perfTopic = `${topic}-perf`;
    await app.call('topics.create', { name: perfTopic, partitions: 6, replicationFactor: 3 });
    const run = await app.call('workloads.startRemote', {
      tool: 'producer',
      hosts: ['kafka-1', 'kafka-2'],
      topic: perfTopic,
      records: 20_000,
      recordSize: 100,
    });
    const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 120 });
    expect(ended.state, ended.error).toBe('completed');
    expect(ended.summary?.records).toBe(20_000);
    expect(ended.summary?.recordsPerSec).toBeGreaterThan(0);
    expect(Object.keys(ended.latest?.perHost ?? {})).toEqual(['kafka-1', 'kafka-2']);
    expect(ended.latest?.perHost?.['kafka-1']?.records).toBe(10_000);
    expect(kcatCount(perfTopic)).toBe(20_000);
    expect(ended.summary?.text).toContain('summed over hosts');
    const consume = await app.call('workloads.startRemote', { tool: 'consumer', hosts: ['kafka-2'], topic: perfTopic, records: 20_000 });
    const consumed = await app.call('workloads.wait', { id: consume.id, timeoutSec: 120 });
    expect(consumed.state, consumed.error).toBe('completed');
    expect(consumed.summary?.records).toBe(20_000);
  });

  it('keeps producing through a SIGKILLed broker (acks=all, RF 3, min.insync.replicas=2) and every acknowledged record is there', async () => {
    const faultTopic = `${topic}-fault`;
    await app.call('topics.create', { name: faultTopic, partitions: 6, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    const run = await app.call('workloads.startProducer', { topic: faultTopic, durationSec: 20, throughput: 2_000, acks: 'all' });
    await new Promise((r) => setTimeout(r, 5_000));
    await killService('broker-2', 'SIGKILL');
    const ended = await app.call('workloads.wait', { id: run.id, timeoutSec: 120 });
    expect(ended.state, ended.error).toBe('completed');
    const acked = ended.summary?.acked ?? 0;
    // The run went on after the kill: most of 20 s × 2,000/s were acknowledged.
    expect(acked).toBeGreaterThan(20_000);
    const verified = await app.call('workloads.verify', { id: run.id });
    expect(verified).toMatchObject({ acked, found: acked, missing: 0, ok: true });
    expect(verified.foundChecksum).toBe(verified.ackedChecksum);
    await sandboxUp();
  }, 300_000);
});

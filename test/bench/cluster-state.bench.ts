/**
 * Benchmark (not a test): on the running sandbox, in one run,
 *  1. metadata: for each size in BENCH_TOPIC_STEPS (default 2000,5000,10000 topics; every tenth with 2 partitions,
 *     replication factor 1; created once and kept), the app's cold `cluster.state` (a new app core: ZooKeeper session,
 *     every znode read and watched), its warm one (the same core again), and Kafka's own
 *     `kafka-topics.sh --describe` on the same cluster; and the warnings the process printed while loading.
 *     Sizes below what the cluster already holds cannot be measured and are said to be skipped.
 *  2. browse: BENCH_MESSAGES messages (default 1,000,000) of 100 bytes written once with Kafka's ProducerPerformance,
 *     then a scan of all of them by the app (decoded as the UI shows them, searched for a text none contains) against
 *     `kcat -C -e`, BENCH_RUNS times each (default 3), medians compared; and the app's peak memory.
 * Prints figures and ratios (app / reference). Run: npm run bench:cluster-state (brings the sandbox up first).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { sandboxUp } from '../../sandbox/index';
import { createAppCore } from '../../src-main/core/app-core';
import { createKafkaAdmin } from '../../src-main/kafka/kafka-admin';
import { profileSchema } from '../../src-main/profile/schemas';
import { clusterStateSchema } from '../../src-main/zookeeper/schemas';
import { ensureMetaTopics } from './bench-topics';

const steps = (process.env.BENCH_TOPIC_STEPS ?? '2000,5000,10000').split(',').map(Number);
const messages = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const settleMs = Number(process.env.BENCH_SETTLE_S ?? 20) * 1000;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const { profilePath } = await sandboxUp({ log: () => undefined });
  const profile = profileSchema.parse(parse(readFileSync(profilePath, 'utf8')));
  const home = profile.services.find((s) => s.kind === 'kafka-broker')?.installDir ?? '';
  const bootstrap = profile.kafka.bootstrap;
  const warnings: string[] = [];
  process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

  // 1. Metadata load, growing.
  const listTopics = () =>
    execFileSync(`${home}/bin/kafka-topics.sh`, ['--bootstrap-server', bootstrap[0] ?? '', '--list'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
      .split('\n')
      .filter((t) => t.startsWith('bench-meta-')).length;
  out('metadata: topics | partitions | app cold | app warm | kafka-topics.sh --describe | ratio cold/tool | warnings');
  for (const step of steps) {
    const have = listTopics();
    if (have > step) {
      out(`metadata: ${step} topics skipped (the cluster already holds ${have} benchmark topics)`);
      continue;
    }
    const created = await ensureMetaTopics(bootstrap, step, () => undefined);
    // Right after a bulk creation the controller is still electing leaders and writing their state to ZooKeeper:
    // measure both sides on a settled cluster.
    if (created > 0) await new Promise((r) => setTimeout(r, settleMs));
    warnings.length = 0;
    const core = createAppCore({ mode: 'cli', profileFile: profilePath });
    const c0 = Date.now();
    const cold = await core.router.call('cluster.state', {});
    const coldMs = Date.now() - c0;
    const w0 = Date.now();
    await core.router.call('cluster.state', {});
    const warmMs = Date.now() - w0;
    await core.dispose();
    if (!cold.ok) throw new Error(cold.error.message);
    const t0 = Date.now();
    const describe = execFileSync(`${home}/bin/kafka-topics.sh`, ['--bootstrap-server', bootstrap[0] ?? '', '--describe'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const toolMs = Date.now() - t0;
    const toolPartitions = describe.split('\n').filter((l) => /\tPartition: \d+/.test(l)).length;
    const { totals } = clusterStateSchema.parse(cold.value);
    if (toolPartitions !== totals.partitions) out(`metadata: the tool saw ${toolPartitions} partitions, the app ${totals.partitions}`);
    out(
      `metadata: ${totals.topics} | ${totals.partitions} | ${seconds(coldMs)} | ${warmMs} ms | ${seconds(toolMs)} | ${(coldMs / toolMs).toFixed(2)} | ${warnings.length === 0 ? 'none' : warnings.join('; ')}`,
    );
  }

  // 2. Browse scan.
  const admin = createKafkaAdmin({ brokers: bootstrap }, 'kcc-bench');
  const topic = `bench-browse-${messages}`;
  if (!(await admin.listTopics()).includes(topic)) {
    await admin.createTopic({ name: topic, partitions: 6, replicationFactor: 3, configs: {} });
    execFileSync(
      `${home}/bin/kafka-producer-perf-test.sh`,
      [
        ...['--topic', topic, '--num-records', String(messages), '--record-size', '100', '--throughput', '-1'],
        ...['--producer-props', `bootstrap.servers=${bootstrap.join(',')}`, 'acks=1', 'linger.ms=10', 'batch.size=65536'],
      ],
      { stdio: 'ignore', timeout: 600_000 },
    );
  }
  const kcatMs: number[] = [];
  const appMs: number[] = [];
  let kcatCount = 0;
  let scanned = 0;
  let rssPeak = 0;
  for (let i = 0; i < runs; i++) {
    const k0 = Date.now();
    const kcatOut = execFileSync('kcat', ['-C', '-b', bootstrap[0] ?? '', '-t', topic, '-e', '-q', '-f', '.'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
    kcatMs.push(Date.now() - k0);
    kcatCount = kcatOut.length;
    const rssBefore = process.memoryUsage().rss;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss - rssBefore)), 50);
    const a0 = Date.now();
    const scan = await admin.browse(
      { topic, from: 'earliest', limit: 10_000, maxBytes: 64 * 1024 * 1024, contains: 'no message contains this' },
      600_000,
    );
    appMs.push(Date.now() - a0);
    clearInterval(sampler);
    scanned = scan.scanned;
  }
  await admin.close();
  const kcatRate = kcatCount / (median(kcatMs) / 1000);
  const appRate = scanned / (median(appMs) / 1000);
  out(
    `browse: kcat -C -e ${kcatCount} messages, median of ${runs} ${seconds(median(kcatMs))} (${Math.round(kcatRate)} msg/s); app scan ${scanned} messages, median ${seconds(median(appMs))} (${Math.round(appRate)} msg/s; runs ${appMs.map(seconds).join(', ')}; memory grew at most ${Math.round(rssPeak / 1024 / 1024)} MiB); ratio app/kcat ${(appRate / kcatRate).toFixed(2)}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

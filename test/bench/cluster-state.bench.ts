/**
 * Benchmark (not a test): on the running sandbox, in one run,
 *  1. metadata: creates topics worth BENCH_PARTITIONS partitions (default 2,000), then times the app's first full
 *     metadata load through ZooKeeper against Kafka's own `kafka-topics.sh --describe` on the same cluster;
 *  2. browse: writes BENCH_MESSAGES messages (default 1,000,000) of 100 bytes with Kafka's ProducerPerformance, then
 *     times the app's browse scan over all of them against `kcat -C -e` over the same messages.
 * Prints figures and ratios (app / reference). Run: npm run bench (brings the sandbox up first).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { sandboxUp } from '../../sandbox/index';
import { createEventHub } from '../../src-main/events/schemas';
import { createKafkaAdmin } from '../../src-main/kafka/kafka-admin';
import { profileSchema } from '../../src-main/profile/schemas';
import { ClusterWatch } from '../../src-main/zookeeper/cluster-watch';

const partitionsWanted = Number(process.env.BENCH_PARTITIONS ?? 2000);
const messages = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const perTopic = 20;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  const { profilePath } = await sandboxUp({ log: () => undefined });
  const profile = profileSchema.parse(parse(readFileSync(profilePath, 'utf8')));
  const home = profile.services.find((s) => s.kind === 'kafka-broker')?.installDir ?? '';
  const bootstrap = profile.kafka.bootstrap;
  const admin = createKafkaAdmin({ brokers: bootstrap }, 'kcc-bench');

  // 1. Metadata load
  const topicCount = Math.ceil(partitionsWanted / perTopic);
  const existing = new Set(
    execFileSync(`${home}/bin/kafka-topics.sh`, ['--bootstrap-server', bootstrap[0] ?? '', '--list'], { encoding: 'utf8' }).split('\n'),
  );
  let created = 0;
  for (let i = 0; i < topicCount; i++) {
    const name = `bench-meta-${String(i).padStart(4, '0')}`;
    if (existing.has(name)) continue;
    await admin.createTopic({ name, partitions: perTopic, replicationFactor: 1, configs: {} });
    created++;
  }
  process.stdout.write(`metadata: ${topicCount} topics x ${perTopic} partitions (${created} created now)\n`);
  const t0 = Date.now();
  const watch = new ClusterWatch(profile, createEventHub());
  const state = await watch.state();
  const appMs = Date.now() - t0;
  watch.dispose();
  const t1 = Date.now();
  const describe = execFileSync(`${home}/bin/kafka-topics.sh`, ['--bootstrap-server', bootstrap[0] ?? '', '--describe'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const toolMs = Date.now() - t1;
  const toolPartitions = describe.split('\n').filter((l) => /\tPartition: \d+/.test(l) || /^\s*Topic: .*Partition: \d+/.test(l)).length;
  process.stdout.write(
    `metadata: app (ZooKeeper, ${state.totals.partitions} partitions) ${seconds(appMs)}; kafka-topics.sh --describe (${toolPartitions} partitions) ${seconds(toolMs)}; ratio app/tool ${(appMs / toolMs).toFixed(2)}\n`,
  );

  // 2. Browse scan
  const topic = `bench-browse-${messages}`;
  if (!existing.has(topic)) {
    await admin.createTopic({ name: topic, partitions: 6, replicationFactor: 3, configs: {} });
    execFileSync(
      `${home}/bin/kafka-producer-perf-test.sh`,
      [
        '--topic',
        topic,
        '--num-records',
        String(messages),
        '--record-size',
        '100',
        '--throughput',
        '-1',
        '--producer-props',
        `bootstrap.servers=${bootstrap.join(',')}`,
        'acks=1',
        'linger.ms=10',
        'batch.size=65536',
      ],
      { stdio: 'ignore', timeout: 600_000 },
    );
  }
  const k0 = Date.now();
  const kcatOut = execFileSync('kcat', ['-C', '-b', bootstrap[0] ?? '', '-t', topic, '-e', '-q', '-f', '.'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  const kcatMs = Date.now() - k0;
  const a0 = Date.now();
  const scan = await admin.browse(
    { topic, from: 'earliest', limit: 10_000, maxBytes: 64 * 1024 * 1024, contains: 'no message contains this' },
    600_000,
  );
  const appScanMs = Date.now() - a0;
  await admin.close();
  const kcatRate = kcatOut.length / (kcatMs / 1000);
  const appRate = scan.scanned / (appScanMs / 1000);
  process.stdout.write(
    `browse: kcat -C -e ${kcatOut.length} messages in ${seconds(kcatMs)} (${Math.round(kcatRate)} msg/s); app scan ${scan.scanned} messages in ${seconds(appScanMs)} (${Math.round(appRate)} msg/s, stopped by ${scan.stoppedBy}); ratio app/kcat ${(appRate / kcatRate).toFixed(2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

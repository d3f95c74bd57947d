import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseProfile } from '../profile/parse-profile';
import type { Host, Profile } from '../profile/schemas';
import { configReadCommand, parseConfigRead, parseHadoopSite, type ConfigRead } from './config-read';
import { classifyJvm, type JvmProcess } from './jvm-process';
import { parseProcessScan, processScanCommand } from './process-scan';
import { normalizeZookeeperConnect, proposeProfile, type HostView } from './propose';

/**
 * Recorded on this machine with scripts/record-discovery.ts: the two commands' real outputs on a host that shares
 * its kernel with a running sandbox (its 3 ZooKeeper members, Connect, HDFS, 2 Flume agents and 4 brokers, of
 * which broker 2 was stopped at the time: only its config file under kafka-2's install tells of it).
 */
const MARKER = '@@kcc-fixture@@';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const scan = parseProcessScan(fixture('sandbox-shared.scan.txt'), MARKER);
const read = parseConfigRead(fixture('sandbox-shared.files.txt'), MARKER);
const jvms = scan.processes.flatMap((p) => classifyJvm(p) ?? []);
const root = /(\/.*?\/\.sandbox)\/hosts\//.exec(jvms[0]?.home ?? '')?.[1] ?? '';

const host = (id: string, address: string): Host => ({ id, address, port: 2222, user: 'root', passphrasePrompt: false, agent: false });
const sandboxHosts = [
  host('kafka-1', '127.0.0.3'),
  host('kafka-2', '127.0.0.4'),
  host('kafka-3', '127.0.0.2'),
  host('datalake-1', '127.0.0.5'),
];

function views(hosts: Host[], processes: JvmProcess[] = jvms, files: ConfigRead = read, bootId = scan.bootId): HostView[] {
  return hosts.map((h) => ({ host: h, ...(bootId ? { bootId } : {}), processes, read: files }));
}

function proposed(yaml: string): Profile {
  const parsed = parseProfile(yaml);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.profile;
}

describe('the process scan', () => {
  it('reads every JVM of the recorded host with its owner, working directory and NUL-separated command line', () => {
    expect(scan.bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(jvms.map((j) => j.kind).sort()).toEqual([
      'connect-worker',
      'flume-agent',
      'flume-agent',
      'hdfs-namenode',
      'kafka-broker',
      'kafka-broker',
      'kafka-broker',
      'zookeeper',
      'zookeeper',
      'zookeeper',
    ]);
    for (const j of jvms) expect(j.user).toBe('root');
    const broker0 = jvms.find((j) => j.config?.endsWith('/kafka-1/kafka/config/server-0.properties'));
    expect(broker0).toMatchObject({ home: `${root}/hosts/kafka-1/kafka`, homeFrom: 'classpath', cwd: `${root}/hosts/kafka-1/kafka` });
  });

  it('never takes the scan itself, a grep or a tail for a service, whatever their arguments say', () => {
    const [sh, dashC, script] = processScanCommand('@@m@@');
    for (const argv of [
      [sh ?? 'sh', dashC ?? '-c', script ?? ''],
      ['grep', 'kafka.Kafka'],
      ['tail', '-F', 'kafka.Kafka', 'config/server.properties'],
      ['/usr/bin/python3', '-m', 'kafka.Kafka'],
    ])
      expect(classifyJvm({ pid: 7, argv })).toBeUndefined();
    // The prefilter's pattern cannot match the script's own text: each class name has a bracket in it.
    expect(script).not.toMatch(/QuorumPeerMain|kafka\.Kafka|ConnectDistributed|DataCollectorMain|MiniHadoopClusterManager/);
  });

  it('keeps an argument with spaces or a newline whole, and leaves out a process that ended mid-scan', () => {
    const out = [
      'M boot\nb00t\n',
      'M proc 10\nM user kafka\nM cwd /opt/kafka dir\nM cmdline\n',
      [
        'java',
        '-Dkafka.logs.dir=/var/log/kafka x',
        '-cp',
        '/opt/kafka dir/bin/../libs/a.jar',
        'kafka.Kafka',
        'config/server\n1.properties',
      ].join('\0'),
      '\0\n',
      'M proc 11\nM user \nM cwd \nM cmdline\n\n',
    ].join('');
    const s = parseProcessScan(out, 'M');
    expect(s).toEqual({
      bootId: 'b00t',
      processes: [
        {
          pid: 10,
          user: 'kafka',
          cwd: '/opt/kafka dir',
          argv: [
            'java',
            '-Dkafka.logs.dir=/var/log/kafka x',
            '-cp',
            '/opt/kafka dir/bin/../libs/a.jar',
            'kafka.Kafka',
            'config/server\n1.properties',
          ],
        },
      ],
    });
    expect(classifyJvm(s.processes[0]!)).toMatchObject({ home: '/opt/kafka dir', config: '/opt/kafka dir/config/server\n1.properties' });
  });
});

describe('reading a JVM command line', () => {
  const stock = (cwd: string | undefined, config: string) =>
    classifyJvm({
      pid: 42,
      ...(cwd ? { cwd } : {}),
      argv: [
        '/usr/lib/jvm/java-17/bin/java',
        '-Xmx1G',
        '-Xlog:gc*:file=bin/../logs/kafkaServer-gc.log:time,tags',
        '-Dkafka.logs.dir=bin/../logs',
        '-Dlog4j.configuration=file:bin/../config/log4j.properties',
        '-cp',
        'bin/../libs/activation-1.1.1.jar:bin/../libs/kafka_2.13-3.9.2.jar',
        'kafka.Kafka',
        config,
        '--override',
        'broker.id=7',
      ],
    });

  it('resolves a relative config, the classpath and LOG_DIR against the working directory, as the JVM did', () => {
    const p = stock('/opt/kafka', 'config/server-1.properties');
    expect(p).toMatchObject({ kind: 'kafka-broker', home: '/opt/kafka', config: '/opt/kafka/config/server-1.properties', unsure: [] });
    expect(p?.systemProperties.get('kafka.logs.dir')).toBe('bin/../logs');
  });

  it('says when a relative path had to be guessed because the working directory is unreadable', () => {
    expect(stock(undefined, '/etc/kafka/server.properties')).toMatchObject({ config: '/etc/kafka/server.properties', unsure: [] });
    const p = classifyJvm({
      pid: 43,
      argv: ['java', '-cp', '/opt/kafka/bin/../libs/a.jar', 'kafka.Kafka', 'config/server.properties'],
    });
    expect(p).toMatchObject({ home: '/opt/kafka', homeFrom: 'classpath', config: '/opt/kafka/config/server.properties' });
    expect(p?.unsure.join()).toMatch(/working directory cannot be read/);
  });

  it('reads Hadoop site XML', () => {
    const xml =
      '<?xml version="1.0"?><configuration><!-- <property><name>x</name><value>no</value></property> -->' +
      '<property>\n <name>fs.defaultFS</name>\n <value>hdfs://nn.internal:8020</value></property></configuration>';
    expect([...parseHadoopSite(xml)]).toEqual([['fs.defaultFS', 'hdfs://nn.internal:8020']]);
  });

  it('passes the paths to read as arguments, never inside the script', () => {
    const argv = configReadCommand('M', [{ file: "/x/'; touch /tmp/p" }, { kafkaHome: '/opt/k' }, { kafkaHome: '/opt/k' }]);
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv[2]).not.toContain('/opt/k');
    expect(argv.slice(3)).toEqual(['kcc-discover-configs', 'M', "file=/x/'; touch /tmp/p", 'home=/opt/k']);
  });
});

describe('the proposed profile', () => {
  it('from one host, is valid and holds the ensemble with its chroot and every broker', () => {
    const r = proposeProfile(views([host('h', '127.0.0.80')]), { name: 'p' });
    expect(r.errors).toEqual([]);
    const p = proposed(r.yaml);
    expect(p.kafka.zookeeper).toBe('127.0.0.3:2181,127.0.0.4:2181,127.0.0.2:2181/kafka');
    expect(p.kafka.bootstrap).toEqual(['127.0.0.2:9092', '127.0.0.3:9092', '127.0.0.3:9093', '127.0.0.4:9092']);
    expect(p.services.filter((s) => s.kind === 'zookeeper').map((s) => s.id)).toEqual(['zk-1', 'zk-2', 'zk-3']);
  });

  it('places each process once on hosts that share one kernel: by the address it binds, else beside its neighbours', () => {
    const r = proposeProfile(views(sandboxHosts), { name: 'sandbox' });
    const p = proposed(r.yaml);
    const where = Object.fromEntries(p.services.map((s) => [s.id, s.host]));
    expect(where).toEqual({
      'zk-1': 'kafka-1',
      'zk-2': 'kafka-2',
      'zk-3': 'kafka-3',
      'broker-0': 'kafka-1',
      'broker-1': 'kafka-1',
      'broker-2': 'kafka-2',
      'broker-3': 'kafka-3',
      connect: 'datalake-1',
      hdfs: 'datalake-1',
      'flume-iot-ingest': 'datalake-1',
      'flume-iot-hdfs': 'datalake-1',
    });
    expect(r.services.find((s) => s.id === 'broker-2')).toMatchObject({ state: 'stopped', included: true });
    const b1 = p.services.find((s) => s.id === 'broker-1');
    expect(b1).toMatchObject({
      installDir: `${root}/hosts/kafka-1/kafka`,
      config: `${root}/hosts/kafka-1/kafka/config/server-1.properties`,
      logDir: `${root}/hosts/kafka-1/kafka/logs/broker-1`,
      advertisedAddress: '127.0.0.3:9093',
    });
    expect(p.services.find((s) => s.id === 'flume-iot-ingest')).toMatchObject({ monitoringUrl: 'http://127.0.0.5:41414/metrics' });
    // A pipeline per Flume agent, from its config; the one writing into the proposed HDFS lands there.
    expect(p.pipelines).toEqual([
      expect.objectContaining({
        id: 'flume-iot-hdfs',
        engine: 'flume',
        service: 'flume-iot-hdfs',
        name: 'iot-hdfs',
        source: 'topic iot-sensors',
        topic: 'iot-sensors',
        landing: { hdfs: 'hdfs', path: '/datalake/iot' },
      }),
      expect.objectContaining({
        id: 'flume-iot-ingest',
        engine: 'flume',
        name: 'iot-ingest',
        sink: 'topic iot-sensors',
        source: expect.stringMatching(/^files spooled into \/.*\/spool$/),
      }),
    ]);
    expect(
      r.findings
        .filter((f) => f.level === 'unsure')
        .map((f) => f.message)
        .join('\n'),
    ).toMatch(/share one kernel/);
  });

  it('finds a stopped broker from its config file, with the log directory named after it', () => {
    const running = jvms.filter((j) => !j.config?.endsWith('/server-1.properties'));
    const r = proposeProfile(views(sandboxHosts, running), { name: 'sandbox' });
    expect(r.services.find((s) => s.id === 'broker-1')).toMatchObject({ state: 'stopped', host: 'kafka-1', included: true });
    const b1 = proposed(r.yaml).services.find((s) => s.id === 'broker-1');
    expect(b1).toMatchObject({ brokerId: 1, logDir: `${root}/hosts/kafka-1/kafka/logs/broker-1` });
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(/broker-1: stopped \(from its config file/);
  });

  it("leaves out a stock template with a running broker's id and the brokers of another cluster", () => {
    const home = `${root}/hosts/kafka-1/kafka`;
    const files: ConfigRead = { ...read, files: new Map(read.files) };
    files.files.set(
      `${home}/config/server.properties`,
      'broker.id=0\nzookeeper.connect=127.0.0.3:2181,127.0.0.4:2181,127.0.0.2:2181/kafka\n',
    );
    const other = classifyJvm({
      pid: 99_999,
      cwd: '/srv/other',
      argv: ['java', '-cp', '/srv/other/libs/k.jar', 'kafka.Kafka', 'config/server.properties'],
    });
    files.files.set(
      '/srv/other/config/server.properties',
      'broker.id=5\nlisteners=PLAINTEXT://127.0.0.1:39092\nzookeeper.connect=127.0.0.1:23181\n',
    );
    const r = proposeProfile(views(sandboxHosts, [...jvms, other!], files), { name: 'sandbox' });
    const ids = proposed(r.yaml).services.map((s) => s.id);
    expect(ids).not.toContain('broker-5');
    expect(r.clusters.map((c) => [c.zookeeper, c.chosen])).toEqual([
      ['127.0.0.3:2181,127.0.0.4:2181,127.0.0.2:2181/kafka', true],
      ['127.0.0.1:23181', false],
    ]);
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(/broker\.id 0, already the id of/);
    // Naming the other cluster proposes it instead.
    const other2 = proposeProfile(views(sandboxHosts, [...jvms, other!], files), { name: 's', zookeeper: '127.0.0.1:23181' });
    expect(proposed(other2.yaml).kafka).toEqual({ bootstrap: ['127.0.0.1:39092'], zookeeper: '127.0.0.1:23181' });
  });

  it('keeps each host its own processes when the hosts are separate machines', () => {
    const a = views([host('a', '10.0.0.1')], jvms.slice(0, 3), read, 'boot-a');
    const b = views([host('b', '10.0.0.2')], jvms.slice(3), read, 'boot-b');
    const r = proposeProfile([...a, ...b], { name: 'two' });
    expect(r.findings.some((f) => /share one kernel/.test(f.message))).toBe(false);
    expect(
      new Set(r.services.filter((s) => s.pid !== undefined && jvms.slice(0, 3).some((j) => j.pid === s.pid)).map((s) => s.host)),
    ).toEqual(new Set(['a']));
  });

  it('reports an unreachable host and still proposes valid YAML for the rest', () => {
    const down: HostView = {
      host: host('down', '10.9.9.9'),
      error: { code: 'host_unreachable', message: 'down: connection refused' },
      processes: [],
      read: { files: new Map(), missing: new Set(), logDirs: new Set() },
    };
    const r = proposeProfile([...views([host('h', '127.0.0.80')]), down], { name: 'p' });
    expect(r.hosts.find((h) => h.host === 'down')).toMatchObject({ reachable: false, error: { code: 'host_unreachable' } });
    const empty = proposeProfile([...views([host('h', '127.0.0.80')]), ...views([host('bare', '10.0.0.7')], [], read, 'other-boot')], {
      name: 'p',
    });
    expect(empty.findings.find((f) => f.host === 'bare')?.message).toMatch(/hidepid/);
    expect(r.valid).toBe(true);
    expect((parse(r.yaml) as { hosts: unknown[] }).hosts).toHaveLength(2);
  });

  it('compares zookeeper.connect strings as sets of servers with a chroot', () => {
    expect(normalizeZookeeperConnect('B:2,a:1/kafka/')).toBe(normalizeZookeeperConnect('a:1,b:2/kafka'));
    expect(normalizeZookeeperConnect('a:1/kafka')).not.toBe(normalizeZookeeperConnect('a:1'));
  });
});

describe('a host whose machine runs three clusters (recorded on the private harness)', () => {
  // The harness (127.0.0.80: ZooKeeper and broker 0 started by the stock scripts, config/server-1.properties never
  // started) shares its kernel with a sandbox and with another test harness (127.0.0.1).
  const mixedScan = parseProcessScan(fixture('harness-mixed.scan.txt'), MARKER);
  const mixedRead = parseConfigRead(fixture('harness-mixed.files.txt'), MARKER);
  const mixed = mixedScan.processes.flatMap((p) => classifyJvm(p) ?? []);

  it("proposes the cluster bound to the host's address, with its stopped broker, and leaves the others out", () => {
    const r = proposeProfile(views([host('harness-1', '127.0.0.80')], mixed, mixedRead, mixedScan.bootId), { name: 'harness' });
    const p = proposed(r.yaml);
    expect(p.kafka).toEqual({ bootstrap: ['127.0.0.80:9092', '127.0.0.80:9093'], zookeeper: '127.0.0.80:2181/harness' });
    const home = '/tmp/onboard-harness/kafka';
    expect(p.services).toEqual([
      // Started from its install with a relative config, it is named so: the app finds its process by it. The
      // stopped one is named by its absolute path, as the app will start it.
      expect.objectContaining({
        id: 'broker-0',
        brokerId: 0,
        config: 'config/server-0.properties',
        logDir: `${home}/logs/broker-0`,
      }),
      expect.objectContaining({
        id: 'broker-1',
        brokerId: 1,
        config: `${home}/config/server-1.properties`,
        logDir: `${home}/logs/broker-1`,
      }),
      expect.objectContaining({
        id: 'zookeeper',
        config: 'config/zookeeper.properties',
        clientAddress: '127.0.0.80:2181',
        installDir: home,
      }),
    ]);
    expect(r.services.find((s) => s.id === 'broker-1' && s.included)).toMatchObject({ state: 'stopped' });
    expect(r.clusters.filter((c) => c.chosen).map((c) => c.zookeeper)).toEqual(['127.0.0.80:2181/harness']);
    expect(r.clusters).toHaveLength(3);
    // The other clusters' Flume agents and the HDFS only they write to stay out too.
    expect(r.services.filter((s) => s.kind === 'hdfs-namenode' || s.kind === 'flume-agent').every((s) => !s.included)).toBe(true);
  });
});

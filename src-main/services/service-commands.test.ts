import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PIDS_SCRIPT, commandsFor, parsePidsOutput, pidsScriptArgs, processMatchesFor, processPatternFor } from './service-commands';
import type { Service } from '../profile/schemas';

const broker0: Service = {
  id: 'broker-0',
  kind: 'kafka-broker',
  host: 'kafka-1',
  brokerId: 0,
  installDir: '/opt/kafka',
  config: 'config/server-0.properties',
  advertisedAddress: 'k1:9092',
};

describe('service commands', () => {
  it('defaults to the distribution scripts with -daemon', () => {
    const c = commandsFor(broker0);
    expect(c.start).toEqual(['bin/kafka-server-start.sh', '-daemon', 'config/server-0.properties']);
    expect(c.cwd).toBe('/opt/kafka');
    expect(c.logFile).toBe('/opt/kafka/logs/kafkaServer.out');
  });

  it('starts StreamSets as `bin/streamsets dc`, detached: the start returns while the collector keeps running', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kcc-sdc-'));
    mkdirSync(join(home, 'bin'));
    // Like the real launcher: `dc` runs in the foreground until killed.
    writeFileSync(join(home, 'bin', 'streamsets'), '#!/bin/sh\n[ "$1" = dc ] || exit 2\necho "sdc started"\nexec sleep 29.75\n', {
      mode: 0o755,
    });
    const sdc: Service = { id: 'sdc', kind: 'streamsets', host: 'h', installDir: home, baseUrl: 'http://h:18630', user: 'admin' };
    const c = commandsFor(sdc);
    const [cmd = '', ...args] = c.start;
    const started = Date.now();
    execFileSync(cmd, args, { cwd: c.cwd, timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const pattern = `sleep 29[.]75`;
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(readFileSync(join(home, 'log', 'sdc.out'), 'utf8')).toContain('sdc started');
      expect(execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim()).not.toBe('');
    } finally {
      execFileSync('pkill', ['-f', pattern]);
    }
  });

  it('uses profile overrides', () => {
    const c = commandsFor({
      ...broker0,
      commands: { start: ['sudo', 'systemctl', 'start', 'kafka'] },
      logFile: '/var/log/kafka/server.log',
    });
    expect(c.start).toEqual(['sudo', 'systemctl', 'start', 'kafka']);
    expect(c.logFile).toBe('/var/log/kafka/server.log');
  });

  it('matches only the JVM of that config, not a sibling broker nor the shell running pgrep', () => {
    // Real processes whose command lines look like broker JVMs (argv[0] set with exec -a).
    const home = `/tmp/kcc-test-${process.pid}`;
    const pattern = processPatternFor({ ...broker0, installDir: home });
    const procs = [
      `kafka.Kafka ${home}/config/server-0.properties`,
      `kafka.Kafka ${home}/config/server-10.properties`,
      `kafka.Kafka /other/config/server-0.properties`,
    ].map((argv0) => spawn('bash', ['-c', `exec -a "java ${argv0}" sleep 30`], { stdio: 'ignore' }));
    try {
      execFileSync('sleep', ['0.3']);
      const out = execFileSync('sh', ['-c', `pgrep -f '${pattern}' || true`], { encoding: 'utf8' });
      const pids = out.split('\n').filter(Boolean).map(Number);
      expect(pids).toEqual([procs[0]?.pid]);
    } finally {
      for (const p of procs) p.kill('SIGKILL');
    }
  });

  it('matches a config given relative, right after the main class, as the stock scripts leave it on the command line', () => {
    const [absolute, relative] = processMatchesFor(broker0);
    expect(relative?.cwd).toBe('/opt/kafka');
    const re = new RegExp(relative?.pattern ?? '^$');
    const stock = 'java -Xmx1G -cp bin/../libs/a.jar kafka.Kafka';
    expect(re.test(`${stock} config/server-0.properties`)).toBe(true);
    expect(re.test(`${stock} config/server-0.properties --override broker.rack=a`)).toBe(true);
    expect(re.test(`${stock} other/config/server-0.properties`)).toBe(false);
    expect(re.test(`${stock} config/server-0.properties.bak`)).toBe(false);
    expect(new RegExp(absolute?.pattern ?? '^$').test(`${stock} /opt/kafka/config/server-0.properties`)).toBe(true);
    // An absolute config under the install also matches a broker started with the install-relative path.
    const [, fromAbsolute] = processMatchesFor({ ...broker0, config: '/opt/kafka/config/server-0.properties' });
    expect(fromAbsolute).toMatchObject({ cwd: '/opt/kafka' });
    expect(new RegExp(fromAbsolute?.pattern ?? '^$').test(`${stock} config/server-0.properties`)).toBe(true);
  });

  it('tells apart two installs running the same relative config by the working directory (the pids script, run here)', () => {
    const root = mkdtempSync(join(tmpdir(), 'kcc-pids-'));
    const [a, b] = [join(root, 'kafka-a'), join(root, 'kafka-b')];
    for (const d of [a, b]) mkdirSync(d);
    const marker = `server-${process.pid}.properties`;
    const procs = [a, b].map((cwd) =>
      spawn('bash', ['-c', `exec -a "java -cp libs/x.jar kafka.Kafka config/${marker}" sleep 30`], { cwd, stdio: 'ignore' }),
    );
    try {
      execFileSync('sleep', ['0.3']);
      const service = (installDir: string): Service => ({ ...broker0, installDir, config: `config/${marker}` });
      const out = execFileSync(
        'sh',
        ['-c', PIDS_SCRIPT, 'pids', ...pidsScriptArgs([service(a), service(b), service(join(root, 'none'))])],
        {
          encoding: 'utf8',
        },
      );
      expect(parsePidsOutput(out)).toEqual([[procs[0]?.pid], [procs[1]?.pid], []]);
    } finally {
      for (const p of procs) p.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('Flume agents and HDFS', () => {
    const agent = (agentName: string): Service => ({
      id: agentName,
      kind: 'flume-agent',
      host: 'h',
      installDir: '/opt/flume',
      agentName,
      config: `conf/${agentName}.conf`,
      monitoringUrl: 'http://h:41414/metrics',
      logDir: 'logs',
    });
    // Command lines as `ps` shows agents started by the stock flume-ng from one FLUME_HOME.
    const running = (name: string) =>
      `java -Xmx256m -Dflume.monitoring.type=http -Dflume.monitoring.port=41500 -Dflume.log.dir=logs -cp conf:/opt/flume/lib/* org.apache.flume.node.Application --conf-file conf/${name}.conf --name ${name}`;

    it('tells two agents of one FLUME_HOME apart by their name', () => {
      const re = new RegExp(processPatternFor(agent('iot-lake')));
      expect(re.test(running('iot-lake'))).toBe(true);
      expect(re.test(running('iot-lake-2'))).toBe(false);
      expect(re.test(running('iot-ingest'))).toBe(false);
      expect(re.test('java org.apache.flume.node.Application -f conf/x.conf -n iot-lake')).toBe(true);
      // The shell that runs pgrep holds the pattern itself: escaped dots keep it from matching.
      expect(re.test(`sh -c pgrep -f ${processPatternFor(agent('iot-lake'))}`)).toBe(false);
    });

    it('starts an agent the stock way, detached, with its monitoring port and log dir, the profile never in shell text', async () => {
      const home = mkdtempSync(join(tmpdir(), 'kcc-flume-'));
      mkdirSync(join(home, 'bin'));
      writeFileSync(join(home, 'bin', 'flume-ng'), '#!/bin/sh\necho "args: $*"\nexec sleep 29.5\n', { mode: 0o755 });
      const hostile = {
        ...agent('lake'),
        installDir: home,
        logDir: 'logs dir',
        config: "conf/x'; touch /tmp/pwned-kcc; '.conf",
      } as Service;
      const c = commandsFor(hostile);
      expect(c.start.slice(0, 2)).toEqual(['sh', '-c']);
      expect(c.start[2]).not.toContain('lake');
      expect(c.logFile).toBe(join(home, 'logs dir', 'lake.out'));
      const [cmd = '', ...args] = c.start;
      const started = Date.now();
      execFileSync(cmd, args, { cwd: c.cwd, timeout: 10_000 });
      expect(Date.now() - started).toBeLessThan(5_000);
      try {
        await new Promise((r) => setTimeout(r, 300));
        const out = readFileSync(c.logFile, 'utf8');
        expect(out).toContain("agent --conf conf --conf-file conf/x'; touch /tmp/pwned-kcc; '.conf --name lake");
        expect(out).toContain('-Dflume.monitoring.type=http -Dflume.monitoring.port=41414 -Dflume.log.dir=logs dir');
      } finally {
        execFileSync('pkill', ['-f', 'sleep 29[.]5']);
      }
    });

    it('finds a minicluster by its NameNode port and a stock NameNode by its class', () => {
      const nn = (mainClass: string): Service => ({
        id: 'hdfs',
        kind: 'hdfs-namenode',
        host: 'h',
        installDir: '/opt/hadoop',
        fsUri: 'hdfs://localhost:19000',
        webhdfsUrl: 'http://localhost:9870',
        user: 'hdfs',
        mainClass,
      });
      const mini = new RegExp(processPatternFor(nn('org.apache.hadoop.mapreduce.MiniHadoopClusterManager')));
      const line = (port: number) =>
        `java -cp libs/* org.apache.hadoop.mapreduce.MiniHadoopClusterManager -nomr -format -nnport ${port} -nnhttpport 9870`;
      expect(mini.test(line(19000))).toBe(true);
      expect(mini.test(line(29000))).toBe(false);
      const stock = nn('org.apache.hadoop.hdfs.server.namenode.NameNode');
      expect(new RegExp(processPatternFor(stock)).test('java -Dproc_namenode org.apache.hadoop.hdfs.server.namenode.NameNode')).toBe(true);
      expect(commandsFor(stock).start).toEqual(['bin/hdfs', '--daemon', 'start', 'namenode']);
    });
  });
});

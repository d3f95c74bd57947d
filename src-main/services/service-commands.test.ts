import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsFor, processPatternFor } from './service-commands';
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
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { profileSchema, type Profile } from '../../src-main/profile/schemas';
import { parseProfile } from '../../src-main/profile/parse-profile';
import { SshPool } from '../../src-main/ssh/ssh-pool';
import { servicePid } from '../setup/sandbox-fixture';
import { AppHarness, profileVariant, sandboxProfileText } from './app-harness';

const harnesses: AppHarness[] = [];
function appOn(file: string): AppHarness {
  const h = new AppHarness(file);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.dispose()));
});

function tmp(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'kcc-fault-')), name);
}

function sandboxProfile(): Profile {
  return profileSchema.parse(parse(sandboxProfileText()));
}

function hostKeyLine(hostId: string): { pub: string; fingerprint: string } {
  const profile = sandboxProfile();
  const host = profile.hosts.find((h) => h.id === hostId);
  const knownHosts = readFileSync(host?.knownHostsFile ?? '', 'utf8');
  const line = knownHosts.split('\n').find((l) => l.startsWith(`[${host?.address}]:${host?.port} `));
  if (!line) throw new Error(`no known_hosts line for ${hostId}`);
  const file = tmp('key.pub');
  writeFileSync(file, `${line.split(' ').slice(1).join(' ')}\n`);
  const fingerprint = execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' }).split(' ')[1] ?? '';
  return { pub: line, fingerprint };
}

describe('SSH faults give clear errors and run nothing they should not', () => {
  it('an unreachable host fails fast with its name, and other hosts keep working', async () => {
    const app = appOn(profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-2')!.port = 2299)));
    const started = Date.now();
    const bad = await app.call('hosts.check', { host: 'kafka-2' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(bad.reachable).toBe(false);
    expect(bad.error?.code).toBe('host_unreachable');
    expect(bad.error?.message).toContain('kafka-2 (127.0.0.4:2299)');
    expect((await app.call('hosts.check', { host: 'kafka-1' })).reachable).toBe(true);
    const [broker2] = await app.call('services.status', { service: 'broker-2' });
    expect(broker2).toMatchObject({ state: 'unknown' });
    expect(broker2?.detail).toMatch(/connection refused/);
  });

  it('a wrong user is an authentication failure naming the host', async () => {
    const app = appOn(profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-3')!.user = 'nobody-here')));
    const r = await app.call('hosts.check', { host: 'kafka-3' });
    expect(r.error).toMatchObject({ code: 'auth_failed' });
    expect(r.error?.message).toContain('kafka-3');
  });

  it('a key the host does not know is an authentication failure', async () => {
    const key = tmp('stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const app = appOn(profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-3')!.identityFile = key)));
    expect((await app.call('hosts.check', { host: 'kafka-3' })).error).toMatchObject({ code: 'auth_failed' });
  });

  it('an encrypted key needs its passphrase; a wrong one is refused, the right one works', async () => {
    const profile = sandboxProfile();
    const original = profile.hosts.find((h) => h.id === 'kafka-3')?.identityFile ?? '';
    const key = tmp('encrypted');
    execFileSync('cp', [original, key]);
    execFileSync('ssh-keygen', ['-q', '-p', '-N', 'right horse', '-f', key]);
    const app = appOn(profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-3')!.identityFile = key)));
    const noPass = await app.call('hosts.check', { host: 'kafka-3' });
    expect(noPass.error).toMatchObject({ code: 'auth_failed' });
    expect(noPass.error?.message).toMatch(/passphrase/);
    await app.call('hosts.unlockKey', { host: 'kafka-3', passphrase: 'wrong staple' });
    expect((await app.call('hosts.check', { host: 'kafka-3' })).error).toMatchObject({ code: 'auth_failed' });
    await app.call('hosts.unlockKey', { host: 'kafka-3', passphrase: 'right horse' });
    expect((await app.call('hosts.check', { host: 'kafka-3' })).reachable).toBe(true);
  });

  it('a changed host key is refused with both fingerprints, and nothing is executed', async () => {
    const real = hostKeyLine('kafka-2');
    const other = tmp('other');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherPub = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const otherFp = execFileSync('ssh-keygen', ['-lf', `${other}.pub`], { encoding: 'utf8' }).split(' ')[1];
    const knownHosts = tmp('known_hosts');
    writeFileSync(knownHosts, `${real.pub.split(' ')[0]} ${otherPub}\n`);
    const app = appOn(profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-2')!.knownHostsFile = knownHosts)));
    const pidBefore = await servicePid('broker-2');
    const op = await app.call('services.stop', { service: 'broker-2' });
    expect(op.state).toBe('failed');
    const err = op.error;
    expect(err).toMatchObject({ code: 'host_key_changed' });
    expect(err?.message).toContain(real.fingerprint);
    expect(err?.message).toContain(otherFp);
    expect(await servicePid('broker-2')).toBe(pidBefore);
  });

  it('an unknown host key shows the fingerprint ssh-keygen prints; once trusted, the host works', async () => {
    const real = hostKeyLine('datalake-1');
    const knownHosts = tmp('known_hosts');
    writeFileSync(knownHosts, '');
    const app = appOn(profileVariant((p) => void (p.hosts.find((h) => h.id === 'datalake-1')!.knownHostsFile = knownHosts)));
    const first = await app.call('hosts.check', { host: 'datalake-1' });
    expect(first.error).toMatchObject({ code: 'host_key_unknown', details: { fingerprint: real.fingerprint } });
    const wrong = await app.callError('hosts.trustKey', {
      host: 'datalake-1',
      fingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(wrong.code).toBe('host_key_changed');
    expect(readFileSync(knownHosts, 'utf8')).toBe('');
    await app.call('hosts.trustKey', { host: 'datalake-1', fingerprint: real.fingerprint });
    expect((await app.call('hosts.check', { host: 'datalake-1' })).reachable).toBe(true);
    // What we stored is accepted by OpenSSH's own client.
    expect(execFileSync('ssh-keygen', ['-F', '[127.0.0.5]:2222', '-f', knownHosts], { encoding: 'utf8' })).toContain('ssh-ed25519');
  });

  it('a broker whose start fails in the background (as stock -daemon does) is reported with the log tail', async () => {
    const app = appOn(
      profileVariant((p) => {
        const b2 = p.services?.find((s) => s.id === 'broker-2');
        if (!b2 || b2.kind !== 'kafka-broker') throw new Error('no broker-2');
        p.services?.push({
          ...b2,
          id: 'broker-9',
          brokerId: 9,
          config: 'config/missing.properties',
          advertisedAddress: '127.0.0.4:9099',
          logDir: `logs/broker-9-${process.pid}`,
        });
      }),
    );
    const op = await app.call('services.start', { service: 'broker-9' });
    expect(op.state).toBe('failed');
    expect(op.error?.code).toBe('remote_command_failed');
    // The stock script exits 0 once the JVM is in the background; the JVM then dies on the missing file.
    expect(op.error?.message).toMatch(/broker-9 exited during startup on kafka-2/);
    expect(op.error?.hint).toMatch(/missing\.properties/);
  });

  it('a Flume agent that dies at start is reported with the cause from flume.log, not only its empty console', async () => {
    const logDir = `/tmp/kcc-flume-9-${process.pid}`;
    const app = appOn(
      profileVariant((p) => {
        const agent = p.services?.find((s) => s.kind === 'flume-agent');
        if (!agent || agent.kind !== 'flume-agent') throw new Error('no Flume agent');
        p.services?.push({
          ...agent,
          id: 'flume-9',
          agentName: 'agent-9',
          config: `${logDir}/missing.conf`,
          logDir,
          monitoringUrl: 'http://127.0.0.5:31499/metrics',
        });
      }),
    );
    const op = await app.call('services.start', { service: 'flume-9' });
    rmSync(logDir, { recursive: true, force: true });
    expect(op.state).toBe('failed');
    expect(op.error?.message).toMatch(/flume-9 exited during startup/);
    // Flume's console (agent-9.out) stays empty; log4j's flume.log says why.
    expect(op.error?.hint).toContain(`==> ${logDir}/flume.log <==`);
    expect(op.error?.hint).toMatch(/Unable to read file .*missing\.conf/);
  });

  it('shell metacharacters in profile fields reach the host quoted, and nothing else runs', async () => {
    const marker = `/tmp/kcc-pwned-${process.pid}`;
    const evil = [
      `x; touch ${marker}-1`,
      `$(touch ${marker}-2)`,
      `\`touch ${marker}-3\``,
      `a\ntouch ${marker}-4`,
      `'; touch ${marker}-5; '`,
    ];
    const app = appOn(
      profileVariant((p) => {
        const b2 = p.services?.find((s) => s.id === 'broker-2');
        if (!b2 || b2.kind !== 'kafka-broker') throw new Error('no broker-2');
        evil.forEach((e, i) =>
          p.services?.push({
            ...b2,
            id: `evil-${i}`,
            brokerId: 20 + i,
            installDir: `/tmp/${e}`,
            config: e,
            advertisedAddress: '127.0.0.4:9098',
            logFile: e,
          }),
        );
      }),
    );
    for (let i = 0; i < evil.length; i++) {
      const op = await app.call('services.start', { service: `evil-${i}` });
      expect(op.state).toBe('failed');
      const [status] = await app.call('services.status', { service: `evil-${i}` });
      expect(status?.state).toBe('stopped');
    }
    for (let i = 1; i <= 5; i++) expect(existsSync(`${marker}-${i}`), `${marker}-${i}`).toBe(false);
    // Ids and host names, which appear in messages and commands, refuse such characters outright.
    const r = parseProfile(sandboxProfileText().replace('id: zk-1', 'id: "zk-1; rm -rf /"'));
    expect(r.ok).toBe(false);
  });

  it('a connection dropped in the middle of a command fails cleanly, and the next call reconnects', async () => {
    const profile = sandboxProfile();
    const pool = new SshPool(async () => profile);
    try {
      const token = `${Date.now() % 100000}.${process.pid % 1000}`;
      const running = pool.exec('kafka-3', ['sleep', token], { timeoutMs: 60_000 });
      let sleepPid: number | undefined;
      for (let i = 0; i < 50 && !sleepPid; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const out = execFileSync('sh', ['-c', `pgrep -f '^sleep ${token.replace('.', '\\.')}$' || true`], { encoding: 'utf8' }).trim();
        if (out) sleepPid = Number(out.split('\n')[0]);
      }
      expect(sleepPid).toBeDefined();
      // Walk up to the per-connection sshd process and kill it, as a network drop would.
      let pid = sleepPid ?? 0;
      for (let i = 0; i < 5; i++) {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        if (comm === 'sshd') break;
        pid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      }
      expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('sshd');
      process.kill(pid, 'SIGKILL');
      await expect(running).rejects.toMatchObject({ error: { code: 'host_unreachable' } });
      const again = await pool.exec('kafka-3', ['echo', 'back']);
      expect(again.stdout.trim()).toBe('back');
    } finally {
      await pool.dispose();
    }
  });
});

describe('bastion hops and file transfer', () => {
  it('reaches a host through a bastion (ProxyJump) with its host key still checked', async () => {
    const app = appOn(profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-2')!.bastion = 'kafka-3')));
    const r = await app.call('hosts.check', { host: 'kafka-2' });
    expect(r.reachable, JSON.stringify(r.error)).toBe(true);
    expect(r.facts?.disks.map((d) => d.path.split('/').pop())).toEqual(['kafka-logs-2']);
    const [status] = await app.call('services.status', { service: 'broker-2' });
    expect(status).toMatchObject({ state: 'running' });

    // Through the bastion, a wrong known key for the target is still refused.
    const other = tmp('other');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const knownHosts = tmp('known_hosts');
    const shared = readFileSync(sandboxProfile().hosts[0]?.knownHostsFile ?? '', 'utf8');
    const otherPub = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(
      knownHosts,
      `${shared
        .split('\n')
        .filter((l) => !l.startsWith('[127.0.0.4]'))
        .join('\n')}\n[127.0.0.4]:2222 ${otherPub}\n`,
    );
    const app2 = appOn(
      profileVariant((p) => {
        for (const h of p.hosts) h.knownHostsFile = knownHosts;
        p.hosts.find((h) => h.id === 'kafka-2')!.bastion = 'kafka-3';
      }),
    );
    expect((await app2.call('hosts.check', { host: 'kafka-3' })).reachable).toBe(true);
    expect((await app2.call('hosts.check', { host: 'kafka-2' })).error).toMatchObject({ code: 'host_key_changed' });
  });

  it('reads and writes small files over SFTP', async () => {
    const pool = new SshPool(async () => sandboxProfile());
    try {
      const path = `/tmp/kcc-sftp-${process.pid}.properties`;
      const conn = await pool.connection('kafka-1');
      await conn.writeFile(path, 'log.dirs=/data/a\n# ünïcode\n');
      expect(await conn.readFile(path)).toBe('log.dirs=/data/a\n# ünïcode\n');
      await expect(conn.readFile('/nonexistent/file')).rejects.toMatchObject({ error: { code: 'not_found' } });
      await expect(conn.readFile(path, 4)).rejects.toMatchObject({ error: { code: 'invalid_input' } });
    } finally {
      await pool.dispose();
    }
  });
});

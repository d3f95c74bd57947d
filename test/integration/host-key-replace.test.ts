import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { profileSchema } from '../../src-main/profile/schemas';
import { AppHarness, profileVariant, sandboxProfileText } from './app-harness';

const harnesses: AppHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.dispose()));
});

function tmp(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'kcc-hostkey-')), name);
}

/** The sandbox's known_hosts line of a host, and its fingerprint as ssh-keygen prints it. */
function realKey(hostId: string): { token: string; line: string; fingerprint: string } {
  const profile = profileSchema.parse(parse(sandboxProfileText()));
  const host = profile.hosts.find((h) => h.id === hostId);
  const token = `[${host?.address}]:${host?.port}`;
  const line = readFileSync(host?.knownHostsFile ?? '', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${token} `));
  if (!line) throw new Error(`no known_hosts line for ${hostId}`);
  const pub = tmp('key.pub');
  writeFileSync(pub, `${line.split(' ').slice(1).join(' ')}\n`);
  return { token, line, fingerprint: execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).split(' ')[1] ?? '' };
}

/** A key the host does not have: what known_hosts holds after the host was rebuilt, as far as the app can tell. */
function oldKey(): string {
  const file = tmp('old');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
}

function hashed(token: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(token).digest('base64')}`;
}

/** Every known_hosts line OpenSSH's own client finds for the host. */
function linesFor(file: string, token: string): string[] {
  const out = execFileSync('sh', ['-c', 'ssh-keygen -F "$1" -f "$2" || true', 'sh', token, file], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('a changed host key', () => {
  it('is never trusted beside the old one; an explicit replace, confirmed by the host name, leaves exactly one key', async () => {
    const kafka2 = realKey('kafka-2');
    const zk1 = realKey('kafka-3');
    const old = oldKey();
    const knownHosts = tmp('known_hosts');
    const before = `${zk1.line}\n${kafka2.token} ${old}\n${hashed(kafka2.token)} ${old}\n`;
    writeFileSync(knownHosts, before);
    const app = new AppHarness(profileVariant((p) => void (p.hosts.find((h) => h.id === 'kafka-2')!.knownHostsFile = knownHosts)));
    harnesses.push(app);

    expect((await app.call('hosts.check', { host: 'kafka-2' })).error).toMatchObject({ code: 'host_key_changed' });

    const trust = await app.callError('hosts.trustKey', { host: 'kafka-2', fingerprint: kafka2.fingerprint });
    expect(trust.code).toBe('host_key_changed');
    expect(trust.message).toMatch(/known with another key/);
    expect(trust.hint).toMatch(/replace/i);
    expect(readFileSync(knownHosts, 'utf8')).toBe(before);
    expect((await app.call('hosts.check', { host: 'kafka-2' })).reachable).toBe(false);

    const unconfirmed = await app.callError('hosts.replaceKey', {
      host: 'kafka-2',
      fingerprint: kafka2.fingerprint,
      confirmHost: 'kafka-1',
    });
    expect(unconfirmed).toMatchObject({ code: 'invalid_input', field: 'confirmHost' });
    const stale = await app.callError('hosts.replaceKey', {
      host: 'kafka-2',
      fingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      confirmHost: 'kafka-2',
    });
    expect(stale.code).toBe('host_key_changed');
    expect(readFileSync(knownHosts, 'utf8')).toBe(before);

    const replaced = await app.call('hosts.replaceKey', { host: 'kafka-2', fingerprint: kafka2.fingerprint, confirmHost: 'kafka-2' });
    expect(replaced).toMatchObject({ host: 'kafka-2', fingerprint: kafka2.fingerprint, removed: 2 });
    const forHost = linesFor(knownHosts, kafka2.token);
    expect(forHost).toHaveLength(1);
    expect(forHost[0]).toContain(kafka2.line.split(' ')[2]);
    expect(readFileSync(knownHosts, 'utf8')).toContain(zk1.line);
    expect((await app.call('hosts.check', { host: 'kafka-2' })).reachable).toBe(true);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appendKnownHost,
  entryMatchesHost,
  fingerprintOf,
  hashedHostToken,
  hostKeyAlgorithmsFor,
  parseKnownHosts,
  readKnownHosts,
  readKnownHostsFiles,
  replaceKnownHost,
  verifyHostKey,
} from './known-hosts';

// Real keys from ssh-keygen, and ssh-keygen itself as the oracle for fingerprints and hashing.
let dir: string;
function newKey(name: string, type = 'ed25519'): { blob: Buffer; line: string; pubPath: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path]);
  const line = readFileSync(`${path}.pub`, 'utf8').trim();
  return { blob: Buffer.from(line.split(' ')[1] ?? '', 'base64'), line, pubPath: `${path}.pub` };
}

describe('known_hosts', () => {
  let a: ReturnType<typeof newKey>;
  let b: ReturnType<typeof newKey>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kcc-kh-'));
    a = newKey('a');
    b = newKey('b');
  });

  it('computes the same SHA256 fingerprint as ssh-keygen -lf', () => {
    const printed = execFileSync('ssh-keygen', ['-lf', a.pubPath], { encoding: 'utf8' }).split(' ')[1];
    expect(fingerprintOf(a.blob)).toBe(printed);
  });

  it('trusts a plain [host]:port entry with the same key', () => {
    const entries = parseKnownHosts(`# comment\n[10.0.0.5]:2222 ${a.line.split(' ').slice(0, 2).join(' ')}\n`);
    expect(verifyHostKey(entries, '10.0.0.5', 2222, a.blob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, '10.0.0.5', 22, a.blob).kind).toBe('unknown');
  });

  it('matches hashed entries written by ssh-keygen -H', () => {
    const file = join(dir, 'hashed');
    const keyPart = a.line.split(' ').slice(0, 2).join(' ');
    writeFileSync(file, `kafka-1.internal ${keyPart}\n[kafka-2.internal]:2222 ${keyPart}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    expect(entries.every((e) => e.patterns[0]?.startsWith('|1|'))).toBe(true);
    expect(verifyHostKey(entries, 'kafka-1.internal', 22, a.blob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'kafka-2.internal', 2222, a.blob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'kafka-3.internal', 22, a.blob).kind).toBe('unknown');
  });

  it('reports a changed key with the old and new fingerprints', () => {
    const entries = parseKnownHosts(`zk-1 ${a.line.split(' ').slice(0, 2).join(' ')}\n`, '/home/me/.ssh/known_hosts');
    const verdict = verifyHostKey(entries, 'zk-1', 22, b.blob);
    expect(verdict).toEqual({
      kind: 'changed',
      fingerprint: fingerprintOf(b.blob),
      keyType: 'ssh-ed25519',
      knownFingerprints: [fingerprintOf(a.blob)],
      locations: ['/home/me/.ssh/known_hosts:1'],
    });
  });

  it('honours wildcards, negation and @revoked', () => {
    const keyPart = a.line.split(' ').slice(0, 2).join(' ');
    const entries = parseKnownHosts(`*.ec2.internal,!bad.ec2.internal ${keyPart}\n@revoked * ${b.line.split(' ').slice(0, 2).join(' ')}\n`);
    expect(entryMatchesHost(entries[0]!, 'ip-1.ec2.internal', 22)).toBe(true);
    expect(entryMatchesHost(entries[0]!, 'bad.ec2.internal', 22)).toBe(false);
    expect(verifyHostKey(entries, 'ip-1.ec2.internal', 22, a.blob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'ip-1.ec2.internal', 22, b.blob).kind).toBe('revoked');
  });

  it('appends an accepted key in a form ssh itself accepts', async () => {
    const file = join(dir, 'accepted');
    await appendKnownHost(file, '127.0.0.9', 2222, a.blob);
    expect(verifyHostKey(await readKnownHosts(file), '127.0.0.9', 2222, a.blob)).toEqual({ kind: 'trusted' });
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.9]:2222', '-f', file], { encoding: 'utf8' });
    expect(found).toContain('ssh-ed25519');
  });

  it('replaces every entry of a host, hashed ones included, and keeps other hosts, comments and markers', async () => {
    const file = join(dir, 'replace_known_hosts');
    const keyA = a.line.split(' ').slice(0, 2).join(' ');
    const keyB = b.line.split(' ').slice(0, 2).join(' ');
    writeFileSync(file, `# mine\n[10.0.0.5]:2222 ${keyA}\n[10.0.0.6]:2222 ${keyA}\n@revoked [10.0.0.5]:2222 ${keyA}\n`);
    execFileSync('sh', ['-c', 'ssh-keygen -H -f "$1" >/dev/null 2>&1; rm -f "$1.old"', 'sh', file]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}10.0.0.5 ${keyA}\n`, { flag: 'w' });
    const { removed } = await replaceKnownHost(file, '10.0.0.5', 2222, b.blob);
    expect(removed).toBe(1);
    const entries = await readKnownHosts(file);
    expect(verifyHostKey(entries, '10.0.0.5', 2222, b.blob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, '10.0.0.6', 2222, a.blob)).toEqual({ kind: 'trusted' });
    const forHost = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, '10.0.0.5', 2222));
    expect(forHost).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toContain('# mine');
    expect(readFileSync(file, 'utf8')).toContain(`10.0.0.5 ${keyA}`);
    expect(readFileSync(file, 'utf8')).toContain(`[10.0.0.5]:2222 ${keyB}`);
  });
  it('writes a hashed entry when asked, which ssh-keygen -F finds and which names no host in clear', async () => {
    const file = join(dir, 'hashed_written');
    await appendKnownHost(file, '127.0.0.9', 2222, a.blob, { hash: true });
    await appendKnownHost(file, 'kafka-1.internal', 22, b.blob, { hash: true });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('127.0.0.9');
    expect(text).not.toContain('kafka-1');
    expect(
      text
        .split('\n')
        .filter((l) => l !== '')
        .every((l) => /^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= ssh-ed25519 /.test(l)),
    ).toBe(true);
    expect(execFileSync('ssh-keygen', ['-F', '[127.0.0.9]:2222', '-f', file], { encoding: 'utf8' })).toContain(a.blob.toString('base64'));
    expect(execFileSync('ssh-keygen', ['-F', 'kafka-1.internal', '-f', file], { encoding: 'utf8' })).toContain(b.blob.toString('base64'));
    expect(verifyHostKey(await readKnownHosts(file), '127.0.0.9', 2222, a.blob)).toEqual({ kind: 'trusted' });
    // Same construction as ssh-keygen -H: the same salt gives the same hash.
    const salt = Buffer.alloc(20, 7);
    expect(hashedHostToken('zk-1', salt)).toBe(hashedHostToken('zk-1', salt));
  });

  it('replaces a key with a hashed entry when asked', async () => {
    const file = join(dir, 'replace_hashed');
    writeFileSync(file, `zk-9 ${a.line.split(' ').slice(0, 2).join(' ')}\n`);
    expect(await replaceKnownHost(file, 'zk-9', 22, b.blob, { hash: true })).toEqual({ removed: 1 });
    expect(readFileSync(file, 'utf8')).not.toContain('zk-9');
    expect(execFileSync('ssh-keygen', ['-F', 'zk-9', '-f', file], { encoding: 'utf8' })).toContain(b.blob.toString('base64'));
  });

  it('reads the global file beside the user one, and says where a known key is', async () => {
    const user = join(dir, 'user_kh');
    const global = join(dir, 'ssh_known_hosts');
    writeFileSync(user, '');
    writeFileSync(global, `zk-2 ${a.line.split(' ').slice(0, 2).join(' ')}\n`);
    const entries = await readKnownHostsFiles([user, global, join(dir, 'missing')]);
    expect(verifyHostKey(entries, 'zk-2', 22, a.blob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'zk-2', 22, b.blob)).toMatchObject({ kind: 'changed', locations: [`${global}:1`] });
  });

  it('a @cert-authority entry is reported with the verdict, since no host certificate can be checked', () => {
    const ca = newKey('ca');
    const entries = parseKnownHosts(`@cert-authority *.ec2.internal ${ca.line.split(' ').slice(0, 2).join(' ')}\n`, 'kh');
    expect(verifyHostKey(entries, 'ip-1.ec2.internal', 22, a.blob)).toEqual({
      kind: 'unknown',
      fingerprint: fingerprintOf(a.blob),
      keyType: 'ssh-ed25519',
      certAuthorities: [{ fingerprint: fingerprintOf(ca.blob), keyType: 'ssh-ed25519', location: 'kh:1' }],
    });
    expect(verifyHostKey(entries, 'elsewhere', 22, a.blob)).toEqual({
      kind: 'unknown',
      fingerprint: fingerprintOf(a.blob),
      keyType: 'ssh-ed25519',
    });
  });

  it('orders host key algorithms from the known entries, as ssh does', () => {
    const ecdsa = newKey('ecdsa', 'ecdsa');
    const rsa = newKey('rsa', 'rsa');
    const ecdsaPart = ecdsa.line.split(' ').slice(0, 2).join(' ');
    const rsaPart = rsa.line.split(' ').slice(0, 2).join(' ');
    const ca = `@cert-authority * ${a.line.split(' ').slice(0, 2).join(' ')}`;
    expect(hostKeyAlgorithmsFor(parseKnownHosts(`[h]:2222 ${ecdsaPart}\n${ca}\n`), 'h', 2222)).toEqual([
      'ecdsa-sha2-nistp256',
      'ssh-ed25519',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(hostKeyAlgorithmsFor(parseKnownHosts(`${hashedHostToken('h')} ${rsaPart}\nh ${ecdsaPart}\n`), 'h', 22)).toEqual([
      'ecdsa-sha2-nistp256',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
      'ssh-ed25519',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
    ]);
    expect(hostKeyAlgorithmsFor(parseKnownHosts(`${ca}\nother ${rsaPart}\n`), 'h', 22)).toBeUndefined();
  });
});

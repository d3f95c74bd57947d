import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appendKnownHost,
  entryMatchesHost,
  fingerprintOf,
  parseKnownHosts,
  readKnownHosts,
  replaceKnownHost,
  verifyHostKey,
} from './known-hosts';

// Real keys from ssh-keygen, and ssh-keygen itself as the oracle for fingerprints and hashing.
let dir: string;
function newKey(name: string): { blob: Buffer; line: string; pubPath: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
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
    const entries = parseKnownHosts(`zk-1 ${a.line.split(' ').slice(0, 2).join(' ')}\n`);
    const verdict = verifyHostKey(entries, 'zk-1', 22, b.blob);
    expect(verdict).toEqual({
      kind: 'changed',
      fingerprint: fingerprintOf(b.blob),
      keyType: 'ssh-ed25519',
      knownFingerprints: [fingerprintOf(a.blob)],
      lines: [1],
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
});

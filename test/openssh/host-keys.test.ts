import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src-main/common/errors';
import type { Host, Profile } from '../../src-main/profile/schemas';
import { parseKnownHosts, verifyHostKey } from '../../src-main/ssh/known-hosts';
import { SshConnection } from '../../src-main/ssh/ssh-connection';
import { SshPool } from '../../src-main/ssh/ssh-pool';
import { startSshd, type PrivateSshd } from '../setup/private-sshd';

/**
 * Host keys as OpenSSH checks them, against real sshd hosts of this test's own (127.0.0.61–64): one with only an
 * ECDSA host key, one with only RSA, one with ed25519 + ECDSA + RSA, one whose ed25519 key carries a certificate.
 * OpenSSH's own `ssh` and `ssh-keygen` are the oracles for what the app writes.
 */

let work: string;
let ecdsaOnly: PrivateSshd;
let rsaOnly: PrivateSshd;
let allKeys: PrivateSshd;
let certified: PrivateSshd;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kcc-hostkeys-'));
  [ecdsaOnly, rsaOnly, allKeys, certified] = await Promise.all([
    startSshd({ address: '127.0.0.61', hostKeyTypes: ['ecdsa'] }),
    startSshd({ address: '127.0.0.62', hostKeyTypes: ['rsa'] }),
    startSshd({ address: '127.0.0.63', hostKeyTypes: ['ed25519', 'ecdsa', 'rsa'] }),
    startSshd({ address: '127.0.0.64', hostKeyTypes: ['ed25519'], hostCertificate: true }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([ecdsaOnly, rsaOnly, allKeys, certified].filter(Boolean).map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

const pools: SshPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.dispose()));
});

let fileNo = 0;
function file(name: string, text = ''): string {
  const path = join(work, `${++fileNo}-${name}`);
  writeFileSync(path, text);
  return path;
}

function hostOf(sshd: PrivateSshd, knownHostsFile: string): Host {
  return {
    id: `h-${sshd.address.split('.')[3]}`,
    address: sshd.address,
    port: sshd.port,
    user: 'root',
    identityFile: sshd.userKey,
    passphrasePrompt: false,
    agent: false,
    knownHostsFile,
  };
}

/** A pool on one host, with the global known_hosts and the ssh client config under the test's control. */
function poolFor(host: Host, options: { globalKnownHosts?: string; sshConfig?: string } = {}): SshPool {
  const profile: Profile = {
    version: 1,
    name: 'host-keys',
    hosts: [host],
    services: [],
    pipelines: [],
    kafka: { bootstrap: [`${host.address}:9092`], zookeeper: `${host.address}:2181` },
  };
  const pool = new SshPool(() => Promise.resolve(profile), {
    connectTimeoutMs: 5_000,
    globalKnownHostsFiles: [options.globalKnownHosts ?? file('ssh_known_hosts')],
    sshConfigSources: [{ path: options.sshConfig ?? file('ssh_config'), includeDir: work }],
  });
  pools.push(pool);
  return pool;
}

function fingerprintOfPub(pubFile: string): string {
  return execFileSync('ssh-keygen', ['-lf', pubFile], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

async function failureOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err && typeof err === 'object' && 'error' in err) return (err as { error: AppError }).error;
    throw err;
  }
  throw new Error('expected a failure');
}

/** OpenSSH's own client, strict: it connects only if the known_hosts file vouches for the host. */
function opensshAccepts(sshd: PrivateSshd, knownHostsFile: string): { ok: boolean; stderr: string } {
  const r = spawnSync(
    'ssh',
    [
      '-F',
      '/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${knownHostsFile}`,
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'IdentitiesOnly=yes',
      '-i',
      sshd.userKey,
      '-p',
      String(sshd.port),
      `root@${sshd.address}`,
      'true',
    ],
    { encoding: 'utf8', timeout: 15_000 },
  );
  return { ok: r.status === 0, stderr: r.stderr };
}

describe('host keys against real sshd hosts', () => {
  it.each([
    ['only an ECDSA host key', () => ecdsaOnly, 'ecdsa' as const, 'ecdsa-sha2-nistp256'],
    ['only an RSA host key', () => rsaOnly, 'rsa' as const, 'ssh-rsa'],
  ])(
    'a host with %s: first contact records the key; the next connection verifies it and is not reported as changed',
    async (_label, sshd, type, keyType) => {
      const server = sshd();
      const knownHosts = file('known_hosts');
      const host = hostOf(server, knownHosts);
      const expected = fingerprintOfPub(server.hostKeys[type]?.pubFile ?? '');

      const first = await failureOf(poolFor(host).exec(host.id, ['true']));
      expect(first).toMatchObject({ code: 'host_key_unknown', details: { fingerprint: expected, keyType } });
      const trusted = await poolFor(host).trustHostKey(host.id, expected);
      expect(trusted).toMatchObject({ fingerprint: expected, hashed: false });
      expect(readFileSync(knownHosts, 'utf8')).toBe(`${server.token} ${server.hostKeys[type]?.keyPart}\n`);
      expect(execFileSync('ssh-keygen', ['-F', server.token, '-f', knownHosts], { encoding: 'utf8' })).toContain(keyType);

      const again = await poolFor(host).exec(host.id, ['echo', 'verified']);
      expect(again.stdout).toBe('verified\n');
      expect(opensshAccepts(server, knownHosts).ok).toBe(true);
    },
  );

  it('a host that also has an ed25519 key is checked with the key type known_hosts holds for it (ECDSA, RSA), as ssh orders them', async () => {
    for (const type of ['ecdsa', 'rsa'] as const) {
      const knownHosts = file('known_hosts', `${allKeys.token} ${allKeys.hostKeys[type]?.keyPart}\n`);
      const host = hostOf(allKeys, knownHosts);
      // What ssh2 alone asks for (ed25519 first) is a key known_hosts does not hold: the old "changed" report.
      const unordered = await SshConnection.fetchHostKey(host, { timeoutMs: 5_000 });
      expect(verifyHostKey(parseKnownHosts(readFileSync(knownHosts, 'utf8')), host.address, host.port, unordered).kind).toBe('changed');

      const pool = poolFor(host);
      expect((await pool.exec(host.id, ['echo', type])).stdout).toBe(`${type}\n`);
      expect((await pool.presentedFingerprint(host.id)).fingerprint).toBe(fingerprintOfPub(allKeys.hostKeys[type]?.pubFile ?? ''));
      expect(opensshAccepts(allKeys, knownHosts).ok).toBe(true);
    }
  });

  it('HashKnownHosts yes in the ssh config: the new entry is written hashed, and ssh-keygen -F and ssh find it', async () => {
    const knownHosts = file('known_hosts');
    const host = hostOf(ecdsaOnly, knownHosts);
    const sshConfig = file('ssh_config', `Host other\n  HashKnownHosts no\nHost ${host.id}\n  HashKnownHosts yes\n`);
    const fingerprint = fingerprintOfPub(ecdsaOnly.hostKeys.ecdsa?.pubFile ?? '');
    expect(await poolFor(host, { sshConfig }).trustHostKey(host.id, fingerprint)).toMatchObject({ hashed: true });
    const text = readFileSync(knownHosts, 'utf8');
    expect(text).not.toContain(ecdsaOnly.address);
    expect(text).toMatch(/^\|1\|[^|]+\|[^ ]+ ecdsa-sha2-nistp256 /);
    const found = execFileSync('ssh-keygen', ['-F', ecdsaOnly.token, '-f', knownHosts], { encoding: 'utf8' });
    expect(found).toContain(ecdsaOnly.hostKeys.ecdsa?.keyPart.split(' ')[1]);
    expect(opensshAccepts(ecdsaOnly, knownHosts).ok).toBe(true);
    expect((await poolFor(host, { sshConfig }).exec(host.id, ['true'])).code).toBe(0);
    // Without the setting (here: a pattern that does not name the host), the entry is plain, as ssh writes it.
    const plainFile = file('known_hosts');
    const notThis = file('ssh_config', 'Host 10.*\n  HashKnownHosts yes\n');
    expect(await poolFor(hostOf(ecdsaOnly, plainFile), { sshConfig: notThis }).trustHostKey(host.id, fingerprint)).toMatchObject({
      hashed: false,
    });
    expect(readFileSync(plainFile, 'utf8')).toContain(ecdsaOnly.token);
  });

  it('a key listed only in the global known_hosts file is trusted', async () => {
    const globalKnownHosts = file('ssh_known_hosts', `${allKeys.token} ${allKeys.hostKeys.rsa?.keyPart}\n`);
    const knownHosts = file('known_hosts');
    const host = hostOf(allKeys, knownHosts);
    expect((await poolFor(host, { globalKnownHosts }).exec(host.id, ['echo', 'global'])).stdout).toBe('global\n');
    const trusted = await poolFor(host, { globalKnownHosts }).trustHostKey(host.id, fingerprintOfPub(allKeys.hostKeys.rsa?.pubFile ?? ''));
    expect(trusted.fingerprint).toBe(fingerprintOfPub(allKeys.hostKeys.rsa?.pubFile ?? ''));
    expect(readFileSync(knownHosts, 'utf8')).toBe('');
  });

  it('a @revoked key is refused even where a plain entry lists it, and nothing runs', async () => {
    const keyPart = ecdsaOnly.hostKeys.ecdsa?.keyPart;
    const knownHosts = file('known_hosts', `${ecdsaOnly.token} ${keyPart}\n@revoked * ${keyPart}\n`);
    const host = hostOf(ecdsaOnly, knownHosts);
    const refused = await failureOf(poolFor(host).exec(host.id, ['touch', join(work, 'must-not-exist')]));
    expect(refused).toMatchObject({ code: 'host_key_changed', message: expect.stringMatching(/revoked/) });
    expect(refused.message).toContain(`${knownHosts}:2`);
    expect(spawnSync('test', ['-e', join(work, 'must-not-exist')]).status).not.toBe(0);
    expect(opensshAccepts(ecdsaOnly, knownHosts).ok).toBe(false);
  });

  it('a host vouched for by @cert-authority: ssh accepts it; the app says, as a value, that it cannot check host certificates', async () => {
    const ca = certified.certificateAuthority;
    const knownHosts = file('known_hosts', `@cert-authority ${certified.token} ${ca?.keyPart}\n`);
    expect(opensshAccepts(certified, knownHosts)).toMatchObject({ ok: true });
    const host = hostOf(certified, knownHosts);
    const failure = await failureOf(poolFor(host).exec(host.id, ['true']));
    expect(failure).toMatchObject({
      code: 'host_key_unknown',
      message: expect.stringMatching(/certificate authority.*cannot check host certificates/),
      details: {
        fingerprint: fingerprintOfPub(certified.hostKeys.ed25519?.pubFile ?? ''),
        hostCertificates: 'unsupported',
        certAuthorities: [{ fingerprint: fingerprintOfPub(ca?.pubFile ?? ''), location: `${knownHosts}:1` }],
      },
    });
    // The user can still compare and accept the plain key; it is stored beside the CA line.
    await poolFor(host).trustHostKey(host.id, fingerprintOfPub(certified.hostKeys.ed25519?.pubFile ?? ''));
    expect((await poolFor(host).exec(host.id, ['echo', 'plain'])).stdout).toBe('plain\n');
    expect(readFileSync(knownHosts, 'utf8')).toContain('@cert-authority');
  });

  it('several identity files are tried in order: a missing one is passed over, a refused one is followed by the next', async () => {
    const knownHosts = file('known_hosts', `${ecdsaOnly.token} ${ecdsaOnly.hostKeys.ecdsa?.keyPart}\n`);
    const stranger = join(work, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const locked = join(work, 'locked');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', locked]);
    const { identityFile: _one, ...base } = hostOf(ecdsaOnly, knownHosts);
    const host: Host = { ...base, identityFiles: [join(work, 'missing-key'), stranger, locked, ecdsaOnly.userKey] };
    const logBefore = readFileSync(ecdsaOnly.logFile, 'utf8').length;
    expect((await poolFor(host).exec(host.id, ['echo', 'in'])).stdout).toBe('in\n');
    const log = readFileSync(ecdsaOnly.logFile, 'utf8').slice(logBefore);
    const strangerAt = log.indexOf(fingerprintOfPub(`${stranger}.pub`));
    const acceptedAt = log.indexOf(`Accepted publickey for root`);
    expect(strangerAt).toBeGreaterThanOrEqual(0);
    expect(acceptedAt).toBeGreaterThan(strangerAt);
    expect(log.slice(acceptedAt)).toContain(fingerprintOfPub(`${ecdsaOnly.userKey}.pub`));

    // None accepted: refused, and the key left out for want of its passphrase is named by its field, not its path.
    const refused = await failureOf(poolFor({ ...host, identityFiles: [stranger, locked] }).exec(host.id, ['true']));
    expect(refused).toMatchObject({ code: 'auth_failed', details: { needsPassphrase: true } });
    expect(refused.message).toContain('identityFiles[1]');
    expect(refused.message).not.toContain(locked);
  });
});

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fail } from '../common/errors';

/**
 * OpenSSH known_hosts: parsing, matching (plain, wildcard, negated and hashed
 * `|1|salt|hmac` host names, `[host]:port` for non-22 ports) and the verdict
 * for a key a server presents. Same rules as `ssh`: the user's file and the
 * global ones (/etc/ssh/ssh_known_hosts) are read together; a `@revoked` key
 * is refused; any entry for the host with this exact key means trusted;
 * entries for the host but none with this key means the key changed; no
 * entries means unknown.
 *
 * `@cert-authority` entries are read and reported, but cannot be used: ssh2
 * negotiates only plain host keys (no `*-cert-v01@openssh.com` algorithm in its
 * SUPPORTED_SERVER_HOST_KEY; https://github.com/mscdex/ssh2/issues/551), so the
 * certificate a host holds never reaches us. A host known only through a CA is
 * "unknown", and the verdict says why.
 */

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  patterns: string[];
  keyType: string;
  keyBase64: string;
  line: number;
  /** The file it was read from, when it came from one. */
  file?: string;
}

/** A `@cert-authority` entry that names the host, as the user sees it. */
export interface CertAuthorityNote {
  fingerprint: string;
  keyType: string;
  /** `file:line` */
  location: string;
}

export type HostKeyVerdict =
  | { kind: 'trusted' }
  | { kind: 'unknown'; fingerprint: string; keyType: string; certAuthorities?: CertAuthorityNote[] }
  | { kind: 'changed'; fingerprint: string; keyType: string; knownFingerprints: string[]; locations: string[] }
  | { kind: 'revoked'; fingerprint: string; keyType: string; locations: string[] };

export function parseKnownHosts(text: string, file?: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) return;
    entries.push({ ...(marker ? { marker } : {}), patterns: hosts.split(','), keyType, keyBase64, line: i + 1, ...(file ? { file } : {}) });
  });
  return entries;
}

/** The name a host is recorded under: `host` on port 22, `[host]:port` otherwise. */
export function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatches(pattern: string, token: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64');
  return digest === hash;
}

/** Whether an entry's host patterns name this host (negations win). */
export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const token = hostToken(host, port);
  let matched = false;
  for (const p of entry.patterns) {
    if (p.startsWith('|1|')) {
      if (hashedMatches(p, token)) matched = true;
      continue;
    }
    const negated = p.startsWith('!');
    const pattern = negated ? p.slice(1) : p;
    if (globToRegExp(pattern).test(token)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** SHA256 fingerprint as `ssh-keygen -lf` prints it. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + len).toString('ascii');
}

function locationOf(e: KnownHostEntry): string {
  return `${e.file ?? 'known_hosts'}:${e.line}`;
}

export function verifyHostKey(entries: KnownHostEntry[], host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const keyBase64 = keyBlob.toString('base64');
  const fingerprint = fingerprintOf(keyBlob);
  const keyType = keyTypeOf(keyBlob);
  const forHost = entries.filter((e) => entryMatchesHost(e, host, port));
  const revoked = forHost.filter((e) => e.marker === '@revoked' && e.keyBase64 === keyBase64);
  if (revoked.length > 0) return { kind: 'revoked', fingerprint, keyType, locations: revoked.map(locationOf) };
  const plain = forHost.filter((e) => e.marker === undefined);
  if (plain.some((e) => e.keyBase64 === keyBase64)) return { kind: 'trusted' };
  if (plain.length === 0) {
    const cas = forHost.filter((e) => e.marker === '@cert-authority');
    return {
      kind: 'unknown',
      fingerprint,
      keyType,
      ...(cas.length > 0
        ? {
            certAuthorities: cas.map((e) => ({
              fingerprint: fingerprintOf(Buffer.from(e.keyBase64, 'base64')),
              keyType: e.keyType,
              location: locationOf(e),
            })),
          }
        : {}),
    };
  }
  return {
    kind: 'changed',
    fingerprint,
    keyType,
    knownFingerprints: plain.map((e) => fingerprintOf(Buffer.from(e.keyBase64, 'base64'))),
    locations: plain.map(locationOf),
  };
}

/**
 * ssh2's host key algorithms in its default order (lib/protocol/constants.js, DEFAULT_SERVER_HOST_KEY), plus
 * ssh-dss, which it supports but does not offer unless asked.
 */
const SSH2_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;
export type HostKeyAlgorithm = (typeof SSH2_HOST_KEY_ALGORITHMS)[number] | 'ssh-dss';

/** The signature algorithms that prove a key of this type (an RSA key signs with SHA-2 first). */
function algorithmsForKeyType(keyType: string): HostKeyAlgorithm[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  if (keyType === 'ssh-dss') return ['ssh-dss'];
  return SSH2_HOST_KEY_ALGORITHMS.filter((a) => a === keyType);
}

/**
 * The host key algorithms to offer, as OpenSSH orders them (sshconnect2.c, order_hostkeyalgs): the ones for key
 * types already known for this host first, then the rest. Without it ssh2 asks for ed25519 first, and a host
 * known by its ECDSA or RSA key, which also has an ed25519 key, presents a key known_hosts does not hold.
 * Undefined when nothing is known: the library's default order then.
 */
export function hostKeyAlgorithmsFor(entries: KnownHostEntry[], host: string, port: number): HostKeyAlgorithm[] | undefined {
  const known = entries
    .filter((e) => e.marker === undefined && entryMatchesHost(e, host, port))
    .flatMap((e) => algorithmsForKeyType(e.keyType));
  if (known.length === 0) return undefined;
  const all: HostKeyAlgorithm[] = [...SSH2_HOST_KEY_ALGORITHMS, ...(known.includes('ssh-dss') ? (['ssh-dss'] as const) : [])];
  return [...all.filter((a) => known.includes(a)), ...all.filter((a) => !known.includes(a))];
}

export async function readKnownHosts(path: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'), path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    // A path that names a directory, or goes through a file, is a profile mistake the user can fix: say which.
    if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES' || code === 'ENAMETOOLONG')
      fail('invalid_input', `The known_hosts file ${JSON.stringify(path)} cannot be read (${code}).`, {
        field: 'knownHostsFile',
        hint: 'knownHostsFile names a file, e.g. ~/.ssh/known_hosts.',
      });
    throw err;
  }
}

/** The user's file and the global ones, in the order ssh reads them; missing files hold nothing. */
export async function readKnownHostsFiles(paths: ReadonlyArray<string>): Promise<KnownHostEntry[]> {
  return (await Promise.all(paths.map(readKnownHosts))).flat();
}

/** `|1|salt|hmac` as `ssh-keygen -H` and `HashKnownHosts yes` write it: HMAC-SHA1 of the name under a random salt. */
export function hashedHostToken(token: string, salt: Buffer = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(token).digest('base64')}`;
}

export interface KnownHostWriteOptions {
  /** Write the host name hashed (`HashKnownHosts yes`). */
  hash?: boolean;
}

function entryLine(host: string, port: number, keyBlob: Buffer, options: KnownHostWriteOptions): string {
  const token = hostToken(host, port);
  return `${options.hash ? hashedHostToken(token) : token} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`;
}

/** Records a key the user accepted, in the format `ssh` writes. */
export async function appendKnownHost(
  path: string,
  host: string,
  port: number,
  keyBlob: Buffer,
  options: KnownHostWriteOptions = {},
): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  } catch (err) {
    fail('invalid_input', `The directory of ${JSON.stringify(path)} cannot be made (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, {
      field: 'knownHostsFile',
      hint: 'knownHostsFile names a file you can write, e.g. ~/.ssh/known_hosts.',
    });
  }
  let prefix = '';
  try {
    const current = await readFile(path, 'utf8');
    if (current.length > 0 && !current.endsWith('\n')) prefix = '\n';
  } catch {
    // A missing file is created by appendFile.
  }
  try {
    await appendFile(path, `${prefix}${entryLine(host, port, keyBlob, options)}\n`, { mode: 0o600 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES' || code === 'ENAMETOOLONG' || code === 'ENOENT')
      fail('invalid_input', `The key cannot be added to ${JSON.stringify(path)} (${code}).`, {
        field: 'knownHostsFile',
        hint: 'knownHostsFile names a file you can write, e.g. ~/.ssh/known_hosts.',
      });
    throw err;
  }
}

/**
 * Replaces every key recorded for the host (plain and hashed entries) by the one the user accepted, so exactly one
 * key is trusted afterwards; other hosts' lines, comments and @revoked / @cert-authority lines stay as they are.
 * Written to a private temp file and renamed over the old one, so a crash leaves either file whole.
 */
export async function replaceKnownHost(
  path: string,
  host: string,
  port: number,
  keyBlob: Buffer,
  options: KnownHostWriteOptions = {},
): Promise<{ removed: number }> {
  let current = '';
  try {
    current = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const lines = current.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const kept: string[] = [];
  let removed = 0;
  for (const line of lines) {
    const [entry] = parseKnownHosts(line);
    if (entry && entry.marker === undefined && entryMatchesHost(entry, host, port)) removed++;
    else kept.push(line);
  }
  kept.push(entryLine(host, port, keyBlob, options));
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const mode = await stat(path).then(
    (st) => st.mode & 0o777,
    () => 0o600,
  );
  const tmpDir = await mkdtemp(join(dirname(path), `.${basename(path)}-`));
  try {
    const tmp = join(tmpDir, 'known_hosts');
    await writeFile(tmp, `${kept.join('\n')}\n`, { mode, flag: 'wx' });
    await rename(tmp, path);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
  return { removed };
}

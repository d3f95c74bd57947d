import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * OpenSSH known_hosts: parsing, matching (plain, wildcard, negated and hashed
 * `|1|salt|hmac` host names, `[host]:port` for non-22 ports) and the verdict
 * for a key a server presents. Same rules as `ssh`: any entry for the host
 * with this exact key means trusted; entries for the host but none with this
 * key means the key changed; no entries means unknown.
 */

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  patterns: string[];
  keyType: string;
  keyBase64: string;
  line: number;
}

export type HostKeyVerdict =
  | { kind: 'trusted' }
  | { kind: 'unknown'; fingerprint: string; keyType: string }
  | { kind: 'changed'; fingerprint: string; keyType: string; knownFingerprints: string[]; lines: number[] }
  | { kind: 'revoked'; fingerprint: string; keyType: string };

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) return;
    entries.push({ ...(marker ? { marker } : {}), patterns: hosts.split(','), keyType, keyBase64, line: i + 1 });
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

export function verifyHostKey(entries: KnownHostEntry[], host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
  const keyBase64 = keyBlob.toString('base64');
  const fingerprint = fingerprintOf(keyBlob);
  const keyType = keyTypeOf(keyBlob);
  const forHost = entries.filter((e) => e.marker !== '@cert-authority' && entryMatchesHost(e, host, port));
  if (forHost.some((e) => e.marker === '@revoked' && e.keyBase64 === keyBase64)) return { kind: 'revoked', fingerprint, keyType };
  const plain = forHost.filter((e) => e.marker === undefined);
  if (plain.some((e) => e.keyBase64 === keyBase64)) return { kind: 'trusted' };
  if (plain.length === 0) return { kind: 'unknown', fingerprint, keyType };
  return {
    kind: 'changed',
    fingerprint,
    keyType,
    knownFingerprints: plain.map((e) => fingerprintOf(Buffer.from(e.keyBase64, 'base64'))),
    lines: plain.map((e) => e.line),
  };
}

export async function readKnownHosts(path: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Records a key the user accepted, in the format `ssh` writes. */
export async function appendKnownHost(path: string, host: string, port: number, keyBlob: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const current = await readFile(path, 'utf8');
    if (current.length > 0 && !current.endsWith('\n')) prefix = '\n';
  } catch {
    // A missing file is created by appendFile.
  }
  await appendFile(path, `${prefix}${hostToken(host, port)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`, { mode: 0o600 });
}

/**
 * Replaces every key recorded for the host (plain and hashed entries) by the one the user accepted, so exactly one
 * key is trusted afterwards; other hosts' lines, comments and @revoked / @cert-authority lines stay as they are.
 * Written to a private temp file and renamed over the old one, so a crash leaves either file whole.
 */
export async function replaceKnownHost(path: string, host: string, port: number, keyBlob: Buffer): Promise<{ removed: number }> {
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
  kept.push(`${hostToken(host, port)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`);
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

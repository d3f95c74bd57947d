import { mkdir, mkdtemp, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { fail, AppFailure } from '../common/errors';
import { parseProfile } from './parse-profile';
import type { Host, Profile } from './schemas';
import { defaultSshConfigSources, loadSshConfig } from '../ssh/ssh-config';
import { importSshConfig, type SshConfigImport } from './ssh-config-import';

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a profile. The temp file sits in a fresh
 * private directory beside the target (same filesystem for the rename): a guessable name could be a planted link.
 */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmpDir = await mkdtemp(join(dirname(path), '.kcc-save-'));
  try {
    const tmp = join(tmpDir, 'profile.yaml');
    await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
    await rename(tmp, path);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

export async function saveProfile(
  profileDir: string,
  name: string,
  yaml: string,
  overwrite: boolean,
): Promise<{ path: string; profile: Profile }> {
  const parsed = parseProfile(yaml, `${name}.yaml`);
  if (!parsed.ok) {
    const [first, ...rest] = parsed.errors;
    throw new AppFailure({
      ...(first ?? { code: 'invalid_profile', message: 'Invalid profile' }),
      ...(rest.length ? { hint: rest.map((e) => e.message).join('; ') } : {}),
    });
  }
  const path = join(profileDir, `${name}.yaml`);
  if (!overwrite) {
    const exists = await readFile(path).then(
      () => true,
      () => false,
    );
    if (exists)
      fail('conflict', `A profile named ${name} already exists (${path}).`, { hint: 'Choose another name or save with overwrite.' });
  }
  await writeAtomically(path, yaml);
  return { path, profile: parsed.profile };
}

/**
 * Reads an OpenSSH client config as `ssh` does: the file (only under ~/.ssh, so an API caller cannot name other
 * files) and what it includes; for the default ~/.ssh/config, /etc/ssh/ssh_config after it, as ssh reads both
 * (a file given by path is read alone, like `ssh -F`).
 */
export async function readSshConfig(path?: string): Promise<{ path: string; result: SshConfigImport }> {
  const sshDir = join(homedir(), '.ssh');
  const file = path ? resolve(path) : join(sshDir, 'config');
  const outside = () =>
    fail('invalid_input', `${path ?? file} is not under ${sshDir}.`, {
      field: 'path',
      hint: `Import from ${join(sshDir, 'config')} (the default) or another file in ${sshDir}.`,
    });
  if (!file.startsWith(sshDir + sep)) outside();
  let realFile: string;
  try {
    // A link inside ~/.ssh must not lead out of it either.
    const [real, realDir] = await Promise.all([realpath(file), realpath(sshDir)]);
    if (!real.startsWith(realDir + sep)) outside();
    realFile = real;
  } catch (err) {
    if (err instanceof AppFailure) throw err;
    fail('not_found', `No SSH client config at ${file}.`);
  }
  const sources = path
    ? [{ path: realFile, includeDir: sshDir }]
    : [{ path: realFile, includeDir: sshDir }, ...defaultSshConfigSources().slice(1)];
  return { path: file, result: importSshConfig(await loadSshConfig(sources)) };
}

/**
 * Adds hosts to a profile file, keeping its comments and layout; hosts whose
 * id is already there are left as they are. The result must validate before
 * anything is written.
 */
export async function addHostsToProfile(profilePath: string, hosts: ReadonlyArray<Host>): Promise<{ added: string[]; kept: string[] }> {
  const { text, added, kept } = addHostsToText(await readFile(profilePath, 'utf8'), hosts);
  const parsed = parseProfile(text);
  if (!parsed.ok) throw new AppFailure(parsed.errors[0] ?? { code: 'invalid_profile', message: 'The merged profile does not validate' });
  await writeAtomically(profilePath, text);
  return { added, kept };
}

/**
 * Adds hosts to profile YAML text (a file's, or the editor's draft, which need not validate yet), keeping its
 * comments and layout; hosts whose id is already there are left as they are.
 */
export function addHostsToText(yaml: string, hosts: ReadonlyArray<Host>): { text: string; added: string[]; kept: string[] } {
  let doc = parseDocument(yaml);
  if (doc.errors.length > 0)
    fail('invalid_profile', `The profile text is not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`, {
      hint: 'Fix the YAML first, then add the hosts.',
    });
  if (!isMap(doc.contents)) {
    // An empty draft (or one of comments only) starts as a mapping; a lone scalar or list is not a profile.
    if (doc.contents !== null && !(isScalar(doc.contents) && doc.contents.value === null))
      fail('invalid_profile', 'The profile text must be a YAML mapping (key: value lines).');
    const fresh = new Document({});
    fresh.commentBefore = doc.commentBefore ?? doc.contents?.commentBefore ?? null;
    doc = fresh as typeof doc;
  }
  const js: unknown = doc.toJS();
  const list = js && typeof js === 'object' && 'hosts' in js && Array.isArray(js.hosts) ? (js.hosts as unknown[]) : [];
  const existing = new Set(list.map((h) => (h && typeof h === 'object' && 'id' in h ? String(h.id) : '')));
  const added: string[] = [];
  const kept: string[] = [];
  // `hosts: []` (the editor's new profile) would otherwise grow as one long flow sequence.
  const list0 = doc.get('hosts', true);
  if (isSeq(list0) && list0.items.length === 0) list0.flow = false;
  for (const h of hosts) {
    if (existing.has(h.id)) {
      kept.push(h.id);
      continue;
    }
    // The schema's defaults (no agent, no passphrase prompt) go unwritten, as a person would leave them.
    const { passphrasePrompt, agent, ...rest } = h;
    doc.addIn(['hosts'], doc.createNode({ ...rest, ...(passphrasePrompt ? { passphrasePrompt } : {}), ...(agent ? { agent } : {}) }));
    added.push(h.id);
  }
  return { text: doc.toString(), added, kept };
}

import { readdir, readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import SSHConfig, { type Directive, type Line } from 'ssh-config';
import { AppFailure } from '../common/errors';

/**
 * The OpenSSH client config (`ssh_config(5)`) read the way `ssh` reads it, for the few options the app uses.
 * The `ssh-config` package tokenizes the files (quotes, `=`, comments); the rules that decide a host's options
 * are here, because its `compute()` differs from ssh: keywords are matched case-sensitively (`Hostname` is
 * missed), `Include` is not followed, `Match exec` runs shell commands, `?` matches zero characters.
 *
 * The rules, as `ssh -G` shows them (the tests compare with it):
 * - keywords are case-insensitive; for each option the first value obtained wins (IdentityFile accumulates,
 *   duplicates dropped);
 * - `Host` patterns (`*`, `?`, `!negation`, whitespace-separated) are matched case-sensitively against the name
 *   given to ssh; a negated match deactivates the block whatever else matches;
 * - `Include` files (globs; relative paths under ~/.ssh for the user's config, /etc/ssh for the system's) are read
 *   in place: they start in the including block's state, their own `Host` lines switch it, and the including
 *   block's state returns after them;
 * - `Match` is not evaluated here: its block is skipped and a note says so;
 * - ProxyJump and ProxyCommand exclude each other, first one wins (`ProxyCommand none` blocks a later ProxyJump,
 *   `ProxyJump none` does not block a later ProxyCommand);
 * - the host name (HostName with `%h` expanded, or the name given) is lower-cased.
 */

/** Something in a config file the app could not follow, with where it is. */
export interface SshConfigNote {
  file: string;
  line: number;
  message: string;
}

type ConfigItem =
  | { kind: 'host'; patterns: string[]; file: string; line: number }
  | { kind: 'match'; file: string; line: number }
  | { kind: 'option'; keyword: string; args: string[]; text: string; file: string; line: number }
  | { kind: 'include'; files: ConfigFile[]; file: string; line: number };

interface ConfigFile {
  path: string;
  items: ConfigItem[];
}

/** The config files as ssh would read them for any host: user file first, then the system one. */
export interface SshClientConfig {
  files: ConfigFile[];
  notes: SshConfigNote[];
}

export interface SshConfigSource {
  path: string;
  /** Where relative `Include` paths point: ~/.ssh for a user config, /etc/ssh for the system one. */
  includeDir: string;
}

/** The sources `ssh` reads when it is not given `-F`: ~/.ssh/config, then /etc/ssh/ssh_config. */
export function defaultSshConfigSources(home = homedir()): SshConfigSource[] {
  return [
    { path: join(home, '.ssh', 'config'), includeDir: join(home, '.ssh') },
    { path: '/etc/ssh/ssh_config', includeDir: '/etc/ssh' },
  ];
}

/** OpenSSH's READCONF_MAX_DEPTH. */
const MAX_INCLUDE_DEPTH = 16;

function countNewlines(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
}

function* linesInOrder(lines: ReadonlyArray<Line>): Generator<Line> {
  for (const line of lines) {
    yield line;
    if ('config' in line) yield* linesInOrder(line.config);
  }
}

function argsOf(d: Directive): string[] {
  return typeof d.value === 'string' ? [d.value] : d.value.map((v) => v.val);
}

/** The value as written (ProxyCommand is a command line, shown back to the user). */
function textOf(d: Directive): string {
  if (typeof d.value === 'string') return d.value;
  return d.value.map((v, i) => `${i === 0 ? '' : v.separator}${v.quoted ? `"${v.val}"` : v.val}`).join('');
}

function configError(file: string, message: string): AppFailure {
  return new AppFailure({
    code: 'invalid_input',
    message: `${file}: ${message}`,
    hint: 'ssh refuses this file too (`ssh -G <host>` shows the same problem); fix it and try again.',
    details: { file },
  });
}

/** One file's lines, without following its Includes (their arguments are kept for the loader). */
function parseItems(
  text: string,
  file: string,
): { items: Array<ConfigItem | { kind: 'include-args'; args: string[]; line: number }>; notes: SshConfigNote[] } {
  let parsed: SSHConfig;
  try {
    parsed = SSHConfig.parse(text);
  } catch (err) {
    throw configError(file, err instanceof Error ? err.message : String(err));
  }
  const items: Array<ConfigItem | { kind: 'include-args'; args: string[]; line: number }> = [];
  const notes: SshConfigNote[] = [];
  // The parser keeps the text between lines in `before`/`after`; counting its newlines gives line numbers.
  let lineNo = 1;
  for (const l of linesInOrder(parsed)) {
    lineNo += countNewlines(l.before);
    const line = lineNo;
    lineNo += countNewlines(l.after);
    if (l.type !== SSHConfig.DIRECTIVE || l.param === '') continue;
    const keyword = l.param.toLowerCase();
    if (keyword === 'host') items.push({ kind: 'host', patterns: argsOf(l), file, line });
    else if (keyword === 'match') {
      items.push({ kind: 'match', file, line });
      notes.push({
        file,
        line,
        message: `"Match ${textOf(l)}" is not evaluated by this app; the lines under it are ignored.`,
      });
    } else if (keyword === 'include') items.push({ kind: 'include-args', args: argsOf(l), line });
    else items.push({ kind: 'option', keyword, args: argsOf(l), text: textOf(l), file, line });
  }
  return { items, notes };
}

function globSegmentToRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] ?? '';
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        let body = segment.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** glob(3) as ssh calls it for Include: wildcards in any component, no dot files by a wildcard, sorted. */
async function expandGlob(pattern: string): Promise<string[]> {
  if (!/[*?[]/.test(pattern)) return [pattern];
  const segments = pattern.split('/').filter((s) => s !== '');
  let paths = [pattern.startsWith('/') ? '/' : ''];
  for (const segment of segments) {
    const next: string[] = [];
    if (!/[*?[]/.test(segment)) {
      for (const p of paths) next.push(join(p, segment));
    } else {
      const re = globSegmentToRegExp(segment);
      for (const p of paths) {
        const names = await readdir(p === '' ? '.' : p).catch(() => [] as string[]);
        for (const name of names) if (re.test(name) && (!name.startsWith('.') || segment.startsWith('.'))) next.push(join(p, name));
      }
    }
    paths = next;
  }
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function expandTilde(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

async function loadFile(path: string, includeDir: string, home: string, depth: number, notes: SshConfigNote[]): Promise<ConfigFile> {
  const text = await readFile(path, 'utf8');
  const parsed = parseItems(text, path);
  notes.push(...parsed.notes);
  const items: ConfigItem[] = [];
  for (const item of parsed.items) {
    if (item.kind !== 'include-args') {
      items.push(item);
      continue;
    }
    const files: ConfigFile[] = [];
    if (depth + 1 > MAX_INCLUDE_DEPTH) {
      notes.push({ file: path, line: item.line, message: `Include nested more than ${MAX_INCLUDE_DEPTH} deep (a loop?); not followed.` });
    } else {
      for (const arg of item.args) {
        const expanded = expandTilde(arg, home);
        const pattern = isAbsolute(expanded) ? expanded : join(includeDir, expanded);
        for (const match of await expandGlob(pattern)) {
          try {
            files.push(await loadFile(match, includeDir, home, depth + 1, notes));
          } catch (err) {
            if (err instanceof AppFailure) throw err;
            const code = (err as NodeJS.ErrnoException).code;
            // ssh skips an Include that matches no file; one it cannot read stops it.
            if (code === 'ENOENT') continue;
            notes.push({
              file: path,
              line: item.line,
              message: `Include ${match} cannot be read (${code ?? 'error'}); ssh would stop here.`,
            });
          }
        }
      }
    }
    items.push({ kind: 'include', files, file: path, line: item.line });
  }
  return { path, items };
}

/**
 * Reads the config files and everything they include. A missing file is an empty one (as for ssh); a file the
 * parser cannot read (an unbalanced quote) is an `invalid_input` failure naming it.
 */
export async function loadSshConfig(
  sources: ReadonlyArray<SshConfigSource> = defaultSshConfigSources(),
  home = homedir(),
): Promise<SshClientConfig> {
  const notes: SshConfigNote[] = [];
  const files: ConfigFile[] = [];
  for (const source of sources) {
    try {
      files.push(await loadFile(source.path, source.includeDir, home, 0, notes));
    } catch (err) {
      if (err instanceof AppFailure) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw configError(source.path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  return { files, notes };
}

/** A config held in memory (tests, or text the caller already read); Includes in it are not followed. */
export function parseSshConfig(text: string, file = 'ssh_config'): SshClientConfig {
  const parsed = parseItems(text, file);
  const items = parsed.items.map((item): ConfigItem =>
    item.kind === 'include-args' ? { kind: 'include', files: [], file, line: item.line } : item,
  );
  return { files: [{ path: file, items }], notes: parsed.notes };
}

/** ssh's match_pattern: `*` any run, `?` exactly one character, case-sensitive. */
function patternMatches(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(name);
}

function hostLineMatches(patterns: ReadonlyArray<string>, name: string): boolean {
  let matched = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    if (patternMatches(negated ? p.slice(1) : p, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** The names of `Host` lines that name one host (no wildcard, no negation), in file order, Includes followed. */
export function concreteHostNames(config: SshClientConfig): string[] {
  const out: string[] = [];
  const visit = (items: ReadonlyArray<ConfigItem>) => {
    for (const item of items) {
      if (item.kind === 'host') {
        for (const p of item.patterns) if (!/[*?]/.test(p) && !p.startsWith('!') && !out.includes(p)) out.push(p);
      } else if (item.kind === 'include') for (const f of item.files) visit(f.items);
    }
  };
  for (const f of config.files) visit(f.items);
  return out;
}

/** What ssh passes on its command line, which wins over the config: `-l user`, `-p port`, `-J jumps`. */
export interface SshCommandLine {
  user?: string | undefined;
  port?: number | undefined;
  proxyJump?: string | undefined;
}

/** A host's options as `ssh -G` prints them (identity files unexpanded, as written). */
export interface SshHostOptions {
  /** The name given to ssh. */
  name: string;
  hostname: string;
  user: string;
  port: number;
  identityFiles: string[];
  /** Comma-separated jump hosts, as written; absent for none. */
  proxyJump?: string;
  proxyCommand?: string;
  hashKnownHosts: boolean;
  /** Values ssh would refuse (a bad Port), with where they are. */
  problems: SshConfigNote[];
}

interface Obtained {
  hostname?: string;
  user?: string;
  port?: { value: string; file: string; line: number };
  identityFiles: string[];
  jump?: { value: string; file: string; line: number };
  proxyCommand?: string;
  hashKnownHosts?: boolean;
}

function applyOption(o: Obtained, item: Extract<ConfigItem, { kind: 'option' }>): void {
  const first = item.args[0];
  if (first === undefined) return;
  switch (item.keyword) {
    case 'hostname':
      o.hostname ??= first;
      break;
    case 'user':
      o.user ??= first;
      break;
    case 'port':
      o.port ??= { value: first, file: item.file, line: item.line };
      break;
    case 'identityfile':
      if (!o.identityFiles.includes(first)) o.identityFiles.push(first);
      break;
    case 'proxyjump':
      if (o.jump === undefined && o.proxyCommand === undefined) o.jump = { value: first, file: item.file, line: item.line };
      break;
    case 'proxycommand':
      if (o.proxyCommand === undefined && (o.jump === undefined || o.jump.value.toLowerCase() === 'none')) o.proxyCommand = item.text;
      break;
    case 'hashknownhosts':
      o.hashKnownHosts ??= /^(yes|true)$/i.test(first);
      break;
  }
}

function evaluate(items: ReadonlyArray<ConfigItem>, name: string, enclosingActive: boolean, o: Obtained): void {
  // A file starts in the state of the line that included it; a file included from an inactive block never matches.
  const neverMatch = !enclosingActive;
  let active = enclosingActive;
  for (const item of items) {
    if (item.kind === 'host') active = !neverMatch && hostLineMatches(item.patterns, name);
    else if (item.kind === 'match') active = false;
    else if (item.kind === 'include') for (const f of item.files) evaluate(f.items, name, active, o);
    else if (active) applyOption(o, item);
  }
}

function expandHostname(template: string, name: string): string {
  return template.replace(/%([%h])/g, (_m, t: string) => (t === '%' ? '%' : name));
}

/** A host's options as ssh resolves them for `name` (`ssh -G [-l user] [-p port] [-J jumps] name`). */
export function resolveSshHost(
  config: SshClientConfig,
  name: string,
  commandLine: SshCommandLine = {},
  localUser: string = userInfo().username,
): SshHostOptions {
  const o: Obtained = { identityFiles: [] };
  if (commandLine.user !== undefined) o.user = commandLine.user;
  if (commandLine.port !== undefined) o.port = { value: String(commandLine.port), file: '(command line)', line: 0 };
  if (commandLine.proxyJump !== undefined) o.jump = { value: commandLine.proxyJump, file: '(command line)', line: 0 };
  for (const f of config.files) evaluate(f.items, name, true, o);
  const problems: SshConfigNote[] = [];
  let port = 22;
  if (o.port) {
    const n = /^\d{1,5}$/.test(o.port.value) ? Number(o.port.value) : NaN;
    if (n >= 1 && n <= 65535) port = n;
    else problems.push({ file: o.port.file, line: o.port.line, message: `Port ${o.port.value} is not a port number` });
  }
  let jump: string | undefined;
  if (o.jump !== undefined && o.jump.value.toLowerCase() !== 'none') {
    jump = normalizeProxyJump(o.jump.value);
    if (jump === undefined)
      problems.push({ file: o.jump.file, line: o.jump.line, message: `ProxyJump ${o.jump.value} is not a list of [user@]host[:port]` });
  }
  const proxyCommand = o.proxyCommand !== undefined && o.proxyCommand.toLowerCase() !== 'none' ? o.proxyCommand : undefined;
  return {
    name,
    hostname: (o.hostname !== undefined ? expandHostname(o.hostname, name) : name).toLowerCase(),
    user: o.user ?? localUser,
    port,
    identityFiles: o.identityFiles,
    ...(jump !== undefined ? { proxyJump: jump } : {}),
    ...(jump === undefined && proxyCommand !== undefined ? { proxyCommand } : {}),
    hashKnownHosts: o.hashKnownHosts ?? false,
    problems,
  };
}

/** One hop of a ProxyJump list: `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export interface JumpHop {
  user?: string;
  host: string;
  port?: number;
}

export function splitProxyJump(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `[user@]host[:port]`, IPv6 addresses in brackets, as ssh prints a hop. */
export function formatJumpHop(hop: JumpHop): string {
  const host = hop.host.includes(':') ? `[${hop.host}]` : hop.host;
  return `${hop.user !== undefined ? `${hop.user}@` : ''}${host}${hop.port !== undefined ? `:${hop.port}` : ''}`;
}

/** ssh keeps the earlier hops as written and rewrites the last one (`ssh://u@h:p` becomes `u@h:p`). */
function normalizeProxyJump(value: string): string | undefined {
  const comma = value.lastIndexOf(',');
  const last = parseJumpHop(value.slice(comma + 1).trim());
  if (!last) return undefined;
  return `${comma >= 0 ? `${value.slice(0, comma)},` : ''}${formatJumpHop(last)}`;
}

export function parseJumpHop(spec: string): JumpHop | undefined {
  const rest = spec.startsWith('ssh://') ? spec.slice('ssh://'.length).replace(/\/$/, '') : spec;
  const at = rest.lastIndexOf('@');
  const user = at >= 0 ? rest.slice(0, at) : undefined;
  const hostPort = at >= 0 ? rest.slice(at + 1) : rest;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(hostPort);
  if (!m || !m[1] || user === '') return undefined;
  const port = m[2] !== undefined ? Number(m[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: m[1], ...(user !== undefined ? { user } : {}), ...(port !== undefined ? { port } : {}) };
}

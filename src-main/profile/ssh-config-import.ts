import { homedir, hostname, userInfo } from 'node:os';
import {
  concreteHostNames,
  formatJumpHop,
  parseJumpHop,
  resolveSshHost,
  splitProxyJump,
  type SshClientConfig,
  type SshCommandLine,
  type SshConfigNote,
} from '../ssh/ssh-config';
import { hostSchema, type Host } from './schemas';

export interface SshConfigImport {
  hosts: Host[];
  skipped: Array<{ alias: string; reason: string }>;
  /** Lines of the config the app did not follow (Match blocks, unreadable Includes). */
  warnings: SshConfigNote[];
}

/** What ssh takes from the machine it runs on, for defaults and `%` tokens. */
export interface LocalSide {
  user: string;
  home: string;
  uid: number;
  hostname: string;
}

export function localSide(): LocalSide {
  const info = userInfo();
  return { user: info.username, home: homedir(), uid: info.uid, hostname: hostname() };
}

/** A ProxyJump chain longer than this is taken for a loop. */
const MAX_HOPS = 8;

function toId(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 63) || 'host'
  );
}

type Built = { ok: true; id: string } | { ok: false; reason: string };

/**
 * The `%` tokens ssh expands in IdentityFile (ssh_config(5), TOKENS), so the profile holds a path the app can
 * open; `~/` stays, the app expands it. A token this import does not know is reported, not guessed.
 */
function expandIdentityFile(path: string, tokens: Record<string, string>): { ok: true; path: string } | { ok: false; token: string } {
  let unknown: string | undefined;
  const out = path.replace(/%(.)/g, (m, t: string) => {
    const v = tokens[t];
    if (v === undefined) unknown ??= `%${t}`;
    return v ?? m;
  });
  return unknown === undefined ? { ok: true, path: out } : { ok: false, token: unknown };
}

/**
 * Hosts from an OpenSSH client config, resolved the way `ssh` resolves them (see ssh/ssh-config.ts): HostName,
 * User, Port, every IdentityFile in order, and ProxyJump as the profile's bastion chain.
 *
 * A jump host is reached as ssh reaches it: looked up in the config under the name the jump gives, with the jump's
 * user and port winning, and with the earlier hops of the list as its own ProxyJump (ssh runs `ssh -J earlier
 * last`). When that is exactly how one of the file's hosts resolves, the bastion is that host; otherwise the hop
 * becomes a host of its own (`ec2-user-10.0.0.5-via-bastion`), so the chain the profile follows is the one ssh
 * follows. A host ssh would reach through ProxyCommand is skipped with the command named: the app cannot run it.
 */
export function importSshConfig(config: SshClientConfig, local: LocalSide = localSide()): SshConfigImport {
  const aliases = concreteHostNames(config);
  const reserved = new Set<string>();
  const aliasIds = new Map<string, string>();
  for (const alias of aliases) {
    let id = toId(alias);
    for (let n = 2; reserved.has(id); n++) id = `${toId(alias).slice(0, 60)}-${n}`;
    reserved.add(id);
    aliasIds.set(alias, id);
  }
  const used = new Set<string>();
  const hosts: Host[] = [];
  const bySignature = new Map<string, string>();

  const freshId = (base: string): string => {
    let id = toId(base);
    for (let n = 2; reserved.has(id) || used.has(id); n++) id = `${toId(base).slice(0, 60)}-${n}`;
    return id;
  };

  const builtAliases = new Map<string, string>();

  const build = (name: string, commandLine: SshCommandLine, path: ReadonlyArray<{ name: string; key: string }>): Built => {
    const key = JSON.stringify([name, commandLine.user, commandLine.port, commandLine.proxyJump]);
    const chain = [...path.map((p) => p.name), name].join(' → ');
    if (path.some((p) => p.key === key)) return { ok: false, reason: `ProxyJump loop: ${chain}` };
    if (path.length > MAX_HOPS) return { ok: false, reason: `the ProxyJump chain ${chain} is longer than ${MAX_HOPS} hops` };
    // A file's host looked up as itself (no user, port or earlier hops from a jump) is that host, under its name.
    const plain = commandLine.user === undefined && commandLine.port === undefined && commandLine.proxyJump === undefined;
    const aliasId = plain ? aliasIds.get(name) : undefined;
    const done = plain ? builtAliases.get(name) : undefined;
    if (done !== undefined) return { ok: true, id: done };
    const o = resolveSshHost(config, name, commandLine, local.user);
    const problem = o.problems[0];
    if (problem) return { ok: false, reason: `${problem.message} (${problem.file}:${problem.line})` };
    if (o.proxyCommand !== undefined)
      return {
        ok: false,
        reason: `${name} is reached through ProxyCommand "${o.proxyCommand}", which this app does not run; use ProxyJump instead`,
      };
    let bastion: string | undefined;
    if (o.proxyJump !== undefined) {
      const hops = splitProxyJump(o.proxyJump);
      const lastSpec = hops[hops.length - 1] ?? '';
      const last = parseJumpHop(lastSpec);
      if (!last) return { ok: false, reason: `ProxyJump ${o.proxyJump} of ${name} is not [user@]host[:port]` };
      const earlier = hops.slice(0, -1);
      const hop = build(last.host, { user: last.user, port: last.port, proxyJump: earlier.length > 0 ? earlier.join(',') : undefined }, [
        ...path,
        { name, key },
      ]);
      if (!hop.ok) return hop;
      bastion = hop.id;
    }
    const tokens: Record<string, string> = {
      '%': '%',
      d: local.home,
      h: o.hostname,
      i: String(local.uid),
      k: o.hostname,
      L: local.hostname.split('.')[0] ?? local.hostname,
      l: local.hostname,
      n: name,
      p: String(o.port),
      r: o.user,
      u: local.user,
    };
    const identityFiles: string[] = [];
    for (const f of o.identityFiles) {
      const expanded = expandIdentityFile(f, tokens);
      if (!expanded.ok)
        return {
          ok: false,
          reason: `IdentityFile ${f} of ${name} uses ${expanded.token}, which this import does not expand; write the path out`,
        };
      identityFiles.push(expanded.path);
    }
    const fields: Omit<Host, 'id'> = {
      address: o.hostname,
      port: o.port,
      user: o.user,
      ...(identityFiles.length === 1 ? { identityFile: identityFiles[0] } : {}),
      ...(identityFiles.length > 1 ? { identityFiles } : {}),
      passphrasePrompt: false,
      agent: identityFiles.length === 0,
      ...(bastion !== undefined ? { bastion } : {}),
    };
    const signature = JSON.stringify(fields);
    if (aliasId === undefined) {
      // A hop that resolves exactly as a host already imported is that host.
      const same = bySignature.get(signature);
      if (same !== undefined) return { ok: true, id: same };
    }
    const id =
      aliasId ??
      freshId(
        `${formatJumpHop({ host: name, user: commandLine.user, port: commandLine.port })}${bastion !== undefined ? `-via-${bastion}` : ''}`,
      );
    // The profile's own schema is the last word on what a host may hold.
    const checked = hostSchema.safeParse({ id, ...fields });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return {
        ok: false,
        reason: `${name} does not make a valid profile host: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
      };
    }
    used.add(id);
    if (!bySignature.has(signature)) bySignature.set(signature, id);
    if (aliasId !== undefined) builtAliases.set(name, id);
    hosts.push(checked.data);
    return { ok: true, id };
  };

  const skipped: SshConfigImport['skipped'] = [];
  for (const alias of aliases) {
    const built = build(alias, {}, []);
    if (!built.ok) skipped.push({ alias, reason: built.reason });
  }
  // The file's hosts in the file's order, then the jump hosts made for them.
  const rank = (h: Host) => {
    const i = aliases.findIndex((a) => builtAliases.get(a) === h.id);
    return i === -1 ? aliases.length : i;
  };
  return {
    hosts: hosts
      .map((h, i) => ({ h, i }))
      .sort((a, b) => rank(a.h) - rank(b.h) || a.i - b.i)
      .map(({ h }) => h),
    skipped,
    warnings: config.notes,
  };
}

/** The hosts asked for, and every host their bastion chains go through, in the import's order. */
export function withBastions(hosts: ReadonlyArray<Host>, chosen: ReadonlyArray<string>): Host[] {
  const byId = new Map(hosts.map((h) => [h.id, h]));
  const wanted = new Set<string>();
  for (let id of chosen) {
    for (let hops = 0; hops <= MAX_HOPS && !wanted.has(id); hops++) {
      const host = byId.get(id);
      if (!host) break;
      wanted.add(id);
      if (host.bastion === undefined) break;
      id = host.bastion;
    }
  }
  return hosts.filter((h) => wanted.has(h.id));
}

import { userInfo } from 'node:os';
import SSHConfig from 'ssh-config';
import type { Host } from './schemas';

export interface SshConfigImport {
  hosts: Host[];
  skipped: Array<{ alias: string; reason: string }>;
}

const wildcard = /[*?!]/;

function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function toId(alias: string): string {
  return (
    alias
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 63) || 'host'
  );
}

/** The concrete aliases of Host sections (patterns with wildcards are defaults, not hosts). */
function aliasesOf(config: SSHConfig): string[] {
  const out: string[] = [];
  for (const line of config) {
    if (!('param' in line) || line.param.toLowerCase() !== 'host') continue;
    const values = typeof line.value === 'string' ? [line.value] : line.value.map((v) => v.val);
    for (const v of values) if (!wildcard.test(v) && !out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Hosts from an OpenSSH client config, resolved the way `ssh` resolves them
 * (first value wins, `Host *` defaults apply): HostName, User, Port,
 * IdentityFile and ProxyJump (as the bastion, when it names another alias).
 */
export function importSshConfig(text: string, defaultUser = userInfo().username): SshConfigImport {
  const config = SSHConfig.parse(text);
  const aliases = aliasesOf(config);
  const ids = new Map(aliases.map((a) => [a, toId(a)]));
  const hosts: Host[] = [];
  const skipped: SshConfigImport['skipped'] = [];
  for (const alias of aliases) {
    const c = config.compute(alias);
    const port = Number(asList(c.Port)[0] ?? 22);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      skipped.push({ alias, reason: `invalid Port ${String(c.Port)}` });
      continue;
    }
    const identityFile = asList(c.IdentityFile)[0];
    const jumps = asList(c.ProxyJump)
      .flatMap((j) => j.split(','))
      .map((j) => j.trim())
      .filter((j) => j !== '' && j.toLowerCase() !== 'none');
    // The last hop is the one that reaches this host; earlier hops are that bastion's own ProxyJump.
    const lastJump = jumps[jumps.length - 1];
    if (lastJump !== undefined && !ids.has(lastJump)) {
      skipped.push({ alias, reason: `ProxyJump ${lastJump} is not a Host of this file; add it as a host first` });
      continue;
    }
    hosts.push({
      id: ids.get(alias) ?? toId(alias),
      address: asList(c.HostName)[0] ?? alias,
      port,
      user: asList(c.User)[0] ?? defaultUser,
      ...(identityFile ? { identityFile } : {}),
      passphrasePrompt: false,
      agent: identityFile === undefined,
      ...(lastJump !== undefined ? { bastion: ids.get(lastJump) ?? toId(lastJump) } : {}),
    });
  }
  return { hosts, skipped };
}

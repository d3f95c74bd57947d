import { posix } from 'node:path';
import { AppFailure } from '../common/errors';
import type { Profile } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import { hostFactsCommand, logDirsOf, parseHostFacts } from './host-facts';
import type { HostCheck } from './schemas';

/** Failures of the host itself, not of one file on it: the whole check reports them. */
const hostFailures: ReadonlySet<string> = new Set(['host_unreachable', 'auth_failed', 'host_key_unknown', 'host_key_changed', 'timeout']);

/**
 * Connects to a host (host key checked) and reads its facts, with the free
 * space of every log directory of the brokers placed on it. An unreachable
 * host is an answer ("not reachable, because…"), not a failure of the call.
 */
export async function checkHost(pool: SshPool, profile: Profile, host: string): Promise<HostCheck> {
  const started = Date.now();
  try {
    const dirs: string[] = [];
    const warnings: string[] = [];
    for (const b of profile.services) {
      if (b.host !== host || b.kind !== 'kafka-broker') continue;
      const path = posix.isAbsolute(b.config) ? b.config : posix.join(b.installDir, b.config);
      let text: string;
      try {
        text = await (await pool.connection(host)).readFile(path);
      } catch (err) {
        if (err instanceof AppFailure && hostFailures.has(err.error.code)) throw err;
        // Reading it as empty would report Kafka's default /tmp/kafka-logs, a disk the broker may not use at all.
        const reason = err instanceof AppFailure ? err.error.message : String(err);
        warnings.push(`${b.id}: ${reason}; the free space of its log.dirs is not shown.`);
        continue;
      }
      for (const d of logDirsOf(text)) if (!dirs.includes(d)) dirs.push(d);
    }
    const r = await pool.exec(host, hostFactsCommand(dirs), { timeoutMs: 15_000 });
    return {
      host,
      reachable: true,
      facts: parseHostFacts(r.stdout),
      latencyMs: Date.now() - started,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  } catch (err) {
    if (err instanceof AppFailure && err.error.code !== 'not_found') return { host, reachable: false, error: err.error };
    throw err;
  }
}

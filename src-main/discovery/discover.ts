import { randomBytes } from 'node:crypto';
import { AppFailure, toAppError } from '../common/errors';
import type { Host } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import { configReadCommand, parseConfigRead, type ConfigRead } from './config-read';
import { classifyJvm } from './jvm-process';
import { parseProcessScan, processScanCommand } from './process-scan';
import { proposeProfile, type HostView, type ProposeOptions } from './propose';
import { filesFor } from './service-candidates';
import type { DiscoveryResult } from './schemas';

const SCAN_TIMEOUT_MS = 20_000;
const emptyRead = (): ConfigRead => ({ files: new Map(), missing: new Set(), logDirs: new Set() });

/**
 * Reads one host in two commands: the process scan, then the files its processes name (configs, myid, the other
 * configs of their installs). Read-only; an unreachable host is reported in its view, not thrown.
 */
export async function readHost(pool: SshPool, host: Host): Promise<HostView> {
  const marker = `@@kcc-${randomBytes(8).toString('hex')}@@`;
  try {
    const scanned = await pool.exec(host.id, processScanCommand(marker), { timeoutMs: SCAN_TIMEOUT_MS });
    if (scanned.code !== 0)
      throw new AppFailure({
        code: 'remote_command_failed',
        message: `Listing the processes of ${host.id} failed (exit ${scanned.code ?? 'none'}): ${scanned.stderr.trim().slice(0, 300)}`,
      });
    const scan = parseProcessScan(scanned.stdout, marker);
    const processes = scan.processes.flatMap((p) => classifyJvm(p) ?? []);
    const requests = processes.flatMap(filesFor);
    const read =
      requests.length > 0
        ? parseConfigRead((await pool.exec(host.id, configReadCommand(marker, requests), { timeoutMs: SCAN_TIMEOUT_MS })).stdout, marker)
        : emptyRead();
    return { host, ...(scan.bootId ? { bootId: scan.bootId } : {}), processes, read };
  } catch (err) {
    return { host, error: toAppError(err), processes: [], read: emptyRead() };
  }
}

/** Discovers what runs on the hosts, all at once, and proposes a profile for them. */
export async function discoverProfile(pool: SshPool, hosts: ReadonlyArray<Host>, options: ProposeOptions): Promise<DiscoveryResult> {
  const views = await Promise.all(hosts.map((h) => readHost(pool, h)));
  return proposeProfile(views, options);
}

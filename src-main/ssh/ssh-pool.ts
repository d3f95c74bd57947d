import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppFailure, fail } from '../common/errors';
import { bastionLoop, describeLoop } from '../common/bastion-chain';
import type { Host, Profile } from '../profile/schemas';
import { appendKnownHost, fingerprintOf, hostKeyAlgorithmsFor, readKnownHostsFiles, replaceKnownHost, verifyHostKey } from './known-hosts';
import { defaultSshConfigSources, loadSshConfig, resolveSshHost, type SshConfigSource } from './ssh-config';
import { SshConnection, expandHome, type ExecOptions, type ExecResult } from './ssh-connection';

/** Where ssh looks for system-wide host keys (GlobalKnownHostsFile's default). */
export const GLOBAL_KNOWN_HOSTS_FILES = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

export interface SshPoolOptions {
  /** known_hosts used when a host names none. */
  defaultKnownHosts?: string;
  /** Read beside each host's known_hosts, never written; default GLOBAL_KNOWN_HOSTS_FILES. */
  globalKnownHostsFiles?: ReadonlyArray<string>;
  /** The ssh client config consulted for HashKnownHosts when a key is stored; default ~/.ssh/config, /etc/ssh/ssh_config. */
  sshConfigSources?: ReadonlyArray<SshConfigSource>;
  idleMs?: number;
  connectTimeoutMs?: number;
}

interface Slot {
  connection: SshConnection;
  busy: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * One SSH connection per host, opened on first use, shared by every caller,
 * closed after a quiet period, and opened again on the next use after a drop.
 * Bastion hops are connections of this pool too.
 */
export class SshPool {
  private readonly slots = new Map<string, Slot>();
  private readonly pending = new Map<string, Promise<SshConnection>>();
  private readonly passphrases = new Map<string, string>();
  private readonly failures = new Map<string, { count: number; at: number }>();
  private disposed = false;

  constructor(
    private readonly profile: () => Promise<Profile>,
    private readonly options: SshPoolOptions = {},
  ) {}

  private knownHostsOf(host: Host): string {
    return host.knownHostsFile ?? this.options.defaultKnownHosts ?? join(homedir(), '.ssh', 'known_hosts');
  }

  private get globalKnownHosts(): ReadonlyArray<string> {
    return this.options.globalKnownHostsFiles ?? GLOBAL_KNOWN_HOSTS_FILES;
  }

  /** Every known_hosts entry that counts for a host: its own file, then the global ones. */
  private knownEntriesOf(host: Host) {
    return readKnownHostsFiles([expandHome(this.knownHostsOf(host)), ...this.globalKnownHosts]);
  }

  /**
   * Whether ssh would write this host's new key hashed: `HashKnownHosts yes` in the client config, for the host's
   * id (an alias when it was imported from ~/.ssh/config) or its address. A config ssh cannot read stops the
   * write: storing the name in clear against the user's setting is not a guess to make.
   */
  private async hashKnownHostsFor(host: Host): Promise<boolean> {
    const config = await loadSshConfig(this.options.sshConfigSources ?? defaultSshConfigSources()).catch((err: unknown) => {
      const reason = err instanceof AppFailure ? err.error.message : String(err);
      fail(
        'invalid_input',
        `Cannot tell from the ssh client config whether known_hosts entries are hashed: ${reason} Nothing was stored.`,
        {
          hint: 'Fix the file (ssh itself refuses it too) and accept the key again.',
        },
      );
    });
    return [host.id, host.address].some((name) => resolveSshHost(config, name).hashKnownHosts);
  }

  private async hostById(id: string): Promise<{ host: Host; profile: Profile }> {
    const profile = await this.profile();
    const host = profile.hosts.find((h) => h.id === id);
    if (!host) fail('not_found', `No host "${id}" in profile ${profile.name}.`);
    // The schema refuses loops; this guards a profile that reached us some other way, since a loop would wait forever.
    const loop = bastionLoop(profile.hosts, id);
    if (loop)
      fail('invalid_profile', `Cannot connect to ${id}: ${describeLoop(loop)}.`, {
        hint: 'Fix the bastion of these hosts in the profile.',
      });
    return { host, profile };
  }

  /** Kept in memory only, for the life of the app. */
  setPassphrase(hostId: string, passphrase: string): void {
    this.passphrases.set(hostId, passphrase);
    this.drop(hostId);
  }

  async connection(hostId: string, depth = 0): Promise<SshConnection> {
    if (this.disposed) fail('conflict', 'The SSH pool is closed.');
    const slot = this.slots.get(hostId);
    if (slot && !slot.connection.closed) return slot.connection;
    const inFlight = this.pending.get(hostId);
    if (inFlight) return inFlight;
    const p = this.openConnection(hostId, depth).finally(() => this.pending.delete(hostId));
    this.pending.set(hostId, p);
    return p;
  }

  private async openConnection(hostId: string, depth: number): Promise<SshConnection> {
    const { host } = await this.hostById(hostId);
    if (depth > 4) fail('invalid_profile', `Bastion chain of ${hostId} is too long or circular.`);
    const via = host.bastion ? await this.connection(host.bastion, depth + 1) : undefined;
    const passphrase = this.passphrases.get(hostId);
    await this.backoff(hostId);
    let connection: SshConnection;
    try {
      connection = await SshConnection.open(host, {
        knownHostsFile: this.knownHostsOf(host),
        globalKnownHostsFiles: this.globalKnownHosts,
        ...(this.options.connectTimeoutMs ? { timeoutMs: this.options.connectTimeoutMs } : {}),
        ...(passphrase ? { passphrase } : {}),
        ...(via ? { via } : {}),
      });
    } catch (err) {
      if (err instanceof AppFailure && (err.error.code === 'host_unreachable' || err.error.code === 'timeout')) {
        const prev = this.failures.get(hostId);
        this.failures.set(hostId, { count: (prev?.count ?? 0) + 1, at: Date.now() });
      }
      throw err;
    }
    this.failures.delete(hostId);
    const slot: Slot = { connection, busy: 0 };
    this.slots.set(hostId, slot);
    connection.onClose(() => {
      if (this.slots.get(hostId) === slot) this.slots.delete(hostId);
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
    });
    this.armIdle(hostId, slot);
    return connection;
  }

  /**
   * After a host failed to answer, the next attempt waits a little (0.2 s,
   * doubling to 5 s) so a dead host polled by several views is not hammered.
   */
  private async backoff(hostId: string): Promise<void> {
    const f = this.failures.get(hostId);
    if (!f) return;
    const wait = Math.min(200 * 2 ** (f.count - 1), 5_000) - (Date.now() - f.at);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  private armIdle(hostId: string, slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    if (slot.busy > 0) return;
    slot.idleTimer = setTimeout(() => {
      if (slot.busy === 0 && this.slots.get(hostId) === slot) this.drop(hostId);
    }, this.options.idleMs ?? 120_000);
    slot.idleTimer.unref();
  }

  /** Runs `run` on the host's connection (opened or reopened as needed), which counts as busy meanwhile. */
  private async withConnection<T>(hostId: string, run: (connection: SshConnection) => Promise<T>): Promise<T> {
    const connection = await this.connection(hostId);
    const slot = this.slots.get(hostId);
    if (slot) slot.busy++;
    try {
      return await run(connection);
    } finally {
      if (slot) {
        slot.busy--;
        this.armIdle(hostId, slot);
      }
    }
  }

  /** A short read-only command in the host's long-lived shell (see SshConnection.execQuick). */
  execQuick(hostId: string, argv: ReadonlyArray<string>, options: { timeoutMs?: number } = {}): Promise<ExecResult> {
    return this.withConnection(hostId, (c) => c.execQuick(argv, options));
  }

  /** Runs a command on a host in a session of its own. */
  exec(hostId: string, argv: ReadonlyArray<string>, options: ExecOptions = {}): Promise<ExecResult> {
    return this.withConnection(hostId, (c) => c.exec(argv, options));
  }

  /** The fingerprint a host presents now, for the user to compare before trusting it. */
  async presentedFingerprint(hostId: string): Promise<{ fingerprint: string; key: Buffer }> {
    const { host } = await this.hostById(hostId);
    const via = host.bastion ? await this.connection(host.bastion) : undefined;
    const serverHostKey = hostKeyAlgorithmsFor(await this.knownEntriesOf(host), host.address, host.port);
    const key = await SshConnection.fetchHostKey(host, {
      ...(via ? { via } : {}),
      timeoutMs: this.options.connectTimeoutMs ?? 10_000,
      serverHostKey,
    });
    return { fingerprint: fingerprintOf(key), key };
  }

  /**
   * Records the host's key in known_hosts, but only if it is still the key the
   * user looked at: a key that changed between showing and accepting is refused.
   */
  async trustHostKey(
    hostId: string,
    expectedFingerprint: string,
  ): Promise<{ knownHostsFile: string; fingerprint: string; hashed: boolean }> {
    const { host, fingerprint, key } = await this.acceptedKey(hostId, expectedFingerprint);
    const file = this.knownHostsOf(host);
    // Trust-on-first-use only: appending a second key for a host would trust both, the old one included.
    const verdict = verifyHostKey(await this.knownEntriesOf(host), host.address, host.port, key);
    if (verdict.kind === 'changed' || verdict.kind === 'revoked') {
      fail(
        'host_key_changed',
        `${hostId} is known with another key (${verdict.kind === 'changed' ? verdict.knownFingerprints.join(', ') : 'revoked'}); it now presents ${fingerprint}. Nothing was stored.`,
        {
          hint: 'If the host was rebuilt, use "Replace key" and type the host name to confirm; it removes the old key.',
          details: { hostId, fingerprint, ...(verdict.kind === 'changed' ? { knownFingerprints: verdict.knownFingerprints } : {}) },
        },
      );
    }
    if (verdict.kind !== 'unknown') return { knownHostsFile: file, fingerprint, hashed: false };
    const hash = await this.hashKnownHostsFor(host);
    await appendKnownHost(expandHome(file), host.address, host.port, key, { hash });
    return { knownHostsFile: file, fingerprint, hashed: hash };
  }

  /** Replaces a changed key: every old entry for the host goes, the presented one (as the user saw it) is written. */
  async replaceHostKey(
    hostId: string,
    expectedFingerprint: string,
  ): Promise<{ knownHostsFile: string; fingerprint: string; removed: number; hashed: boolean }> {
    const { host, fingerprint, key } = await this.acceptedKey(hostId, expectedFingerprint);
    const file = this.knownHostsOf(host);
    const hash = await this.hashKnownHostsFor(host);
    const { removed } = await replaceKnownHost(expandHome(file), host.address, host.port, key, { hash });
    this.drop(hostId);
    return { knownHostsFile: file, fingerprint, removed, hashed: hash };
  }

  private async acceptedKey(hostId: string, expectedFingerprint: string): Promise<{ host: Host; fingerprint: string; key: Buffer }> {
    const { host } = await this.hostById(hostId);
    const { fingerprint, key } = await this.presentedFingerprint(hostId);
    if (fingerprint !== expectedFingerprint) {
      fail('host_key_changed', `${hostId} now presents ${fingerprint}, not the ${expectedFingerprint} you accepted. Nothing was stored.`);
    }
    return { host, fingerprint, key };
  }

  drop(hostId: string): void {
    const slot = this.slots.get(hostId);
    this.slots.delete(hostId);
    if (slot?.idleTimer) clearTimeout(slot.idleTimer);
    slot?.connection.close();
  }

  openHosts(): string[] {
    return [...this.slots.keys()];
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.allSettled(this.pending.values());
    for (const id of [...this.slots.keys()]) this.drop(id);
  }
}

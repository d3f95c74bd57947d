import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Profile } from '../../src-main/profile/schemas';

/**
 * A second sshd beside each sandbox host (same address, host key and authorized keys, another port) whose
 * ForceCommand records every command it receives, byte for byte, and then runs it exactly as sshd would without
 * ForceCommand: `$SHELL -c "$SSH_ORIGINAL_COMMAND"`, a login shell when there is none, and the SFTP server for the
 * sftp subsystem. The sandbox's own sshds are left alone.
 */
export interface RecordingHosts {
  port: number;
  /** known_hosts naming the recording sshds (same keys, new port). */
  knownHostsFile: string;
  /** Every command received so far, per host id. */
  commands(): Map<string, string[]>;
  stop(): void;
}

const WRAPPER = `#!/bin/sh
# Record, then run as a stock sshd would.
printf '%s\\000' "\${SSH_ORIGINAL_COMMAND-}" >> "$(dirname "$0")/commands.log"
case "\${SSH_ORIGINAL_COMMAND-}" in
  '') exec "\${SHELL:-/bin/sh}" -l ;;
  internal-sftp|sftp) exec /usr/lib/openssh/sftp-server ;;
esac
exec "\${SHELL:-/bin/sh}" -c "$SSH_ORIGINAL_COMMAND"
`;

function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect(port, host);
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd on ${host}:${port} did not start`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startRecordingHosts(profile: Profile, port = 2223): Promise<RecordingHosts> {
  const root = mkdtempSync(join(tmpdir(), 'kcc-recording-'));
  const knownHosts: string[] = [];
  const started: Array<{ id: string; dir: string; pidFile: string }> = [];
  try {
    for (const host of profile.hosts) {
      const dir = mkdtempSync(join(root, `${host.id}-`));
      chmodSync(dir, 0o755);
      const wrapper = join(dir, 'record-and-run.sh');
      writeFileSync(wrapper, WRAPPER, { mode: 0o755 });
      writeFileSync(join(dir, 'commands.log'), '', { mode: 0o666 });
      const sandboxConfig = join(dirname(host.knownHostsFile ?? ''), '..', 'hosts', host.id, 'sshd', 'sshd_config');
      const pidFile = join(dir, 'sshd.pid');
      const config = readFileSync(sandboxConfig, 'utf8')
        .split('\n')
        .filter((l) => !/^(Port|PidFile|ForceCommand)\b/.test(l))
        .concat([`Port ${port}`, `PidFile ${pidFile}`, `ForceCommand ${wrapper}`])
        .join('\n');
      const configFile = join(dir, 'sshd_config');
      writeFileSync(configFile, `${config}\n`);
      execFileSync('/usr/sbin/sshd', ['-f', configFile, '-E', join(dir, 'sshd.log')]);
      started.push({ id: host.id, dir, pidFile });
      await waitForPort(host.address, port, 5000);
      const hostKey = readFileSync(join(dirname(sandboxConfig), 'host_key.pub'), 'utf8')
        .split(' ')
        .slice(0, 2)
        .join(' ');
      knownHosts.push(`[${host.address}]:${port} ${hostKey}`);
    }
  } catch (err) {
    for (const s of started) stopSshd(s.pidFile);
    throw err;
  }
  const knownHostsFile = join(root, 'known_hosts');
  writeFileSync(knownHostsFile, `${knownHosts.join('\n')}\n`);
  return {
    port,
    knownHostsFile,
    commands: () => new Map(started.map((s) => [s.id, readFileSync(join(s.dir, 'commands.log'), 'utf8').split('\0').slice(0, -1)])),
    stop: () => {
      for (const s of started) stopSshd(s.pidFile);
    },
  };
}

function stopSshd(pidFile: string): void {
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
  } catch {
    // Not started, or already gone.
  }
}

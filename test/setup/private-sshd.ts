import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway sshd on a loopback address of its own (127.0.0.60–79, away from the sandbox's 127.0.0.2–5), with
 * exactly the host keys a test asks for, optionally a host certificate signed by a CA of its own, and one
 * authorized user key (root's login). Nothing of the sandbox is used or touched.
 */
export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface PrivateSshd {
  address: string;
  port: number;
  /** The user's private key that logs in. */
  userKey: string;
  /** Host public keys by type: `type base64` (the known_hosts key part) and the .pub file. */
  hostKeys: Partial<Record<HostKeyType, { keyPart: string; pubFile: string }>>;
  /** The CA that signed the host certificate, when asked for: `type base64` and its .pub file. */
  certificateAuthority?: { keyPart: string; pubFile: string };
  /** `[address]:port`, as known_hosts names the host. */
  token: string;
  /** sshd's log (LogLevel VERBOSE: every key offered, by fingerprint). */
  logFile: string;
  stop(): Promise<void>;
}

export const SSHD_BINARY = '/usr/sbin/sshd';

function keygen(args: string[]): void {
  execFileSync('ssh-keygen', ['-q', ...args], { stdio: 'ignore' });
}

function keyPartOf(pubFile: string): string {
  return readFileSync(pubFile, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
}

function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(address: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect(port, address);
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd on ${address}:${port} did not start`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startSshd(options: {
  address: string;
  hostKeyTypes: HostKeyType[];
  hostCertificate?: boolean;
}): Promise<PrivateSshd> {
  if (!/^127\.0\.0\.(6\d|7\d)$/.test(options.address)) throw new Error(`private sshd addresses are 127.0.0.60-79, not ${options.address}`);
  const dir = mkdtempSync(join(tmpdir(), 'kcc-sshd-'));
  chmodSync(dir, 0o755);
  mkdirSync('/run/sshd', { recursive: true });
  const hostKeys: PrivateSshd['hostKeys'] = {};
  const config: string[] = [];
  for (const type of options.hostKeyTypes) {
    const file = join(dir, `host_${type}_key`);
    keygen(['-t', type, '-N', '', '-f', file]);
    hostKeys[type] = { keyPart: keyPartOf(`${file}.pub`), pubFile: `${file}.pub` };
    config.push(`HostKey ${file}`);
  }
  let certificateAuthority: PrivateSshd['certificateAuthority'];
  const port = await freePort(options.address);
  if (options.hostCertificate) {
    const ca = join(dir, 'host_ca');
    keygen(['-t', 'ed25519', '-N', '', '-f', ca]);
    certificateAuthority = { keyPart: keyPartOf(`${ca}.pub`), pubFile: `${ca}.pub` };
    for (const type of options.hostKeyTypes) {
      const file = join(dir, `host_${type}_key`);
      keygen(['-s', ca, '-I', `kcc-test-${type}`, '-h', '-n', options.address, '-V', '-5m:+1h', `${file}.pub`]);
      config.push(`HostCertificate ${file}-cert.pub`);
    }
  }
  const userKey = join(dir, 'user_key');
  keygen(['-t', 'ed25519', '-N', '', '-f', userKey]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${userKey}.pub`));
  const pidFile = join(dir, 'sshd.pid');
  config.push(
    `ListenAddress ${options.address}`,
    `Port ${port}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `PidFile ${pidFile}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'LogLevel VERBOSE',
    '',
  );
  const configFile = join(dir, 'sshd_config');
  writeFileSync(configFile, config.join('\n'));
  const logFile = join(dir, 'sshd.log');
  execFileSync(SSHD_BINARY, ['-f', configFile, '-E', logFile]);
  const stop = async () => {
    let pid: number | undefined;
    try {
      pid = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(pid, 'SIGTERM');
    } catch {
      // Not started, or already gone.
    }
    for (let i = 0; pid !== undefined && alive(pid) && i < 100; i++) await new Promise((r) => setTimeout(r, 20));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(options.address, port, 5000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address: options.address,
    port,
    userKey,
    hostKeys,
    ...(certificateAuthority ? { certificateAuthority } : {}),
    token: `[${options.address}]:${port}`,
    logFile,
    stop,
  };
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concreteHostNames, loadSshConfig, parseJumpHop, resolveSshHost, type SshCommandLine, type SshHostOptions } from './ssh-config';

/**
 * `ssh -G` is the oracle: for each tricky config, the options the app resolves for a host are the ones OpenSSH's
 * own client prints. HOME points to a temp dir, so `~` and relative Includes land there, for ssh and for us.
 */

let home: string;
let previousHome: string | undefined;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'kcc-sshg-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  previousHome = process.env.HOME;
  process.env.HOME = home;
});

afterAll(() => {
  process.env.HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

function write(relative: string, text: string): string {
  const path = join(home, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** What `ssh -G` prints for the fields the app uses. */
function sshG(file: string, name: string, commandLine: SshCommandLine = {}): Omit<SshHostOptions, 'name' | 'hashKnownHosts' | 'problems'> {
  const args = ['-G', '-F', file];
  if (commandLine.user !== undefined) args.push('-l', commandLine.user);
  if (commandLine.port !== undefined) args.push('-p', String(commandLine.port));
  if (commandLine.proxyJump !== undefined) args.push('-J', commandLine.proxyJump);
  const out = execFileSync('ssh', [...args, name], {
    encoding: 'utf8',
    env: { ...process.env, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const values = (key: string) =>
    out
      .split('\n')
      .filter((l) => l.startsWith(`${key} `))
      .map((l) => l.slice(key.length + 1));
  const identityFiles = values('identityfile');
  const proxyJump = values('proxyjump')[0];
  const proxyCommand = values('proxycommand')[0];
  return {
    hostname: values('hostname')[0] ?? '',
    user: values('user')[0] ?? '',
    port: Number(values('port')[0]),
    identityFiles,
    ...(proxyJump !== undefined ? { proxyJump } : {}),
    ...(proxyCommand !== undefined ? { proxyCommand } : {}),
  };
}

/** ssh prints its default identity files when the config names none; the app then names none (agent). */
const sshDefaultIdentities = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'].map(
  (f) => `~/.ssh/${f}`,
);

async function expectSameAsSsh(file: string, names: string[], commandLine: SshCommandLine = {}): Promise<void> {
  const config = await loadSshConfig([{ path: file, includeDir: join(home, '.ssh') }], home);
  for (const name of names) {
    const ours = resolveSshHost(config, name, commandLine);
    const { name: _n, hashKnownHosts: _h, problems: _p, ...comparable } = ours;
    const theirs = sshG(file, name, commandLine);
    if (comparable.identityFiles.length === 0) comparable.identityFiles = sshDefaultIdentities;
    expect(comparable, `ssh -G ${name}`).toEqual(theirs);
  }
}

describe('~/.ssh/config resolved as ssh -G resolves it', () => {
  it('keywords in any case, first value wins, options before any Host apply to all', async () => {
    const file = write(
      '.ssh/config-case',
      [
        'user top-user',
        'Host db',
        '  Hostname db.internal',
        '  HOSTNAME ignored.internal',
        '  port 2201',
        '  PORT 2202',
        'Host web',
        '  hostName=Web.Example.COM',
        '  User = web-user',
        'Host *',
        '  User late-user',
        '  Port 2299',
        '',
      ].join('\n'),
    );
    await expectSameAsSsh(file, ['db', 'web', 'other']);
    const config = await loadSshConfig([{ path: file, includeDir: join(home, '.ssh') }], home);
    expect(resolveSshHost(config, 'db')).toMatchObject({ hostname: 'db.internal', user: 'top-user', port: 2201 });
  });

  it('Include relative to ~/.ssh, with globs, read in place and in lexical order', async () => {
    write('.ssh/conf.d/20-kafka.conf', 'Host kafka-1\n  HostName 10.0.1.11\n  User from-20\nHost zk-*\n  Port 2181\n');
    write('.ssh/conf.d/10-first.conf', 'Host kafka-1\n  User from-10\n  IdentityFile ~/.ssh/from-10\n');
    write('.ssh/conf.d/.hidden.conf', 'Host kafka-1\n  User hidden\n');
    write('.ssh/conf.d/notes.txt', 'Host kafka-1\n  User from-txt\n');
    write('.ssh/extra/a/inner.conf', 'Host zk-1\n  HostName 10.0.0.1\n');
    const file = write(
      '.ssh/config-include',
      [
        'Include conf.d/*.conf extra/*/inner.conf',
        'Include ~/.ssh/missing-*.conf',
        'Host kafka-1',
        '  User from-main',
        '  IdentityFile ~/.ssh/main',
        'Host scoped',
        '  Include scoped/*.conf',
        '  Port 2300',
        '',
      ].join('\n'),
    );
    // Inside a Host block: the included file's own Host line switches it, and the block's state returns after it.
    write('.ssh/scoped/scoped.conf', 'User scoped-user\nHost nobody-else\n  Port 2400\n');
    await expectSameAsSsh(file, ['kafka-1', 'zk-1', 'zk-2', 'scoped', 'nobody-else']);
    const config = await loadSshConfig([{ path: file, includeDir: join(home, '.ssh') }], home);
    expect(resolveSshHost(config, 'kafka-1')).toMatchObject({ user: 'from-10', hostname: '10.0.1.11' });
    expect(concreteHostNames(config)).toEqual(['kafka-1', 'zk-1', 'scoped', 'nobody-else']);
  });

  it('Host patterns: wildcards, ? as one character, negations, several patterns on one line', async () => {
    const file = write(
      '.ssh/config-patterns',
      [
        'Host *.internal !bastion.internal',
        '  User internal',
        'Host !never',
        '  User only-negated',
        'Host kafka-? zk-?',
        '  Port 2222',
        'Host Mixed',
        '  HostName %h.Example.com',
        'Host a,b',
        '  User comma',
        '',
      ].join('\n'),
    );
    await expectSameAsSsh(file, [
      'kafka-1.internal',
      'bastion.internal',
      'kafka-1',
      'kafka-12',
      'kafka-',
      'zk-3',
      'Mixed',
      'mixed',
      'a',
      'never',
    ]);
  });

  it('several IdentityFile lines are all kept, in order, duplicates dropped', async () => {
    const file = write(
      '.ssh/config-identities',
      [
        'Host kafka-*',
        '  IdentityFile ~/.ssh/kafka.pem',
        '  identityfile "~/.ssh/with space"',
        'Host kafka-1',
        '  IdentityFile ~/.ssh/kafka-1.pem',
        '  IdentityFile ~/.ssh/kafka.pem',
        'Host *',
        '  IdentityFile %d/.ssh/id_%r@%h',
        '',
      ].join('\n'),
    );
    await expectSameAsSsh(file, ['kafka-1', 'kafka-2', 'zk-1']);
  });

  it('ProxyJump chains and their exclusion with ProxyCommand, first one wins', async () => {
    const file = write(
      '.ssh/config-jumps',
      [
        'Host inner',
        '  ProxyJump outer',
        'Host kafka-*',
        '  ProxyJump outer,ec2-user@inner:2200',
        'Host kafka-9',
        '  ProxyJump ignored',
        'Host uri',
        '  ProxyJump ssh://jumper@outer:2201',
        'Host cmd-first',
        '  ProxyCommand ssh -W %h:%p outer',
        '  ProxyJump not-used',
        'Host none-command',
        '  ProxyCommand none',
        '  ProxyJump not-used',
        'Host none-jump',
        '  ProxyJump none',
        '  ProxyCommand nc %h %p',
        'Host *',
        '  ProxyJump default-jump',
        '',
      ].join('\n'),
    );
    await expectSameAsSsh(file, ['inner', 'kafka-1', 'kafka-9', 'uri', 'cmd-first', 'none-command', 'none-jump', 'outer']);
    // A jump host is looked up like any host, with the user, port and earlier hops of the jump on the command line.
    await expectSameAsSsh(file, ['inner'], { user: 'ec2-user', port: 2200, proxyJump: 'outer' });
  });

  it('Match blocks are skipped with a note naming the line, and never run commands', async () => {
    const marker = join(home, 'match-exec-ran');
    const file = write(
      '.ssh/config-match',
      ['Host web', '  User web-user', `Match exec "touch ${marker}"`, '  User matched', 'Host web', '  Port 2201', ''].join('\n'),
    );
    const config = await loadSshConfig([{ path: file, includeDir: join(home, '.ssh') }], home);
    expect(config.notes).toEqual([{ file, line: 3, message: expect.stringMatching(/Match exec .*ignored/) }]);
    expect(resolveSshHost(config, 'web')).toMatchObject({ user: 'web-user', port: 2201 });
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });

  it('a file ssh cannot parse is an error naming it', async () => {
    const file = write('.ssh/config-broken', 'Host a\n  IdentityFile "~/.ssh/unclosed\n');
    await expect(loadSshConfig([{ path: file, includeDir: join(home, '.ssh') }], home)).rejects.toMatchObject({
      error: { code: 'invalid_input', message: expect.stringContaining(file) },
    });
  });

  it('reads jump hops as ssh does', () => {
    expect(parseJumpHop('bastion')).toEqual({ host: 'bastion' });
    expect(parseJumpHop('ec2-user@10.0.0.5:2222')).toEqual({ user: 'ec2-user', host: '10.0.0.5', port: 2222 });
    expect(parseJumpHop('ssh://me@[fe80::1]:22')).toEqual({ user: 'me', host: 'fe80::1', port: 22 });
    expect(parseJumpHop('a@b@host')).toEqual({ user: 'a@b', host: 'host' });
    expect(parseJumpHop('host:99999')).toBeUndefined();
  });
});

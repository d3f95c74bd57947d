import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSshConfig, parseJumpHop, parseSshConfig, splitProxyJump } from '../ssh/ssh-config';
import { profileSchema, type Host } from './schemas';
import { importSshConfig, withBastions, type LocalSide } from './ssh-config-import';

const local: LocalSide = { user: 'me', home: '/home/me', uid: 1000, hostname: 'laptop.example.com' };

const config = `
Host bastion
  HostName bastion.example.com
  User ec2-user
  IdentityFile ~/.ssh/datalake.pem

Host zk-1
  HostName 10.0.1.10
  Port 2200

Host kafka-1 kafka-2
  ProxyJump bastion

Host kafka-1
  HostName 10.0.1.11

Host kafka-2
  HostName 10.0.1.12
  User admin

Host stray
  ProxyJump somewhere-else

Host *.internal
  User nobody

Host *
  User ec2-user
  IdentityFile ~/.ssh/id_ed25519
`;

function byId(hosts: Host[], id: string): Host | undefined {
  return hosts.find((h) => h.id === id);
}

describe('importSshConfig', () => {
  it('resolves hosts as ssh does: first value wins, Host * supplies defaults', () => {
    const { hosts } = importSshConfig(parseSshConfig(config), local);
    expect(hosts.map((h) => h.id)).toEqual(['bastion', 'zk-1', 'kafka-1', 'kafka-2', 'stray', 'somewhere-else']);
    expect(byId(hosts, 'zk-1')).toMatchObject({
      address: '10.0.1.10',
      port: 2200,
      user: 'ec2-user',
      identityFile: '~/.ssh/id_ed25519',
    });
    expect(byId(hosts, 'bastion')).toMatchObject({ identityFiles: ['~/.ssh/datalake.pem', '~/.ssh/id_ed25519'] });
  });

  it('turns ProxyJump into the bastion; a jump host without a Host block is reached as ssh reaches it, by that name', () => {
    const { hosts, skipped } = importSshConfig(parseSshConfig(config), local);
    expect(byId(hosts, 'kafka-1')).toMatchObject({ address: '10.0.1.11', bastion: 'bastion' });
    expect(byId(hosts, 'kafka-2')).toMatchObject({ user: 'admin', bastion: 'bastion' });
    expect(byId(hosts, 'stray')).toMatchObject({ bastion: 'somewhere-else' });
    expect(byId(hosts, 'somewhere-else')).toMatchObject({ address: 'somewhere-else', user: 'ec2-user' });
    expect(skipped).toEqual([]);
    expect(profileSchema.safeParse({ version: 1, name: 'x', hosts, kafka: { bootstrap: ['a:9092'], zookeeper: 'a:2181' } }).success).toBe(
      true,
    );
  });

  it('falls back to the local user and the agent when nothing is set', () => {
    const { hosts } = importSshConfig(parseSshConfig('Host plain\n  HostName 192.0.2.1\n'), local);
    expect(hosts).toEqual([{ id: 'plain', address: '192.0.2.1', port: 22, user: 'me', passphrasePrompt: false, agent: true }]);
  });

  it('reads keywords in any case: Hostname with a lower-case n is the address', () => {
    const { hosts } = importSshConfig(parseSshConfig('Host db\n  Hostname 10.0.9.9\n  user dba\n  PORT 2022\n'), local);
    expect(hosts).toEqual([{ id: 'db', address: '10.0.9.9', port: 2022, user: 'dba', passphrasePrompt: false, agent: true }]);
  });

  it('keeps every IdentityFile in order, with % tokens expanded and ~ left for the app', () => {
    const text = 'Host kafka-1\n  HostName 10.0.1.11\n  IdentityFile ~/.ssh/kafka.pem\n  IdentityFile %d/.ssh/%r@%h-%p_%n_%u%%\n';
    const { hosts } = importSshConfig(parseSshConfig(text), local);
    expect(byId(hosts, 'kafka-1')?.identityFiles).toEqual(['~/.ssh/kafka.pem', '/home/me/.ssh/me@10.0.1.11-22_kafka-1_me%']);
    const unknown = importSshConfig(parseSshConfig('Host a\n  IdentityFile ~/.ssh/%C\n'), local);
    expect(unknown.skipped).toEqual([{ alias: 'a', reason: expect.stringContaining('%C') }]);
  });

  it('skips a host reached through ProxyCommand, naming it and the command', () => {
    const text = 'Host legacy\n  ProxyCommand ssh -W %h:%p gw\nHost behind-legacy\n  ProxyJump legacy\nHost ok\n';
    const { hosts, skipped } = importSshConfig(parseSshConfig(text), local);
    expect(hosts.map((h) => h.id)).toEqual(['ok']);
    expect(skipped).toEqual([
      { alias: 'legacy', reason: expect.stringMatching(/legacy is reached through ProxyCommand "ssh -W %h:%p gw"/) },
      { alias: 'behind-legacy', reason: expect.stringMatching(/legacy is reached through ProxyCommand/) },
    ]);
  });

  it('reports a ProxyJump loop and a bad Port instead of importing them', () => {
    const text = 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\nHost c\n  Port http\n';
    const { hosts, skipped } = importSshConfig(parseSshConfig(text, 'cfg'), local);
    expect(hosts).toEqual([]);
    expect(skipped).toEqual([
      { alias: 'a', reason: 'ProxyJump loop: a → b → a' },
      { alias: 'b', reason: 'ProxyJump loop: b → a → b' },
      { alias: 'c', reason: 'Port http is not a port number (cfg:6)' },
    ]);
  });

  it('passes Match notes on as warnings', () => {
    const { warnings } = importSshConfig(parseSshConfig('Host a\nMatch host a\n  User x\n', 'cfg'), local);
    expect(warnings).toEqual([{ file: 'cfg', line: 2, message: expect.stringMatching(/Match host a/) }]);
  });

  it('a chosen host brings the jump hosts it goes through', () => {
    const text = 'Host outer\nHost inner\n  ProxyJump outer\nHost kafka-1\n  ProxyJump inner\nHost other\n';
    const { hosts } = importSshConfig(parseSshConfig(text), local);
    expect(withBastions(hosts, ['kafka-1']).map((h) => h.id)).toEqual(['outer', 'inner', 'kafka-1']);
  });
});

describe('ProxyJump chains become the bastion chain ssh would follow (ssh -G as the oracle)', () => {
  let home: string;
  let previousHome: string | undefined;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'kcc-import-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    previousHome = process.env.HOME;
    process.env.HOME = home;
  });
  afterAll(() => {
    process.env.HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  });

  function sshG(file: string, name: string, args: string[]): Record<string, string> {
    const out = execFileSync('ssh', ['-G', '-F', file, ...args, name], { encoding: 'utf8', env: { ...process.env, HOME: home } });
    const fields: Record<string, string> = {};
    for (const line of out.split('\n')) {
      const [k, ...rest] = line.split(' ');
      if (k && !(k in fields)) fields[k] = rest.join(' ');
    }
    return fields;
  }

  /** Walks the profile's bastion chain beside ssh's: each hop is what `ssh -G -l -p -J` prints for it. */
  function expectChain(file: string, hosts: Host[], id: string, name: string, args: string[], depth = 0): void {
    expect(depth).toBeLessThan(8);
    const host = byId(hosts, id);
    const ssh = sshG(file, name, args);
    expect(host, `${id} (${name} ${args.join(' ')})`).toMatchObject({ address: ssh.hostname, user: ssh.user, port: Number(ssh.port) });
    if (ssh.proxyjump === undefined) {
      expect(host?.bastion, `${id} has no jump in ssh -G`).toBeUndefined();
      return;
    }
    const hops = splitProxyJump(ssh.proxyjump);
    const last = parseJumpHop(hops[hops.length - 1] ?? '');
    expect(last).toBeDefined();
    expect(host?.bastion, `${id} jumps through ${ssh.proxyjump}`).toBeDefined();
    const hopArgs = [
      ...(last?.user !== undefined ? ['-l', last.user] : []),
      ...(last?.port !== undefined ? ['-p', String(last.port)] : []),
      ...(hops.length > 1 ? ['-J', hops.slice(0, -1).join(',')] : []),
    ];
    expectChain(file, hosts, host?.bastion ?? '', last?.host ?? '', hopArgs, depth + 1);
  }

  it('for chains of aliases, user@host:port hops, ssh:// hops and jump hosts with their own ProxyJump', async () => {
    const file = join(home, '.ssh', 'config');
    writeFileSync(
      file,
      [
        'Host outer',
        '  HostName outer.example.com',
        '  User jump',
        'Host inner',
        '  HostName 10.0.0.5',
        '  ProxyJump outer',
        'Host kafka-1',
        '  HostName 10.0.1.11',
        '  ProxyJump outer,ec2-user@inner:2200',
        'Host kafka-2',
        '  HostName 10.0.1.12',
        '  ProxyJump inner',
        'Host kafka-3',
        '  HostName 10.0.1.13',
        '  ProxyJump ssh://admin@10.0.0.7:2201',
        'Host zk-1',
        '  Hostname 10.0.2.1',
        '  ProxyJump outer,inner',
        'Host *',
        '  User ec2-user',
        '',
      ].join('\n'),
    );
    const config = await loadSshConfig([{ path: file, includeDir: join(home, '.ssh') }], home);
    const { hosts, skipped } = importSshConfig(config);
    expect(skipped).toEqual([]);
    for (const alias of ['outer', 'inner', 'kafka-1', 'kafka-2', 'kafka-3', 'zk-1']) expectChain(file, hosts, alias, alias, []);
    // `outer,inner` is how inner resolves by itself: the chain reuses the file's host rather than a copy.
    expect(byId(hosts, 'zk-1')?.bastion).toBe('inner');
    expect(byId(hosts, 'kafka-1')?.bastion).toBe('ec2-user-inner-2200-via-outer');
    expect(profileSchema.safeParse({ version: 1, name: 'x', hosts, kafka: { bootstrap: ['a:9092'], zookeeper: 'a:2181' } }).success).toBe(
      true,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { importSshConfig } from './ssh-config-import';

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

describe('importSshConfig', () => {
  it('resolves hosts as ssh does: first value wins, Host * supplies defaults', () => {
    const { hosts } = importSshConfig(config, 'me');
    expect(hosts.map((h) => h.id)).toEqual(['bastion', 'zk-1', 'kafka-1', 'kafka-2']);
    expect(hosts.find((h) => h.id === 'zk-1')).toMatchObject({
      address: '10.0.1.10',
      port: 2200,
      user: 'ec2-user',
      identityFile: '~/.ssh/id_ed25519',
    });
    expect(hosts.find((h) => h.id === 'bastion')).toMatchObject({ identityFile: '~/.ssh/datalake.pem' });
  });

  it('turns ProxyJump into the bastion, and skips a jump host it does not know', () => {
    const { hosts, skipped } = importSshConfig(config, 'me');
    expect(hosts.find((h) => h.id === 'kafka-1')).toMatchObject({ address: '10.0.1.11', bastion: 'bastion' });
    expect(hosts.find((h) => h.id === 'kafka-2')).toMatchObject({ user: 'admin', bastion: 'bastion' });
    expect(skipped).toEqual([{ alias: 'stray', reason: expect.stringContaining('somewhere-else') }]);
  });

  it('falls back to the local user and the agent when nothing is set', () => {
    const { hosts } = importSshConfig('Host plain\n  HostName 192.0.2.1\n', 'me');
    expect(hosts).toEqual([{ id: 'plain', address: '192.0.2.1', port: 22, user: 'me', passphrasePrompt: false, agent: true }]);
  });
});

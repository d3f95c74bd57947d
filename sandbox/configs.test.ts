import { describe, expect, it } from 'vitest';
import { brokerProperties, connectProperties, knownHostsLine, renderProperties, sshdConfig, zookeeperProperties } from './configs';

/** Parses the key=value lines back, skipping comments. */
function parseProperties(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    map.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return map;
}

describe('renderProperties', () => {
  it('writes key=value lines under a comment header', () => {
    expect(
      renderProperties('a\nb', [
        ['x', 1],
        ['y', 'z'],
        ['t', true],
      ]),
    ).toBe('# a\n# b\nx=1\ny=z\nt=true\n');
  });

  it('refuses values that would need escaping instead of writing a different value', () => {
    expect(() => renderProperties('h', [['k', 'line\nbreak']])).toThrow(/escaping/);
    expect(() => renderProperties('h', [['k', 'C:\\path']])).toThrow(/escaping/);
    expect(() => renderProperties('h', [['bad key', 'v']])).toThrow(/escaping/);
  });
});

describe('broker config', () => {
  const props = parseProperties(
    brokerProperties({
      brokerId: 1,
      address: '127.0.0.3',
      port: 9093,
      logDir: '/s/hosts/kafka-1/kafka/data/kafka-logs-1',
      zookeeperConnect: '127.0.0.2:2181',
      sessionTimeoutMs: 6000,
    }),
  );

  it('listens on and advertises the host address clients can reach', () => {
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.3:9093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.3:9093');
  });

  it('carries the replication and timing settings the tests rely on', () => {
    expect(Object.fromEntries(props)).toMatchObject({
      'broker.id': '1',
      'log.dirs': '/s/hosts/kafka-1/kafka/data/kafka-logs-1',
      'zookeeper.connect': '127.0.0.2:2181',
      'zookeeper.session.timeout.ms': '6000',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'group.initial.rebalance.delay.ms': '0',
    });
  });
});

describe('zookeeper config', () => {
  it('binds the client port to the host address and keeps the stock four-letter-word whitelist (srvr only)', () => {
    const props = parseProperties(
      zookeeperProperties({
        address: '127.0.0.2',
        port: 2181,
        dataDir: '/d/zk',
        ensemble: [
          { myid: 1, address: '127.0.0.3', quorumPort: 2888, electionPort: 3888 },
          { myid: 2, address: '127.0.0.2', quorumPort: 2888, electionPort: 3888 },
        ],
      }),
    );
    expect(props.get('server.1')).toBe('127.0.0.3:2888:3888');
    expect(props.get('server.2')).toBe('127.0.0.2:2888:3888');
    expect(props.get('clientPortAddress')).toBe('127.0.0.2');
    expect(props.get('clientPort')).toBe('2181');
    expect(props.get('dataDir')).toBe('/d/zk');
    expect(props.get('admin.enableServer')).toBe('false');
    expect(props.has('4lw.commands.whitelist')).toBe(false);
  });
});

describe('connect config', () => {
  it('points at all brokers, replicates its internal topics 3 times and loads plugins from plugin.path', () => {
    const props = parseProperties(
      connectProperties({ bootstrapServers: ['a:1', 'b:2'], address: '127.0.0.5', port: 8083, pluginPath: '/h/kafka/plugins' }),
    );
    expect(props.get('bootstrap.servers')).toBe('a:1,b:2');
    expect(props.get('listeners')).toBe('HTTP://127.0.0.5:8083');
    expect(props.get('plugin.path')).toBe('/h/kafka/plugins');
    for (const k of ['config.storage.replication.factor', 'offset.storage.replication.factor', 'status.storage.replication.factor']) {
      expect(props.get(k)).toBe('3');
    }
  });
});

describe('sshd config', () => {
  const input = { address: '127.0.0.3', port: 2222, hostKey: '/s/host_key', authorizedKeys: '/s/authorized_keys', pidFile: '/s/sshd.pid' };

  it('listens on the host address only, with key authentication only', () => {
    const lines = sshdConfig(input).split('\n');
    expect(lines).toContain('ListenAddress 127.0.0.3');
    expect(lines).toContain('Port 2222');
    expect(lines).toContain('HostKey /s/host_key');
    expect(lines).toContain('PasswordAuthentication no');
    expect(lines).toContain('KbdInteractiveAuthentication no');
    expect(lines).toContain('AllowTcpForwarding yes');
  });

  it('refuses relative paths, which break sshd re-exec', () => {
    expect(() => sshdConfig({ ...input, hostKey: 'host_key' })).toThrow(/absolute/);
  });
});

describe('knownHostsLine', () => {
  it('uses the [addr]:port form for a non-22 port and drops the key comment', () => {
    expect(knownHostsLine('127.0.0.3', 2222, 'ssh-ed25519 AAAAC3Nza host-comment')).toBe('[127.0.0.3]:2222 ssh-ed25519 AAAAC3Nza');
    expect(knownHostsLine('10.0.0.1', 22, 'ssh-ed25519 AAAA')).toBe('10.0.0.1 ssh-ed25519 AAAA');
  });

  it('rejects text that is not a public key', () => {
    expect(() => knownHostsLine('h', 22, 'garbage')).toThrow(/public key/);
  });
});

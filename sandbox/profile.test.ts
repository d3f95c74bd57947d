import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { profileSchema } from '../src-main/profile/schemas';
import { sandboxPaths } from './paths';
import { buildProfile, renderProfileYaml } from './profile';
import { defaultTopology } from './topology';

const paths = sandboxPaths({ root: '/tmp/kcc-sb', cacheDir: '/tmp/kcc-cache' }, {});

describe('sandbox profile', () => {
  const profile = buildProfile(paths, defaultTopology);

  it('round-trips through YAML and profileSchema unchanged', () => {
    expect(profileSchema.parse(parse(renderProfileYaml(profile)))).toEqual(profile);
  });

  it('gives every host its own key and the generated known_hosts, as absolute paths', () => {
    expect(profile.hosts.map((h) => h.identityFile)).toEqual([
      '/tmp/kcc-sb/client/keys/kafka-1_ed25519',
      '/tmp/kcc-sb/client/keys/kafka-2_ed25519',
      '/tmp/kcc-sb/client/keys/kafka-3_ed25519',
      '/tmp/kcc-sb/client/keys/datalake-1_ed25519',
    ]);
    expect(new Set(profile.hosts.map((h) => h.knownHostsFile))).toEqual(new Set(['/tmp/kcc-sb/client/known_hosts']));
    expect(profile.hosts.every((h) => h.user === 'root' && h.port === 2222)).toBe(true);
  });

  it('runs a ZooKeeper node and two brokers from one KAFKA_HOME on kafka-1, each with its own config and LOG_DIR', () => {
    const onKafka1 = profile.services.filter((s) => s.host === 'kafka-1');
    const home = '/tmp/kcc-sb/hosts/kafka-1/kafka';
    expect(onKafka1.map((s) => [s.id, s.installDir, 'config' in s ? s.config : '', 'logDir' in s ? s.logDir : ''])).toEqual([
      ['zk-1', home, `${home}/config/zookeeper.properties`, `${home}/logs/zk-1`],
      ['broker-0', home, `${home}/config/server-0.properties`, `${home}/logs/broker-0`],
      ['broker-1', home, `${home}/config/server-1.properties`, `${home}/logs/broker-1`],
    ]);
  });

  it('names the client addresses of the ZooKeeper ensemble (with its chroot), the brokers and Connect', () => {
    expect(profile.kafka).toEqual({
      bootstrap: ['127.0.0.3:9092', '127.0.0.3:9093', '127.0.0.4:9092', '127.0.0.2:9092'],
      zookeeper: '127.0.0.3:2181,127.0.0.4:2181,127.0.0.2:2181/kafka',
    });
    const zks = profile.services.filter((s) => s.kind === 'zookeeper');
    expect(zks.map((z) => z.kind === 'zookeeper' && z.clientAddress)).toEqual(['127.0.0.3:2181', '127.0.0.4:2181', '127.0.0.2:2181']);
    const connect = profile.services.find((s) => s.kind === 'connect-worker');
    expect(connect?.kind === 'connect-worker' && connect.restUrl).toBe('http://127.0.0.5:8083');
  });
});

describe('sandbox paths', () => {
  it('takes the root and cache from the environment, the cache outside the repo by default', () => {
    const fromEnv = sandboxPaths({}, { KCC_SANDBOX_DIR: '/x/sb', KCC_CACHE_DIR: '/x/cache' });
    expect(fromEnv.root).toBe('/x/sb');
    expect(fromEnv.libsDir).toBe('/x/cache/kafka-3.9.2/libs');
    const byDefault = sandboxPaths({}, {});
    expect(byDefault.root).toBe(`${byDefault.repoRoot.replace(/\/$/, '')}/.sandbox`);
    expect(byDefault.cacheDir.startsWith(byDefault.repoRoot)).toBe(false);
  });
});

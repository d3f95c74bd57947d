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
      '/tmp/kcc-sb/client/keys/zk-1_ed25519',
      '/tmp/kcc-sb/client/keys/kafka-1_ed25519',
      '/tmp/kcc-sb/client/keys/kafka-2_ed25519',
      '/tmp/kcc-sb/client/keys/connect-1_ed25519',
    ]);
    expect(new Set(profile.hosts.map((h) => h.knownHostsFile))).toEqual(new Set(['/tmp/kcc-sb/client/known_hosts']));
    expect(profile.hosts.every((h) => h.user === 'root' && h.port === 2222)).toBe(true);
  });

  it('places two brokers in one KAFKA_HOME with distinct configs and logs', () => {
    const onKafka1 = profile.services.filter((s) => s.host === 'kafka-1');
    expect(onKafka1.map((s) => [s.id, s.installDir, s.kind === 'kafka-broker' ? s.config : '', s.logFile])).toEqual([
      ['broker-0', '/tmp/kcc-sb/hosts/kafka-1/kafka', 'config/server-0.properties', 'logs/server-0.out'],
      ['broker-1', '/tmp/kcc-sb/hosts/kafka-1/kafka', 'config/server-1.properties', 'logs/server-1.out'],
    ]);
  });

  it('names the client addresses of ZooKeeper, the brokers and Connect', () => {
    expect(profile.kafka).toEqual({ bootstrap: ['127.0.0.3:9092', '127.0.0.3:9093', '127.0.0.4:9092'], zookeeper: '127.0.0.2:2181' });
    const zk = profile.services.find((s) => s.kind === 'zookeeper');
    expect(zk?.kind === 'zookeeper' && zk.clientAddress).toBe('127.0.0.2:2181');
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

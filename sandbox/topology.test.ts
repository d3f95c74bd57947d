import { describe, expect, it } from 'vitest';
import { brokers, defaultTopology, hostOf, serviceAddress, serviceFileName, zookeeperConnect, zookeepers } from './topology';

describe('default topology', () => {
  it('gives each host its own loopback address', () => {
    const addresses = defaultTopology.hosts.map((h) => h.address);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(addresses.every((a) => /^127\.0\.0\.\d+$/.test(a))).toBe(true);
  });

  it('never puts two listeners on the same address and port', () => {
    const endpoints = [
      ...defaultTopology.hosts.map((h) => `${h.address}:${h.sshPort}`),
      ...defaultTopology.services.map((s) => serviceAddress(defaultTopology, s)),
    ];
    expect(new Set(endpoints).size).toBe(endpoints.length);
  });

  it('runs the seed deployment: brokers 0 and 1 on kafka-1, 2 on kafka-2, 3 on kafka-3, a ZooKeeper node on each', () => {
    expect(brokers(defaultTopology).map((b) => [b.brokerId, hostOf(defaultTopology, b).id, b.port])).toEqual([
      [0, 'kafka-1', 9092],
      [1, 'kafka-1', 9093],
      [2, 'kafka-2', 9092],
      [3, 'kafka-3', 9092],
    ]);
    expect(zookeepers(defaultTopology).map((z) => [z.myid, z.host])).toEqual([
      [1, 'kafka-1'],
      [2, 'kafka-2'],
      [3, 'kafka-3'],
    ]);
    expect(zookeeperConnect(defaultTopology)).toBe('127.0.0.3:2181,127.0.0.4:2181,127.0.0.2:2181/kafka');
  });

  it('derives distinct file names for services sharing a KAFKA_HOME', () => {
    const names = defaultTopology.services.map((s) => `${s.host}/${serviceFileName(s)}`);
    expect(new Set(names).size).toBe(names.length);
  });
});

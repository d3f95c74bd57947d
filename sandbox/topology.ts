/**
 * What the sandbox runs and where: pure data, no I/O. Each "host" is an sshd
 * on its own loopback address (the whole 127.0.0.0/8 range is loopback on
 * Linux, so 127.0.0.2… need no setup) owning the Kafka processes bound to that
 * address.
 */

export const KAFKA_VERSION = '3.9.2';

export interface SandboxHostSpec {
  id: string;
  address: string;
  sshPort: number;
}

interface ServiceSpecBase {
  /** Service id in the profile (and for the test fixture). */
  id: string;
  /** Host id: the service binds to that host's address. */
  host: string;
  port: number;
}

export interface ZookeeperSpec extends ServiceSpecBase {
  kind: 'zookeeper';
}

export interface BrokerSpec extends ServiceSpecBase {
  kind: 'kafka-broker';
  brokerId: number;
}

export interface ConnectSpec extends ServiceSpecBase {
  kind: 'connect-worker';
}

export type SandboxServiceSpec = ZookeeperSpec | BrokerSpec | ConnectSpec;

export interface SandboxTopology {
  /** Profile name. */
  name: string;
  hosts: SandboxHostSpec[];
  services: SandboxServiceSpec[];
  /** Topic created and round-tripped by `up` to prove the cluster serves. */
  checkTopic: string;
  /** Must match zookeeper.session.timeout.ms in the broker configs. */
  zookeeperSessionTimeoutMs: number;
}

export const defaultTopology: SandboxTopology = {
  name: 'sandbox',
  hosts: [
    { id: 'zk-1', address: '127.0.0.2', sshPort: 2222 },
    { id: 'kafka-1', address: '127.0.0.3', sshPort: 2222 },
    { id: 'kafka-2', address: '127.0.0.4', sshPort: 2222 },
    { id: 'connect-1', address: '127.0.0.5', sshPort: 2222 },
  ],
  services: [
    { kind: 'zookeeper', id: 'zookeeper', host: 'zk-1', port: 2181 },
    // Two brokers on one host, as people run them: one KAFKA_HOME,
    // server-0.properties and server-1.properties.
    { kind: 'kafka-broker', id: 'broker-0', host: 'kafka-1', port: 9092, brokerId: 0 },
    { kind: 'kafka-broker', id: 'broker-1', host: 'kafka-1', port: 9093, brokerId: 1 },
    { kind: 'kafka-broker', id: 'broker-2', host: 'kafka-2', port: 9092, brokerId: 2 },
    { kind: 'connect-worker', id: 'connect', host: 'connect-1', port: 8083 },
  ],
  checkTopic: 'sandbox-check',
  zookeeperSessionTimeoutMs: 6000,
};

export function hostOf(topology: SandboxTopology, service: SandboxServiceSpec): SandboxHostSpec {
  const host = topology.hosts.find((h) => h.id === service.host);
  if (!host) throw new Error(`service ${service.id} names unknown host ${service.host}`);
  return host;
}

export function brokers(topology: SandboxTopology): BrokerSpec[] {
  return topology.services.filter((s): s is BrokerSpec => s.kind === 'kafka-broker');
}

export function zookeeperOf(topology: SandboxTopology): ZookeeperSpec {
  const zk = topology.services.find((s): s is ZookeeperSpec => s.kind === 'zookeeper');
  if (!zk) throw new Error('the topology has no zookeeper service');
  return zk;
}

export function connectWorkers(topology: SandboxTopology): ConnectSpec[] {
  return topology.services.filter((s): s is ConnectSpec => s.kind === 'connect-worker');
}

/** host:port of a service as clients reach it. */
export function serviceAddress(topology: SandboxTopology, service: SandboxServiceSpec): string {
  return `${hostOf(topology, service).address}:${service.port}`;
}

export function bootstrapServers(topology: SandboxTopology): string[] {
  return brokers(topology).map((b) => serviceAddress(topology, b));
}

export function zookeeperConnect(topology: SandboxTopology): string {
  return serviceAddress(topology, zookeeperOf(topology));
}

/**
 * Base name of the service's config file and, as in bin/kafka-run-class.sh,
 * of its pid file (run/<name>.pid) and output (logs/<name>.out).
 */
export function serviceFileName(service: SandboxServiceSpec): string {
  switch (service.kind) {
    case 'zookeeper':
      return 'zookeeper';
    case 'kafka-broker':
      return `server-${service.brokerId}`;
    case 'connect-worker':
      return 'connect-distributed';
  }
}

/** The bin/ scripts that start and stop a service, as the app would run them. */
export function serviceScripts(service: SandboxServiceSpec): { start: string; stop: string } {
  switch (service.kind) {
    case 'zookeeper':
      return { start: 'bin/zookeeper-server-start.sh', stop: 'bin/zookeeper-server-stop.sh' };
    case 'kafka-broker':
      return { start: 'bin/kafka-server-start.sh', stop: 'bin/kafka-server-stop.sh' };
    case 'connect-worker':
      return { start: 'bin/connect-distributed.sh', stop: 'bin/connect-distributed-stop.sh' };
  }
}

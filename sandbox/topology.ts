/**
 * What the sandbox runs and where: pure data, no I/O. Each "host" is an sshd
 * on its own loopback address (the whole 127.0.0.0/8 range is loopback on
 * Linux, so 127.0.0.2… need no setup) owning the Kafka processes bound to that
 * address.
 */

export const KAFKA_VERSION = '3.9.2';
export const HADOOP_VERSION = '3.4.1';
export const FLUME_VERSION = '1.11.0';

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
  /** The ensemble member's id (`myid`, and `server.<id>` in every member's config). */
  myid: number;
  /** Quorum (follower) and leader-election ports, bound to the host's address. */
  quorumPort: number;
  electionPort: number;
}

export interface BrokerSpec extends ServiceSpecBase {
  kind: 'kafka-broker';
  brokerId: number;
}

export interface ConnectSpec extends ServiceSpecBase {
  kind: 'connect-worker';
}

/** A NameNode and a DataNode in one JVM (hadoop-minicluster); it binds localhost only, whatever its host. */
export interface HdfsSpec extends ServiceSpecBase {
  kind: 'hdfs-namenode';
  /** WebHDFS (NameNode HTTP) port on localhost; `port` is the RPC port of hdfs://localhost:<port>. */
  httpPort: number;
}

/** A Flume agent; `port` is its HTTP JSON monitoring port (Flume binds it on every address). */
export interface FlumeAgentSpec extends ServiceSpecBase {
  kind: 'flume-agent';
  agentName: string;
}

export type SandboxServiceSpec = ZookeeperSpec | BrokerSpec | ConnectSpec | HdfsSpec | FlumeAgentSpec;

export interface SandboxTopology {
  /** Profile name. */
  name: string;
  hosts: SandboxHostSpec[];
  services: SandboxServiceSpec[];
  /** Topic created and round-tripped by `up` to prove the cluster serves. */
  checkTopic: string;
  /** Must match zookeeper.session.timeout.ms in the broker configs. */
  zookeeperSessionTimeoutMs: number;
  /** Kafka's znodes live under this chroot of the ensemble (zookeeper.connect=zk1:2181,…/kafka). */
  zookeeperChroot: string;
}

/**
 * The seed's deployment: three Kafka machines, each running one member of a
 * ZooKeeper ensemble, four brokers (two of them from ONE KAFKA_HOME on
 * kafka-1, as people run them), and a data-lake host with the ingest tier:
 * a Connect worker, HDFS and two Flume agents.
 */
export const defaultTopology: SandboxTopology = {
  name: 'sandbox',
  hosts: [
    { id: 'kafka-1', address: '127.0.0.3', sshPort: 2222 },
    { id: 'kafka-2', address: '127.0.0.4', sshPort: 2222 },
    { id: 'kafka-3', address: '127.0.0.2', sshPort: 2222 },
    { id: 'datalake-1', address: '127.0.0.5', sshPort: 2222 },
  ],
  services: [
    { kind: 'zookeeper', id: 'zk-1', host: 'kafka-1', port: 2181, myid: 1, quorumPort: 2888, electionPort: 3888 },
    { kind: 'zookeeper', id: 'zk-2', host: 'kafka-2', port: 2181, myid: 2, quorumPort: 2888, electionPort: 3888 },
    { kind: 'zookeeper', id: 'zk-3', host: 'kafka-3', port: 2181, myid: 3, quorumPort: 2888, electionPort: 3888 },
    // server-0.properties and server-1.properties from one KAFKA_HOME, each with its own LOG_DIR.
    { kind: 'kafka-broker', id: 'broker-0', host: 'kafka-1', port: 9092, brokerId: 0 },
    { kind: 'kafka-broker', id: 'broker-1', host: 'kafka-1', port: 9093, brokerId: 1 },
    { kind: 'kafka-broker', id: 'broker-2', host: 'kafka-2', port: 9092, brokerId: 2 },
    { kind: 'kafka-broker', id: 'broker-3', host: 'kafka-3', port: 9092, brokerId: 3 },
    { kind: 'connect-worker', id: 'connect', host: 'datalake-1', port: 8083 },
    { kind: 'hdfs-namenode', id: 'hdfs', host: 'datalake-1', port: 19000, httpPort: 9870 },
    // Below Linux's ephemeral range (32768–60999): Flume binds its monitoring port on every address, and a port in that
    // range can already be some JVM's randomly chosen listener (a restarted broker's once took 41415).
    { kind: 'flume-agent', id: 'flume-ingest', host: 'datalake-1', port: 31414, agentName: 'iot-ingest' },
    { kind: 'flume-agent', id: 'flume-hdfs', host: 'datalake-1', port: 31415, agentName: 'iot-hdfs' },
  ],
  checkTopic: 'sandbox-check',
  zookeeperSessionTimeoutMs: 6000,
  zookeeperChroot: '/kafka',
};

export function hostOf(topology: SandboxTopology, service: SandboxServiceSpec): SandboxHostSpec {
  const host = topology.hosts.find((h) => h.id === service.host);
  if (!host) throw new Error(`service ${service.id} names unknown host ${service.host}`);
  return host;
}

export function brokers(topology: SandboxTopology): BrokerSpec[] {
  return topology.services.filter((s): s is BrokerSpec => s.kind === 'kafka-broker');
}

export function zookeepers(topology: SandboxTopology): ZookeeperSpec[] {
  const zks = topology.services.filter((s): s is ZookeeperSpec => s.kind === 'zookeeper');
  if (zks.length === 0) throw new Error('the topology has no zookeeper service');
  return zks;
}

export function connectWorkers(topology: SandboxTopology): ConnectSpec[] {
  return topology.services.filter((s): s is ConnectSpec => s.kind === 'connect-worker');
}

export function hdfsOf(topology: SandboxTopology): HdfsSpec | undefined {
  return topology.services.find((s): s is HdfsSpec => s.kind === 'hdfs-namenode');
}

export function flumeAgents(topology: SandboxTopology): FlumeAgentSpec[] {
  return topology.services.filter((s): s is FlumeAgentSpec => s.kind === 'flume-agent');
}

/** host:port of a service as clients reach it (HDFS binds localhost only). */
export function serviceAddress(topology: SandboxTopology, service: SandboxServiceSpec): string {
  if (service.kind === 'hdfs-namenode') return `localhost:${service.port}`;
  return `${hostOf(topology, service).address}:${service.port}`;
}

export function bootstrapServers(topology: SandboxTopology): string[] {
  return brokers(topology).map((b) => serviceAddress(topology, b));
}

/** The ensemble's client addresses, without the chroot (for ZooKeeper's own tools). */
export function zookeeperServers(topology: SandboxTopology): string {
  return zookeepers(topology)
    .map((z) => serviceAddress(topology, z))
    .join(',');
}

/** Kafka's zookeeper.connect: the whole ensemble, then the chroot. */
export function zookeeperConnect(topology: SandboxTopology): string {
  return `${zookeeperServers(topology)}${topology.zookeeperChroot}`;
}

/**
 * Base name of the service's config file; with the service id, it also names
 * its own LOG_DIR (logs/<id>), so services sharing a KAFKA_HOME never share a
 * server.log or a .out file.
 */
export function serviceFileName(service: SandboxServiceSpec): string {
  switch (service.kind) {
    case 'zookeeper':
      return 'zookeeper';
    case 'kafka-broker':
      return `server-${service.brokerId}`;
    case 'connect-worker':
      return 'connect-distributed';
    case 'hdfs-namenode':
      return 'hdfs-site';
    case 'flume-agent':
      return service.agentName;
  }
}

/** The name kafka-run-class.sh gives a daemon (its `-name`): the .out and GC log are named after it. */
export function daemonName(service: SandboxServiceSpec): string {
  switch (service.kind) {
    case 'zookeeper':
      return 'zookeeper';
    case 'kafka-broker':
      return 'kafkaServer';
    case 'connect-worker':
      return 'connectDistributed';
    case 'hdfs-namenode':
      return 'hdfs';
    case 'flume-agent':
      return service.agentName;
  }
}

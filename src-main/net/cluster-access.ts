import { directDialer, type Dialer } from './dial';

/**
 * How this machine reaches one cluster: every ZooKeeper, Kafka and REST
 * connection of the app goes through the one object built for the active
 * profile, so "direct" or "through SSH to `kafka.tunnelVia`" is decided once.
 * When tunnelling, clients that only take an address (ZooKeeper's, the Kafka
 * client's, fetch) get a local port forwarding to the remote host:port.
 */
export interface ClusterAccess {
  readonly tunnelled: boolean;
  /** A byte stream to host:port as seen from the cluster. */
  dial: Dialer;
  /** fetch for REST APIs on the cluster's hosts (Connect, StreamSets). */
  fetch: typeof fetch;
  /** The ZooKeeper connect string to use from here (chroot kept). */
  zookeeper(): Promise<string>;
  /** Brokers to bootstrap from, and, when tunnelling, the local port for each advertised host:port. */
  kafka(): KafkaEndpoints;
}

/** Where the brokers are, and how to reach an advertised host:port from here. */
export interface KafkaEndpoints {
  brokers: ReadonlyArray<string>;
  /** Present when tunnelling: the local port that forwards to host:port. */
  localPort?: (host: string, port: number) => Promise<number>;
}

export interface Forwarder {
  /** A byte stream to host:port through SSH. */
  open: Dialer;
  /** A local port forwarding to host:port (created on first use). */
  portFor(host: string, port: number): Promise<number>;
}

export interface ClusterAddresses {
  zookeeper: string;
  bootstrap: ReadonlyArray<string>;
}

export function directAccess(addresses: ClusterAddresses): ClusterAccess {
  return {
    tunnelled: false,
    dial: directDialer,
    fetch: (input, init) => fetch(input, init),
    zookeeper: async () => addresses.zookeeper,
    kafka: () => ({ brokers: addresses.bootstrap }),
  };
}

export function tunnelledAccess(addresses: ClusterAddresses, forwarder: Forwarder): ClusterAccess {
  return {
    tunnelled: true,
    dial: forwarder.open,
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const local = await forwarder.portFor(url.hostname, Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
      url.hostname = '127.0.0.1';
      url.port = String(local);
      return fetch(url, init);
    },
    zookeeper: () => forwardedConnectString(addresses.zookeeper, forwarder),
    kafka: () => ({ brokers: addresses.bootstrap, localPort: (host, port) => forwarder.portFor(host, port) }),
  };
}

/** `zk1:2181,zk2:2181/kafka` with every server replaced by its local forward; the chroot is kept. */
async function forwardedConnectString(connect: string, forwarder: Forwarder): Promise<string> {
  const slash = connect.indexOf('/');
  const servers = slash === -1 ? connect : connect.slice(0, slash);
  const chroot = slash === -1 ? '' : connect.slice(slash);
  const local = await Promise.all(
    servers.split(',').map(async (server) => {
      const i = server.lastIndexOf(':');
      const host = server.slice(0, i).replace(/^\[|\]$/g, '');
      return `127.0.0.1:${await forwarder.portFor(host, Number(server.slice(i + 1)))}`;
    }),
  );
  return local.join(',') + chroot;
}

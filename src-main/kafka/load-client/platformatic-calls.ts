import { kGetApi, kGetConnection, type Base, type Broker, type Connection } from '@platformatic/kafka';

/**
 * The library's own plumbing that the raw Produce and Fetch paths send on: its
 * connection pool (so its tunnel) and its API version negotiation.
 */
type Client = Pick<Base, typeof kGetConnection | typeof kGetApi>;

/** The client's pooled connection to `broker`. */
export function connectionTo(client: Client, broker: Broker): Promise<Connection> {
  return new Promise((resolve, reject) =>
    client[kGetConnection](broker, (err, conn) => (err || !conn ? reject(err ?? new Error('no connection')) : resolve(conn))),
  );
}

/** The highest version of API `name` that the brokers and the library both speak. */
export function apiVersion(client: Client, name: string): Promise<number> {
  return new Promise((resolve, reject) =>
    client[kGetApi](name, (err, api) =>
      err || !api ? reject(err ?? new Error(`the brokers offer no ${name} API`)) : resolve(api.version),
    ),
  );
}

/**
 * @platformatic/kafka 1.35 looks brokers up by id in its last metadata and
 * connects to what it finds; a broker that has left the cluster (its group
 * coordinator or a partition's leader, SIGKILLed) is then `undefined`, and the
 * connect throws a TypeError from inside a network callback, where nothing
 * catches it. Refusing such a lookup as an ordinary error lets the caller's
 * retry and recovery see it instead.
 */
export function refuseMissingBrokers(client: Pick<Base, typeof kGetConnection>): void {
  const connect = client[kGetConnection].bind(client);
  client[kGetConnection] = (broker: Broker | undefined, callback) => {
    if (broker) connect(broker, callback);
    else callback(new Error('that broker is no longer in the cluster metadata'), undefined);
  };
}

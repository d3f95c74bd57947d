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

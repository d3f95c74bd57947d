import { createRequire } from 'node:module';

/**
 * The few calls of node-zookeeper-client the sandbox needs. The package ships
 * no types; rather than a global `declare module` (which would clash with one
 * the app may declare), it is loaded through require and given this narrow
 * interface here.
 */
interface ZkClient {
  connect(): void;
  close(): void;
  once(event: 'connected' | 'disconnected' | 'expired', listener: () => void): void;
  getChildren(path: string, callback: (error: Error | null, children: string[]) => void): void;
}

interface ZkModule {
  createClient(connectionString: string, options: { sessionTimeout: number; spinDelay: number; retries: number }): ZkClient;
}

/** KeeperException.Code.NONODE */
const ZK_NO_NODE = -101;

const zookeeper = createRequire(import.meta.url)('node-zookeeper-client') as ZkModule;

/**
 * Children of a znode, over a short-lived session. Bounded: the client itself
 * would keep reconnecting forever to a server that is down.
 */
export async function zkChildren(connectString: string, path: string, timeoutMs = 5000): Promise<string[]> {
  const client = zookeeper.createClient(connectString, { sessionTimeout: 6000, spinDelay: 200, retries: 0 });
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ZooKeeper ${connectString}: no answer within ${timeoutMs} ms`)), timeoutMs);
      client.once('connected', () => {
        client.getChildren(path, (error, children) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(children);
        });
      });
      client.connect();
    });
  } finally {
    client.close();
  }
}

/** Broker ids registered in ZooKeeper (/brokers/ids), sorted; [] when the node does not exist yet. */
export async function readBrokerIds(connectString: string, timeoutMs = 5000): Promise<number[]> {
  try {
    const ids = await zkChildren(connectString, '/brokers/ids', timeoutMs);
    return ids.map(Number).sort((a, b) => a - b);
  } catch (err) {
    // NO_NODE until the first broker registers.
    if (err instanceof Error && 'code' in err && err.code === ZK_NO_NODE) return [];
    throw err;
  }
}

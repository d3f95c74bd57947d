import zookeeper from 'node-zookeeper-client';
import { AppFailure } from '../common/errors';

/** What fired a watch. */
export type WatchEvent = 'created' | 'deleted' | 'changed' | 'children';

function watchEventOf(event: zookeeper.Event): WatchEvent {
  switch (event.getType()) {
    case zookeeper.Event.NODE_CREATED:
      return 'created';
    case zookeeper.Event.NODE_DELETED:
      return 'deleted';
    case zookeeper.Event.NODE_CHILDREN_CHANGED:
      return 'children';
    default:
      return 'changed';
  }
}

/**
 * A promise-shaped ZooKeeper session: connect with a deadline (the client
 * library retries forever on its own), read children and data, close.
 */
export class ZkSession {
  private constructor(
    private readonly client: zookeeper.Client,
    readonly connectString: string,
  ) {}

  static async connect(connectString: string, options: { timeoutMs?: number; sessionTimeoutMs?: number } = {}): Promise<ZkSession> {
    const timeoutMs = options.timeoutMs ?? 8_000;
    const client = zookeeper.createClient(connectString, {
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      spinDelay: 500,
      retries: 0,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.close();
        reject(
          new AppFailure({
            code: 'zookeeper_unreachable',
            message: `ZooKeeper at ${connectString} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
            hint: 'Is ZooKeeper running (Hosts & services), and is its client port reachable from here?',
          }),
        );
      }, timeoutMs);
      client.once('connected', () => {
        clearTimeout(timer);
        resolve(new ZkSession(client, connectString));
      });
      client.connect();
    });
  }

  getChildren(path: string): Promise<string[]> {
    return new Promise((resolve, reject) =>
      this.client.getChildren(path, (err, children) => (err ? reject(this.wrap(err, path)) : resolve(children))),
    );
  }

  /** Children, or an empty list when the node does not exist (e.g. no topics yet). */
  async getChildrenOrEmpty(path: string): Promise<string[]> {
    try {
      return await this.getChildren(path);
    } catch (err) {
      if (err instanceof AppFailure && err.error.code === 'not_found') return [];
      throw err;
    }
  }

  getData(path: string): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) =>
      this.client.getData(path, (err, data) => (err ? reject(this.wrap(err, path)) : resolve(data ?? undefined))),
    );
  }

  /** Data and stat of a znode, for the browser. */
  getNode(path: string): Promise<{ data: Buffer | undefined; stat: zookeeper.Stat }> {
    return new Promise((resolve, reject) =>
      this.client.getData(path, (err, data, stat) => (err ? reject(this.wrap(err, path)) : resolve({ data: data ?? undefined, stat }))),
    );
  }

  async getJson(path: string): Promise<unknown> {
    const data = await this.getData(path);
    return data ? (JSON.parse(data.toString('utf8')) as unknown) : undefined;
  }

  private wrap(err: Error | zookeeper.Exception, path: string): AppFailure {
    const code = 'getCode' in err ? err.getCode() : undefined;
    if (code === zookeeper.Exception.NO_NODE) return new AppFailure({ code: 'not_found', message: `No znode ${path}` });
    return new AppFailure({
      code: 'zookeeper_unreachable',
      message: `ZooKeeper ${this.connectString}: reading ${path} failed: ${err.toString()}`,
    });
  }

  /** Children of `path`, with a one-shot watch that calls `onChange` when they change. */
  watchChildren(path: string, onChange: (event: WatchEvent) => void): Promise<string[]> {
    return new Promise((resolve, reject) =>
      this.client.getChildren(
        path,
        (event) => onChange(watchEventOf(event)),
        (err, children) => (err ? reject(this.wrap(err, path)) : resolve(children)),
      ),
    );
  }

  /** Data of `path` (undefined when it does not exist), with a one-shot watch for change, creation or deletion. */
  watchData(path: string, onChange: (event: WatchEvent) => void): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) =>
      this.client.getData(
        path,
        (event) => onChange(watchEventOf(event)),
        (err, data) => {
          if (!err) return resolve(data ?? undefined);
          const wrapped = this.wrap(err, path);
          if (wrapped.error.code !== 'not_found') return reject(wrapped);
          // Absent node: watch for its creation instead. If it was created between the two calls
          // (a new topic's partition state appears right after the topic), read it now: no event will come.
          this.client.exists(
            path,
            (event) => onChange(watchEventOf(event)),
            (e2, stat) => {
              if (e2) reject(this.wrap(e2, path));
              else if (stat) this.watchData(path, onChange).then(resolve, reject);
              else resolve(undefined);
            },
          );
        },
      ),
    );
  }

  /** Connection state changes of this session: connected, disconnected, expired. */
  onState(listener: (state: 'connected' | 'disconnected' | 'expired') => void): void {
    this.client.on('connected', () => listener('connected'));
    this.client.on('disconnected', () => listener('disconnected'));
    this.client.on('expired', () => listener('expired'));
  }

  close(): void {
    this.client.close();
  }
}

export async function withZk<T>(connectString: string, fn: (zk: ZkSession) => Promise<T>): Promise<T> {
  const zk = await ZkSession.connect(connectString);
  try {
    return await fn(zk);
  } finally {
    zk.close();
  }
}

import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Local ports on 127.0.0.1 that each forward to one remote host:port through
 * SSH (like `ssh -L`), for clients that only take an address: ZooKeeper's
 * client, and each broker kafkajs discovers. Created on first use per target.
 */
export class LocalForwards {
  private readonly servers = new Map<string, Promise<{ server: Server; port: number }>>();
  private readonly sockets = new Set<Socket | Duplex>();

  constructor(private readonly open: (host: string, port: number) => Promise<Duplex>) {}

  /** The local port forwarding to host:port. */
  async portFor(host: string, port: number): Promise<number> {
    const key = `${host}:${port}`;
    let entry = this.servers.get(key);
    if (!entry) {
      entry = new Promise((resolve, reject) => {
        const server = createServer((local) => this.bridge(local, host, port));
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const addr = server.address();
          if (addr && typeof addr === 'object') resolve({ server, port: addr.port });
          else reject(new Error('no local port'));
        });
      });
      this.servers.set(key, entry);
    }
    return (await entry).port;
  }

  private bridge(local: Socket, host: string, port: number): void {
    this.sockets.add(local);
    local.on('close', () => this.sockets.delete(local));
    local.on('error', () => local.destroy());
    this.open(host, port).then(
      (remote) => {
        this.sockets.add(remote);
        remote.on('close', () => {
          this.sockets.delete(remote);
          local.destroy();
        });
        remote.on('error', () => local.destroy());
        local.on('close', () => remote.destroy());
        local.pipe(remote).pipe(local);
      },
      () => local.destroy(),
    );
  }

  async dispose(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const servers = await Promise.allSettled(this.servers.values());
    this.servers.clear();
    await Promise.all(
      servers.map((r) => (r.status === 'fulfilled' ? new Promise<void>((res) => r.value.server.close(() => res())) : Promise.resolve())),
    );
  }
}

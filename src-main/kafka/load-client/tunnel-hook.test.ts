import { createServer, type Server } from 'node:net';
import { Producer } from '@platformatic/kafka';
import { afterEach, describe, expect, it } from 'vitest';
import { tunnelContext } from './tunnel-hook';

/**
 * The load client has no official socket hook: these fail if an upgrade of
 * @platformatic/kafka stops opening broker sockets through
 * Connection.prototype.connect (the integration tunnel test then fails too,
 * against a broker only SSH reaches).
 */
describe('tunnel hook of the load client', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function listen(): Promise<{ port: number; connections: () => number }> {
    let count = 0;
    server = createServer((socket) => {
      count++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    return { port: address.port, connections: () => count };
  }

  it('opens every broker socket on the local port the tunnel gives for that broker', async () => {
    const local = await listen();
    const asked: string[] = [];
    const producer = new Producer({
      clientId: 'tunnel-hook-test',
      // An address nothing answers on: only the hook can make this connect anywhere.
      bootstrapBrokers: ['broker-only-ssh-reaches.invalid:9092'],
      retries: 0,
      connectTimeout: 2_000,
      context: tunnelContext((host, port) => {
        asked.push(`${host}:${port}`);
        return Promise.resolve(local.port);
      }),
    });
    await expect(producer.metadata({ topics: ['t'] })).rejects.toThrow();
    await producer.close();
    expect(asked).toEqual(['broker-only-ssh-reaches.invalid:9092']);
    expect(local.connections()).toBe(1);
  });

  it('reports a forward that cannot be opened as the connection error', async () => {
    const producer = new Producer({
      clientId: 'tunnel-hook-test',
      bootstrapBrokers: ['10.255.255.1:9092'],
      retries: 0,
      context: tunnelContext(() => Promise.reject(new Error('host kafka-1 unreachable over SSH'))),
    });
    const err = await producer.metadata({ topics: ['t'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await producer.close();
    expect(err).toBeInstanceOf(Error);
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err)) + String((err as Error).cause ?? '')).toMatch(/unreachable over SSH/);
  });

  it('leaves clients without a tunnel on their own addresses', async () => {
    const local = await listen();
    const producer = new Producer({ clientId: 'tunnel-hook-test', bootstrapBrokers: [`127.0.0.1:${local.port}`], retries: 0 });
    await expect(producer.metadata({ topics: ['t'] })).rejects.toThrow();
    await producer.close();
    expect(local.connections()).toBe(1);
  });
});

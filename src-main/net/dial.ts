import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { AppFailure } from '../common/errors';

/** Anything that can open a byte stream to host:port (a direct socket or an SSH tunnel). */
export type Dialer = (host: string, port: number) => Promise<Duplex>;

export const directDialer: Dialer = (host, port) =>
  new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new AppFailure({ code: 'timeout', message: `${host}:${port} did not accept a connection within 5 s.` }));
    }, 5_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new AppFailure({ code: 'host_unreachable', message: `${host}:${port}: ${err.code ?? err.message}` }));
    });
  });

export function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

/** Whether something accepts TCP connections at host:port. */
export async function isListening(dial: Dialer, address: string): Promise<boolean> {
  const { host, port } = splitHostPort(address);
  try {
    const s = await dial(host, port);
    s.destroy();
    return true;
  } catch {
    return false;
  }
}

/** ZooKeeper's four-letter word: `ruok` answers `imok` when the server is serving. */
export async function zookeeperRuok(dial: Dialer, address: string, timeoutMs = 3_000): Promise<boolean> {
  const { host, port } = splitHostPort(address);
  let s: Duplex;
  try {
    s = await dial(host, port);
  } catch {
    return false;
  }
  return new Promise((resolve) => {
    let reply = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(reply.startsWith('imok'));
    };
    s.on('data', (d: Buffer) => (reply += d.toString()));
    s.on('error', () => undefined);
    // ZooKeeper closes after answering; an SSH channel reports that as 'end' and only closes once we end too.
    s.once('end', finish);
    s.once('close', finish);
    s.write('ruok');
  });
}

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

/**
 * The mode a ZooKeeper server reports to the `srvr` four-letter word
 * (standalone, leader, follower, observer), or undefined when it does not
 * serve. `srvr` because it is the only word a stock ZooKeeper 3.5+ allows:
 * `4lw.commands.whitelist` defaults to `srvr`, and `ruok` is answered with
 * "ruok is not executed because it is not in the whitelist."
 */
export async function zookeeperMode(dial: Dialer, address: string, timeoutMs = 3_000): Promise<string | undefined> {
  const { host, port } = splitHostPort(address);
  let s: Duplex;
  try {
    s = await dial(host, port);
  } catch {
    return undefined;
  }
  return new Promise((resolve) => {
    let reply = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve(undefined);
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(modeOfSrvr(reply));
    };
    s.on('data', (d: Buffer) => (reply += d.toString()));
    s.on('error', () => undefined);
    // ZooKeeper closes after answering; an SSH channel reports that as 'end' and only closes once we end too.
    s.once('end', finish);
    s.once('close', finish);
    s.write('srvr');
  });
}

/** `Mode: follower` from a `srvr` answer; undefined for "not currently serving requests" or a refusal. */
export function modeOfSrvr(reply: string): string | undefined {
  return /^Mode:\s*(\S+)/m.exec(reply)?.[1];
}

import { Connection } from '@platformatic/kafka';

/** Opens (or finds) a local port that reaches `host:port`, e.g. an SSH local forward main keeps per broker. */
export type LocalPortFor = (host: string, port: number) => Promise<number>;

type ConnectCallback = (error: Error | null) => void;
type Connect = (this: Connection, host: string, port: number, callback?: ConnectCallback) => Promise<void> | undefined;

/**
 * @platformatic/kafka has no socket factory or address rewrite, so a client
 * cannot be told to reach its brokers through SSH forwards. Every broker socket
 * is opened by `Connection.prototype.connect(host, port, callback)`; this wraps
 * it once per module instance (each worker thread has its own) and, for a
 * connection whose client was made with a tunnel context, connects to the local
 * forward instead. The version is pinned in package.json, and
 * `tunnel-hook.test.ts` fails if an upgrade stops routing sockets here.
 */
const tunnels = new WeakMap<object, LocalPortFor>();
let installed = false;

export function tunnelContext(localPort: LocalPortFor): object {
  installHook();
  const context = { tunnelled: true };
  tunnels.set(context, localPort);
  return context;
}

function installHook(): void {
  if (installed) return;
  installed = true;
  const proto = Connection.prototype as unknown as { connect: Connect };
  const original = proto.connect;
  proto.connect = function connectThroughTunnel(host, port, callback) {
    const context: unknown = this.context;
    const localPort = typeof context === 'object' && context !== null ? tunnels.get(context) : undefined;
    if (!localPort) return original.call(this, host, port, callback);
    const forwarded = localPort(host, port).then((local) => original.call(this, '127.0.0.1', local, callback));
    if (callback) {
      // The callback form returns nothing; a forward that cannot be opened is this connect's error.
      forwarded.catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      return undefined;
    }
    return forwarded.then(() => undefined);
  };
}

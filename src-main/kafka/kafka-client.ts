import { Socket } from 'node:net';
import kafkajs, { type ISocketFactory } from 'kafkajs';
import type { KafkaEndpoints } from '../net/cluster-access';
import { registerCompressionCodecs } from './compression-codecs';

// kafkajs is CommonJS without static export names: Node's ESM loader only offers its default export.
const { Kafka, logLevel } = kafkajs;

/** Where the brokers are, and how to reach one (through a local SSH forward when tunnelling). */
export type KafkaConnection = KafkaEndpoints;

/** kafkajs wants a socket at once; it is connected once the local forward for that broker exists. */
function forwardedSocketFactory(localPort: (host: string, port: number) => Promise<number>): ISocketFactory {
  return ({ host, port, onConnect }) => {
    const socket = new Socket();
    localPort(host, port).then(
      (local) => socket.connect(local, '127.0.0.1', onConnect),
      (err: unknown) => socket.destroy(err instanceof Error ? err : new Error(String(err))),
    );
    return socket;
  };
}

/**
 * Every kafkajs client of the app is made here, in main and in the browse and workload threads (each of which has
 * its own kafkajs module and so its own codec table): registering the codecs here covers all of them.
 */
export function newKafka(conn: KafkaConnection, clientId: string): InstanceType<typeof Kafka> {
  registerCompressionCodecs();
  return new Kafka({
    clientId,
    brokers: [...conn.brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { retries: 3 },
    ...(conn.localPort ? { socketFactory: forwardedSocketFactory(conn.localPort) } : {}),
  });
}

import { Socket } from 'node:net';
import type { KafkaConnection } from './kafka-client';

/**
 * Preferred leader election through Kafka's ElectLeaders request (API key 43, KIP-183/KIP-460), what
 * `kafka-leader-election.sh --election-type PREFERRED` sends. kafkajs has no call for it, so this file encodes the one
 * request and decodes its answer itself: version 1, the newest before the flexible (tagged-field) encoding, which
 * every broker since 2.4 accepts. In ZooKeeper mode only the controller acts on it; others answer NOT_CONTROLLER.
 * https://kafka.apache.org/protocol#The_Messages_ElectLeaders
 */
const API_KEY = 43;
const API_VERSION = 1;
const PREFERRED = 0;

export const NONE = 0;
export const NOT_CONTROLLER = 41;
/** The preferred replica already leads: nothing to do (reported as such, not as a failure). */
export const ELECTION_NOT_NEEDED = 84;

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface ElectionResponse {
  errorCode: number;
  results: Array<{ topic: string; partition: number; errorCode: number; errorMessage: string | null }>;
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeInt16BE(b.length);
  return Buffer.concat([len, b]);
}
const i8 = (n: number) => Buffer.from([n & 0xff]);
const i16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** The framed request (size prefix, header v1, body v1). `null` targets: every partition of the cluster. */
export function encodeElectLeaders(correlationId: number, clientId: string, targets: TopicPartitions[] | null, timeoutMs: number): Buffer {
  const topics =
    targets === null
      ? i32(-1)
      : Buffer.concat([i32(targets.length), ...targets.flatMap((t) => [str(t.topic), i32(t.partitions.length), ...t.partitions.map(i32)])]);
  const body = Buffer.concat([i16(API_KEY), i16(API_VERSION), i32(correlationId), str(clientId), i8(PREFERRED), topics, i32(timeoutMs)]);
  return Buffer.concat([i32(body.length), body]);
}

/** Reads a response body (after the size prefix): header v0, then the v1 body. Throws on a truncated buffer. */
export function decodeElectLeaders(buf: Buffer): { correlationId: number; response: ElectionResponse } {
  let at = 0;
  const need = (n: number) => {
    if (at + n > buf.length) throw new Error('truncated ElectLeaders response');
  };
  const readI16 = () => (need(2), (at += 2), buf.readInt16BE(at - 2));
  const readI32 = () => (need(4), (at += 4), buf.readInt32BE(at - 4));
  const readStr = (): string | null => {
    const len = readI16();
    if (len < 0) return null;
    need(len);
    at += len;
    return buf.toString('utf8', at - len, at);
  };
  const correlationId = readI32();
  readI32(); // throttle_time_ms
  const errorCode = readI16();
  const results: ElectionResponse['results'] = [];
  for (let t = readI32(); t > 0; t--) {
    const topic = readStr() ?? '';
    for (let p = readI32(); p > 0; p--) {
      const partition = readI32();
      const code = readI16();
      results.push({ topic, partition, errorCode: code, errorMessage: readStr() });
    }
  }
  return { correlationId, response: { errorCode, results } };
}

/** Sends one ElectLeaders request to a broker (through its SSH forward when tunnelled) and waits for the answer. */
export async function sendElectLeaders(
  conn: KafkaConnection,
  broker: { host: string; port: number },
  targets: TopicPartitions[] | null,
  timeoutMs: number,
): Promise<ElectionResponse> {
  const [host, port] = conn.localPort ? ['127.0.0.1', await conn.localPort(broker.host, broker.port)] : [broker.host, broker.port];
  const correlationId = 1;
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let got = Buffer.alloc(0);
    const done = (err: Error | undefined, value?: ElectionResponse) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else if (value) resolve(value);
    };
    // The broker may take up to timeoutMs to finish the elections; a little more for the answer to arrive.
    const timer = setTimeout(
      () => done(new Error(`no answer from broker ${broker.host}:${broker.port} in ${timeoutMs + 5_000} ms`)),
      timeoutMs + 5_000,
    );
    socket.on('error', (err) => done(err));
    socket.on('close', () => done(new Error(`broker ${broker.host}:${broker.port} closed the connection`)));
    socket.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < 4) return;
      const size = got.readInt32BE(0);
      if (got.length < 4 + size) return;
      try {
        const decoded = decodeElectLeaders(got.subarray(4, 4 + size));
        if (decoded.correlationId !== correlationId) throw new Error('the broker answered another request');
        done(undefined, decoded.response);
      } catch (err) {
        done(err instanceof Error ? err : new Error(String(err)));
      }
    });
    socket.connect(port, host, () => socket.write(encodeElectLeaders(correlationId, 'kafka-control-center', targets, timeoutMs)));
  });
}

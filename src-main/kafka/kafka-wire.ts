import { Socket } from 'node:net';
import type { KafkaConnection } from './kafka-client';

/**
 * A minimal Kafka protocol client for the few admin requests kafkajs lacks or does badly (ElectLeaders; OffsetCommit
 * without joining the group; DescribeLogDirs; Metadata and ListOffsets for every partition at once): non-flexible request versions only, one request per connection. Requests go through the
 * cluster's SSH forward when the profile tunnels, like kafkajs's sockets. https://kafka.apache.org/protocol
 */

export const str = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([i16(b.length), b]);
};
/** A nullable string: length -1 for null. */
export const nullableStr = (s: string | null): Buffer => (s === null ? i16(-1) : str(s));
export const i8 = (n: number): Buffer => Buffer.from([n & 0xff]);
export const i16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
export const i32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
export const i64 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};
export const array = <T>(items: ReadonlyArray<T>, encode: (item: T) => Buffer[]): Buffer =>
  Buffer.concat([i32(items.length), ...items.flatMap(encode)]);

/** Unsigned varint, as the flexible (KIP-482) encodings use for lengths and tag counts. */
export const uvarint = (n: number): Buffer => {
  const out: number[] = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
};
/** COMPACT_STRING: length + 1 as a uvarint, then the bytes. */
export const compactStr = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([uvarint(b.length + 1), b]);
};
/** COMPACT_(NULLABLE_)ARRAY: length + 1 as a uvarint (0 is null), then the items. */
export const compactArray = <T>(items: ReadonlyArray<T> | null, encode: (item: T) => Buffer[]): Buffer =>
  items === null ? uvarint(0) : Buffer.concat([uvarint(items.length + 1), ...items.flatMap(encode)]);
/** An empty tagged-field section. */
export const noTags = (): Buffer => uvarint(0);

/** The framed request with header v2, for flexible versions: header v1 and a tagged-field section. */
export function frameFlexible(apiKey: number, apiVersion: number, correlationId: number, clientId: string, body: Buffer): Buffer {
  const payload = Buffer.concat([i16(apiKey), i16(apiVersion), i32(correlationId), str(clientId), noTags(), body]);
  return Buffer.concat([i32(payload.length), payload]);
}

/** The framed request: size, header v1 (api key, version, correlation id, client id), body. */
export function frame(apiKey: number, apiVersion: number, correlationId: number, clientId: string, body: Buffer): Buffer {
  const payload = Buffer.concat([i16(apiKey), i16(apiVersion), i32(correlationId), str(clientId), body]);
  return Buffer.concat([i32(payload.length), payload]);
}

/** Reads a response body field by field; throws on a truncated buffer. */
export class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new Error('truncated Kafka response');
  }
  i8(): number {
    this.need(1);
    this.at += 1;
    return this.buf.readInt8(this.at - 1);
  }
  i16(): number {
    this.need(2);
    this.at += 2;
    return this.buf.readInt16BE(this.at - 2);
  }
  i32(): number {
    this.need(4);
    this.at += 4;
    return this.buf.readInt32BE(this.at - 4);
  }
  i64(): bigint {
    this.need(8);
    this.at += 8;
    return this.buf.readBigInt64BE(this.at - 8);
  }
  string(): string | null {
    const len = this.i16();
    if (len < 0) return null;
    this.need(len);
    this.at += len;
    return this.buf.toString('utf8', this.at - len, this.at);
  }
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const b = this.buf[this.at++] ?? 0;
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return value >>> 0;
    }
    throw new Error('malformed varint in Kafka response');
  }
  /** COMPACT_(NULLABLE_)STRING. */
  compactString(): string | null {
    const len = this.uvarint() - 1;
    if (len < 0) return null;
    this.need(len);
    this.at += len;
    return this.buf.toString('utf8', this.at - len, this.at);
  }
  /** COMPACT_ARRAY's item count (-1 for null). */
  compactLength(): number {
    return this.uvarint() - 1;
  }
  /** Skips a tagged-field section (this client knows no tags). */
  skipTags(): void {
    for (let n = this.uvarint(); n > 0; n--) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size);
      this.at += size;
    }
  }
}

export interface BrokerAddress {
  host: string;
  port: number;
}

/** Sends one framed request and resolves with the response (after its size prefix, correlation id included). */
export async function exchange(conn: KafkaConnection, broker: BrokerAddress, request: Buffer, timeoutMs: number): Promise<Buffer> {
  const [host, port] = conn.localPort ? ['127.0.0.1', await conn.localPort(broker.host, broker.port)] : [broker.host, broker.port];
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let got = Buffer.alloc(0);
    let settled = false;
    const done = (err: Error | undefined, value?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else if (value) resolve(value);
    };
    const timer = setTimeout(() => done(new Error(`no answer from broker ${broker.host}:${broker.port} in ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', (err) => done(err));
    socket.on('close', () => done(new Error(`broker ${broker.host}:${broker.port} closed the connection`)));
    socket.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < 4) return;
      const size = got.readInt32BE(0);
      if (got.length >= 4 + size) done(undefined, got.subarray(4, 4 + size));
    });
    socket.connect(port, host, () => socket.write(request));
  });
}

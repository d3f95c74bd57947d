import {
  compressionsAlgorithms,
  crc32c,
  produceV7,
  produceV8,
  produceV9,
  produceV10,
  produceV11,
  Writer,
  type Producer,
} from '@platformatic/kafka';
import type { LoadCompression } from './load-client';
import { apiVersion, connectionTo } from './platformatic-calls';
import { uvarint } from './record-batch';

type ResponseParser = typeof produceV9.parseResponse;
const parsers: Record<number, ResponseParser> = {
  7: produceV7.parseResponse,
  8: produceV8.parseResponse,
  9: produceV9.parseResponse,
  10: produceV10.parseResponse,
  11: produceV11.parseResponse,
};

/** Attribute bits and the client's own codec for a compression.type. */
export function codecOf(c: LoadCompression): { bits: number; compress?: (records: Buffer) => Buffer } {
  if (c === 'none') return { bits: 0 };
  const algorithm = compressionsAlgorithms[c];
  return {
    bits: algorithm.bitmask,
    compress: (records) => {
      const out: unknown = algorithm.compressSync(records);
      return Buffer.isBuffer(out) ? out : Buffer.from(out as Uint8Array);
    },
  };
}

export { crc32c };

/**
 * Sends one ready record batch as a Produce request on the producer's own
 * connection to the partition's leader (its pool, its tunnel), at the version
 * the broker and the library agree on. The library parses the answer.
 */
export class RawProduce {
  private version: number | undefined;

  constructor(
    private readonly producer: Producer<Buffer, Buffer, string, string>,
    private readonly topic: string,
    private readonly acks: number,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Requests go out in the order of the calls: each call finds its leader, version and connection (awaits that can
   * finish out of order) only after the call before it has handed its request to the connection, so a partition's
   * batches reach the broker in the order they were made.
   */
  private issued: Promise<unknown> = Promise.resolve();

  send(partition: number, batch: Buffer, refreshMetadata: boolean): Promise<void> {
    const answered = this.issued.then(() => this.issue(partition, batch, refreshMetadata));
    // The next call waits for this one's request to be sent (or to fail before it was), not for its answer.
    this.issued = answered.then(
      () => undefined,
      () => undefined,
    );
    return answered.then((a) => a.response);
  }

  /** Sends the request; `response` settles with the broker's answer. */
  private async issue(partition: number, batch: Buffer, refreshMetadata: boolean): Promise<{ response: Promise<void> }> {
    const meta = await this.producer.metadata({ topics: [this.topic], forceUpdate: refreshMetadata });
    const leader = meta.topics.get(this.topic)?.partitions[partition]?.leader;
    const broker = leader !== undefined ? meta.brokers.get(leader) : undefined;
    if (!broker) throw new Error(`partition ${partition} of ${this.topic} has no leader`);
    const version = this.version ?? (this.version = await this.negotiate());
    const connection = await connectionTo(this.producer, broker);
    const flexible = version >= 9;
    const body = this.request(partition, batch, flexible);
    const parser = parsers[version] ?? produceV9.parseResponse;
    const response = new Promise<void>((resolve, reject) => {
      connection.send(
        0,
        version,
        () => {
          const w = Writer.create().append(body);
          if (this.acks === 0) w.context.noResponse = true;
          return w;
        },
        parser,
        flexible,
        flexible,
        (err: Error | null) => (err ? reject(err) : resolve()),
      );
    });
    // Held in an object so that awaiting `issue` does not wait for the answer.
    return { response };
  }

  private async negotiate(): Promise<number> {
    return Math.min(11, await apiVersion(this.producer, 'Produce'));
  }

  /** Produce request body for one topic and one partition: the flexible layout from v9, the classic one before. */
  private request(partition: number, batch: Buffer, flexible: boolean): Buffer {
    const name = Buffer.from(this.topic);
    if (flexible) {
      const parts = [
        uvarint(0), // transactional_id: null
        int16(this.acks),
        int32(this.timeoutMs),
        uvarint(2), // one topic
        uvarint(name.length + 1),
        name,
        uvarint(2), // one partition
        int32(partition),
        uvarint(batch.length + 1),
        batch,
        uvarint(0), // partition's tagged fields
        uvarint(0), // topic's tagged fields
        uvarint(0), // request's tagged fields
      ];
      return Buffer.concat(parts);
    }
    return Buffer.concat([
      int16(-1),
      int16(this.acks),
      int32(this.timeoutMs),
      int32(1),
      int16(name.length),
      name,
      int32(1),
      int32(partition),
      int32(batch.length),
      batch,
    ]);
  }
}

function int16(n: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeInt16BE(n, 0);
  return b;
}

function int32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n, 0);
  return b;
}

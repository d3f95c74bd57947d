import { Writer, type Broker, type Consumer, type Reader } from '@platformatic/kafka';
import { apiVersion, connectionTo } from './platformatic-calls';
import { uvarint } from './record-batch';

/** Fetch v12: the last version that names topics (v13 and later use topic ids); Kafka 2.7 and later answer it. */
export const FETCH_VERSION = 12;
const FETCH_API_KEY = 1;

export interface FetchPosition {
  readonly topic: string;
  readonly partition: number;
  offset: number;
}

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  /** The partition's first offset: where a position the log no longer holds (OFFSET_OUT_OF_RANGE) can resume. */
  logStartOffset: number;
  /** Where records of transactions still open begin: a read_committed fetch returns nothing past it. */
  lastStableOffset: number;
  /** Transactions aborted in the range returned (read_committed fetches only): their records are not to be shown. */
  abortedTransactions: AbortedTransaction[];
  /** The partition's record batches as the broker sent them; empty when there was nothing new. */
  records: Buffer;
}

export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface FetchLimits {
  maxWaitMs: number;
  maxBytes: number;
  partitionMaxBytes: number;
  /** Only records of committed transactions, as the Java consumer's read_committed (default: every record written). */
  readCommitted?: boolean;
}

/**
 * Sends Fetch requests on a consumer's own connections (its pool, so its
 * tunnel) and hands back each partition's record batches as raw bytes, for
 * `walkRecordBatches` to count; the library's own fetch decodes every record
 * into objects first, which costs more than the whole of ConsumerPerformance.
 */
export class RawFetch {
  constructor(
    private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>,
    private readonly limits: FetchLimits,
  ) {}

  /** Whether the brokers answer the Fetch version this reads. */
  async supported(): Promise<boolean> {
    return (await apiVersion(this.consumer, 'Fetch')) >= FETCH_VERSION;
  }

  async fetch(broker: Broker, positions: readonly FetchPosition[]): Promise<FetchedPartition[]> {
    const connection = await connectionTo(this.consumer, broker);
    const body = this.request(positions);
    return new Promise((resolve, reject) => {
      connection.send(
        FETCH_API_KEY,
        FETCH_VERSION,
        () => Writer.create().append(body),
        parseFetchResponse,
        true,
        true,
        (err: Error | null, parts?: FetchedPartition[]) =>
          err || !parts ? reject(err ?? new Error('an empty Fetch response')) : resolve(parts),
      );
    });
  }

  /** Fetch v12 request body: a full fetch outside any fetch session (epoch -1), read_uncommitted (the Java client's default) unless asked. */
  private request(positions: readonly FetchPosition[]): Buffer {
    const byTopic = new Map<string, FetchPosition[]>();
    for (const p of positions) {
      const list = byTopic.get(p.topic);
      if (list) list.push(p);
      else byTopic.set(p.topic, [p]);
    }
    const head = Buffer.alloc(25);
    head.writeInt32BE(-1, 0); // replica_id
    head.writeInt32BE(this.limits.maxWaitMs, 4);
    head.writeInt32BE(1, 8); // min_bytes
    head.writeInt32BE(this.limits.maxBytes, 12);
    head.writeInt8(this.limits.readCommitted ? 1 : 0, 16); // isolation_level
    head.writeInt32BE(0, 17); // session_id
    head.writeInt32BE(-1, 21); // session_epoch
    const parts: Buffer[] = [head, uvarint(byTopic.size + 1)];
    for (const [topic, list] of byTopic) {
      const name = Buffer.from(topic);
      parts.push(uvarint(name.length + 1), name, uvarint(list.length + 1));
      for (const p of list) {
        const b = Buffer.alloc(32);
        b.writeInt32BE(p.partition, 0);
        b.writeInt32BE(-1, 4); // current_leader_epoch: not checked
        b.writeBigInt64BE(BigInt(p.offset), 8);
        b.writeInt32BE(-1, 16); // last_fetched_epoch
        b.writeBigInt64BE(-1n, 20); // log_start_offset: a consumer's is -1
        b.writeInt32BE(this.limits.partitionMaxBytes, 28);
        parts.push(b, uvarint(0));
      }
      parts.push(uvarint(0));
    }
    parts.push(uvarint(1), uvarint(1), uvarint(0)); // no forgotten topics, rack "", no tagged fields
    return Buffer.concat(parts);
  }
}

/** Fetch v12 response: partitions with their error codes (the caller decides what each means) and records as bytes. */
export function parseFetchResponse(_correlationId: number, _apiKey: number, _apiVersion: number, r: Reader): FetchedPartition[] {
  r.readInt32(); // throttle_time_ms
  const errorCode = r.readInt16();
  r.readInt32(); // session_id
  if (errorCode !== 0) throw new Error(`the broker refused the fetch (error code ${errorCode})`);
  const out: FetchedPartition[] = [];
  r.readArray((t) => {
    const topic = t.readString();
    t.readArray((p) => {
      const partition = p.readInt32();
      const code = p.readInt16();
      p.readInt64(); // high_watermark
      const lastStableOffset = Number(p.readInt64());
      const logStartOffset = Number(p.readInt64());
      // A null array (no transactions aborted) reads as an empty one.
      const abortedTransactions = p.readArray((a) => ({ producerId: Number(a.readInt64()), firstOffset: Number(a.readInt64()) }));
      p.readInt32(); // preferred_read_replica
      const size = p.readUnsignedVarInt() - 1;
      // One contiguous copy only when the response spans socket chunks.
      const records = size > 0 ? p.buffer.slice(p.position, p.position + size) : Buffer.alloc(0);
      if (size > 0) p.skip(size);
      out.push({ topic, partition, errorCode: code, lastStableOffset, logStartOffset, abortedTransactions, records });
    });
  });
  return out;
}

import zlib from 'node:zlib';
import { compressionSchema, type Compression } from '../../workloads/schemas';
import type { KafkaConnection } from '../kafka-client';

/**
 * The app's interface to the Kafka client its load runs use. Load runs need a
 * client that keeps up with Kafka's own perf tools; the rest of the app
 * (admin, browsing, groups) stays on kafkajs. Everything that knows which
 * library is behind this interface lives in this folder.
 */

export const loadCompressions = compressionSchema.options;
export type LoadCompression = Compression;

/** Whether this runtime can compress with `c`: zstd needs a Node.js with zlib's zstd (22.15 and later). */
export function compressionAvailable(c: LoadCompression): boolean {
  return c !== 'zstd' || typeof (zlib as Record<string, unknown>).zstdCompressSync === 'function';
}

/** One partition's records, gathered in the client's own shape so a record is made once. */
export interface LoadBatch {
  readonly partition: number;
  readonly count: number;
  add(key: Buffer | null, value: Buffer, headers?: Record<string, string>): void;
  value(index: number): Buffer;
}

export interface LoadProducerSettings {
  /** -1 is acks=all. */
  acks: -1 | 0 | 1;
  compression: LoadCompression;
  idempotent: boolean;
  /** The Java client's max.in.flight.requests.per.connection. */
  maxInFlightPerConnection: number;
  /** batch.size, so a batch's buffer is made once at its size. */
  batchBytes: number;
  clientId: string;
}

export interface LoadProducer {
  readonly partitions: number;
  /** Brokers leading the topic's partitions when it was opened. */
  readonly leaders: number;
  batch(partition: number): LoadBatch;
  /** Resolves once the broker acknowledged the batch (at once with acks=0). */
  send(batch: LoadBatch): Promise<void>;
  close(): Promise<void>;
}

export type { KafkaConnection };

export interface LoadGroupSettings {
  clientId: string;
  groupId: string;
  topics: readonly string[];
  fromBeginning: boolean;
  /** The header a producer run stamps its records with. */
  stampHeader: string;
}

export interface LoadGroupHooks {
  /** Each record as it arrives: its key and value bytes, and its timestamp when a producer run stamped it. */
  onRecord(bytes: number, stampedAt: number | undefined): void;
  /** After each fetched batch. */
  onBatchEnd(): void;
  /** `topic-partition` strings the member holds; empty while the group rebalances. */
  onAssigned(partitions: string[]): void;
  onCrash(message: string): void;
}

export interface LoadGroupMember {
  leave(): Promise<void>;
}

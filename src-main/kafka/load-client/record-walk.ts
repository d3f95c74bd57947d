import { compressionsAlgorithmsByBitmask } from '@platformatic/kafka';
import { decompress as zstdDecompress } from 'fzstd';

/** What a consumer load run wants of each record: its size, and when a producer run stamped it. */
export interface RecordVisitor {
  /** `bytes` is key plus value; `stampedAt` the record's timestamp when it carries the stamp header. */
  onRecord(bytes: number, stampedAt: number | undefined): void;
}

export interface WalkResult {
  /** The offset to fetch from next: past the last whole batch walked, or `fromOffset` when there was none. */
  nextOffset: number;
  records: number;
  /** A batch that could not be read: the walk stopped before it, so its records are not counted twice on a retry. */
  error?: RecordFormatError;
}

/** A batch this client cannot read (its format or codec): fetching it again will not help. */
export class RecordFormatError extends Error {}

// Offsets of a record batch's header fields (magic 2), Kafka's DefaultRecordBatch.
const BATCH_LENGTH = 8;
/** Where a batch's magic byte is; the same place in the older message formats. */
export const MAGIC = 16;
const ATTRIBUTES = 21;
const LAST_OFFSET_DELTA = 23;
const BASE_TIMESTAMP = 27;
const MAX_TIMESTAMP = 35;
const PRODUCER_ID = 43;
const RECORDS_COUNT = 57;
const RECORDS = 61;
const LOG_OVERHEAD = 12;

const CODEC_MASK = 0x07;
const LOG_APPEND_TIME = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;

/** The header of one record batch (magic 2) as Kafka's DefaultRecordBatch lays it out. */
export interface BatchHeader {
  baseOffset: number;
  lastOffset: number;
  magic: number;
  /** The compression codec (0 for none). */
  codec: number;
  control: boolean;
  /** Written in a transaction by producer `producerId`. */
  transactional: boolean;
  producerId: number;
  count: number;
  baseTimestamp: number;
  /** The batch's timestamp when the topic stamps records with the broker's time, which then stands for every record's. */
  logAppendTime: number | undefined;
  /** Where the records section starts and where the batch ends, in the fetched buffer. */
  recordsAt: number;
  end: number;
}

/** The batch that starts at `pos`, or undefined when it is cut off at the end of the response (the next fetch returns it whole). */
export function batchAt(buf: Buffer, pos: number): BatchHeader | undefined {
  if (pos + RECORDS > buf.length) return undefined;
  const end = pos + LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH);
  if (end > buf.length) return undefined;
  const baseOffset = readInt64(buf, pos);
  const attributes = buf.readInt16BE(pos + ATTRIBUTES);
  return {
    baseOffset,
    lastOffset: baseOffset + buf.readInt32BE(pos + LAST_OFFSET_DELTA),
    magic: buf.readInt8(pos + MAGIC),
    codec: attributes & CODEC_MASK,
    control: (attributes & CONTROL) !== 0,
    transactional: (attributes & TRANSACTIONAL) !== 0,
    producerId: readInt64(buf, pos + PRODUCER_ID),
    count: buf.readInt32BE(pos + RECORDS_COUNT),
    baseTimestamp: readInt64(buf, pos + BASE_TIMESTAMP),
    logAppendTime: (attributes & LOG_APPEND_TIME) !== 0 ? readInt64(buf, pos + MAX_TIMESTAMP) : undefined,
    recordsAt: pos + RECORDS,
    end,
  };
}

/**
 * Walks the record batches a Fetch returned for one partition, calling the
 * visitor per record without making an object of it: load runs count records
 * at the speed Kafka's ConsumerPerformance does, which a client that decodes
 * every record into keys, values and header maps cannot. Records before
 * `fromOffset` (a compressed batch is returned whole) and control records are
 * skipped; a batch cut off at the end of the response is left for the next fetch.
 */
export function walkRecordBatches(buf: Buffer, fromOffset: number, stampKey: Buffer, visitor: RecordVisitor): WalkResult {
  let nextOffset = fromOffset;
  let records = 0;
  for (let batch = batchAt(buf, 0); batch; batch = batchAt(buf, batch.end)) {
    if (batch.magic !== 2) {
      const error = new RecordFormatError(
        `offset ${batch.baseOffset} is in message format v${batch.magic}: load runs read format v2 (Kafka 0.11 and later)`,
      );
      return { nextOffset, records, error };
    }
    if (!batch.control && batch.lastOffset >= fromOffset) {
      let section = buf.subarray(batch.recordsAt, batch.end);
      if (batch.codec !== 0) {
        try {
          section = decompress(batch.codec, section);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          return {
            nextOffset,
            records,
            error: new RecordFormatError(`the batch at offset ${batch.baseOffset} could not be decompressed: ${reason}`),
          };
        }
      }
      records += walkRecords(section, batch, fromOffset, stampKey, visitor);
    }
    nextOffset = Math.max(nextOffset, batch.lastOffset + 1);
  }
  return { nextOffset, records };
}

function decompress(codec: number, section: Buffer): Buffer {
  const algorithm = compressionsAlgorithmsByBitmask[codec];
  if (!algorithm) throw new Error(`a record batch has an unknown compression codec (${codec})`);
  // Node.js before 22.15 has no zstd in zlib: fzstd (pure JavaScript, decompression only) reads it, as browsing does.
  if (!algorithm.available) return Buffer.from(zstdDecompress(section));
  const out: unknown = algorithm.decompressSync(section);
  return Buffer.isBuffer(out) ? out : Buffer.from(out as Uint8Array);
}

/** The records of one batch (already decompressed); returns how many were at or past `fromOffset`. */
function walkRecords(buf: Buffer, batch: BatchHeader, fromOffset: number, stampKey: Buffer, visitor: RecordVisitor): number {
  const cursor = { pos: 0 };
  let seen = 0;
  for (let i = 0; i < batch.count && cursor.pos < buf.length; i++) {
    const length = varint(buf, cursor);
    const end = cursor.pos + length;
    cursor.pos++; // attributes
    const timestampDelta = varint(buf, cursor);
    const offset = batch.baseOffset + varint(buf, cursor);
    const keyLength = varint(buf, cursor);
    if (keyLength > 0) cursor.pos += keyLength;
    const valueLength = varint(buf, cursor);
    if (valueLength > 0) cursor.pos += valueLength;
    let stamped = false;
    const headers = varint(buf, cursor);
    for (let h = 0; h < headers && !stamped; h++) {
      const hKey = varint(buf, cursor);
      stamped = hKey === stampKey.length && stampKey.compare(buf, cursor.pos, cursor.pos + hKey) === 0;
      cursor.pos += Math.max(0, hKey);
      const hValue = varint(buf, cursor);
      cursor.pos += Math.max(0, hValue);
    }
    cursor.pos = end;
    if (offset < fromOffset) continue;
    seen++;
    visitor.onRecord(
      Math.max(0, keyLength) + Math.max(0, valueLength),
      stamped ? (batch.logAppendTime ?? batch.baseTimestamp + timestampDelta) : undefined,
    );
  }
  return seen;
}

/** A zig-zag varint (or varlong: timestamps deltas may pass 32 bits), as a number. */
export function varint(buf: Buffer, cursor: { pos: number }): number {
  let raw = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[cursor.pos++] ?? 0;
    raw += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) break;
    scale *= 128;
  }
  // Zig-zag without 32-bit operators, which would cut a varlong.
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}

export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4_294_967_296 + buf.readUInt32BE(at + 4);
}

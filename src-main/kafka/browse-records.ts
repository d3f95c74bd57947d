import { decompressBatch } from './compression-codecs';
import type { AbortedTransaction } from './load-client/raw-fetch';
import { batchAt, MAGIC, readInt64, RecordFormatError, varint, type BatchHeader } from './load-client/record-walk';
import type { RecordParts } from './record-view';

/**
 * One record as a browse looks at it. The walk hands the same object to every call with new contents (a scan looks at
 * a million records and keeps a few): whatever a visitor keeps, it copies or renders before returning.
 */
export interface BrowsedRecord extends RecordParts {
  offset: number;
  /** Milliseconds since the epoch: the producer's time, or the broker's when the topic uses LogAppendTime. */
  timestamp: number;
}

export interface BrowseWalk {
  /** Where this partition continues: past the last record looked at, or past the last whole batch. */
  nextOffset: number;
  /** The visitor asked to stop. */
  stopped: boolean;
}

/** A batch whose records cannot be decompressed (corrupt, or a codec the app lacks): reading it again will not help. */
export class BatchDecompressError extends Error {}

const YIELD_AFTER_MS = 8;

const NO_HEADERS: RecordParts['headers'] = [];

/**
 * Walks the record batches a Fetch returned for one partition and shows the visitor every record at or past
 * `fromOffset` and before `stopOffset`, with its key, value and headers as views into the fetched (or decompressed)
 * bytes. Control batches (transaction markers) are skipped, and so are the batches of `aborted` transactions (as the
 * Java consumer's read_committed does); a batch cut off at the end of the response is left for the next fetch. The
 * visitor returns false to stop at that record; `nextOffset` is then that record's offset (the visitor knows whether
 * it looked at it). The walk gives way to other work every few milliseconds: it may run on a process's main thread.
 *
 * Throws RecordFormatError for a batch in message format v0/v1 (written before Kafka 0.11), which the caller reads
 * another way, and BatchDecompressError naming the offset of a batch that cannot be decompressed.
 */
export async function walkBrowsedBatches(
  buf: Buffer,
  fromOffset: number,
  stopOffset: number,
  visit: (record: BrowsedRecord) => boolean,
  aborted: ReadonlyArray<AbortedTransaction> = [],
): Promise<BrowseWalk> {
  let nextOffset = fromOffset;
  const skip = abortedBatches(aborted);
  const record: BrowsedRecord = { offset: 0, timestamp: 0, key: null, value: null, headers: NO_HEADERS };
  let yielded = Date.now();
  for (let pos = 0; nextOffset < stopOffset;) {
    // The format is known from the magic byte: an old-format message shorter than a v2 batch header is refused too.
    if (pos + MAGIC < buf.length && buf.readInt8(pos + MAGIC) !== 2)
      throw new RecordFormatError(`offset ${readInt64(buf, pos)} is in message format v${buf.readInt8(pos + MAGIC)}`);
    const batch = batchAt(buf, pos);
    if (!batch) break;
    pos = batch.end;
    if (Date.now() - yielded > YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = Date.now();
    }
    if (!skip(buf, batch) && batch.lastOffset >= nextOffset) {
      let section = buf.subarray(batch.recordsAt, batch.end);
      if (batch.codec !== 0) {
        try {
          section = await decompressBatch(batch.codec, section);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          throw new BatchDecompressError(`The batch at offset ${batch.baseOffset} could not be decompressed: ${reason}`);
        }
      }
      const cursor = { pos: 0 };
      for (let i = 0; i < batch.count && cursor.pos < section.length; i++) {
        const length = varint(section, cursor);
        const end = cursor.pos + length;
        cursor.pos++; // attributes
        const timestampDelta = varint(section, cursor);
        const offset = batch.baseOffset + varint(section, cursor);
        if (offset < nextOffset) {
          cursor.pos = end;
          continue;
        }
        if (offset >= stopOffset) return { nextOffset: stopOffset, stopped: false };
        record.offset = offset;
        record.timestamp = batch.logAppendTime ?? batch.baseTimestamp + timestampDelta;
        record.key = bytes(section, cursor);
        record.value = bytes(section, cursor);
        const count = varint(section, cursor);
        if (count > 0) {
          const headers: Array<{ key: string; value: Buffer | null }> = [];
          for (let h = 0; h < count; h++) {
            const key = bytes(section, cursor);
            headers.push({ key: key ? key.toString('utf8') : '', value: bytes(section, cursor) });
          }
          record.headers = headers;
        } else record.headers = NO_HEADERS;
        cursor.pos = end;
        if (!visit(record)) return { nextOffset: offset, stopped: true };
        nextOffset = offset + 1;
      }
    }
    // Offsets a batch leaves out (compacted away, or a control batch) are passed too.
    nextOffset = Math.max(nextOffset, Math.min(batch.lastOffset + 1, stopOffset));
  }
  return { nextOffset, stopped: false };
}

/**
 * Which batches a read_committed reader leaves out: control batches, and those of a transaction the broker listed as
 * aborted, from its first offset until that producer's abort marker (Kafka's CompletedFetch does the same).
 */
function abortedBatches(aborted: ReadonlyArray<AbortedTransaction>): (buf: Buffer, batch: BatchHeader) => boolean {
  const pending = [...aborted].sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<number>();
  return (buf, batch) => {
    while (pending.length > 0 && (pending[0]?.firstOffset ?? Infinity) <= batch.lastOffset) {
      const next = pending.shift();
      if (next) abortedProducers.add(next.producerId);
    }
    if (batch.control) {
      if (isAbortMarker(buf, batch)) abortedProducers.delete(batch.producerId);
      return true;
    }
    return batch.transactional && abortedProducers.has(batch.producerId);
  };
}

/** A control batch (never compressed) holds one record whose key is a version and a type: 0 aborts, 1 commits. */
function isAbortMarker(buf: Buffer, batch: BatchHeader): boolean {
  const cursor = { pos: batch.recordsAt };
  varint(buf, cursor); // length
  cursor.pos++; // attributes
  varint(buf, cursor); // timestamp delta
  varint(buf, cursor); // offset delta
  const key = bytes(buf, cursor);
  return key !== null && key.length >= 4 && key.readInt16BE(2) === 0;
}

/** A length-prefixed byte field: a view into the batch, or null for length -1. */
function bytes(buf: Buffer, cursor: { pos: number }): Buffer | null {
  const length = varint(buf, cursor);
  if (length < 0) return null;
  const out = buf.subarray(cursor.pos, cursor.pos + length);
  cursor.pos += length;
  return out;
}

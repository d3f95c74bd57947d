import { describe, expect, it } from 'vitest';
import { BatchDecompressError, walkBrowsedBatches } from './browse-records';
import { writtenBatch } from './load-client/fixtures/written-batch';
import type { AbortedTransaction } from './load-client/raw-fetch';
import { RecordFormatError } from './load-client/record-walk';

const t0 = 1_764_000_000_000;

interface Sample {
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, string]>;
  timestamp: number;
}

/** Keyless records, tombstones, values past 127 bytes, repeated header keys and keys named like Object members. */
function sample(n: number, first = 0): Sample[] {
  return Array.from({ length: n }, (_, j) => {
    const i = first + j;
    const headers: Array<[string, string]> = [];
    if (i % 4 === 1) headers.push(['trace', `t${i}`], ['valueOf', 'v; touch x']);
    if (i % 7 === 2) headers.push(['é', ''], ['é', 'ü']);
    return {
      key: i % 5 === 0 ? null : Buffer.from(`k${i}`),
      value: i % 13 === 0 ? null : Buffer.alloc(i % 11 === 0 ? 200 + i : i % 40, 97 + (i % 26)),
      headers,
      timestamp: t0 + i * 1_500,
    };
  });
}

/** A batch of these records placed at `baseOffset` (the writer has no null value: an empty one stands for it). */
function batch(records: Sample[], baseOffset: number, compression: 'none' | 'gzip' | 'snappy' | 'lz4' = 'none'): Buffer {
  const written = records.map((r) => ({
    key: r.key,
    value: r.value ?? Buffer.alloc(0),
    headers: new Map(r.headers.map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
    timestamp: r.timestamp,
  }));
  return writtenBatch(written, baseOffset, compression);
}

/** What the walk shows, copied out of the reused record. */
async function walk(
  buf: Buffer,
  from: number,
  stop = Number.MAX_SAFE_INTEGER,
  keepGoing = (_offset: number) => true,
  aborted: AbortedTransaction[] = [],
) {
  const seen: Array<{ offset: number; timestamp: number; key: string | null; value: string; headers: string[] }> = [];
  const result = await walkBrowsedBatches(
    buf,
    from,
    stop,
    (r) => {
      seen.push({
        offset: r.offset,
        timestamp: r.timestamp,
        key: r.key ? r.key.toString() : null,
        value: r.value ? r.value.toString() : '',
        headers: r.headers.map((h) => `${h.key}=${h.value?.toString() ?? 'null'}`),
      });
      return keepGoing(r.offset);
    },
    aborted,
  );
  return { ...result, seen };
}

const expected = (records: Sample[], base: number) =>
  records.map((r, i) => ({
    offset: base + i,
    timestamp: r.timestamp,
    key: r.key ? r.key.toString() : null,
    value: r.value ? r.value.toString() : '',
    // Repeated keys stay where they were written: a list, not a map.
    headers: r.headers.map(([k, v]) => `${k}=${v}`),
  }));

describe('walking fetched record batches for a browse', () => {
  // Records that cross batches in one codec each: what a partition's fetch looks like.
  it.each(['none', 'gzip', 'snappy', 'lz4'] as const)(
    'shows every record with its offset, time, key, value and headers (%s)',
    async (codec) => {
      const a = sample(150);
      const b = sample(90, 150);
      const { seen, nextOffset, stopped } = await walk(Buffer.concat([batch(a, 0, codec), batch(b, 150, codec)]), 0);
      expect([nextOffset, stopped]).toEqual([240, false]);
      expect(seen).toEqual([...expected(a, 0), ...expected(b, 150)]);
    },
  );

  it('starts at the fetch offset inside a batch and stops before the stop offset', async () => {
    const a = sample(100);
    const { seen, nextOffset } = await walk(batch(a, 1_000, 'gzip'), 1_040, 1_070);
    expect(nextOffset).toBe(1_070);
    expect(seen).toEqual(expected(a, 1_000).slice(40, 70));
  });

  it('stops where the visitor says, and continues past that record', async () => {
    const a = sample(50);
    const { seen, nextOffset, stopped } = await walk(batch(a, 10), 10, Number.MAX_SAFE_INTEGER, (offset) => offset < 24);
    // Stopped at offset 24, which the visitor looked at: it, not the walk, knows the page goes on at 25.
    expect([nextOffset, stopped, seen.length]).toEqual([24, true, 15]);
  });

  it('leaves a batch cut off at the end of the response for the next fetch', async () => {
    const whole = Buffer.concat([batch(sample(30), 0), batch(sample(30, 30), 30)]);
    const { seen, nextOffset } = await walk(whole.subarray(0, whole.length - 5), 0);
    expect([seen.length, nextOffset]).toEqual([30, 30]);
  });

  it('shows no control records, but moves past them', async () => {
    const marker = batch(sample(1), 50);
    marker.writeInt16BE(marker.readInt16BE(21) | 0x20, 21);
    const { seen, nextOffset } = await walk(Buffer.concat([marker, batch(sample(5, 51), 51)]), 50);
    expect([seen.map((s) => s.offset), nextOffset]).toEqual([[51, 52, 53, 54, 55], 56]);
  });

  it('refuses a batch in an older message format (read another way) and names a batch it cannot decompress', async () => {
    const old = batch(sample(3), 10);
    old.writeInt8(1, 16);
    await expect(walk(old, 10)).rejects.toBeInstanceOf(RecordFormatError);
    // A v1 message shorter than a v2 batch header: refused by its magic byte all the same.
    await expect(walk(old.subarray(0, 40), 10)).rejects.toBeInstanceOf(RecordFormatError);
    const broken = batch(sample(3), 10, 'lz4');
    broken.fill(0, 61);
    await expect(walk(broken, 10)).rejects.toThrow(/batch at offset 10 could not be decompressed/);
    await expect(walk(broken, 10)).rejects.toBeInstanceOf(BatchDecompressError);
  });

  it('leaves out the batches of aborted transactions and keeps those committed, as read_committed does', async () => {
    /** A batch written in a transaction of producer `pid` (the header's attributes and producer id set after writing). */
    const inTransaction = (records: Sample[], base: number, pid: number, control = false): Buffer => {
      const b = batch(records, base);
      b.writeInt16BE(b.readInt16BE(21) | 0x10 | (control ? 0x20 : 0), 21);
      b.writeBigInt64BE(BigInt(pid), 43);
      return b;
    };
    /** A transaction marker: one record whose key is version 0 and type 0 (abort) or 1 (commit). */
    const marker = (base: number, pid: number, type: 0 | 1): Buffer => {
      const key = Buffer.alloc(4);
      key.writeInt16BE(type, 2);
      return inTransaction([{ key, value: Buffer.alloc(6), headers: [], timestamp: t0 }], base, pid, true);
    };
    const log = Buffer.concat([
      inTransaction(sample(3), 0, 7), // aborted below
      marker(3, 7, 0),
      inTransaction(sample(2, 4), 4, 8), // committed
      marker(6, 8, 1),
      inTransaction(sample(2, 7), 7, 7), // producer 7's next transaction, not aborted
      batch(sample(1, 9), 9), // outside any transaction
    ]);
    const committed = await walk(log, 0, Number.MAX_SAFE_INTEGER, () => true, [{ producerId: 7, firstOffset: 0 }]);
    expect(committed.seen.map((s) => s.offset)).toEqual([4, 5, 7, 8, 9]);
    expect(committed.nextOffset).toBe(10);
    const everything = await walk(log, 0);
    expect(everything.seen.map((s) => s.offset)).toEqual([0, 1, 2, 4, 5, 7, 8, 9]);
  });
});

import { createRecordsBatch, crc32c, readRecordsBatch, Reader } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { codecOf } from './raw-produce';
import { RecordBatchWriter } from './record-batch';

/** Records that cover the varint edges: no key, long values, offsets past 63 (two-byte zigzag), headers. */
function sample(n: number): Array<{ key: Buffer | null; value: Buffer; headers?: Record<string, string> }> {
  return Array.from({ length: n }, (_, i) => ({
    key: i % 3 === 0 ? null : Buffer.from(`key-${i}`),
    value: Buffer.alloc(i % 7 === 0 ? 300 + i : 10 + (i % 50), 65 + (i % 26)),
    ...(i % 5 === 0 ? { headers: { 'kcc-seq': String(i), 'kcc-run': 'w1' } } : {}),
  }));
}

describe('record batches written by the load client', () => {
  const now = 1_764_000_000_123;

  it('hold records byte for byte as the client library writes them, under the header the Java client writes', () => {
    const records = sample(200);
    const writer = new RecordBatchWriter(1024);
    for (const r of records) writer.add(r.key, r.value, r.headers);
    const ours = writer.finish(now, 0, undefined, crc32c);
    const theirs = createRecordsBatch(
      records.map((r) => ({
        ...(r.key ? { key: r.key } : {}),
        value: r.value,
        headers: new Map(Object.entries(r.headers ?? {}).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        timestamp: BigInt(now),
        topic: 't',
        partition: 0,
      })),
    );
    const library = Buffer.from(theirs.buffer);
    expect(ours.length).toBe(library.length);
    expect(ours.subarray(61).equals(library.subarray(61))).toBe(true);
    // Offsets, length, magic, attributes, timestamps, producer id and count as the library has them…
    for (const [at, size] of [
      [0, 12],
      [16, 1],
      [21, 22],
      [43, 8],
      [57, 4],
    ] as const)
      expect(ours.subarray(at, at + size).toString('hex'), `bytes ${at}..${at + size}`).toBe(
        library.subarray(at, at + size).toString('hex'),
      );
    // …and where it writes 0, Kafka's own client (and so the app) writes "none": leader epoch, producer epoch, sequence.
    expect([ours.readInt32BE(12), ours.readInt16BE(51), ours.readInt32BE(53)]).toEqual([-1, -1, -1]);
    expect(ours.readUInt32BE(17)).toBe(crc32c(ours.subarray(21)) >>> 0);
  });

  it('read back with every field, the CRC-32C checked, compressed with each codec the runtime has', () => {
    const records = sample(120);
    for (const c of ['none', 'gzip', 'snappy', 'lz4'] as const) {
      const writer = new RecordBatchWriter(64);
      for (const r of records) writer.add(r.key, r.value, r.headers);
      const codec = codecOf(c);
      const bytes = writer.finish(now, codec.bits, codec.compress, crc32c);
      const batch = readRecordsBatch(Reader.from(bytes));
      expect(batch.magic, c).toBe(2);
      expect(batch.length, c).toBe(bytes.length - 12);
      expect(batch.crc, c).toBe(crc32c(bytes.subarray(21)) >>> 0);
      expect(batch.attributes & 7, c).toBe(codec.bits);
      expect(batch.lastOffsetDelta, c).toBe(records.length - 1);
      expect(batch.producerId, c).toBe(-1n);
      expect(batch.firstTimestamp, c).toBe(BigInt(now));
      expect(
        batch.records.map((r) => [
          r.offsetDelta,
          r.key ? r.key.toString() : null,
          r.value?.toString(),
          r.headers.map(([k, v]) => `${k}=${v}`),
        ]),
        c,
      ).toEqual(
        records.map((r, i) => [
          i,
          r.key?.toString() ?? null,
          r.value.toString(),
          Object.entries(r.headers ?? {}).map(([k, v]) => `${k}=${v}`),
        ]),
      );
    }
  });
});

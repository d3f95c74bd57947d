import { describe, expect, it } from 'vitest';
import { writtenBatch } from './fixtures/written-batch';
import { walkRecordBatches } from './record-walk';

const STAMP = 'kcc-seq';
const t0 = 1_764_000_000_000;

interface Sample {
  key: Buffer | null;
  value: Buffer;
  headers: Map<Buffer, Buffer>;
  timestamp: number;
}

/** Records that cover the varint edges: no key, values past 127 bytes, timestamps seconds apart, headers other than the stamp. */
function sample(n: number, first = 0): Sample[] {
  return Array.from({ length: n }, (_, j) => {
    const i = first + j;
    const headers = new Map<Buffer, Buffer>();
    if (i % 4 === 1) headers.set(Buffer.from('trace'), Buffer.from('x'.repeat(i % 9)));
    if (i % 3 === 0) headers.set(Buffer.from(STAMP), Buffer.from(String(i)));
    return {
      key: i % 5 === 0 ? null : Buffer.from(`k${i}`),
      value: Buffer.alloc(i % 11 === 0 ? 200 + i : i % 40, 97),
      headers,
      timestamp: t0 + i * 1_500,
    };
  });
}

const batch = writtenBatch;

function walk(buf: Buffer, from: number) {
  const seen: Array<{ bytes: number; stampedAt: number | undefined }> = [];
  const result = walkRecordBatches(buf, from, Buffer.from(STAMP), { onRecord: (bytes, stampedAt) => seen.push({ bytes, stampedAt }) });
  return { ...result, seen };
}

const expected = (records: Sample[]) =>
  records.map((r) => ({
    bytes: (r.key?.length ?? 0) + r.value.length,
    stampedAt: [...r.headers.keys()].some((k) => k.toString() === STAMP) ? r.timestamp : undefined,
  }));

describe('walking fetched record batches in place', () => {
  it.each(['none', 'gzip', 'snappy', 'lz4'] as const)('gives each record its key and value bytes and its stamp time (%s)', (codec) => {
    const a = sample(150);
    const b = sample(90, 150);
    const { seen, records, nextOffset } = walk(Buffer.concat([batch(a, 0, codec), batch(b, 150, codec)]), 0);
    expect(records).toBe(240);
    expect(nextOffset).toBe(240);
    expect(seen).toEqual(expected([...a, ...b]));
  });

  it('skips the records before the fetch offset, as a compressed batch comes back whole', () => {
    const a = sample(100);
    const { seen, nextOffset } = walk(batch(a, 1_000, 'lz4'), 1_040);
    expect(nextOffset).toBe(1_100);
    expect(seen).toEqual(expected(a.slice(40)));
  });

  it('leaves a batch cut off at the end of the response for the next fetch', () => {
    const a = sample(30);
    const b = sample(30, 30);
    const whole = Buffer.concat([batch(a, 0), batch(b, 30)]);
    for (const cut of [whole.length - 1, whole.length - 200, batch(a, 0).length + 10]) {
      const { records, nextOffset } = walk(whole.subarray(0, cut), 0);
      expect([records, nextOffset]).toEqual([30, 30]);
    }
  });

  it('counts no control records, but moves past them', () => {
    const marker = batch(sample(1), 50);
    marker.writeInt16BE(marker.readInt16BE(21) | 0x20, 21);
    const after = sample(5, 51);
    const { records, nextOffset } = walk(Buffer.concat([marker, batch(after, 51)]), 50);
    expect([records, nextOffset]).toEqual([5, 56]);
  });

  it('stops before a batch it cannot read, naming why, with the batches before it counted once', () => {
    const good = sample(10);
    const old = batch(sample(3, 10), 10);
    old.writeInt8(1, 16);
    const format = walk(Buffer.concat([batch(good, 0), old]), 0);
    expect([format.records, format.nextOffset, format.seen.length]).toEqual([10, 10, 10]);
    expect(format.error?.message).toMatch(/offset 10 is in message format v1/);
    const broken = batch(sample(3, 10), 10, 'lz4');
    broken.fill(0, 61);
    const codec = walk(Buffer.concat([batch(good, 0), broken]), 0);
    expect([codec.records, codec.nextOffset]).toEqual([10, 10]);
    expect(codec.error?.message).toMatch(/batch at offset 10 could not be decompressed/);
  });
});

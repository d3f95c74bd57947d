/**
 * Kafka's record batch (magic 2), written straight into one buffer as records
 * are added: a load run makes hundreds of thousands of records a second, and
 * a client that builds objects and small buffers per record spends its core on
 * the garbage collector. Layout and CRC-32C as in Kafka's DefaultRecordBatch.
 */

const HEADER = 61;

export class RecordBatchWriter {
  private buf: Buffer;
  private pos = HEADER;
  count = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(HEADER + capacity + 1024);
  }

  add(key: Buffer | null, value: Buffer, headers?: Record<string, string>): void {
    const headerBytes = headers ? encodeHeaders(headers) : undefined;
    const offsetDelta = zigzag(this.count);
    const body =
      1 + // attributes
      1 + // timestamp delta 0
      uvarintSize(offsetDelta) +
      (key ? uvarintSize(zigzag(key.length)) + key.length : 1) +
      uvarintSize(zigzag(value.length)) +
      value.length +
      (headerBytes ? headerBytes.length : 1);
    this.ensure(uvarintSize(zigzag(body)) + body);
    let p = this.writeUvarint(zigzag(body), this.pos);
    const b = this.buf;
    b[p++] = 0;
    b[p++] = 0;
    p = this.writeUvarint(offsetDelta, p);
    if (key) {
      p = this.writeUvarint(zigzag(key.length), p);
      p += key.copy(b, p);
    } else b[p++] = 1; // zigzag(-1): no key
    p = this.writeUvarint(zigzag(value.length), p);
    p += value.copy(b, p);
    if (headerBytes) p += headerBytes.copy(b, p);
    else b[p++] = 0;
    this.pos = p;
    this.count++;
  }

  get bytes(): number {
    return this.pos - HEADER;
  }

  /**
   * The whole batch, records compressed by `compress` when given (attribute
   * bits `codec`). `crc32c` is the client's own.
   */
  finish(now: number, codec: number, compress: ((records: Buffer) => Buffer) | undefined, crc32c: (data: Buffer) => number): Buffer {
    let out = this.buf.subarray(0, this.pos);
    if (compress) {
      const packed = compress(this.buf.subarray(HEADER, this.pos));
      out = Buffer.allocUnsafe(HEADER + packed.length);
      packed.copy(out, HEADER);
    }
    out.writeBigInt64BE(0n, 0);
    out.writeInt32BE(out.length - 12, 8);
    out.writeInt32BE(-1, 12);
    out.writeInt8(2, 16);
    out.writeInt16BE(codec, 21);
    out.writeInt32BE(this.count - 1, 23);
    out.writeBigInt64BE(BigInt(now), 27);
    out.writeBigInt64BE(BigInt(now), 35);
    out.writeBigInt64BE(-1n, 43);
    out.writeInt16BE(-1, 51);
    out.writeInt32BE(-1, 53);
    out.writeInt32BE(this.count, 57);
    out.writeUInt32BE(crc32c(out.subarray(21)) >>> 0, 17);
    return out;
  }

  private ensure(more: number): void {
    if (this.pos + more <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + more + 1024));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  private writeUvarint(n: number, at: number): number {
    let v = n >>> 0;
    let p = at;
    while (v > 0x7f) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p++] = v;
    return p;
  }
}

function zigzag(n: number): number {
  return ((n << 1) ^ (n >> 31)) >>> 0;
}

export function uvarintSize(n: number): number {
  let v = n >>> 0;
  let size = 1;
  while (v > 0x7f) {
    v >>>= 7;
    size++;
  }
  return size;
}

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const entries = Object.entries(headers);
  parts.push(uvarint(zigzag(entries.length)));
  for (const [k, v] of entries) {
    const kb = Buffer.from(k);
    const vb = Buffer.from(v);
    parts.push(uvarint(zigzag(kb.length)), kb, uvarint(zigzag(vb.length)), vb);
  }
  return Buffer.concat(parts);
}

export function uvarint(n: number): Buffer {
  const out = Buffer.allocUnsafe(uvarintSize(n));
  let v = n >>> 0;
  let p = 0;
  while (v > 0x7f) {
    out[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[p] = v;
  return out;
}

import { crc32 } from 'node:zlib';

/**
 * Which sequence numbers of a producer run the brokers acknowledged, and an
 * order-independent checksum of their values (sum of CRC32s mod 2^32), as
 * Kafka's replication system test checks acknowledged records after a fault.
 */
export class AckedSet {
  private bits = new Uint8Array(1024);
  private checksum = 0;
  count = 0;

  add(seq: number, value: Buffer): void {
    this.ensure(seq);
    const byte = seq >> 3;
    const mask = 1 << (seq & 7);
    if (((this.bits[byte] ?? 0) & mask) !== 0) return;
    this.bits[byte] = (this.bits[byte] ?? 0) | mask;
    this.checksum = (this.checksum + crc32(value)) >>> 0;
    this.count++;
  }

  has(seq: number): boolean {
    const byte = seq >> 3;
    return byte < this.bits.length && ((this.bits[byte] ?? 0) & (1 << (seq & 7))) !== 0;
  }

  get checksumHex(): string {
    return this.checksum.toString(16).padStart(8, '0');
  }

  /** Highest sequence number + 1 that might be set. */
  get span(): number {
    return this.bits.length * 8;
  }

  toBytes(): Uint8Array {
    return this.bits;
  }

  static fromBytes(bytes: Uint8Array): AckedSet {
    const set = new AckedSet();
    set.bits = new Uint8Array(bytes);
    for (let i = 0; i < set.bits.length; i++) {
      let b = set.bits[i] ?? 0;
      while (b) {
        set.count += b & 1;
        b >>= 1;
      }
    }
    return set;
  }

  private ensure(seq: number): void {
    const need = (seq >> 3) + 1;
    if (need <= this.bits.length) return;
    const grown = new Uint8Array(Math.max(need, this.bits.length * 2));
    grown.set(this.bits);
    this.bits = grown;
  }
}

/** Order-independent checksum of values, matching AckedSet's. */
export class ValueChecksum {
  private sum = 0;
  add(value: Buffer): void {
    this.sum = (this.sum + crc32(value)) >>> 0;
  }
  get hex(): string {
    return this.sum.toString(16).padStart(8, '0');
  }
}

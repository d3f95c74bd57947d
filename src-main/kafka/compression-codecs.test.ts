import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { registerCompressionCodecs } from './compression-codecs';

const { CompressionCodecs, CompressionTypes } = kafkajs;

// Frames written by the reference command-line tools (`lz4 -c`, `lz4 -c --content-size -BD`, `zstd -c`) from this text.
const text = 'sensor-7 {"t":21.5} sensor-7 {"t":21.5} sensor-7 {"t":21.5} end\n';
const lz4Frame = '04224d186440a71f000000ff0573656e736f722d37207b2274223a32312e357d201400145020656e640a0000000010536823';
const lz4LinkedWithSize =
  '04224d186c404000000000000000da1f000000ff0573656e736f722d37207b2274223a32312e357d201400145020656e640a0000000010536823';
const zstdFrame = '28b52ffd2440f50000c073656e736f722d37207b2274223a32312e357d20656e640a01005e3999f7d987e9';

interface Codec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}
const codec = (type: number): Codec => {
  registerCompressionCodecs();
  const factory = (CompressionCodecs as Record<number, () => Codec>)[type];
  if (!factory) throw new Error(`no codec ${type}`);
  return factory();
};

describe('registerCompressionCodecs', () => {
  it('reads LZ4 frames as the reference tool writes them (checksums, content size, linked blocks)', async () => {
    const lz4 = codec(CompressionTypes.LZ4);
    expect((await lz4.decompress(Buffer.from(lz4Frame, 'hex'))).toString()).toBe(text);
    expect((await lz4.decompress(Buffer.from(lz4LinkedWithSize, 'hex'))).toString()).toBe(text);
  });

  it('reads zstd frames, one or several in a row', async () => {
    const zstd = codec(CompressionTypes.ZSTD);
    expect((await zstd.decompress(Buffer.from(zstdFrame, 'hex'))).toString()).toBe(text);
    expect((await zstd.decompress(Buffer.from(zstdFrame + zstdFrame, 'hex'))).toString()).toBe(text + text);
  });

  it('refuses to write zstd with a message that says so', async () => {
    await expect(codec(CompressionTypes.ZSTD).compress({ buffer: Buffer.from(text) })).rejects.toThrow(/does not write them/);
  });

  it('reads snappy in the xerial framing the Java client writes, and round-trips lz4 and snappy', async () => {
    const snappy = codec(CompressionTypes.Snappy);
    const raw = await snappy.compress({ buffer: Buffer.from(text) });
    // xerial: magic, version 1, compatible version 1, then each block with its 4-byte big-endian length.
    const header = Buffer.from([130, 83, 78, 65, 80, 80, 89, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(raw.length);
    expect((await snappy.decompress(Buffer.concat([header, len, raw, len, raw]))).toString()).toBe(text + text);
    const lz4 = codec(CompressionTypes.LZ4);
    const big = Buffer.from(text.repeat(5000));
    expect((await lz4.decompress(await lz4.compress({ buffer: big }))).equals(big)).toBe(true);
  });
});

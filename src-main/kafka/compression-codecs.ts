import kafkajs from 'kafkajs';
import snappyCodec from 'kafkajs-snappy';
import * as lz4 from 'lz4js';
import * as zstd from 'fzstd';

// kafkajs is CommonJS without static export names: Node's ESM loader only offers its default export.
const { CompressionCodecs, CompressionTypes } = kafkajs;

/**
 * kafkajs decodes only gzip batches itself; snappy, lz4 and zstd need a codec registered in its global table, once per
 * process or worker thread (each thread loads its own kafkajs). Without one, a fetch of such a batch throws inside the
 * consumer and a browse waits out its time limit with nothing to show.
 *
 * All three are pure JavaScript, so nothing is compiled at install and the same code runs in Node and Electron:
 * - snappy: `kafkajs-snappy` (the kafkajs project's codec, over snappyjs), which reads the xerial framing Java writes;
 * - lz4: `lz4js` behind a small adapter. The kafkajs-lz4 package builds the native `lz4` module with node-gyp. Kafka
 *   writes standard LZ4 frames since message format v1 (KIP-57), which lz4js reads;
 * - zstd: `fzstd` decompresses only. `@kafkajs/zstd` needs the native `cppzst`, which does not build on current Node.
 *   The app never produces zstd (its producers use none or gzip), so compressing is refused with a message saying so.
 */
interface Codec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

const lz4Codec = (): Codec => ({
  compress: async (encoder) => asBuffer(lz4.compress(encoder.buffer)),
  decompress: async (buffer) => asBuffer(lz4.decompress(buffer)),
});

const zstdCodec = (): Codec => ({
  compress: () => Promise.reject(new Error('This app reads zstd batches but does not write them: use gzip, snappy or lz4.')),
  decompress: async (buffer) => asBuffer(zstd.decompress(buffer)),
});

let registered = false;

/** Registers the snappy, lz4 and zstd codecs in this thread's kafkajs (idempotent). */
export function registerCompressionCodecs(): void {
  if (registered) return;
  registered = true;
  // The codec table's entries are typed `() => any` by kafkajs; ours are precise.
  CompressionCodecs[CompressionTypes.Snappy] = snappyCodec;
  CompressionCodecs[CompressionTypes.LZ4] = lz4Codec;
  CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec;
}

/**
 * Decompresses a record batch's records section with the codec its attributes name (Kafka's numbering, which is
 * kafkajs's): the browse scan reads batches itself and decompresses them with the same codecs kafkajs would use.
 */
export async function decompressBatch(codec: number, section: Buffer): Promise<Buffer> {
  registerCompressionCodecs();
  const factory = (CompressionCodecs as Record<number, (() => Codec) | undefined>)[codec];
  if (!factory) throw new Error(`a record batch names compression codec ${codec}, which Kafka does not define`);
  return factory().decompress(section);
}

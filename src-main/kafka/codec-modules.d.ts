// Type declarations for the two pure-JS codec packages that ship none: only what compression-codecs.ts uses.

declare module 'lz4js' {
  /** Decompresses one LZ4 frame (magic 0x184D2204), blocks linked or independent. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Compresses to one LZ4 frame with independent 4 MiB blocks and a header checksum. */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
}

declare module 'kafkajs-snappy' {
  /** A KafkaJS codec factory: raw snappy, or the xerial framing the Java client writes. */
  const snappyCodec: () => {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  };
  export default snappyCodec;
}

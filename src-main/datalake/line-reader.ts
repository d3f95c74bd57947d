/**
 * Lines of a streamed file, read chunk by chunk: memory stays at one chunk whatever the file's size.
 * A last line without its newline (a file still being written, or cut by a kill) is counted and flagged.
 */
export interface LineCount {
  lines: number;
  bytes: number;
  /** The file does not end with a newline: its last line is counted but may be incomplete. */
  partialLastLine: boolean;
}

const NEWLINE = 0x0a;

export async function countLines(stream: ReadableStream<Uint8Array>): Promise<LineCount> {
  let newlines = 0;
  let bytes = 0;
  let last = NEWLINE;
  const reader = stream.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    bytes += chunk.length;
    let i = chunk.indexOf(NEWLINE);
    while (i !== -1) {
      newlines++;
      i = chunk.indexOf(NEWLINE, i + 1);
    }
    if (chunk.length > 0) last = chunk[chunk.length - 1] ?? NEWLINE;
  }
  const partialLastLine = bytes > 0 && last !== NEWLINE;
  return { lines: newlines + (partialLastLine ? 1 : 0), bytes, partialLastLine };
}

/**
 * The first `max` lines of the stream, reading no more than needed. `complete` is false when the stream ended
 * (or the byte budget ran out) in the middle of a line: that last line is left out.
 */
export async function firstLines(stream: ReadableStream<Uint8Array>, max: number): Promise<{ lines: string[]; bytesRead: number }> {
  const decoder = new TextDecoder('utf-8');
  const lines: string[] = [];
  let pending = '';
  let bytesRead = 0;
  const reader = stream.getReader();
  try {
    while (lines.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.length;
      pending += decoder.decode(value, { stream: true });
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      lines.push(...parts);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return { lines: lines.slice(0, max), bytesRead };
}

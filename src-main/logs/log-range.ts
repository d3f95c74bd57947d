import type { z } from 'zod';
import { fail } from '../common/errors';
import type { SshPool } from '../ssh/ssh-pool';
import { MAX_LINE_CHARS } from './log-streams';
import type { logRangeSchema } from './schemas';

type LogRange = z.infer<typeof logRangeSchema>;

/** The most one read returns: base64 of it stays under the SSH exec's 1 MiB output cap. */
export const MAX_RANGE_BYTES = 512 * 1024;

/**
 * Prints `size start end`, then the bytes [start, end) in base64: byte offsets must stay exact to page back through
 * a file, and a range cut inside a UTF-8 character would not survive being decoded as text on the way. The end
 * defaults to (and is clamped to) the file's size. Constant text: the file and the numbers arrive as arguments.
 */
export const RANGE_SCRIPT = [
  'f=$1; end=$2; want=$3',
  'size=$(stat -L -c %s -- "$f") || exit 3',
  'if [ -z "$end" ] || [ "$end" -gt "$size" ]; then end=$size; fi',
  'start=$((end - want)); if [ "$start" -lt 0 ]; then start=0; fi',
  'echo "$size $start $end"',
  'tail -c +$((start + 1)) -- "$f" | head -c $((end - start)) | base64',
].join('\n');

function cut(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} [cut]` : line;
}

/**
 * The whole lines of the bytes [start, start + bytes.length) of a file of `size` bytes. A range that starts inside a
 * line drops that line's head (the read before it returns it); at the file's end, a line still being written is left
 * to the follow that continues from `end`. A range with no line break at all (one huge line) comes back as one cut
 * piece, so paging back still moves.
 */
export function wholeLines(bytes: Buffer, start: number, size: number): { start: number; end: number; lines: string[] } {
  const endOfRange = start + bytes.length;
  let from = 0;
  if (start > 0) {
    const nl = bytes.indexOf(0x0a);
    if (nl < 0) return { start, end: endOfRange, lines: [cut(`[…] ${bytes.toString('utf8')}`)] };
    from = nl + 1;
  }
  let to = bytes.length;
  if (endOfRange >= size && to > from && bytes[to - 1] !== 0x0a) {
    const last = bytes.lastIndexOf(0x0a, to - 1);
    to = last < from ? from : last + 1;
  }
  const text = bytes.subarray(from, to).toString('utf8');
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n').map(cut);
  return { start: start + from, end: start + to, lines };
}

/** Reads up to `bytes` bytes of `file` ending at `end` (default: the file's end), as whole lines. */
export async function readLogRange(
  pool: SshPool,
  at: { service: string; host: string; file: string },
  end: number | undefined,
  bytes: number,
): Promise<LogRange> {
  const want = Math.min(Math.max(bytes, 1), MAX_RANGE_BYTES);
  const r = await pool.exec(
    at.host,
    ['sh', '-c', RANGE_SCRIPT, 'kcc-read-log', at.file, end === undefined ? '' : String(end), String(want)],
    {
      timeoutMs: 20_000,
    },
  );
  const header = /^(\d+) (\d+) (\d+)\n/.exec(r.stdout);
  if (r.code !== 0 || !header)
    fail('not_found', `Cannot read ${at.file} on ${at.host}: ${r.stderr.trim() || `exit ${r.code ?? r.signal ?? '?'}`}`);
  const size = Number(header[1]);
  const start = Number(header[2]);
  const bytesRead = Buffer.from(r.stdout.slice(header[0].length), 'base64');
  return { ...at, size, ...wholeLines(bytesRead, start, size) };
}

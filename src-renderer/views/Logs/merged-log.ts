import { parseHead, type Level } from './log-line';
import { RingBuffer } from './ring-buffer';

/** One log entry: a line with a timestamp, and the lines after it that have none (a stack trace). */
export interface LogEntry {
  /** Identity, and file order within a source: appended entries count up, entries read from further back count down. */
  seq: number;
  source: string;
  /** When the entry was written (wall clock, see log-line); inherited from the entry before for lines without one. */
  time: number;
  /** Whether `time` was read from the entry's own first line. */
  timed: boolean;
  level?: Level;
  /** The first line, then its continuation lines. Grows while a stack trace is still arriving. */
  lines: string[];
  /** Continuation lines left out beyond MAX_CONTINUATION_LINES. */
  omitted: number;
  /** Continuation lines whose first line lies before what was read: they join it when older content is read. */
  orphan: boolean;
}

/** A stack trace of a deep recursion runs to thousands of lines: its head and first frames are what gets read. */
export const MAX_CONTINUATION_LINES = 500;

interface Draft {
  time?: number;
  level?: Level;
  lines: string[];
  omitted: number;
}

interface SourceLog {
  buffer: RingBuffer<LogEntry>;
  /** The source writes timestamps: its lines without one belong to the entry above. */
  timed: boolean;
}

function addLine(d: { lines: string[]; omitted: number }, line: string): void {
  if (d.lines.length <= MAX_CONTINUATION_LINES) d.lines.push(line);
  else d.omitted++;
}

/**
 * Cuts lines into entries. In a log that writes timestamps, a line without one continues the entry above it; lines
 * before the block's first timestamp (`lead`) continue an entry outside the block. A log without timestamps (a
 * console that prints plain lines) has one entry per line.
 */
export function splitEntries(lines: ReadonlyArray<string>, timedBefore: boolean): { lead: string[]; drafts: Draft[]; timed: boolean } {
  const heads = lines.map(parseHead);
  const timed = timedBefore || heads.some((h) => h !== undefined);
  const lead: string[] = [];
  const drafts: Draft[] = [];
  lines.forEach((line, i) => {
    const head = heads[i];
    if (head) drafts.push({ time: head.time, ...(head.level ? { level: head.level } : {}), lines: [line], omitted: 0 });
    else if (!timed) drafts.push({ lines: [line], omitted: 0 });
    else {
      const last = drafts.at(-1);
      if (last) addLine(last, line);
      else lead.push(line);
    }
  });
  return { lead, drafts, timed };
}

/**
 * The entries of several logs in one time-ordered view, at most `capacity` entries in all: when more arrive, the
 * oldest of the whole view go first, and `dropped` counts them.
 */
export class MergedLog {
  private readonly sources = new Map<string, SourceLog>();
  private nextSeq = 1;
  private prevSeq = -1;
  dropped = 0;

  constructor(readonly capacity = 20_000) {}

  get size(): number {
    let n = 0;
    for (const s of this.sources.values()) n += s.buffer.size;
    return n;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  private source(key: string): SourceLog {
    let s = this.sources.get(key);
    if (!s) {
      s = { buffer: new RingBuffer<LogEntry>(this.capacity), timed: false };
      this.sources.set(key, s);
    }
    return s;
  }

  removeSource(key: string): void {
    this.sources.delete(key);
  }

  /** The oldest entry held of a source. */
  earliest(key: string): LogEntry | undefined {
    return this.sources.get(key)?.buffer.first();
  }

  /** New lines at the end of a source, as they arrived at `arrivedAt` (the time of lines that carry none). */
  append(key: string, lines: ReadonlyArray<string>, arrivedAt: number): void {
    if (lines.length === 0) return;
    const src = this.source(key);
    const { lead, drafts, timed } = splitEntries(lines, src.timed);
    src.timed = timed;
    const last = src.buffer.last();
    let time = last?.time;
    if (lead.length > 0) {
      if (last) for (const l of lead) addLine(last, l);
      else drafts.unshift({ lines: lead, omitted: 0 });
    }
    const firstTimed = drafts.find((d) => d.time !== undefined)?.time;
    for (const d of drafts) {
      time = d.time ?? time ?? firstTimed ?? arrivedAt;
      const evicted = src.buffer.push({
        seq: this.nextSeq++,
        source: key,
        time,
        timed: d.time !== undefined,
        ...(d.level ? { level: d.level } : {}),
        lines: d.lines,
        omitted: d.omitted,
        orphan: timed && d.time === undefined && d === drafts[0] && last === undefined,
      });
      if (evicted) this.dropped++;
      this.trim();
    }
  }

  /**
   * Older lines of a source, read from just before what it holds. Returns how many entries were added: fewer than
   * read when the view is full (the newest of them, nearest to what is held, are kept).
   */
  prepend(key: string, lines: ReadonlyArray<string>): number {
    const src = this.source(key);
    const { lead, drafts, timed } = splitEntries(lines, src.timed);
    src.timed = timed;
    if (lead.length > 0) drafts.unshift({ lines: lead, omitted: 0 });
    // What was held started inside the last entry read now: its lines join their first line.
    const held = src.buffer.first();
    const lastDraft = drafts.at(-1);
    if (held?.orphan && lastDraft && lastDraft.time !== undefined) {
      src.buffer.shift();
      for (const l of held.lines) addLine(lastDraft, l);
      lastDraft.omitted += held.omitted;
    }
    const firstTimed = drafts.find((d) => d.time !== undefined)?.time;
    let next = src.buffer.first()?.time;
    let added = 0;
    for (let i = drafts.length - 1; i >= 0 && this.size < this.capacity; i--) {
      const d = drafts[i] as Draft;
      // A line without a time sits before the next entry's time in file order.
      const time = d.time ?? (i === 0 ? firstTimed : undefined) ?? next ?? firstTimed ?? 0;
      src.buffer.unshift({
        seq: this.prevSeq--,
        source: key,
        time,
        timed: d.time !== undefined,
        ...(d.level ? { level: d.level } : {}),
        lines: d.lines,
        omitted: d.omitted,
        orphan: timed && i === 0 && d.time === undefined,
      });
      next = time;
      added++;
    }
    return added;
  }

  private trim(): void {
    let size = this.size;
    while (size > this.capacity) {
      let oldest: SourceLog | undefined;
      for (const s of this.sources.values()) {
        const f = s.buffer.first();
        const o = oldest?.buffer.first();
        if (f && (!o || f.time < o.time || (f.time === o.time && f.seq < o.seq))) oldest = s;
      }
      if (!oldest) return;
      oldest.buffer.shift();
      this.dropped++;
      size--;
    }
  }

  /** Every entry held, oldest first: by time, then file order. */
  entries(): LogEntry[] {
    const all: LogEntry[] = [];
    for (const s of this.sources.values()) for (let i = 0; i < s.buffer.size; i++) all.push(s.buffer.at(i) as LogEntry);
    return all.sort((a, b) => a.time - b.time || a.seq - b.seq);
  }
}

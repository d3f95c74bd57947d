import { useCallback, useEffect, useRef, useState } from 'react';
import { asAppError, call, onEvent } from '../../api';
import type { AppError } from '../../../src-main/common/errors';
import { MergedLog } from './merged-log';

/** One log file shown in the view. */
export interface LogSource {
  /** `service` + file path: unique in the view. */
  key: string;
  service: string;
  host: string;
  file: string;
  name: string;
}

export interface SourceState {
  loading: boolean;
  error?: AppError;
  /** Byte offset of the oldest line held: 0 once the file's beginning is in the view. */
  start: number;
  following: boolean;
}

/** What a jump to a time could reach. */
export interface JumpOutcome {
  /** Sources whose whole file starts after the time: older entries are in their rolled files. */
  startsAfter: string[];
  /** The view filled up (capacity) before the time was reached in some source. */
  full: boolean;
  /** Some source has more before what was read, past the jump's read budget. */
  budgetSpent: boolean;
}

/** The end of a file read when it is opened: enough for the last few hundred entries of a busy broker. */
const INITIAL_BYTES = 96 * 1024;
/** What each read further back asks for. */
const OLDER_BYTES = 256 * 1024;
/** Reads per source for one jump: 24 × 256 KiB, an hour or two of a busy broker's server.log. */
const JUMP_READS = 24;
/** Lines of streams whose id is not known yet (the follow call has not returned): kept briefly, bounded. */
const EARLY_LIMIT = 5_000;
const FLUSH_MS = 200;

const opening: SourceState = { loading: true, start: 0, following: false };

interface Handle {
  source: LogSource;
  cancelled: boolean;
  streamId?: string;
  state: SourceState;
}

/**
 * Several log files in one bounded, time-ordered view, each read from its end and then followed live. Live lines are
 * gathered for a fifth of a second before the view renders again. Every follow ends when its source is removed or the
 * view goes away (and with the page's connection, on the server's side).
 */
export function useMergedLog(sources: ReadonlyArray<LogSource>, capacity = 20_000) {
  const [merged] = useState(() => new MergedLog(capacity));
  const [version, setVersion] = useState(0);
  const handles = useRef(new Map<string, Handle>());
  const byStream = useRef(new Map<string, string>());
  const pending = useRef(new Map<string, string[]>());
  const early = useRef(new Map<string, string[]>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const [states, setStates] = useState<Record<string, SourceState>>({});
  const rerender = useCallback(() => setVersion((v) => v + 1), []);
  const update = useCallback((h: Handle, patch: Partial<SourceState>) => {
    h.state = { ...h.state, ...patch };
    const state = h.state;
    if (!h.cancelled) setStates((prev) => ({ ...prev, [h.source.key]: state }));
  }, []);

  const flush = useCallback(() => {
    timer.current = undefined;
    const now = Date.now();
    for (const [key, lines] of pending.current) merged.append(key, lines, now);
    pending.current.clear();
    rerender();
  }, [merged, rerender]);

  const queue = useCallback(
    (key: string, lines: string[]) => {
      const list = pending.current.get(key) ?? [];
      list.push(...lines);
      pending.current.set(key, list);
      timer.current ??= setTimeout(flush, FLUSH_MS);
    },
    [flush],
  );

  useEffect(
    () =>
      onEvent((e) => {
        if (e.name !== 'log.line') return;
        const key = byStream.current.get(e.payload.streamId);
        if (key) {
          queue(key, [e.payload.line]);
          // LogStreams' last word when its tail fails (the host went away): the source no longer follows.
          const h = handles.current.get(key);
          if (h && e.payload.line.startsWith('[stream ended: ')) update(h, { following: false });
        } else {
          const list = early.current.get(e.payload.streamId) ?? [];
          if (list.length < EARLY_LIMIT) list.push(e.payload.line);
          early.current.set(e.payload.streamId, list);
        }
      }),
    [queue, update],
  );

  const start = useCallback(
    async (h: Handle) => {
      const { service, file, key } = h.source;
      try {
        const r = await call('logs.read', { service, file, bytes: INITIAL_BYTES });
        if (h.cancelled) return;
        merged.append(key, r.lines, Date.now());
        update(h, { start: r.start });
        rerender();
        const f = await call('logs.follow', { service, file, fromByte: r.end });
        if (h.cancelled) {
          void call('logs.unfollow', { streamId: f.streamId });
          return;
        }
        h.streamId = f.streamId;
        byStream.current.set(f.streamId, key);
        const before = early.current.get(f.streamId);
        early.current.delete(f.streamId);
        if (before) queue(key, before);
        update(h, { loading: false, following: true });
      } catch (err) {
        if (h.cancelled) return;
        update(h, { loading: false, error: asAppError(err) });
      }
      rerender();
    },
    [merged, queue, rerender, update],
  );

  const stop = useCallback(
    (key: string) => {
      const h = handles.current.get(key);
      if (!h) return;
      h.cancelled = true;
      handles.current.delete(key);
      if (h.streamId) {
        byStream.current.delete(h.streamId);
        void call('logs.unfollow', { streamId: h.streamId }).catch(() => undefined);
      }
      pending.current.delete(key);
      merged.removeSource(key);
      setStates((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => k !== key)));
    },
    [merged],
  );

  const wanted = sources.map((s) => s.key).join('\n');
  useEffect(() => {
    const keys = new Set(wanted === '' ? [] : wanted.split('\n'));
    for (const key of [...handles.current.keys()]) if (!keys.has(key)) stop(key);
    for (const source of sources) {
      if (handles.current.has(source.key)) continue;
      const h: Handle = { source, cancelled: false, state: { ...opening } };
      handles.current.set(source.key, h);
      void start(h);
    }
    // `sources` is read through `wanted`: a new array with the same files must not restart anything.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted, start, stop, rerender]);

  useEffect(
    () => () => {
      for (const key of [...handles.current.keys()]) stop(key);
      if (timer.current) clearTimeout(timer.current);
      timer.current = undefined;
    },
    [stop],
  );

  /** Reads further back in one source; the number of entries added. */
  const loadOlder = useCallback(
    async (key: string, bytes = OLDER_BYTES): Promise<number> => {
      const h = handles.current.get(key);
      if (!h || h.state.start === 0 || merged.full) return 0;
      const r = await call('logs.read', { service: h.source.service, file: h.source.file, end: h.state.start, bytes });
      if (h.cancelled) return 0;
      const added = merged.prepend(key, r.lines);
      update(h, { start: r.start });
      return added;
    },
    [merged, update],
  );

  /** Reads back in every source until it holds entries at or before `time` (within a budget); see JumpOutcome. */
  const reachBack = useCallback(
    async (time: number): Promise<JumpOutcome> => {
      const outcome: JumpOutcome = { startsAfter: [], full: false, budgetSpent: false };
      await Promise.all(
        [...handles.current.entries()].map(async ([key, h]) => {
          for (let reads = 0; ; reads++) {
            const earliest = merged.earliest(key);
            if (earliest && earliest.time <= time) return;
            if (h.state.start === 0) {
              if (earliest) outcome.startsAfter.push(key);
              return;
            }
            if (merged.full) {
              outcome.full = true;
              return;
            }
            if (reads >= JUMP_READS) {
              outcome.budgetSpent = true;
              return;
            }
            try {
              await loadOlder(key);
            } catch (err) {
              update(h, { error: asAppError(err) });
              return;
            }
          }
        }),
      );
      rerender();
      return outcome;
    },
    [merged, loadOlder, rerender, update],
  );

  const shownStates: Record<string, SourceState> = {};
  for (const s of sources) shownStates[s.key] = states[s.key] ?? opening;
  /** "Read older": one more read back in a source; a failure shows on the source, like any other. */
  const readOlder = useCallback(
    (key: string) =>
      loadOlder(key).then(rerender, (err: unknown) => {
        const h = handles.current.get(key);
        if (h) update(h, { error: asAppError(err) });
      }),
    [loadOlder, rerender, update],
  );

  return { merged, version, states: shownStates, loadOlder: readOlder, reachBack };
}

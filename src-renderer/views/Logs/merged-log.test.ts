import { describe, expect, it } from 'vitest';
import { wallClock } from './log-line';
import { MergedLog, MAX_CONTINUATION_LINES } from './merged-log';
import { firstAtOrAfter, visibleEntries } from './log-filter';
import { levels } from './log-line';

const t = (s: number) => `[2026-12-02 15:44:${String(s).padStart(2, '0')},000]`;

describe('MergedLog', () => {
  it('keeps a stack trace with the entry above it', () => {
    const log = new MergedLog();
    log.append('b0', [`${t(1)} ERROR Failed (kafka.X)`, 'java.io.IOException: reset', '\tat a.b(C.java:1)', `${t(2)} INFO next`], 0);
    const e = log.entries();
    expect(e).toHaveLength(2);
    expect(e[0]?.level).toBe('ERROR');
    expect(e[0]?.lines).toEqual([`${t(1)} ERROR Failed (kafka.X)`, 'java.io.IOException: reset', '\tat a.b(C.java:1)']);
    // The rest of a trace that arrives later still joins its entry.
    log.append('b0', ['\tat d.e(F.java:2)'], 0);
    expect(log.entries()[1]?.lines).toEqual([`${t(2)} INFO next`, '\tat d.e(F.java:2)']);
  });

  it('orders several sources by time, each in file order', () => {
    const log = new MergedLog();
    log.append('b0', [`${t(1)} INFO a1`, `${t(3)} INFO a3`], 0);
    log.append('b1', [`${t(2)} WARN b2`, `${t(3)} INFO b3`], 0);
    expect(log.entries().map((e) => e.lines[0]?.slice(-2))).toEqual(['a1', 'b2', 'a3', 'b3']);
  });

  it('gives each line of a log without timestamps an entry of its own', () => {
    const log = new MergedLog();
    log.append('out', ['plain one', 'plain two'], 1000);
    expect(log.entries().map((e) => e.lines)).toEqual([['plain one'], ['plain two']]);
  });

  it('holds at most its capacity: the oldest entries of the whole view go first, and are counted', () => {
    const log = new MergedLog(3);
    log.append('b0', [`${t(1)} INFO a1`, `${t(4)} INFO a4`], 0);
    log.append('b1', [`${t(2)} INFO b2`, `${t(5)} INFO b5`], 0);
    expect(log.size).toBe(3);
    expect(log.dropped).toBe(1);
    expect(log.entries().map((e) => e.lines[0]?.slice(-2))).toEqual(['b2', 'a4', 'b5']);
    for (let i = 10; i < 50; i++) log.append('b0', [`${t(i)} INFO x`], 0);
    expect(log.size).toBe(3);
    expect(log.dropped).toBe(41);
  });

  it('bounds a runaway stack trace', () => {
    const log = new MergedLog();
    log.append('b0', [`${t(1)} ERROR deep`, ...Array.from({ length: 2000 }, (_, i) => `\tat f${i}`)], 0);
    const [e] = log.entries();
    expect(e?.lines.length).toBe(MAX_CONTINUATION_LINES + 1);
    expect(e?.omitted).toBe(2000 - MAX_CONTINUATION_LINES);
  });

  it('reads older lines in front; a read that began inside an entry is joined to its first line', () => {
    const log = new MergedLog();
    // The first read started inside a stack trace: its lines have no first line yet.
    log.append('b0', ['\tat x.y(Z.java:9)', `${t(5)} INFO later`], 0);
    expect(log.entries()[0]?.orphan).toBe(true);
    const added = log.prepend('b0', [`${t(1)} INFO early`, `${t(2)} ERROR boom`, 'java.lang.RuntimeException: x']);
    expect(added).toBe(2);
    expect(log.entries().map((e) => e.lines)).toEqual([
      [`${t(1)} INFO early`],
      [`${t(2)} ERROR boom`, 'java.lang.RuntimeException: x', '\tat x.y(Z.java:9)'],
      [`${t(5)} INFO later`],
    ]);
    expect(log.earliest('b0')?.time).toBe(wallClock(2026, 12, 2, 15, 44, 1, 0));
  });

  it('prepends only what fits, keeping the entries nearest to those held', () => {
    const log = new MergedLog(3);
    log.append('b0', [`${t(9)} INFO held`], 0);
    expect(log.prepend('b0', [`${t(1)} INFO a`, `${t(2)} INFO b`, `${t(3)} INFO c`])).toBe(2);
    expect(log.entries().map((e) => e.lines[0]?.split('INFO ')[1])).toEqual(['b', 'c', 'held']);
  });
});

describe('visibleEntries and firstAtOrAfter', () => {
  const log = new MergedLog();
  log.append(
    'b0',
    [`${t(1)} INFO started`, `${t(2)} WARN slow fetch`, `${t(3)} ERROR Failed`, '\tat kafka.Fetch(F.scala:1)', `${t(4)} DEBUG x`],
    0,
  );
  log.append('gc', ['[2026-12-02T15:44:05.000+0000][gc] GC(1) Pause Young'], 0);
  const all = new Set(levels);

  it('filters by level; a line that names no level counts as INFO', () => {
    const { shown } = visibleEntries(log.entries(), { levels: new Set(['ERROR', 'WARN']), search: '', onlyMatching: false });
    expect(shown.map((e) => e.level)).toEqual(['WARN', 'ERROR']);
    const info = visibleEntries(log.entries(), { levels: new Set(['INFO']), search: '', onlyMatching: false });
    expect(info.shown.map((e) => e.source)).toEqual(['b0', 'gc']);
  });

  it('searches continuation lines too, marking or keeping only matches', () => {
    const marked = visibleEntries(log.entries(), { levels: all, search: 'KAFKA.fetch', onlyMatching: false });
    expect(marked.shown).toHaveLength(5);
    expect(marked.matches).toEqual([2]);
    const only = visibleEntries(log.entries(), { levels: all, search: 'kafka.fetch', onlyMatching: true });
    expect(only.shown.map((e) => e.level)).toEqual(['ERROR']);
  });

  it('finds the first entry at or after a time', () => {
    const shown = log.entries();
    expect(firstAtOrAfter(shown, wallClock(2026, 12, 2, 15, 44, 2, 500))).toBe(2);
    expect(firstAtOrAfter(shown, wallClock(2026, 12, 2, 15, 44, 2, 0))).toBe(1);
    expect(firstAtOrAfter(shown, wallClock(2026, 12, 2, 15, 45, 0, 0))).toBe(-1);
  });
});

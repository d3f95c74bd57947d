import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LagHistory, type LagHistoryOptions } from './lag-history';

const options: LagHistoryOptions = { intervalMs: 1_000, keepMs: 10_000, watchMs: 3_000, maxGroups: 2, maxPartitions: 2 };

/** A group whose lag on partitions 0..n-1 of topic t is whatever `lags` holds when sampled. */
function fakeGroup(lags: number[]) {
  const calls: string[] = [];
  const describe = (groupId: string) => {
    calls.push(groupId);
    const offsets = lags.map((lag, partition) => ({ topic: 't', partition, committed: 0, logStart: 0, logEnd: lag, lag }));
    return Promise.resolve({ totalLag: lags.reduce((a, b) => a + b, 0), offsets });
  };
  return { describe, calls };
}

describe('LagHistory', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('samples while read, every interval, and answers the series in order', async () => {
    const lags = [5, 1];
    const g = fakeGroup(lags);
    const h = new LagHistory(g.describe, options);
    expect((await h.read('a')).samples.map((s) => s.totalLag)).toEqual([6]);
    lags[0] = 10;
    await vi.advanceTimersByTimeAsync(1_000);
    lags[0] = 2;
    await vi.advanceTimersByTimeAsync(1_000);
    const got = await h.read('a', { perPartition: true });
    expect(got.samples.map((s) => s.totalLag)).toEqual([6, 11, 3]);
    expect(got.partitions).toEqual([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ]);
    expect(got.samples.map((s) => s.lags)).toEqual([
      [5, 1],
      [10, 1],
      [2, 1],
    ]);
    h.dispose();
  });

  it('stops sampling once nobody read for watchMs, and keeps only keepMs of history', async () => {
    const g = fakeGroup([1]);
    const h = new LagHistory(g.describe, options);
    await h.read('a');
    await vi.advanceTimersByTimeAsync(10_000);
    // Sampled at 0, 1, 2, 3 s: the 3 s sample sees the watch expired and schedules no more.
    expect(g.calls).toHaveLength(4);
    expect(h.watched()).toEqual([]);
    await vi.advanceTimersByTimeAsync(20_000);
    // Reading again resumes; samples older than keepMs are dropped as new ones arrive.
    const after = await h.read('a');
    expect(after.samples.map((s) => s.at - 1_000_000)).toEqual([30_000]);
    h.dispose();
  });

  it('bounds groups and partitions: the group read longest ago is forgotten, extra partitions only count in the total', async () => {
    const g = fakeGroup([1, 2, 3]);
    const h = new LagHistory(g.describe, options);
    const first = await h.read('a', { perPartition: true });
    expect(first.partitions).toHaveLength(2);
    expect(first.samples[0]?.totalLag).toBe(6);
    await h.read('b');
    await h.read('c');
    expect(h.watched().sort()).toEqual(['b', 'c']);
    h.dispose();
    expect(h.watched()).toEqual([]);
  });

  it('keeps the failure of the last sample for the view, and clears it once a sample works', async () => {
    let broken = true;
    const h = new LagHistory(
      (groupId) => (broken ? Promise.reject(new Error(`no coordinator for ${groupId}`)) : Promise.resolve({ totalLag: 0, offsets: [] })),
      options,
    );
    expect((await h.read('a')).lastError?.message).toMatch(/no coordinator/);
    broken = false;
    await vi.advanceTimersByTimeAsync(1_000);
    const ok = await h.read('a');
    expect(ok.lastError).toBeNull();
    expect(ok.samples).toHaveLength(1);
    h.dispose();
  });
});

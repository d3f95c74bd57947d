import { toAppError } from '../common/errors';
import type { GroupDetail, LagHistory as LagHistoryView } from './schemas';

export interface LagHistoryOptions {
  /** Time between two samples of one group. */
  intervalMs: number;
  /** How far back the history of a group goes. */
  keepMs: number;
  /** How long a group is still sampled after the last read: sampling costs broker requests, so only while watched. */
  watchMs: number;
  /** Groups with a history at once; the one read longest ago is forgotten first. */
  maxGroups: number;
  /** Partitions tracked per group; more are summed into the total but get no series of their own. */
  maxPartitions: number;
}

export const defaultLagHistoryOptions: LagHistoryOptions = {
  intervalMs: 5_000,
  keepMs: 30 * 60_000,
  watchMs: 2 * 60_000,
  // 360 samples x 200 partitions x 20 groups: about 1.4 million numbers at worst, some 12 MB.
  maxGroups: 20,
  maxPartitions: 200,
};

interface Sample {
  at: number;
  totalLag: number;
  /** Lag per tracked partition, aligned with the group's `keys`; undefined where the partition had no row then. */
  lags: Array<number | undefined>;
}

interface Tracked {
  keys: string[];
  index: Map<string, number>;
  samples: Sample[];
  lastRead: number;
  lastError: ReturnType<typeof toAppError> | null;
  timer: NodeJS.Timeout | undefined;
  /** The sample under way, so a read never starts a second one. */
  pending: Promise<void> | undefined;
}

const keyOf = (o: { topic: string; partition: number }) => `${o.topic}\u0000${o.partition}`;

/**
 * A short in-memory history of each watched group's lag: sampled every few seconds while someone reads it (and for
 * `watchMs` after), kept for `keepMs`, for at most `maxGroups` groups and `maxPartitions` partitions each, so memory
 * stays bounded however long the app runs. Samples continue across viewers: a second window sees the same series.
 */
export class LagHistory {
  private readonly groups = new Map<string, Tracked>();
  private disposed = false;

  constructor(
    private readonly describe: (groupId: string) => Promise<Pick<GroupDetail, 'totalLag' | 'offsets'>>,
    private readonly options: LagHistoryOptions = defaultLagHistoryOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The group's history (since `since`, ms), starting or renewing its sampling; the first read waits for a first sample. */
  async read(groupId: string, opts: { since?: number; perPartition?: boolean } = {}): Promise<LagHistoryView> {
    let t = this.groups.get(groupId);
    if (!t) {
      t = { keys: [], index: new Map(), samples: [], lastRead: this.now(), lastError: null, timer: undefined, pending: undefined };
      this.groups.set(groupId, t);
      this.evict();
    }
    t.lastRead = this.now();
    if (!t.timer && !t.pending) await this.tick(groupId, t);
    else if (t.samples.length === 0 && t.pending) await t.pending;
    const since = opts.since ?? 0;
    const samples = t.samples.filter((s) => s.at >= since);
    const keys = t.keys;
    return {
      groupId,
      intervalMs: this.options.intervalMs,
      keepMs: this.options.keepMs,
      lastError: t.lastError,
      partitions: opts.perPartition
        ? keys.map((k) => {
            const [topic = '', partition = '0'] = k.split('\u0000');
            return { topic, partition: Number(partition) };
          })
        : [],
      samples: samples.map((s) => ({
        at: s.at,
        totalLag: s.totalLag,
        ...(opts.perPartition ? { lags: keys.map((_, i) => s.lags[i] ?? null) } : {}),
      })),
    };
  }

  /** Groups sampled right now (for tests and diagnostics). */
  watched(): string[] {
    return [...this.groups].filter(([, t]) => t.timer !== undefined || t.pending !== undefined).map(([g]) => g);
  }

  /** Takes one sample, then schedules the next while the group is watched. */
  private tick(groupId: string, t: Tracked): Promise<void> {
    t.timer = undefined;
    t.pending = (async () => {
      try {
        const d = await this.describe(groupId);
        this.record(t, d);
        t.lastError = null;
      } catch (err) {
        t.lastError = toAppError(err);
      } finally {
        t.pending = undefined;
      }
      if (this.disposed || this.groups.get(groupId) !== t) return;
      if (this.now() - t.lastRead < this.options.watchMs) {
        t.timer = setTimeout(() => void this.tick(groupId, t), this.options.intervalMs);
        t.timer.unref();
      }
    })();
    return t.pending;
  }

  private record(t: Tracked, d: Pick<GroupDetail, 'totalLag' | 'offsets'>): void {
    const at = this.now();
    const lags: Sample['lags'] = [];
    for (const o of d.offsets) {
      const k = keyOf(o);
      let i = t.index.get(k);
      if (i === undefined && t.keys.length < this.options.maxPartitions) {
        i = t.keys.push(k) - 1;
        t.index.set(k, i);
      }
      if (i !== undefined) lags[i] = o.lag;
    }
    t.samples.push({ at, totalLag: d.totalLag, lags });
    const oldest = at - this.options.keepMs;
    const drop = t.samples.findIndex((s) => s.at >= oldest);
    if (drop > 0) t.samples.splice(0, drop);
  }

  private evict(): void {
    while (this.groups.size > this.options.maxGroups) {
      const [oldest] = [...this.groups].sort((a, b) => a[1].lastRead - b[1].lastRead);
      if (!oldest) return;
      clearTimeout(oldest[1].timer);
      this.groups.delete(oldest[0]);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.groups.values()) clearTimeout(t.timer);
    this.groups.clear();
  }
}

/** One read of a topic's summed log-end offsets. */
export interface EndOffsetSample {
  at: number;
  endOffset: number;
}

/** Keeps the last `keep` reads, in time order, ignoring a repeated or out-of-order one (a refetch that raced). */
export function addSample(samples: readonly EndOffsetSample[], next: EndOffsetSample, keep: number): EndOffsetSample[] {
  const last = samples.at(-1);
  if (last && next.at <= last.at) return [...samples];
  return [...samples, next].slice(-keep);
}

/**
 * Records per second between consecutive reads: the growth of the end offsets over the time between them. A drop
 * (the topic deleted and made again, partitions changing hands) is no negative rate: that interval shows 0.
 */
export function ratesOf(samples: readonly EndOffsetSample[]): Array<{ at: number; rate: number }> {
  const out: Array<{ at: number; rate: number }> = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (!a || !b) continue;
    const seconds = (b.at - a.at) / 1000;
    out.push({ at: b.at, rate: seconds > 0 ? Math.max(0, b.endOffset - a.endOffset) / seconds : 0 });
  }
  return out;
}

/**
 * Paces a run at a target rate the way Kafka's ThroughputThrottler does: the
 * n-th record is due at start + n / rate, so a run of 50 records at 10/s sends
 * its last record at 4.9 s and ends near 5 s, with no drift from timer jitter.
 */
export class RateLimiter {
  constructor(
    private readonly perSecond: number | null,
    private readonly startedAt: number,
  ) {}

  /** How many more records may be sent now, given `sent` so far (at most `cap`). */
  allowance(sent: number, now: number, cap: number): number {
    if (this.perSecond === null) return cap;
    const due = Math.floor(((now - this.startedAt) / 1000) * this.perSecond) + 1;
    return Math.max(0, Math.min(cap, due - sent));
  }

  /** Milliseconds until the next record is due (0 when unthrottled). */
  waitMs(sent: number, now: number): number {
    if (this.perSecond === null) return 0;
    const dueAt = this.startedAt + (sent / this.perSecond) * 1000;
    return Math.max(0, dueAt - now);
  }
}

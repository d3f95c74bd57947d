import type { Page } from 'playwright-core';
import { z } from 'zod';

/** One task of the page's main thread: when it started (page time), how long it took, and how much of that the thread spent on a core. */
export interface TracedTask {
  startMs: number;
  wallMs: number;
  cpuMs: number;
}

/** The fields of a Chromium trace event read here. */
const traceEventSchema = z.object({
  name: z.string(),
  ph: z.string(),
  pid: z.number(),
  tid: z.number(),
  ts: z.number(),
  dur: z.number().optional(),
  tdur: z.number().optional(),
});
type TraceEvent = z.infer<typeof traceEventSchema>;

const MARK = 'kcc-bench-trace';

/**
 * Chromium's own trace of the page's main thread, between start and stop: each task's wall time and thread (CPU)
 * time. A long task that held the thread's core for a few ms of its 100 was waiting for the operating system, not
 * doing the page's work.
 */
export async function traceMainThread(page: Page): Promise<{ stop(): Promise<TracedTask[]> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => {
    for (const value of d.value) {
      // Only tasks and the mark are read: a 15 s trace holds hundreds of thousands of other events.
      const event = traceEventSchema.safeParse(value);
      if (event.success && (event.data.name === 'RunTask' || event.data.name === MARK)) events.push(event.data);
    }
  });
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline', 'blink.user_timing', '__metadata'] },
    transferMode: 'ReportEvents',
  });
  // Tells this page's renderer thread apart from the others' in the trace.
  const markedAt = await page.evaluate((name) => performance.mark(name).startTime, MARK);
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      const mark = events.find((e) => e.name === MARK);
      if (!mark) return [];
      // The trace counts µs on its own clock: the mark gives the offset to the page's clock.
      const toPage = (ts: number) => markedAt + (ts - mark.ts) / 1000;
      return events
        .filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.name === 'RunTask' && e.ph === 'X')
        .map((e) => ({ startMs: toPage(e.ts), wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
    },
  };
}

/** The traced task that a long task reported by the page (PerformanceObserver, page time) was, if the trace holds it. */
export function tracedTaskOf(tasks: ReadonlyArray<TracedTask>, longTask: { start: number; duration: number }): TracedTask | undefined {
  return tasks.find((t) => Math.abs(t.startMs - longTask.start) < 2 && Math.abs(t.wallMs - longTask.duration) < 5);
}

/** The traced tasks over 50 ms, longest first, as "100 ms (0.6 ms of CPU)". */
export function describeTracedTasks(tasks: ReadonlyArray<TracedTask>): string {
  const long = tasks.filter((t) => t.wallMs > 50).sort((a, b) => b.wallMs - a.wallMs);
  const cpu = tasks.reduce((sum, t) => sum + t.cpuMs, 0);
  const each = long.map((t) => `${Math.round(t.wallMs)} ms (${t.cpuMs.toFixed(1)} ms of CPU)`);
  const most = tasks.reduce((max, t) => Math.max(max, t.cpuMs), 0);
  return `${tasks.length} main-thread tasks, ${Math.round(cpu)} ms of CPU in all, at most ${most.toFixed(1)} ms in one; over 50 ms: ${each.length === 0 ? 'none' : each.join(', ')}`;
}

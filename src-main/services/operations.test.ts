import { describe, expect, it } from 'vitest';
import { createEventHub, type EventPayload } from '../events/schemas';
import { Operations } from './operations';
import { restartOrder } from './orchestrator';
import type { Service } from '../profile/schemas';

function recorder() {
  const events = createEventHub();
  const seen: Array<EventPayload<'operation.progress'>> = [];
  events.subscribe((e) => {
    if (e.name === 'operation.progress') seen.push(e.payload);
  });
  return { events, seen };
}

describe('long operations', () => {
  it('report n of m and the unit under way, and end at m of m', async () => {
    const { events, seen } = recorder();
    const op = await new Operations(events).run('stop-all', ['a', 'b', 'c'], async (ctx) => {
      ctx.plan(3);
      for (const s of ['a', 'b', 'c']) {
        ctx.begin(s);
        ctx.step(`stop ${s}`);
      }
    });
    expect(op.state).toBe('succeeded');
    expect(op.progress).toEqual({ done: 3, total: 3 });
    const progress = seen.filter((e) => e.progress).map((e) => [e.progress?.done, e.progress?.current]);
    expect(progress).toContainEqual([1, 'b']);
    expect(progress).toContainEqual([2, 'c']);
    expect(seen.at(-1)).toMatchObject({ operationState: 'succeeded', progress: { done: 3, total: 3 } });
  });

  it('stop at the next step once cancelled, keeping what was done, and end as cancelled', async () => {
    const { events } = recorder();
    const ops = new Operations(events);
    const ran: string[] = [];
    let release: () => void = () => undefined;
    const inStep = new Promise<void>((r) => (release = r));
    let proceed: () => void = () => undefined;
    const gate = new Promise<void>((r) => (proceed = r));
    const running = ops.run('rolling-restart', ['b0', 'b1', 'b2'], async (ctx) => {
      ctx.plan(3);
      for (const b of ['b0', 'b1', 'b2']) {
        ctx.begin(b);
        ctx.step(`stop ${b}`);
        if (b === 'b0') {
          release();
          await gate;
        }
        // A cancel asked for between a unit's steps waits for the unit to end.
        ctx.step(`start ${b}`);
        ran.push(b);
      }
    });
    await inStep;
    const id = ops.list()[0]?.id ?? '';
    expect(ops.cancel(id)).toMatchObject({ state: 'running', cancelRequested: true });
    proceed();
    const op = await running;
    expect(ran).toEqual(['b0']);
    expect(op.state).toBe('cancelled');
    expect(op.steps.map((s) => [s.step, s.state])).toEqual([
      ['stop b0', 'succeeded'],
      ['start b0', 'succeeded'],
    ]);
    expect(op.error?.message).toMatch(/cancelled/);
    // The services are free again, and a finished operation cannot be cancelled.
    expect(() => ops.cancel(id)).toThrow(/already been cancelled/);
    await expect(ops.run('start', ['b1'], async () => undefined)).resolves.toMatchObject({ state: 'succeeded' });
  });

  it('say which operation does not exist', () => {
    expect(() => new Operations(createEventHub()).cancel('nope')).toThrow(/No operation nope/);
  });
});

describe('rolling restart order', () => {
  const broker = (id: number): Service =>
    ({
      id: `broker-${id}`,
      kind: 'kafka-broker',
      host: 'h',
      installDir: '/k',
      config: `config/server-${id}.properties`,
      brokerId: id,
      advertisedAddress: `h:${9092 + id}`,
    }) as Service;
  it('leaves the controller for last', () => {
    expect(restartOrder([broker(0), broker(1), broker(2), broker(3)], 1).map((b) => b.id)).toEqual([
      'broker-0',
      'broker-2',
      'broker-3',
      'broker-1',
    ]);
    expect(restartOrder([broker(0), broker(1)], undefined).map((b) => b.id)).toEqual(['broker-0', 'broker-1']);
  });
});

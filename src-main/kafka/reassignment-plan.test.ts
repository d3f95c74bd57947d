import { describe, expect, it } from 'vitest';
import { planReassignment, type PartitionReplicas } from './reassignment-plan';

// The seed's deployment: brokers 0 and 1 share kafka-1, broker 2 on kafka-2, broker 3 on kafka-3.
const seed = [
  { id: 0, host: 'kafka-1' },
  { id: 1, host: 'kafka-1' },
  { id: 2, host: 'kafka-2' },
  { id: 3, host: 'kafka-3' },
];
const hostOf = new Map(seed.map((b) => [b.id, b.host]));
const topic = (name: string, lists: number[][]): PartitionReplicas[] =>
  lists.map((replicas, partition) => ({ topic: name, partition, replicas }));
const apply = (parts: PartitionReplicas[], plan: ReturnType<typeof planReassignment>) =>
  parts.map((p) => plan.moves.find((m) => m.topic === p.topic && m.partition === p.partition)?.proposed ?? p.replicas);
const counts = (lists: number[][], firstOnly = false) => {
  const m = new Map<number, number>();
  for (const l of lists) for (const r of firstOnly ? l.slice(0, 1) : l) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
};

describe('reassignment plan', () => {
  it('spreads a topic crowded on one machine over the 4 brokers on 3 machines, replicas and leaders even', () => {
    const parts = topic(
      'crowded',
      Array.from({ length: 6 }, (_, i) => (i % 2 ? [1, 0] : [0, 1])),
    );
    const plan = planReassignment(parts, seed, new Set());
    const after = apply(parts, plan);
    for (const l of after) expect(new Set(l.map((r) => hostOf.get(r))).size, l.join(',')).toBe(l.length);
    expect([...counts(after).values()].sort()).toEqual([3, 3, 3, 3]);
    const leaders = [...counts(after, true).values()];
    expect(Math.max(...leaders) - Math.min(...leaders)).toBeLessThanOrEqual(1);
    expect(plan.brokers.find((b) => b.id === 0)).toMatchObject({ replicasBefore: 6, replicasAfter: 3, host: 'kafka-1' });
    for (const m of plan.moves) expect(m.adds.length).toBe(m.removes.length);
  });

  it('empties an excluded broker (decommission), keeping every replication factor', () => {
    const parts = topic('t', [
      [3, 0, 2],
      [0, 2, 3],
      [2, 3, 1],
      [1, 3, 0],
    ]);
    const plan = planReassignment(parts, seed, new Set([3]));
    const after = apply(parts, plan);
    for (const l of after) {
      expect(l).not.toContain(3);
      expect(new Set(l).size).toBe(3);
    }
    expect(plan.brokers.find((b) => b.id === 3)).toMatchObject({ replicasAfter: 0, excluded: true });
    // Only what had to move moved: replicas on 0, 1 and 2 stay.
    for (const m of plan.moves) expect(m.removes).toEqual([3]);
  });

  it('moves nothing in a balanced cluster', () => {
    const parts = topic('even', [
      [0, 2],
      [3, 0],
      [0, 3],
      [1, 2],
      [2, 1],
      [1, 3],
    ]);
    const plan = planReassignment(parts, seed, new Set());
    expect(plan.moves).toEqual([]);
  });

  it('leaves a partition whose replication factor the allowed brokers cannot hold, and says so', () => {
    const parts = topic('wide', [[0, 2, 3]]);
    const plan = planReassignment(parts, seed, new Set([2, 3]));
    expect(plan.moves).toEqual([]);
    expect(plan.findings).toEqual([expect.stringContaining('wide-0: replication factor 3 needs 3 brokers, only 2 allowed')]);
  });
});

import type { ReassignmentPlan } from './schemas';

export interface PartitionReplicas {
  topic: string;
  partition: number;
  replicas: number[];
}

export interface PlanBroker {
  id: number;
  host?: string | undefined;
}

/**
 * A balanced replica placement, as kafka-reassign-partitions' --generate would propose but with fewer moves: a
 * replica stays where it is unless its broker is excluded, it shares a machine with another replica of the
 * partition (two brokers of one host fail together), or its broker holds more than its share. Missing replicas go
 * to the least loaded broker on a machine the partition does not use yet. Preferred leaders (the first replica) are
 * then spread evenly; reordering a replica list copies no data.
 */
export function planReassignment(
  partitions: readonly PartitionReplicas[],
  brokers: readonly PlanBroker[],
  excluded: ReadonlySet<number>,
): ReassignmentPlan {
  const allowed = brokers.filter((b) => !excluded.has(b.id)).map((b) => b.id);
  const hostOf = new Map(brokers.map((b) => [b.id, b.host ?? `broker-${b.id}`]));
  const findings: string[] = [];
  const load = new Map<number, number>(allowed.map((id) => [id, 0]));
  const bump = (id: number, by: number) => load.set(id, (load.get(id) ?? 0) + by);
  const sorted = [...partitions].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);

  // 1. Keep what may stay: on an allowed broker, one replica per machine while other machines are free.
  const machines = new Set(allowed.map((id) => hostOf.get(id)));
  const placed = sorted.map((p) => {
    const keep: number[] = [];
    for (const r of p.replicas) {
      if (!load.has(r)) continue;
      const sharesHost = keep.some((k) => hostOf.get(k) === hostOf.get(r));
      if (sharesHost && machines.size >= p.replicas.length) continue;
      keep.push(r);
      bump(r, 1);
    }
    return { p, keep };
  });

  // 2. Fill each partition up to its replication factor: least loaded, a machine it does not use yet first.
  for (const x of placed) {
    const rf = x.p.replicas.length;
    if (allowed.length < rf) {
      findings.push(
        `${x.p.topic}-${x.p.partition}: replication factor ${rf} needs ${rf} brokers, only ${allowed.length} allowed; left as it is.`,
      );
      for (const k of x.keep) bump(k, -1);
      x.keep = [...x.p.replicas];
      continue;
    }
    while (x.keep.length < rf) {
      const pick = bestTarget(allowed, x.keep, hostOf, load);
      if (pick === undefined) break;
      x.keep.push(pick);
      bump(pick, 1);
    }
  }

  // 3. Even out: a replica moves from the busiest broker to one at least two below it, never onto a machine the
  // partition already uses. Each move narrows the spread, so this ends.
  for (let guard = 0; guard < partitions.length * 4 + 1; guard++) {
    let moved = false;
    for (const from of [...allowed].sort((a, b) => (load.get(b) ?? 0) - (load.get(a) ?? 0))) {
      const targets = allowed.filter((t) => (load.get(t) ?? 0) + 1 < (load.get(from) ?? 0));
      if (targets.length === 0) continue;
      for (const x of placed) {
        const at = x.keep.indexOf(from);
        if (at < 0) continue;
        const to = bestTarget(
          targets,
          x.keep.filter((r) => r !== from),
          hostOf,
          load,
          true,
        );
        if (to === undefined) continue;
        x.keep[at] = to;
        bump(from, -1);
        bump(to, 1);
        moved = true;
        break;
      }
      if (moved) break;
    }
    if (!moved) break;
  }

  // 4. Preferred leaders: each partition led by the replica that leads the fewest so far, the current leader on ties.
  const leads = new Map<number, number>();
  for (const x of placed) {
    const currentFirst = x.p.replicas[0];
    let best = x.keep[0];
    for (const r of x.keep) {
      const better = (leads.get(r) ?? 0) < (leads.get(best ?? -1) ?? 0);
      const tie = (leads.get(r) ?? 0) === (leads.get(best ?? -1) ?? 0) && r === currentFirst;
      if (better || tie) best = r;
    }
    if (best !== undefined) {
      x.keep = [best, ...x.keep.filter((r) => r !== best)];
      leads.set(best, (leads.get(best) ?? 0) + 1);
    }
  }

  const countBy = (lists: number[][], firstOnly: boolean) => {
    const m = new Map<number, number>();
    for (const l of lists) for (const r of firstOnly ? l.slice(0, 1) : l) m.set(r, (m.get(r) ?? 0) + 1);
    return m;
  };
  const beforeReplicas = countBy(
    sorted.map((p) => p.replicas),
    false,
  );
  const beforeLeaders = countBy(
    sorted.map((p) => p.replicas),
    true,
  );
  const afterReplicas = countBy(
    placed.map((x) => x.keep),
    false,
  );
  const afterLeaders = countBy(
    placed.map((x) => x.keep),
    true,
  );
  return {
    moves: placed
      .filter((x) => x.keep.join(',') !== x.p.replicas.join(','))
      .map((x) => ({
        topic: x.p.topic,
        partition: x.p.partition,
        current: x.p.replicas,
        proposed: x.keep,
        adds: x.keep.filter((r) => !x.p.replicas.includes(r)),
        removes: x.p.replicas.filter((r) => !x.keep.includes(r)),
      })),
    brokers: [...brokers]
      .sort((a, b) => a.id - b.id)
      .map((b) => ({
        id: b.id,
        ...(b.host ? { host: b.host } : {}),
        replicasBefore: beforeReplicas.get(b.id) ?? 0,
        replicasAfter: afterReplicas.get(b.id) ?? 0,
        leadersBefore: beforeLeaders.get(b.id) ?? 0,
        leadersAfter: afterLeaders.get(b.id) ?? 0,
        excluded: excluded.has(b.id),
      })),
    findings,
  };
}

/** The least loaded candidate not in `taken`, on a machine `taken` does not use if there is one. */
function bestTarget(
  candidates: readonly number[],
  taken: readonly number[],
  hostOf: ReadonlyMap<number, string | undefined>,
  load: ReadonlyMap<number, number>,
  distinctHostOnly = false,
): number | undefined {
  const usedHosts = new Set(taken.map((t) => hostOf.get(t)));
  const free = candidates.filter((c) => !taken.includes(c));
  const byLoad = (a: number, b: number) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b;
  const spread = free.filter((c) => !usedHosts.has(hostOf.get(c))).sort(byLoad);
  if (spread.length > 0 || distinctHostOnly) return spread[0];
  return free.sort(byLoad)[0];
}

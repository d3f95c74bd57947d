import type { ClusterDelta, ClusterState, TopicState } from '../src-main/zookeeper/schemas';

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The state of the delta's revision, built from the state of the revision before it; undefined when the delta does
 * not apply (a reset, or a revision missed in between), and the caller fetches the whole state instead. Topics stay in
 * code-unit order of their names, as main sends them. Unchanged topic rows keep their identity, so memoised rows
 * do not render again.
 */
export function applyClusterDelta(state: ClusterState, delta: ClusterDelta): ClusterState | undefined {
  if (delta.reset || delta.epoch !== state.epoch || delta.revision !== state.revision + 1) return undefined;
  const { reset: _reset, topics: changed, removedTopics, ...rest } = delta;
  let topics: TopicState[] = state.topics;
  if (changed.length > 0 || removedTopics.length > 0) {
    const removed = new Set(removedTopics);
    const upserts = new Map(changed.map((t) => [t.name, t]));
    const kept: TopicState[] = [];
    for (const t of state.topics) {
      if (removed.has(t.name)) continue;
      const next = upserts.get(t.name);
      if (next) upserts.delete(t.name);
      kept.push(next ?? t);
    }
    // Whatever is left is new: sort the few and merge them into the sorted rest.
    const added = [...upserts.values()].sort((a, b) => compareNames(a.name, b.name));
    if (added.length === 0) topics = kept;
    else {
      topics = [];
      let i = 0;
      for (const t of added) {
        while (i < kept.length && compareNames((kept[i] as TopicState).name, t.name) < 0) topics.push(kept[i++] as TopicState);
        topics.push(t);
      }
      while (i < kept.length) topics.push(kept[i++] as TopicState);
    }
  }
  return { ...rest, topics };
}

/**
 * A fetched state brought up to date with the deltas that arrived while it was on its way (or before): those newer
 * than it, in order, until one does not apply. A fetch answered after a delta was applied would otherwise put the
 * older picture back.
 */
export function catchUp(state: ClusterState, deltas: ReadonlyArray<ClusterDelta>): ClusterState {
  let current = state;
  for (const delta of deltas) {
    if (delta.epoch === current.epoch && delta.revision <= current.revision) continue;
    const next = applyClusterDelta(current, delta);
    if (!next) break;
    current = next;
  }
  return current;
}

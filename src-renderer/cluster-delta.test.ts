import { describe, expect, it } from 'vitest';
import type { ClusterDelta, ClusterState, TopicState } from '../src-main/zookeeper/schemas';
import { applyClusterDelta, catchUp } from './cluster-delta';

const topic = (name: string, partitions = 1): TopicState => ({
  name,
  internal: name.startsWith('__'),
  partitions,
  replicationFactor: 1,
  underReplicated: 0,
  offline: 0,
  nonPreferredLeader: 0,
  markedForDeletion: false,
});

function state(revision: number, names: string[]): ClusterState {
  return {
    zookeeper: { connectString: 'zk:2181', state: 'connected', since: '2026-01-01T00:00:00.000Z' },
    controllerId: 0,
    brokers: [],
    topics: names.map((n) => topic(n)),
    totals: { topics: names.length, partitions: names.length, underReplicated: 0, offline: 0, nonPreferredLeader: 0 },
    pendingReassignment: false,
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision,
    epoch: 'watch-1',
  };
}

function delta(of: ClusterState, revision: number, topics: TopicState[], removedTopics: string[], reset = false): ClusterDelta {
  const { topics: _t, ...rest } = of;
  return { ...rest, revision, reset, topics, removedTopics };
}

describe('applyClusterDelta', () => {
  it('adds, changes and removes topics, keeping code-unit order and the identity of unchanged rows', () => {
    const before = state(4, ['B', 'a', 'c', 'e'].sort());
    const next = applyClusterDelta(before, delta(before, 5, [topic('d'), topic('A'), topic('c', 7), topic('z')], ['e']));
    expect(next?.topics.map((t) => t.name)).toEqual(['A', 'B', 'a', 'c', 'd', 'z']);
    expect(next?.topics.find((t) => t.name === 'c')?.partitions).toBe(7);
    expect(next?.topics.find((t) => t.name === 'a')).toBe(before.topics.find((t) => t.name === 'a'));
    expect(next?.revision).toBe(5);
  });

  it('does not apply a reset or a delta with a revision missed in between', () => {
    const before = state(4, ['a']);
    expect(applyClusterDelta(before, delta(before, 6, [topic('b')], []))).toBeUndefined();
    expect(applyClusterDelta(before, delta(before, 4, [topic('b')], []))).toBeUndefined();
    expect(applyClusterDelta(before, delta(before, 5, [], [], true))).toBeUndefined();
  });

  it('takes the small parts whole: brokers, controller, totals, ZooKeeper', () => {
    const before = state(1, ['a']);
    const d = delta(before, 2, [], []);
    d.controllerId = 2;
    d.zookeeper = { ...d.zookeeper, state: 'unreachable' };
    const next = applyClusterDelta(before, d);
    expect(next?.controllerId).toBe(2);
    expect(next?.zookeeper.state).toBe('unreachable');
    expect(next?.topics).toBe(before.topics);
  });

  it('does not apply a delta of another watch (a new profile counts revisions again)', () => {
    const before = state(4, ['a']);
    expect(applyClusterDelta(before, { ...delta(before, 5, [topic('b')], []), epoch: 'watch-2' })).toBeUndefined();
  });

  it('brings a fetched state up to date with the deltas that arrived meanwhile, up to the first that does not apply', () => {
    const fetched = state(4, ['a']);
    const d5 = delta(fetched, 5, [topic('b')], []);
    const d6 = { ...delta(fetched, 6, [topic('c')], []), totals: { ...fetched.totals, topics: 3 } };
    const d8 = delta(fetched, 8, [topic('z')], []);
    const old = delta(fetched, 3, [topic('old')], []);
    const caught = catchUp(fetched, [old, d5, d6, d8]);
    expect(caught.revision).toBe(6);
    expect(caught.topics.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(catchUp(fetched, [])).toBe(fetched);
  });
});

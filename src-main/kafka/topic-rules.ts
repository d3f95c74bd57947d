import { fail } from '../common/errors';
import type { ClusterState } from '../zookeeper/schemas';
/** Names differing only in "." vs "_" collide in Kafka's metric names; Kafka warns, we refuse. */
export function collidingTopic(name: string, existing: ReadonlyArray<string>): string | undefined {
  const key = name.replace(/\./g, '_');
  return existing.find((e) => e !== name && e.replace(/\./g, '_') === key);
}

/**
 * Refuses, before anything is sent, a topic the cluster cannot take: more
 * replicas than registered brokers, or a name that collides with an existing
 * one in Kafka's metric names. Checked only while ZooKeeper's picture is current.
 */
export function refuseUnfitTopic(state: ClusterState, topic: { name: string; replicationFactor: number }): void {
  if (state.zookeeper.state !== 'connected') return;
  const registered = state.brokers.filter((b) => b.registered).length;
  if (topic.replicationFactor > registered) {
    fail(
      'invalid_input',
      `A replication factor of ${topic.replicationFactor} needs ${topic.replicationFactor} brokers; ${registered} are registered.`,
      {
        field: 'replicationFactor',
      },
    );
  }
  const clash = collidingTopic(
    topic.name,
    state.topics.map((t) => t.name),
  );
  if (clash)
    fail('conflict', `"${topic.name}" collides with the existing topic "${clash}" ("." and "_" are the same in Kafka's metric names).`, {
      field: 'name',
    });
}

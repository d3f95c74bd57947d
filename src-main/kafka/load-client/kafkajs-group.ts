import type { Consumer } from 'kafkajs';
import { newKafka, type KafkaConnection } from '../kafka-client';
import type { LoadGroupHooks, LoadGroupMember, LoadGroupSettings } from './load-client';

/**
 * A consumer group member for load runs on brokers older than Kafka 2.7, which
 * do not answer the Fetch the raw member reads (platformatic-group.ts): kafkajs
 * decodes every record, at about a third of ConsumerPerformance's rate at
 * 100 B, but fetches from any Kafka since 0.11; its socket factory tunnels.
 */
export async function joinKafkajsGroup(
  conn: KafkaConnection,
  settings: LoadGroupSettings,
  hooks: LoadGroupHooks,
): Promise<LoadGroupMember> {
  const consumer: Consumer = newKafka(conn, settings.clientId).consumer({
    groupId: settings.groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    // Larger fetches than kafkajs's 1 MB per partition: fewer round trips at full speed.
    maxBytesPerPartition: 2 * 1024 * 1024,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
  });
  // A member in a rebalance holds nothing until it joins again: showing its old partitions would double-count them.
  consumer.on(consumer.events.REBALANCING, () => hooks.onAssigned([]));
  consumer.on(consumer.events.GROUP_JOIN, (e) =>
    hooks.onAssigned(Object.entries(e.payload.memberAssignment).flatMap(([topic, parts]) => parts.map((p) => `${topic}-${p}`))),
  );
  consumer.on(consumer.events.CRASH, (e) => hooks.onCrash(e.payload.error.message));
  await consumer.connect();
  await consumer.subscribe({ topics: [...settings.topics], fromBeginning: settings.fromBeginning });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const stamped = m.headers?.[settings.stampHeader] !== undefined;
        hooks.onRecord((m.value?.length ?? 0) + (m.key?.length ?? 0), stamped ? Number(m.timestamp) : undefined);
      }
      hooks.onBatchEnd();
    },
  });
  return { leave: () => consumer.disconnect() };
}

/** Deletes a group a load run made up for itself. */
export async function deleteKafkajsGroup(conn: KafkaConnection, clientId: string, groupId: string): Promise<void> {
  const admin = newKafka(conn, clientId).admin();
  await admin
    .connect()
    .then(() => admin.deleteGroups([groupId]))
    .finally(() => admin.disconnect().catch(() => undefined));
}

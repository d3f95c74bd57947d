import type { KafkaConnection } from '../kafka-client';
import { deleteKafkajsGroup, joinKafkajsGroup } from './kafkajs-group';
import { joinPlatformaticGroup } from './platformatic-group';
import type { LoadGroupHooks, LoadGroupMember, LoadGroupSettings, LoadProducer, LoadProducerSettings } from './load-client';
import { openPlatformaticProducer } from './platformatic-producer';

export * from './load-client';
export type { LocalPortFor } from './tunnel-hook';

/** The load producer of the client the app chose for load runs (see load-client.ts). */
export function openLoadProducer(conn: KafkaConnection, topic: string, settings: LoadProducerSettings): Promise<LoadProducer> {
  return openPlatformaticProducer(conn, topic, settings);
}

/** A member of a consumer group for a consumer load run. */
export async function joinLoadGroup(conn: KafkaConnection, settings: LoadGroupSettings, hooks: LoadGroupHooks): Promise<LoadGroupMember> {
  // Raw fetches need Kafka 2.7 or later; older brokers get a kafkajs member.
  return (await joinPlatformaticGroup(conn, settings, hooks)) ?? joinKafkajsGroup(conn, settings, hooks);
}

/** Deletes the group a consumer load run made up for itself. */
export function deleteLoadGroup(conn: KafkaConnection, clientId: string, groupId: string): Promise<void> {
  return deleteKafkajsGroup(conn, clientId, groupId);
}

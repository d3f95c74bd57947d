import type { Admin } from 'kafkajs';
import { fail } from '../common/errors';
import { ELECTION_NOT_NEEDED, NONE, NOT_CONTROLLER, sendElectLeaders, type ElectionResponse, type TopicPartitions } from './elect-leaders';
import type { KafkaConnection } from './kafka-client';
import type { ElectionResult, ElectionTarget } from './schemas';

/** Kafka's names for the errors an election answers with (the rest are shown by number with Kafka's message). */
const errorNames: Readonly<Record<number, string>> = {
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  7: 'REQUEST_TIMED_OUT',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  41: 'NOT_CONTROLLER',
  83: 'ELIGIBLE_LEADERS_NOT_AVAILABLE',
  80: 'PREFERRED_LEADER_NOT_AVAILABLE',
};
const errorName = (code: number) => errorNames[code] ?? `error ${code}`;

/** How long the controller may take; it answers once every partition asked about is settled. */
const ELECTION_TIMEOUT_MS = 30_000;

async function controller(admin: Admin): Promise<{ host: string; port: number; nodeId: number }> {
  const cluster = await admin.describeCluster();
  const c = cluster.brokers.find((b) => b.nodeId === cluster.controller);
  if (!c)
    fail('kafka_unreachable', 'No broker is controller right now, so no leader can be elected.', {
      hint: 'Check ZooKeeper and the brokers.',
    });
  return c;
}

async function targetsOf(admin: Admin, target: ElectionTarget): Promise<TopicPartitions[] | null> {
  if (target.topic === undefined) return null;
  const topic = target.topic;
  const meta = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0];
  const partitions = (meta?.partitions ?? []).map((p) => p.partitionId).sort((a, b) => a - b);
  if (partitions.length === 0) fail('not_found', `No topic "${topic}".`);
  if (target.partition === undefined) return [{ topic, partitions }];
  if (!partitions.includes(target.partition))
    fail('not_found', `Topic ${topic} has no partition ${target.partition}.`, { field: 'partition' });
  return [{ topic, partitions: [target.partition] }];
}

/**
 * Asks the controller to make each partition's preferred replica (the first of its replica list) its leader, as
 * `kafka-leader-election.sh --election-type PREFERRED` does. Kafka moves a partition only when that replica is alive
 * and in sync; those it cannot move come back as failed with Kafka's reason.
 */
export async function electPreferredLeaders(conn: KafkaConnection, admin: Admin, target: ElectionTarget): Promise<ElectionResult> {
  const targets = await targetsOf(admin, target);
  let response: ElectionResponse | undefined;
  // The controller can move between describeCluster and the request: ask the new one, once.
  for (let attempt = 0; attempt < 2; attempt++) {
    const c = await controller(admin);
    response = await sendElectLeaders(conn, c, targets, ELECTION_TIMEOUT_MS).catch((err: unknown) =>
      fail(
        'kafka_unreachable',
        `Cannot reach the controller, broker ${c.nodeId} at ${c.host}:${c.port}: ${err instanceof Error ? err.message : String(err)}`,
        {
          hint: 'Is that broker running, and does its advertised listener resolve from here?',
        },
      ),
    );
    const moved =
      response.errorCode === NOT_CONTROLLER ||
      (response.results.length > 0 && response.results.every((r) => r.errorCode === NOT_CONTROLLER));
    if (!moved) break;
  }
  if (!response) fail('internal', 'No answer to the election request.');
  if (response.errorCode !== NONE)
    fail('invalid_input', `Kafka refused the election (${errorName(response.errorCode)}).`, {
      hint: response.errorCode === 31 ? 'The client needs the ALTER permission on the cluster.' : undefined,
    });
  const result: ElectionResult = { elected: [], alreadyPreferred: targets === null ? null : 0, failed: [] };
  for (const r of response.results) {
    if (r.errorCode === NONE) result.elected.push({ topic: r.topic, partition: r.partition });
    else if (r.errorCode === ELECTION_NOT_NEEDED) result.alreadyPreferred = (result.alreadyPreferred ?? 0) + 1;
    else result.failed.push({ topic: r.topic, partition: r.partition, error: errorName(r.errorCode), message: r.errorMessage ?? '' });
  }
  const order = (a: { topic: string; partition: number }, b: { topic: string; partition: number }) =>
    a.topic.localeCompare(b.topic) || a.partition - b.partition;
  result.elected.sort(order);
  result.failed.sort(order);
  return result;
}

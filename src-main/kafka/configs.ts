import type { Admin, ConfigEntries } from 'kafkajs';
import { fail } from '../common/errors';
import {
  incrementalAlterConfigs,
  RESOURCE_BROKER,
  RESOURCE_TOPIC,
  type ConfigOp,
  type ConfigResource,
  type ResourceResult,
} from './config-alter';
import { checkCreateTopic, type TopicCheck } from './create-topic-check';
import type { KafkaConnection } from './kafka-client';
import type { BrokerAddress } from './kafka-wire';
import type { BrokerScope, ConfigEntry, ConfigSource } from './schemas';

/** DescribeConfigs' source codes (org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource). */
const sources: Record<number, ConfigSource> = {
  1: 'DYNAMIC_TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
};
const sourceOf = (code: number): ConfigSource => sources[code] ?? 'UNKNOWN';

export function toConfigEntry(c: ConfigEntries): ConfigEntry {
  return {
    name: c.configName,
    value: c.isSensitive ? null : c.configValue,
    isDefault: c.isDefault,
    readOnly: c.readOnly,
    sensitive: c.isSensitive,
    source: sourceOf(c.configSource),
    synonyms: (c.configSynonyms ?? []).map((s) => ({
      name: s.configName,
      value: c.isSensitive ? null : s.configValue,
      source: sourceOf(s.configSource),
    })),
  };
}

/** What a change applies to. */
export type ConfigTarget = { topic: string } | { broker: BrokerScope };

export interface ConfigChange {
  set: Record<string, string>;
  remove: ReadonlyArray<string>;
}

// Kafka error codes a config change can meet.
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const errorNames: Record<number, string> = {
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  17: 'INVALID_TOPIC_EXCEPTION',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  36: 'TOPIC_ALREADY_EXISTS',
  37: 'INVALID_PARTITIONS',
  38: 'INVALID_REPLICATION_FACTOR',
  40: 'INVALID_CONFIG',
  41: 'NOT_CONTROLLER',
  42: 'INVALID_REQUEST',
};
const reason = (code: number, message: string | null): string => message || errorNames[code] || `Kafka error code ${code}`;

function opsOf(change: ConfigChange): ConfigOp[] {
  const clash = change.remove.find((n) => n in change.set);
  if (clash) fail('invalid_input', `"${clash}" is both set and removed; choose one.`, { field: 'remove' });
  return [...Object.entries(change.set).map(([name, value]) => ({ name, value })), ...change.remove.map((name) => ({ name, value: null }))];
}

/** Refuses with the broker's reason per config, `details.configErrors`, when any config was refused. */
function refuseConfigs(what: string, errors: Map<string, string>): void {
  if (errors.size === 0) return;
  const [first] = errors;
  if (!first) return;
  fail(
    'invalid_input',
    errors.size === 1 ? `${what}: ${first[1]}` : `${what}: the broker refused ${errors.size} configs (${[...errors.keys()].join(', ')}).`,
    {
      field: first[0],
      details: { configErrors: Object.fromEntries(errors) },
    },
  );
}

async function brokerFor(admin: Admin, target: ConfigTarget): Promise<{ address: BrokerAddress; resource: Omit<ConfigResource, 'ops'> }> {
  const { brokers } = await admin.describeCluster();
  // Topic configs and the cluster-wide broker default may be changed through whichever broker answers.
  const anyBroker = (): BrokerAddress => brokers[0] ?? fail('kafka_unreachable', 'No broker answered.');
  if ('topic' in target) return { address: anyBroker(), resource: { type: RESOURCE_TOPIC, name: target.topic } };
  if (target.broker === 'cluster-default') return { address: anyBroker(), resource: { type: RESOURCE_BROKER, name: '' } };
  // A broker's own configuration can only be changed by talking to that broker.
  const b = brokers.find((x) => x.nodeId === target.broker);
  if (!b) fail('not_found', `Broker ${target.broker} is not registered in the cluster.`, { field: 'brokerId' });
  return { address: b, resource: { type: RESOURCE_BROKER, name: String(target.broker) } };
}

function resultOf(results: ResourceResult[]): ResourceResult {
  return results[0] ?? { type: 0, name: '', errorCode: 0, errorMessage: null };
}

/**
 * Validates each config on its own with the broker's validate_only (so each refused config gets the broker's own
 * reason), then, unless `validateOnly`, applies them all in one request.
 */
export async function changeConfigs(
  conn: KafkaConnection,
  admin: Admin,
  target: ConfigTarget,
  change: ConfigChange,
  validateOnly: boolean,
): Promise<void> {
  const ops = opsOf(change);
  if (ops.length === 0) return;
  const what =
    'topic' in target
      ? `Changing the configs of ${target.topic}`
      : target.broker === 'cluster-default'
        ? 'Changing the cluster-wide broker configs'
        : `Changing the configs of broker ${target.broker}`;
  const { address, resource } = await brokerFor(admin, target);
  const checked = await Promise.all(
    ops.map(async (op) => ({ op, r: resultOf(await incrementalAlterConfigs(conn, address, [{ ...resource, ops: [op] }], true)) })),
  );
  const missing = checked.find((c) => c.r.errorCode === UNKNOWN_TOPIC_OR_PARTITION);
  if (missing && 'topic' in target) fail('not_found', `${what}: no such topic.`);
  refuseConfigs(what, new Map(checked.filter((c) => c.r.errorCode !== 0).map((c) => [c.op.name, reason(c.r.errorCode, c.r.errorMessage)])));
  const all = resultOf(await incrementalAlterConfigs(conn, address, [{ ...resource, ops }], validateOnly));
  if (all.errorCode !== 0) fail('invalid_input', `${what}: Kafka refused it: ${reason(all.errorCode, all.errorMessage)}`);
}

/**
 * Asks the controller whether it would create the topic, each config on its own first (so a refused config gets the
 * broker's reason under its own name), then the whole topic. Creates nothing.
 */
export async function checkTopic(conn: KafkaConnection, admin: Admin, topic: TopicCheck): Promise<void> {
  const { brokers, controller } = await admin.describeCluster();
  const address = brokers.find((b) => b.nodeId === controller) ?? brokers[0];
  if (!address) fail('kafka_unreachable', 'No broker answered.');
  const what = `Creating topic ${topic.name}`;
  const entries = Object.entries(topic.configs);
  const checked = await Promise.all(
    entries.map(async ([name, value]) => ({ name, r: await checkCreateTopic(conn, address, { ...topic, configs: { [name]: value } }) })),
  );
  // Only INVALID_CONFIG is about the config itself; anything else (the name, the counts) shows in the whole check.
  refuseConfigs(what, new Map(checked.filter((c) => c.r.errorCode === 40).map((c) => [c.name, reason(c.r.errorCode, c.r.errorMessage)])));
  const whole = await checkCreateTopic(conn, address, topic);
  if (whole.errorCode === 36) fail('conflict', `Topic ${topic.name} already exists.`, { field: 'name' });
  if (whole.errorCode === 38)
    fail('invalid_input', `${what}: ${reason(whole.errorCode, whole.errorMessage)}`, { field: 'replicationFactor' });
  if (whole.errorCode === 37) fail('invalid_input', `${what}: ${reason(whole.errorCode, whole.errorMessage)}`, { field: 'partitions' });
  if (whole.errorCode === 17) fail('invalid_input', `${what}: ${reason(whole.errorCode, whole.errorMessage)}`, { field: 'name' });
  if (whole.errorCode !== 0) fail('invalid_input', `${what}: Kafka refused it: ${reason(whole.errorCode, whole.errorMessage)}`);
}

import { parseProperties } from '../../common/properties';
import { maskEntry } from '../config-masking';

/**
 * An agent's .conf as Flume reads it (Java properties, every key prefixed with the agent's name): which
 * sources, channels and sinks it declares, their types, and what the app needs of them.
 */
export interface FlumeAgentConfig {
  /** Every key of this agent, without the `<agent>.` prefix. */
  entries: Map<string, string>;
  sources: FlumeComponentConfig[];
  channels: FlumeComponentConfig[];
  sinks: FlumeComponentConfig[];
}

export interface FlumeComponentConfig {
  name: string;
  type: string;
  props: Map<string, string>;
}

// Flume's KafkaSource commits under this group when the config names none (KafkaSourceConstants.DEFAULT_GROUP_ID).
export const FLUME_KAFKA_SOURCE_DEFAULT_GROUP = 'flume';
const KAFKA_SOURCE_TYPES = new Set(['org.apache.flume.source.kafka.KafkaSource']);
const KAFKA_SINK_TYPES = new Set(['org.apache.flume.sink.kafka.KafkaSink']);

export function parseAgentConfig(text: string, agentName: string): FlumeAgentConfig {
  const prefix = `${agentName}.`;
  const entries = new Map<string, string>();
  for (const [key, value] of parseProperties(text)) if (key.startsWith(prefix)) entries.set(key.slice(prefix.length), value);
  const components = (kind: 'sources' | 'channels' | 'sinks'): FlumeComponentConfig[] =>
    (entries.get(kind) ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((name) => {
        const own = `${kind}.${name}.`;
        const props = new Map<string, string>();
        for (const [key, value] of entries) if (key.startsWith(own)) props.set(key.slice(own.length), value);
        return { name, type: props.get('type') ?? '', props };
      });
  return { entries, sources: components('sources'), channels: components('channels'), sinks: components('sinks') };
}

/** The group a KafkaSource of the agent commits under (the first one's, as the seed has one). */
export function kafkaConsumerGroupOf(config: FlumeAgentConfig): string | undefined {
  const source = config.sources.find((s) => KAFKA_SOURCE_TYPES.has(s.type));
  if (!source) return undefined;
  // `groupId` is Flume 1.6's name, still read by 1.11 when the kafka.consumer one is absent.
  return source.props.get('kafka.consumer.group.id') ?? source.props.get('groupId') ?? FLUME_KAFKA_SOURCE_DEFAULT_GROUP;
}

/** Source and sink in words: "spooldir /data/spool", "Kafka topic iot-sensors", "HDFS hdfs://…/%Y-%m-%d". */
export function describeComponent(c: FlumeComponentConfig): string {
  if (KAFKA_SOURCE_TYPES.has(c.type)) return `Kafka topic ${c.props.get('kafka.topics') ?? c.props.get('kafka.topics.regex') ?? '?'}`;
  if (KAFKA_SINK_TYPES.has(c.type)) return `Kafka topic ${c.props.get('kafka.topic') ?? 'default-flume-topic'}`;
  if (c.type === 'spooldir') return `spool directory ${c.props.get('spoolDir') ?? '?'}`;
  if (c.type === 'hdfs') return `HDFS ${c.props.get('hdfs.path') ?? '?'}`;
  return c.type || c.name;
}

/** The agent's keys as the detail panel shows them, secrets masked. */
export function maskedEntries(config: FlumeAgentConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of [...config.entries].sort(([a], [b]) => a.localeCompare(b))) out[key] = maskEntry(key, value);
  return out;
}

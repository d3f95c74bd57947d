import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeComponent, kafkaConsumerGroupOf, maskedEntries, parseAgentConfig } from './agent-config';
import { flumeMetricsSchema } from './metrics-schemas';
import { figuresOf, toStatus } from './status';

// Recorded from Flume 1.11.0 agents (GET /metrics): the spool-dir → Kafka agent after 5,000 lines, and the
// Kafka → HDFS agent with 3,000 events taken from Kafka but not yet written to HDFS (the channel holds them).
const fixture = (name: string) => flumeMetricsSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')));

const lakeConf = `
# the seed's pipeline 2
lake.sources = kafka
lake.channels = ch
lake.sinks = hdfs
lake.sources.kafka.type = org.apache.flume.source.kafka.KafkaSource
lake.sources.kafka.channels = ch
lake.sources.kafka.kafka.topics = iot-sensors
lake.sources.kafka.kafka.consumer.group.id = flume-hdfs
lake.sources.kafka.kafka.consumer.ssl.truststore.password = s3cret
lake.sinks.hdfs.type = hdfs
lake.sinks.hdfs.channel = ch
lake.sinks.hdfs.hdfs.path = hdfs://nn:8020/datalake/iot/%Y-%m-%d
other.sources = x
`;

describe('Flume metrics', () => {
  it('reads the counters of a real agent as records in and out', () => {
    const f = figuresOf(fixture('spool-metrics.json'));
    expect(f).toMatchObject({ recordsIn: 3000, recordsOut: 3000, errors: 0, channelSize: 0, channelCapacity: 1_000_000 });
  });

  it('shows events waiting in the channel when the sink has not drained them', () => {
    const f = figuresOf(fixture('lake-metrics.json'));
    expect(f).toMatchObject({ recordsIn: 3000, recordsOut: 0, channelSize: 3000, channelFillPercent: 0.3 });
  });

  it('refuses an answer that is not Flume metrics', () => {
    expect(flumeMetricsSchema.safeParse({ 'SOURCE.x': { Type: 'SOURCE', EventReceivedCount: 3 } }).success).toBe(false);
    expect(flumeMetricsSchema.safeParse({ status: 'ok' }).success).toBe(false);
  });

  it('is running with metrics, starting without them, and stopped without a process', () => {
    const metrics = fixture('lake-metrics.json');
    expect(toStatus({ agentName: 'a', pids: [42], metrics }).state).toBe('running');
    expect(toStatus({ agentName: 'a', pids: [42], metrics }).counters.channelSize).toBe(3000);
    const starting = toStatus({ agentName: 'a', pids: [42], metricsError: 'connection refused' });
    expect(starting.state).toBe('starting');
    expect(starting.message).toContain('connection refused');
    expect(toStatus({ agentName: 'a', pids: [], metrics }).state).toBe('stopped');
  });

  it('warns when a channel fills up', () => {
    const metrics = fixture('lake-metrics.json');
    const ch = metrics['CHANNEL.ch'];
    if (!ch) throw new Error('fixture without channel');
    const full = { ...metrics, 'CHANNEL.ch': { ...ch, ChannelFillPercentage: '93.5' } };
    expect(toStatus({ agentName: 'a', pids: [1], metrics: full }).message).toContain('93.5 % full');
  });
});

describe('Flume agent config', () => {
  const config = parseAgentConfig(lakeConf, 'lake');

  it('reads only the named agent’s keys', () => {
    expect(config.sources.map((s) => s.name)).toEqual(['kafka']);
    expect([...config.entries.keys()].some((k) => k.startsWith('other'))).toBe(false);
  });

  it('finds the consumer group of a KafkaSource, and Flume’s default when none is set', () => {
    expect(kafkaConsumerGroupOf(config)).toBe('flume-hdfs');
    const noGroup = parseAgentConfig(lakeConf.replace(/.*group\.id.*\n/, ''), 'lake');
    expect(kafkaConsumerGroupOf(noGroup)).toBe('flume');
    expect(kafkaConsumerGroupOf(parseAgentConfig('a.sources = s\na.sources.s.type = spooldir\n', 'a'))).toBeUndefined();
  });

  it('describes source and sink and masks secrets', () => {
    expect(config.sources[0] && describeComponent(config.sources[0])).toBe('Kafka topic iot-sensors');
    expect(config.sinks[0] && describeComponent(config.sinks[0])).toBe('HDFS hdfs://nn:8020/datalake/iot/%Y-%m-%d');
    const shown = maskedEntries(config);
    expect(shown['sources.kafka.kafka.consumer.ssl.truststore.password']).toBe('••••');
    expect(JSON.stringify(shown)).not.toContain('s3cret');
  });
});

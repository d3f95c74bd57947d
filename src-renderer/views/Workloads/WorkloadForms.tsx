import {
  Autocomplete,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { asAppError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation, useApiQuery } from '../../queries';
import { CreateTopicDialog } from '../../components/CreateTopicDialog';
import type { MethodInput } from '../../../src-main/api/contract';

type ProducerInput = MethodInput<'workloads.startProducer'>;

const num = (v: number | string): number | undefined => (v === '' || v === undefined ? undefined : Number(v));

/** The start error, with a "Create topic" offer when the topic is missing. */
function StartError({ error, brokers, onCreated }: { error: unknown; brokers: number; onCreated: () => void }) {
  const [creating, setCreating] = useState<string | null>(null);
  const e = asAppError(error);
  const missing = e.code === 'not_found' && Array.isArray(e.details?.missingTopics) ? (e.details.missingTopics as string[]) : [];
  return (
    <Stack gap={6}>
      <ErrorAlert error={e} />
      {missing.map((t) => (
        <Button key={t} size="xs" variant="light" onClick={() => setCreating(t)}>
          Create topic “{t}”
        </Button>
      ))}
      {creating && (
        <CreateTopicDialog
          brokers={brokers}
          initialName={creating}
          onClose={() => {
            setCreating(null);
            onCreated();
          }}
        />
      )}
    </Stack>
  );
}

export function ProducerForm({ topics, brokers }: { topics: string[]; brokers: number }) {
  const [topic, setTopic] = useState('');
  const [extent, setExtent] = useState<'records' | 'duration'>('records');
  const [count, setCount] = useState<number | string>(10_000);
  const [duration, setDuration] = useState<number | string>(60);
  const [valueKind, setValueKind] = useState<'random' | 'text' | 'iot-json'>('iot-json');
  const [size, setSize] = useState<number | string>(100);
  const [text, setText] = useState('hello');
  const [sensors, setSensors] = useState<number | string>(100);
  const [keyKind, setKeyKind] = useState<'none' | 'sequential' | 'random'>('none');
  const [keyCount, setKeyCount] = useState<number | string>(100);
  const [throughput, setThroughput] = useState<number | string>(1_000);
  const [acks, setAcks] = useState<'all' | '1' | '0'>('all');
  const [compression, setCompression] = useState<ProducerInput['compression']>('none');
  // The Java client's settings at their fast values (batch.size 256 KiB, linger.ms 5, 5 in flight).
  const [batchBytes, setBatchBytes] = useState<number | string>(262_144);
  const [linger, setLinger] = useState<number | string>(5);
  const [inFlight, setInFlight] = useState<number | string>(5);
  const [idempotent, setIdempotent] = useState(false);
  const runtime = useApiQuery('app.info', {});
  const compressions: readonly string[] = runtime.data?.compressions ?? ['none', 'gzip', 'snappy', 'lz4'];
  const start = useApiMutation('workloads.startProducer');
  const value: ProducerInput['value'] =
    valueKind === 'random'
      ? { kind: 'random', size: Number(size) }
      : valueKind === 'text'
        ? { kind: 'text', text }
        : { kind: 'iot-json', sensors: Number(sensors) };
  const key: ProducerInput['key'] = keyKind === 'random' ? { kind: 'random', count: Number(keyCount) } : { kind: keyKind };
  const input: ProducerInput = {
    topic,
    ...(extent === 'records' ? { records: Number(count) } : { durationSec: Number(duration) }),
    value,
    key,
    throughput: num(throughput) ?? null,
    acks,
    compression,
    batchBytes: Number(batchBytes),
    lingerMs: Number(linger),
    maxInFlight: Number(inFlight),
    idempotent,
  };
  const error = start.error ? asAppError(start.error) : undefined;
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <form
      aria-label="Producer"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate(input);
      }}
    >
      <Stack gap="xs">
        <Autocomplete label="Topic" data={topics} value={topic} onChange={setTopic} error={fieldError('topic')} placeholder="topic name" />
        <Group grow align="flex-end">
          <SegmentedControl value={extent} onChange={(v) => setExtent(v as 'records' | 'duration')} data={['records', 'duration']} />
          {extent === 'records' ? (
            <NumberInput label="Records" value={count} onChange={setCount} min={1} thousandSeparator="," error={fieldError('records')} />
          ) : (
            <NumberInput label="Duration (s)" value={duration} onChange={setDuration} min={1} />
          )}
        </Group>
        <Group align="flex-end" wrap="nowrap">
          <Select
            style={{ flex: 2 }}
            label="Values"
            value={valueKind}
            onChange={(v) => v && setValueKind(v as typeof valueKind)}
            data={[
              { value: 'iot-json', label: 'IoT sensor readings (JSON)' },
              { value: 'random', label: 'Random bytes' },
              { value: 'text', label: 'Fixed text' },
            ]}
            allowDeselect={false}
          />
          {valueKind === 'random' && (
            <NumberInput
              style={{ flex: 1 }}
              label="Record size (bytes)"
              value={size}
              onChange={setSize}
              min={1}
              error={fieldError('value.size')}
            />
          )}
          {valueKind === 'text' && (
            <TextInput style={{ flex: 1 }} label="Text" value={text} onChange={(e) => setText(e.currentTarget.value)} />
          )}
          {valueKind === 'iot-json' && <NumberInput style={{ flex: 1 }} label="Sensors" value={sensors} onChange={setSensors} min={1} />}
        </Group>
        <Group grow align="flex-end">
          <Select
            label="Keys"
            value={keyKind}
            onChange={(v) => v && setKeyKind(v as typeof keyKind)}
            data={[
              { value: 'none', label: 'No key' },
              { value: 'sequential', label: 'Sequential' },
              { value: 'random', label: 'Random over N keys' },
            ]}
            allowDeselect={false}
          />
          {keyKind === 'random' && <NumberInput label="N keys" value={keyCount} onChange={setKeyCount} min={1} />}
          <NumberInput
            label="Throughput (records/s)"
            description="Empty: unlimited"
            value={throughput}
            onChange={setThroughput}
            error={fieldError('throughput')}
          />
        </Group>
        {/* Two by two: four in a row leave the acks control and the labels too narrow in a half-width form. */}
        <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              acks
            </Text>
            <SegmentedControl value={acks} onChange={(v) => setAcks(v as typeof acks)} data={['all', '1', '0']} />
          </Stack>
          <Select
            label="compression.type"
            value={compression}
            onChange={(v) => v && setCompression(v as typeof compression)}
            data={(['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const).map((c) => ({
              value: c,
              label: compressions.includes(c) ? c : `${c} (needs Node.js 22.15+)`,
              disabled: !compressions.includes(c),
            }))}
            allowDeselect={false}
            error={fieldError('compression')}
          />
          <NumberInput
            label="batch.size (bytes)"
            value={batchBytes}
            onChange={setBatchBytes}
            min={1024}
            step={16_384}
            thousandSeparator=","
            error={fieldError('batchBytes')}
          />
          <NumberInput label="linger.ms" value={linger} onChange={setLinger} min={0} />
        </SimpleGrid>
        {/* Its own row: the Java name is one long word that a half-width column would cut. */}
        <NumberInput
          label="max.in.flight.requests.per.connection"
          value={inFlight}
          onChange={setInFlight}
          min={1}
          max={32}
          error={fieldError('maxInFlight')}
        />
        <Switch label="enable.idempotence" checked={idempotent} onChange={(e) => setIdempotent(e.currentTarget.checked)} />
        {start.error && <StartError error={start.error} brokers={brokers} onCreated={() => start.reset()} />}
        <Group justify="flex-end">
          <Button type="submit" loading={start.isPending} disabled={!topic}>
            Start producer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ConsumerForm({ topics, brokers }: { topics: string[]; brokers: number }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [groupId, setGroupId] = useState('');
  const [from, setFrom] = useState<'earliest' | 'latest'>('latest');
  const [count, setCount] = useState<number | string>('');
  const [members, setMembers] = useState<number | string>(1);
  const start = useApiMutation('workloads.startConsumer');
  return (
    <form
      aria-label="Consumer"
      onSubmit={(e) => {
        e.preventDefault();
        const records = num(count);
        start.mutate({
          topics: selected,
          ...(groupId ? { groupId } : {}),
          from,
          ...(records !== undefined ? { records } : {}),
          members: Number(members),
        });
      }}
    >
      <Stack gap="xs">
        <TagsInput label="Topics" data={topics} value={selected} onChange={setSelected} placeholder="pick or type topics" />
        <Group grow align="flex-end">
          <TextInput
            label="Group id"
            description="Empty: an ephemeral group"
            value={groupId}
            onChange={(e) => setGroupId(e.currentTarget.value)}
          />
          <NumberInput label="Members" description="Consumers in the group" value={members} onChange={setMembers} min={1} max={16} />
        </Group>
        <Group grow align="flex-end">
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Start from
            </Text>
            <SegmentedControl value={from} onChange={(v) => setFrom(v as typeof from)} data={['latest', 'earliest']} />
          </Stack>
          <NumberInput label="Records" description="Empty: until stopped" value={count} onChange={setCount} min={1} thousandSeparator="," />
        </Group>
        {start.error && <StartError error={start.error} brokers={brokers} onCreated={() => start.reset()} />}
        <Group justify="flex-end">
          <Button type="submit" loading={start.isPending} disabled={selected.length === 0}>
            Start consumer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RemotePerfForm({ topics, hosts, brokers }: { topics: string[]; hosts: string[]; brokers: number }) {
  const [tool, setTool] = useState<'producer' | 'consumer'>('producer');
  const [selected, setSelected] = useState<string[]>([]);
  const [topic, setTopic] = useState('');
  const [records, setRecords] = useState<number | string>(100_000);
  const [size, setSize] = useState<number | string>(100);
  const [throughput, setThroughput] = useState<number | string>('');
  const start = useApiMutation('workloads.startRemote');
  return (
    <form
      aria-label="Perf tool on hosts"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate({
          tool,
          hosts: selected,
          topic,
          records: Number(records),
          recordSize: Number(size),
          throughput: num(throughput) ?? null,
        });
      }}
    >
      <Stack gap="xs">
        <Text size="xs" c="dimmed">
          Runs Kafka&apos;s own kafka-{tool}-perf-test.sh on each chosen host over SSH, splitting the records between them, and adds up
          their figures.
        </Text>
        <SegmentedControl value={tool} onChange={(v) => setTool(v as typeof tool)} data={['producer', 'consumer']} />
        <MultiSelect label="Hosts" data={hosts} value={selected} onChange={setSelected} />
        <Autocomplete label="Topic" data={topics} value={topic} onChange={setTopic} />
        <Group grow>
          <NumberInput label="Records (total)" value={records} onChange={setRecords} min={1} thousandSeparator="," />
          {tool === 'producer' && <NumberInput label="Record size (bytes)" value={size} onChange={setSize} min={1} />}
          {tool === 'producer' && (
            <NumberInput label="Throughput (records/s)" description="Empty: unlimited" value={throughput} onChange={setThroughput} />
          )}
        </Group>
        {start.error && <StartError error={start.error} brokers={brokers} onCreated={() => start.reset()} />}
        <Group justify="flex-end">
          <Button type="submit" loading={start.isPending} disabled={!topic || selected.length === 0}>
            Run on {selected.length || 'no'} host{selected.length === 1 ? '' : 's'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

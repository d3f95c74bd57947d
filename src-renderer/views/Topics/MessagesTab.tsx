import { Badge, Button, Card, Code, Group, Modal, NumberInput, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BrowseResult, MethodInput } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { DateTimeField } from '../../components/DateTimeField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';
import { downloadJsonl } from './export-jsonl';
import { formatDateTime } from '../../format';

type From = MethodInput<'messages.browse'>['from'];

function Value({ v }: { v: BrowseResult['messages'][number]['value'] }) {
  if (v.encoding === 'null')
    return (
      <Badge size="xs" variant="outline">
        null
      </Badge>
    );
  const text = v.text ?? '';
  return (
    <Code
      block={v.encoding === 'json'}
      style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 160, overflow: 'auto', fontSize: 11 }}
    >
      {v.encoding === 'hex' ? `hex ${text}` : text}
      {v.truncated ? ` … (${v.size} bytes)` : ''}
    </Code>
  );
}

type Message = BrowseResult['messages'][number];

const messageColumns: Array<DataColumn<Message>> = [
  { id: 'partition', header: 'Partition', cell: (m) => m.partition, sortValue: (m) => m.partition },
  { id: 'offset', header: 'Offset', cell: (m) => m.offset, sortValue: (m) => Number(m.offset) },
  {
    id: 'timestamp',
    header: 'Timestamp',
    cell: (m) => formatDateTime(m.timestamp),
    sortValue: (m) => new Date(m.timestamp).getTime(),
    nowrap: true,
    cellStyle: () => ({ fontSize: 12 }),
  },
  { id: 'key', header: 'Key', cell: (m) => <Value v={m.key} /> },
  { id: 'value', header: 'Value', cell: (m) => <Value v={m.value} />, cellStyle: () => ({ maxWidth: 520 }) },
  {
    id: 'headers',
    header: 'Headers',
    cell: (m) => m.headers.map((h) => `${h.key}=${h.value}`).join(', '),
    cellStyle: () => ({ fontSize: 12 }),
  },
];

function ProduceDialog({ topic, partitions, onClose }: { topic: string; partitions: number; onClose: () => void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [headers, setHeaders] = useState('');
  const [partition, setPartition] = useState<string | null>('auto');
  const produce = useApiMutation('messages.produce');
  return (
    <Modal opened onClose={onClose} title={`Produce to ${topic}`} centered size="lg">
      <Stack>
        <TextInput label="Key" value={key} onChange={(e) => setKey(e.currentTarget.value)} placeholder="(none)" />
        <Textarea label="Value" value={value} onChange={(e) => setValue(e.currentTarget.value)} autosize minRows={3} />
        <TextInput
          label="Headers"
          description="name=value, comma separated"
          value={headers}
          onChange={(e) => setHeaders(e.currentTarget.value)}
        />
        <Select
          label="Partition"
          data={['auto', ...Array.from({ length: partitions }, (_, i) => String(i))]}
          value={partition}
          onChange={setPartition}
          description="auto: Kafka's key hash"
        />
        {produce.error && <ErrorAlert error={produce.error} />}
        {produce.data && (
          <Text size="sm" c="green" data-testid="produced">
            Written to partition {produce.data.partition} at offset {produce.data.offset}.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button
            loading={produce.isPending}
            onClick={() =>
              produce.mutate({
                topic,
                key: key === '' ? null : key,
                value,
                headers: headers
                  .split(',')
                  .map((h) => h.trim())
                  .filter(Boolean)
                  .map((h) => ({ key: h.split('=')[0] ?? h, value: h.split('=').slice(1).join('=') })),
                ...(partition && partition !== 'auto' ? { partition: Number(partition) } : {}),
              })
            }
          >
            Produce
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Bounded message browsing: where to start, how many, a filter; and a dialog to produce one message. */
export function MessagesTab({ topic, partitions }: { topic: string; partitions: number }) {
  const [partition, setPartition] = useState<string | null>('all');
  const [fromKind, setFromKind] = useState<string | null>('earliest');
  const [fromValue, setFromValue] = useState<number | string>(100);
  const [fromTime, setFromTime] = useState<number | null>(null);
  const [limit, setLimit] = useState<number | string>(100);
  const [contains, setContains] = useState('');
  const [jsonPath, setJsonPath] = useState('');
  const [jsonEquals, setJsonEquals] = useState('');
  const [live, setLive] = useState(false);
  const [producing, setProducing] = useState(false);
  const browse = useApiMutation('messages.browse');
  const from = (): From => {
    const n = Number(fromValue);
    if (fromKind === 'latest') return { latest: Math.max(1, n) };
    if (fromKind === 'offset') return { offset: Math.max(0, n) };
    if (fromKind === 'timestamp') return { timestamp: Math.max(0, fromTime ?? 0) };
    return 'earliest';
  };
  const request = (): MethodInput<'messages.browse'> => ({
    topic,
    ...(partition && partition !== 'all' ? { partition: Number(partition) } : {}),
    // Live tail: always the newest messages, read again every 2 s.
    from: live ? { latest: Math.max(1, Number(limit)) } : from(),
    limit: Number(limit),
    ...(contains ? { contains } : {}),
    ...(jsonPath ? { jsonPath } : {}),
    ...(jsonPath && jsonEquals ? { jsonEquals } : {}),
  });
  const { mutate, isPending } = browse;
  const [page, setPage] = useState(1);
  // The next page continues where this one stopped, partition by partition, with the same filters: each answer stays
  // bounded by "Max messages" however large the topic.
  const nextPage = () => {
    const next = browse.data?.next ?? [];
    if (next.length === 0) return;
    setPage((n) => n + 1);
    mutate({ ...request(), from: { positions: next } });
  };
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (!isPending) mutate(request());
    }, 2_000);
    return () => clearInterval(timer);
  });
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <Select
          label="Partition"
          w={110}
          data={['all', ...Array.from({ length: partitions }, (_, i) => String(i))]}
          value={partition}
          onChange={setPartition}
        />
        <Select
          label="From"
          w={150}
          data={[
            { value: 'earliest', label: 'earliest' },
            { value: 'latest', label: 'latest N' },
            { value: 'offset', label: 'offset' },
            { value: 'timestamp', label: 'date and time' },
          ]}
          value={fromKind}
          onChange={setFromKind}
        />
        {(fromKind === 'latest' || fromKind === 'offset') && (
          <NumberInput label={fromKind === 'latest' ? 'N' : 'Offset'} w={170} value={fromValue} onChange={setFromValue} />
        )}
        {fromKind === 'timestamp' && (
          <DateTimeField label="First message at or after" value={fromTime} onChange={setFromTime} testId="browse-from-time" />
        )}
        <NumberInput label="Max messages" w={130} value={limit} onChange={setLimit} min={1} max={10000} />
        <TextInput
          label="Contains"
          placeholder="key, value or header"
          value={contains}
          onChange={(e) => setContains(e.currentTarget.value)}
          w={220}
        />
        <TextInput label="JSON path" placeholder="$.sensor" value={jsonPath} onChange={(e) => setJsonPath(e.currentTarget.value)} w={150} />
        <TextInput label="equals" placeholder="(any)" value={jsonEquals} onChange={(e) => setJsonEquals(e.currentTarget.value)} w={110} />
        <Button
          disabled={fromKind === 'timestamp' && fromTime === null && !live}
          loading={browse.isPending && !live}
          onClick={() => {
            setPage(1);
            browse.mutate(request());
          }}
        >
          Read
        </Button>
        <Switch label="Live" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} aria-label="Live tail" />
        <Button variant="light" onClick={() => setProducing(true)}>
          Produce…
        </Button>
      </Group>
      {browse.error && <ErrorAlert error={browse.error} />}
      {browse.data && (
        <Card withBorder padding="sm">
          <Group justify="space-between" mb="xs">
            <Text size="xs" c="dimmed" data-testid="browse-summary">
              {page > 1 ? `Page ${page} · ` : ''}
              {browse.data.messages.length} shown of {browse.data.scanned} scanned · stopped by {browse.data.stoppedBy}
            </Text>
            <Group gap="xs">
              <Button
                size="compact-xs"
                variant="light"
                disabled={browse.data.messages.length === 0}
                onClick={() => browse.data && downloadJsonl(topic, page, browse.data.messages)}
                data-testid="export-jsonl"
              >
                Export JSONL
              </Button>
              {!live && browse.data.next.length > 0 && (
                <Button size="compact-xs" variant="light" onClick={nextPage} loading={browse.isPending}>
                  Next page
                </Button>
              )}
            </Group>
          </Group>
          <DataTable
            striped
            aria-label="Messages"
            verticalSpacing={4}
            data={browse.data.messages}
            rowKey={(m) => `${m.partition}-${m.offset}`}
            columns={messageColumns}
            virtual={{ height: 'max(320px, calc(100vh - 330px))', estimateRowHeight: 48 }}
          />
        </Card>
      )}
      {producing && <ProduceDialog topic={topic} partitions={partitions} onClose={() => setProducing(false)} />}
    </Stack>
  );
}

import { Card, Group, Loader, Progress, Text, Title } from '@mantine/core';
import type { MethodOutput } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TimeAgo } from '../../components/TimeAgo';
import { formatBytes, formatCount } from '../../format';
import { useTopicStorage } from '../../queries';

type LogDir = MethodOutput<'topics.storage'>['logDirs'][number];

const columns = (largest: number): Array<DataColumn<LogDir>> => [
  { id: 'broker', header: 'Broker', cell: (d) => d.broker, sortValue: (d) => d.broker, cellStyle: () => ({ fontWeight: 600 }) },
  { id: 'dir', header: 'Log directory', cell: (d) => <code>{d.dir}</code>, sortValue: (d) => d.dir },
  { id: 'replicas', header: 'Replicas', align: 'right', cell: (d) => formatCount(d.replicas), sortValue: (d) => d.replicas },
  {
    id: 'bytes',
    header: 'Used by Kafka',
    nowrap: true,
    cell: (d) => (
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" w={80} ta="right" data-testid={`logdir-bytes-${d.broker}`}>
          {formatBytes(d.bytes)}
        </Text>
        <Progress
          value={largest > 0 ? (d.bytes / largest) * 100 : 0}
          w={160}
          aria-label={`share of the largest directory, broker ${d.broker}`}
        />
      </Group>
    ),
    sortValue: (d) => d.bytes,
  },
  {
    id: 'error',
    header: 'State',
    cell: (d) =>
      d.error ? (
        <Text c="red" size="sm">
          {d.error}
        </Text>
      ) : (
        'online'
      ),
    sortValue: (d) => d.error ?? '',
  },
];

/** Each broker's log directories with the bytes of the replicas in them, as DescribeLogDirs reports (kafka-log-dirs.sh). */
export function LogDirsCard() {
  const { query } = useTopicStorage();
  const dirs = query.data?.logDirs ?? [];
  const largest = Math.max(0, ...dirs.map((d) => d.bytes));
  return (
    <Card withBorder padding="md" data-testid="log-dirs">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Log directories</Title>
        {query.data && (
          <Text size="xs" c="dimmed">
            read <TimeAgo when={query.data.readAt} />
          </Text>
        )}
      </Group>
      {query.error && <ErrorAlert error={query.error} />}
      {!query.data && !query.error && <Loader size="sm" />}
      {query.data && query.data.unreachable.length > 0 && (
        <Text size="sm" c="orange" mb="xs">
          No answer from broker {query.data.unreachable.map((u) => u.broker).join(', ')}: {query.data.unreachable[0]?.message}
        </Text>
      )}
      {query.data && (
        <DataTable striped aria-label="Log directories" data={dirs} rowKey={(d) => `${d.broker}:${d.dir}`} columns={columns(largest)} />
      )}
    </Card>
  );
}

import { Badge, Button, Card, Group, Loader, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ClusterState } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ZooKeeperBanner } from '../../components/ZooKeeperBanner';
import { useClusterState, useTopicStorage } from '../../queries';
import { formatBytes, formatCount } from '../../format';
import type { MethodOutput } from '../../../src-main/api/contract';
import { CreateTopicDialog } from '../../components/CreateTopicDialog';
import { DeleteTopicDialog } from './DeleteTopicDialog';
import classes from './TopicsView.module.css';

const ROW = 36;

type TopicRow = ClusterState['topics'][number];

const danger = (n: number) => (n > 0 ? { color: 'var(--mantine-color-red-6)' } : undefined);

type TopicStorage = MethodOutput<'topics.storage'>;
type StorageOf = (topic: string) => TopicStorage['topics'][number] | undefined;

/** A figure that is still being read ("…"), unknown because a broker did not answer ("—"), or known. */
function storageCell(testId: string, loaded: boolean, value: number | null | undefined, format: (n: number) => string) {
  // Plain spans: a cell of every row in view, as in the rows themselves.
  if (!loaded)
    return (
      <span className={classes.dimmed} title="reading from the brokers" data-testid={testId}>
        …
      </span>
    );
  if (value === null || value === undefined)
    return (
      <span className={classes.dimmed} title="a broker holding it did not answer" data-testid={testId}>
        —
      </span>
    );
  return <span data-testid={testId}>{format(value)}</span>;
}

const topicColumns = (onDelete: (name: string) => void, storageOf: StorageOf, loaded: boolean): Array<DataColumn<TopicRow>> => [
  {
    id: 'name',
    header: 'Name',
    cell: (t) => (
      <>
        <Link to={`/topics/${encodeURIComponent(t.name)}`}>{t.name}</Link>{' '}
        {t.internal && (
          <Badge size="xs" variant="light">
            internal
          </Badge>
        )}
        {t.markedForDeletion && (
          <Badge size="xs" color="red" variant="light">
            deleting
          </Badge>
        )}
      </>
    ),
    sortValue: (t) => t.name,
    width: '30%',
  },
  { id: 'partitions', header: 'Partitions', cell: (t) => t.partitions, sortValue: (t) => t.partitions },
  { id: 'replication', header: 'Replicas', cell: (t) => t.replicationFactor, sortValue: (t) => t.replicationFactor },
  {
    id: 'messages',
    header: 'Messages',
    align: 'right',
    nowrap: true,
    cell: (t) => storageCell('topic-messages', loaded, storageOf(t.name)?.messages, (n) => formatCount(n)),
    sortValue: (t) => storageOf(t.name)?.messages ?? -1,
  },
  {
    id: 'size',
    header: <span title="On disk, every replica counted">Size</span>,
    align: 'right',
    nowrap: true,
    cell: (t) => storageCell('topic-size', loaded, storageOf(t.name)?.bytes, (n) => formatBytes(n)),
    sortValue: (t) => storageOf(t.name)?.bytes ?? -1,
  },
  {
    id: 'underReplicated',
    header: 'Under-replicated',
    cell: (t) => t.underReplicated,
    sortValue: (t) => t.underReplicated,
    cellStyle: (t) => danger(t.underReplicated),
  },
  { id: 'offline', header: 'Offline', cell: (t) => t.offline, sortValue: (t) => t.offline, cellStyle: (t) => danger(t.offline) },
  { id: 'nonPreferred', header: 'Leader not preferred', cell: (t) => t.nonPreferredLeader, sortValue: (t) => t.nonPreferredLeader },
  {
    id: 'actions',
    cell: (t) =>
      !t.internal && (
        <button type="button" className={classes.rowAction} onClick={() => onDelete(t.name)}>
          Delete
        </button>
      ),
  },
];

// Module-level, so that the table's row rendering stays the same function and unchanged rows do not render again.
const topicKey = (t: TopicRow) => t.name;
const topicRowProps = (t: TopicRow) => ({ 'data-testid': `topic-row-${t.name}` });

const tableHeight = { height: 'max(240px, calc(100vh - 300px))', estimateRowHeight: ROW, fixedRowHeight: true };

/** Every topic, virtualized so thousands scroll smoothly; search and health filters run on the loaded picture. */
export function TopicsView() {
  const state = useClusterState();
  // With 10,000 topics changes arrive several times a second, and the query hands each one over as an urgent
  // (synchronous) update. Only this hook follows it: the view renders the change as a deferred update, which React
  // splits into slices and restarts when the next change comes, so no change holds the main thread in one piece.
  const data = useDeferredValue(state.data);
  if (state.error) return <ErrorAlert error={state.error} />;
  if (!data) return <Loader size="sm" />;
  return <TopicsList state={data} />;
}

const TopicsList = memo(function TopicsList({ state }: { state: ClusterState }) {
  const [search, setSearch] = useState('');
  const [showInternal, setShowInternal] = useState(false);
  const [onlyUnhealthy, setOnlyUnhealthy] = useState(false);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const allTopics = state.topics;
  const topics = useMemo(() => {
    const needle = search.toLowerCase();
    return allTopics.filter(
      (t) =>
        (showInternal || !t.internal) &&
        (!onlyUnhealthy || t.underReplicated + t.offline > 0) &&
        (needle === '' || t.name.toLowerCase().includes(needle)),
    );
  }, [allTopics, search, showInternal, onlyUnhealthy]);
  const storage = useTopicStorage();
  const { byTopic } = storage;
  const loaded = storage.query.data !== undefined;
  const columns = useMemo(() => topicColumns(setDeleting, (name) => byTopic.get(name), loaded), [byTopic, loaded]);
  const registered = state.brokers.filter((b) => b.registered).length;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Topics</Title>
        <Button onClick={() => setCreating(true)}>Create topic</Button>
      </Group>
      <ZooKeeperBanner zookeeper={state.zookeeper} />
      <Group>
        <TextInput
          placeholder="Search topics"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
          aria-label="Search topics"
        />
        <Switch label="Internal topics" checked={showInternal} onChange={(e) => setShowInternal(e.currentTarget.checked)} />
        <Switch label="Only unhealthy" checked={onlyUnhealthy} onChange={(e) => setOnlyUnhealthy(e.currentTarget.checked)} />
        <Text size="sm" c="dimmed" data-testid="topic-count">
          {topics.length} of {allTopics.length} topics
        </Text>
      </Group>
      <Card withBorder padding={0}>
        <DataTable aria-label="Topics" data={topics} rowKey={topicKey} rowProps={topicRowProps} columns={columns} virtual={tableHeight} />
      </Card>
      {creating && <CreateTopicDialog brokers={registered} onClose={() => setCreating(false)} />}
      {deleting && <DeleteTopicDialog topic={deleting} onClose={() => setDeleting(undefined)} />}
    </Stack>
  );
});

import { Badge, Button, Card, Group, Loader, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ZooKeeperBanner } from '../../components/ZooKeeperBanner';
import { useClusterState } from '../../queries';
import { CreateTopicDialog } from '../../components/CreateTopicDialog';
import { DeleteTopicDialog } from './DeleteTopicDialog';

const ROW = 36;
const columns = '2.5fr 0.8fr 0.8fr 1fr 0.8fr 1fr 0.7fr';

/** Every topic, virtualized so thousands scroll smoothly; search and health filters run on the loaded picture. */
export function TopicsView() {
  const state = useClusterState();
  const [search, setSearch] = useState('');
  const [showInternal, setShowInternal] = useState(false);
  const [onlyUnhealthy, setOnlyUnhealthy] = useState(false);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const topics = useMemo(() => {
    const needle = search.toLowerCase();
    return (state.data?.topics ?? []).filter(
      (t) =>
        (showInternal || !t.internal) && (!onlyUnhealthy || t.underReplicated + t.offline > 0) && t.name.toLowerCase().includes(needle),
    );
  }, [state.data, search, showInternal, onlyUnhealthy]);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is the intended virtualizer; its instance is not memoizable
  const virtual = useVirtualizer({ count: topics.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });

  if (state.error) return <ErrorAlert error={state.error} />;
  if (!state.data) return <Loader size="sm" />;
  const registered = state.data.brokers.filter((b) => b.registered).length;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Topics</Title>
        <Button onClick={() => setCreating(true)}>Create topic</Button>
      </Group>
      <ZooKeeperBanner zookeeper={state.data.zookeeper} />
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
          {topics.length} of {state.data.topics.length} topics
        </Text>
      </Group>
      <Card withBorder padding={0}>
        <Table component="div" role="table" aria-label="Topics">
          <div
            role="row"
            style={{
              display: 'grid',
              gridTemplateColumns: columns,
              fontWeight: 600,
              padding: '8px 12px',
              borderBottom: '1px solid var(--mantine-color-default-border)',
            }}
          >
            <span>Name</span>
            <span>Partitions</span>
            <span>Replication</span>
            <span>Under-replicated</span>
            <span>Offline</span>
            <span>Leader not preferred</span>
            <span />
          </div>
          <div ref={scroller} style={{ height: 'calc(100vh - 300px)', minHeight: 240, overflow: 'auto' }}>
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {virtual.getVirtualItems().map((row) => {
                const t = topics[row.index];
                if (!t) return null;
                return (
                  <div
                    key={t.name}
                    role="row"
                    data-testid={`topic-row-${t.name}`}
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW,
                      transform: `translateY(${row.start}px)`,
                      display: 'grid',
                      gridTemplateColumns: columns,
                      alignItems: 'center',
                      padding: '0 12px',
                      borderBottom: '1px solid var(--mantine-color-default-border)',
                    }}
                  >
                    <span>
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
                    </span>
                    <span>{t.partitions}</span>
                    <span>{t.replicationFactor}</span>
                    <span style={{ color: t.underReplicated > 0 ? 'var(--mantine-color-red-6)' : undefined }}>{t.underReplicated}</span>
                    <span style={{ color: t.offline > 0 ? 'var(--mantine-color-red-6)' : undefined }}>{t.offline}</span>
                    <span>{t.nonPreferredLeader}</span>
                    <span>
                      {!t.internal && (
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(t.name)}>
                          Delete
                        </Button>
                      )}
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        </Table>
      </Card>
      {creating && <CreateTopicDialog brokers={registered} onClose={() => setCreating(false)} />}
      {deleting && <DeleteTopicDialog topic={deleting} onClose={() => setDeleting(undefined)} />}
    </Stack>
  );
}

import { Badge, Button, Card, Code, Group, Loader, NavLink, ScrollArea, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { GroupDetail as GroupDetailData } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation, useApiQuery } from '../../queries';

const stateColor: Record<string, string> = {
  Stable: 'green',
  Empty: 'gray',
  PreparingRebalance: 'yellow',
  CompletingRebalance: 'yellow',
  Dead: 'red',
};

const lagColumns: Array<DataColumn<GroupDetailData['offsets'][number]>> = [
  { id: 'topic', header: 'Topic', cell: (o) => o.topic, sortValue: (o) => o.topic },
  { id: 'partition', header: 'Partition', cell: (o) => o.partition, sortValue: (o) => o.partition },
  { id: 'committed', header: 'Committed', cell: (o) => o.committed ?? '—', sortValue: (o) => o.committed ?? -1 },
  { id: 'logEnd', header: 'Log end', cell: (o) => o.logEnd, sortValue: (o) => o.logEnd },
  {
    id: 'lag',
    header: 'Lag',
    cell: (o) => o.lag,
    sortValue: (o) => o.lag,
    cellStyle: (o) => (o.lag > 0 ? { color: 'var(--mantine-color-orange-text)' } : undefined),
  },
];

function ResetOffsets({ groupId, topics }: { groupId: string; topics: string[] }) {
  const [topic, setTopic] = useState<string | null>(topics[0] ?? null);
  const [to, setTo] = useState<string | null>('earliest');
  const reset = useApiMutation('groups.resetOffsets');
  return (
    <Card withBorder padding="sm">
      <Text fw={600} size="sm" mb="xs">
        Reset offsets (group must be empty)
      </Text>
      <Group align="flex-end">
        <Select label="Topic" data={topics} value={topic} onChange={setTopic} w={260} />
        <Select label="To" data={['earliest', 'latest']} value={to} onChange={setTo} w={140} />
        <Button
          disabled={!topic || !to}
          loading={reset.isPending}
          onClick={() => topic && to && reset.mutate({ groupId, topic, to: to === 'latest' ? 'latest' : 'earliest' })}
        >
          Reset
        </Button>
      </Group>
      {reset.error && <ErrorAlert error={reset.error} />}
    </Card>
  );
}

function GroupDetail({ groupId }: { groupId: string }) {
  const detail = useApiQuery('groups.describe', { groupId }, { refetchInterval: 5_000 });
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loader size="sm" />;
  const d = detail.data;
  const topics = [...new Set(d.offsets.map((o) => o.topic))];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={4}>{d.groupId}</Title>
        <Group gap="xs">
          <Badge color={stateColor[d.state] ?? 'gray'} data-testid="group-state">
            {d.state}
          </Badge>
          <Badge variant="light" color={d.totalLag > 0 ? 'orange' : 'green'} data-testid="group-lag">
            lag {d.totalLag}
          </Badge>
        </Group>
      </Group>
      <Card withBorder padding="sm">
        <Text fw={600} size="sm" mb="xs">
          Members ({d.members.length})
        </Text>
        {d.members.length === 0 && (
          <Text size="sm" c="dimmed">
            No active member.
          </Text>
        )}
        {d.members.map((m) => (
          <Text size="xs" key={m.memberId}>
            <Code>{m.clientId}</Code> {m.host} —{' '}
            {m.assignment.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ') || 'no partitions'}
          </Text>
        ))}
      </Card>
      <Card withBorder padding="sm">
        <DataTable
          striped
          aria-label="Lag per partition"
          data={d.offsets}
          rowKey={(o) => `${o.topic}-${o.partition}`}
          columns={lagColumns}
        />
      </Card>
      {topics.length > 0 && d.members.length === 0 && <ResetOffsets groupId={d.groupId} topics={topics} />}
    </Stack>
  );
}

/** Consumer groups, their members, and lag per partition. */
export function GroupsView() {
  const groups = useApiQuery('groups.list', {}, { refetchInterval: 10_000 });
  const [selected, setSelected] = useState<string>();
  return (
    <Stack gap="md">
      <Title order={2}>Consumer groups</Title>
      {groups.error && <ErrorAlert error={groups.error} />}
      {groups.isLoading && <Loader size="sm" />}
      {groups.data && (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Card withBorder padding="xs">
            <ScrollArea h="calc(100vh - 200px)">
              {groups.data.length === 0 && (
                <Text c="dimmed" size="sm">
                  No consumer groups.
                </Text>
              )}
              {groups.data.map((g) => (
                <NavLink
                  key={g.groupId}
                  label={g.groupId}
                  description={`${g.state} · ${g.members} member(s)${g.protocolType ? ` · ${g.protocolType}` : ''}`}
                  active={selected === g.groupId}
                  onClick={() => setSelected(g.groupId)}
                  data-testid={`group-${g.groupId}`}
                />
              ))}
            </ScrollArea>
          </Card>
          <div style={{ gridColumn: 'span 2' }}>
            {selected ? <GroupDetail groupId={selected} /> : <Text c="dimmed">Select a group.</Text>}
          </div>
        </SimpleGrid>
      )}
    </Stack>
  );
}

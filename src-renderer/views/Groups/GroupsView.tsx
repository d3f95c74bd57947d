import { Badge, Card, Code, Group, Loader, NavLink, ScrollArea, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { GroupDetail as GroupDetailData } from '../../../src-main/api/contract';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation, useApiQuery } from '../../queries';
import { LagOverTime } from './LagOverTime';
import { ResetOffsets } from './ResetOffsets';

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

function GroupDetail({ groupId, onDeleted }: { groupId: string; onDeleted: () => void }) {
  const detail = useApiQuery('groups.describe', { groupId }, { refetchInterval: 5_000 });
  const remove = useApiMutation('groups.delete');
  if (detail.error) return <ErrorAlert error={detail.error} />;
  if (!detail.data) return <Loader size="sm" />;
  const d = detail.data;
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
          {d.members.length > 0 && (
            <Text size="xs" c="dimmed">
              (delete and reset: only once the group is empty)
            </Text>
          )}
          {d.members.length === 0 && (
            <ConfirmButton
              size="compact-sm"
              color="red"
              variant="light"
              title={`Delete group ${d.groupId}?`}
              message="The group and its committed offsets are deleted. A consumer that joins under this id later starts from its auto.offset.reset position."
              confirmLabel="Delete group"
              loading={remove.isPending}
              data-testid="delete-group"
              onConfirm={() => remove.mutate({ groupId: d.groupId }, { onSuccess: onDeleted })}
            >
              Delete group
            </ConfirmButton>
          )}
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
      <LagOverTime groupId={d.groupId} />
      <Card withBorder padding="sm">
        <DataTable
          striped
          aria-label="Lag per partition"
          data={d.offsets}
          rowKey={(o) => `${o.topic}-${o.partition}`}
          columns={lagColumns}
        />
      </Card>
      {remove.error && <ErrorAlert error={remove.error} />}
      {d.offsets.length > 0 && d.members.length === 0 && <ResetOffsets groupId={d.groupId} offsets={d.offsets} />}
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
                  // A button, so a group can be chosen from the keyboard (a NavLink without a link is not focusable).
                  component="button"
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
            {selected ? (
              <GroupDetail key={selected} groupId={selected} onDeleted={() => setSelected(undefined)} />
            ) : (
              <Text c="dimmed">Select a group.</Text>
            )}
          </div>
        </SimpleGrid>
      )}
    </Stack>
  );
}

import { Badge, Button, Card, Code, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { PartitionStateView } from '../../../src-main/api/contract';
import { ConfigTable } from '../../components/configs/ConfigTable';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery, useClusterState } from '../../queries';
import { ElectLeadersButton } from '../../components/ElectLeadersButton';
import { AddPartitionsDialog } from './AddPartitionsDialog';
import { DeleteTopicDialog } from './DeleteTopicDialog';
import { MessagesTab } from './MessagesTab';
import { ProduceRate } from './ProduceRate';

const health = (p: PartitionStateView) =>
  p.offline ? 'offline' : p.underReplicated ? 'under-replicated' : !p.preferredLeader ? 'leader not preferred' : 'ok';
const healthColor = { offline: 'red', 'under-replicated': 'orange', 'leader not preferred': 'yellow', ok: 'green' } as const;

const partitionColumns: Array<DataColumn<PartitionStateView>> = [
  { id: 'partition', header: 'Partition', cell: (p) => p.partition, sortValue: (p) => p.partition },
  {
    id: 'leader',
    header: 'Leader',
    cell: (p) => (p.offline ? <Badge color="red">none</Badge> : p.leader),
    sortValue: (p) => (p.offline ? -1 : (p.leader ?? -1)),
  },
  { id: 'replicas', header: 'Replicas', cell: (p) => <Code>{p.replicas.join(', ')}</Code> },
  { id: 'isr', header: 'In-sync replicas', cell: (p) => <Code>{p.isr.join(', ')}</Code> },
  { id: 'epoch', header: 'Leader epoch', cell: (p) => p.leaderEpoch ?? '—' },
  {
    id: 'health',
    header: 'Health',
    cell: (p) => <Badge color={healthColor[health(p)]}>{health(p)}</Badge>,
    sortValue: health,
  },
];

/** One topic: partitions with leader, replicas and ISR (live from ZooKeeper), and its configuration. */
export function TopicView() {
  const { name = '' } = useParams();
  const navigate = useNavigate();
  useClusterState();
  const partitions = useApiQuery('cluster.partitions', { topic: name });
  const configs = useApiQuery('topics.configs', { name });
  const [deleting, setDeleting] = useState(false);
  const [adding, setAdding] = useState(false);
  const notPreferred = (partitions.data ?? []).filter((p) => !p.offline && !p.preferredLeader).length;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="xs">
          <Link to="/topics">Topics</Link>
          <Text>/</Text>
          <Title order={2}>{name}</Title>
          <ProduceRate key={name} topic={name} />
        </Group>
        <Group gap="xs">
          <Button variant="light" disabled={!partitions.data} onClick={() => setAdding(true)}>
            Add partitions…
          </Button>
          <ElectLeadersButton target={{ topic: name }} variant="light" disabled={notPreferred === 0} data-testid="elect-topic">
            Elect preferred leaders{notPreferred > 0 ? ` (${notPreferred})` : ''}
          </ElectLeadersButton>
          <Button color="red" variant="light" onClick={() => setDeleting(true)}>
            Delete topic
          </Button>
        </Group>
      </Group>
      <Tabs defaultValue="partitions">
        <Tabs.List>
          <Tabs.Tab value="partitions">Partitions</Tabs.Tab>
          <Tabs.Tab value="messages">Messages</Tabs.Tab>
          <Tabs.Tab value="configs">Configuration</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="partitions" pt="md">
          {partitions.error && <ErrorAlert error={partitions.error} />}
          {partitions.isLoading && <Loader size="sm" />}
          {partitions.data && (
            <Card withBorder padding="md">
              <DataTable
                striped
                aria-label="Partitions"
                data={partitions.data}
                rowKey={(p) => String(p.partition)}
                rowProps={(p) => ({ 'data-testid': `partition-${p.partition}` })}
                columns={[
                  ...partitionColumns,
                  {
                    id: 'actions',
                    cell: (p) =>
                      !p.offline &&
                      !p.preferredLeader && (
                        <ElectLeadersButton target={{ topic: name, partition: p.partition }} size="compact-xs" variant="subtle">
                          Elect preferred
                        </ElectLeadersButton>
                      ),
                  },
                ]}
              />
            </Card>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="messages" pt="md">
          <MessagesTab topic={name} partitions={partitions.data?.length ?? 1} />
        </Tabs.Panel>
        <Tabs.Panel value="configs" pt="md">
          {configs.error && <ErrorAlert error={configs.error} />}
          {configs.data && (
            <Card withBorder padding="md">
              <ConfigTable owner={{ topic: name }} entries={configs.data} label="Configuration" />
            </Card>
          )}
        </Tabs.Panel>
      </Tabs>
      {adding && partitions.data && <AddPartitionsDialog topic={name} current={partitions.data.length} onClose={() => setAdding(false)} />}
      {deleting && <DeleteTopicDialog topic={name} onClose={() => setDeleting(false)} onDeleted={() => void navigate('/topics')} />}
    </Stack>
  );
}

import { Badge, Button, Card, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ClusterState } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ElectLeadersButton } from '../../components/ElectLeadersButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ZooKeeperBanner } from '../../components/ZooKeeperBanner';
import { useClusterState } from '../../queries';
import { BrokerConfigsDrawer } from './BrokerConfigsDrawer';
import { BalanceCard } from './BalanceCard';
import { DoctorCard } from './DoctorCard';
import { ReassignDrawer } from './ReassignDrawer';
import { LogDirsCard } from './LogDirsCard';
import { TimeAgo } from '../../components/TimeAgo';

type BrokerRow = ClusterState['brokers'][number];

const brokerColumns: Array<DataColumn<BrokerRow>> = [
  {
    id: 'id',
    header: 'Id',
    cell: (b) => (
      <>
        {b.id} {b.controller && <Badge size="xs">controller</Badge>}
      </>
    ),
    sortValue: (b) => b.id,
    cellStyle: () => ({ fontWeight: 600 }),
  },
  {
    id: 'state',
    header: 'State',
    cell: (b) => (
      <Badge color={b.registered ? 'green' : 'red'} variant="dot" data-testid={`broker-state-${b.id}`}>
        {b.registered ? 'registered' : 'absent'}
      </Badge>
    ),
    sortValue: (b) => (b.registered ? 'registered' : 'absent'),
  },
  {
    id: 'endpoints',
    header: 'Advertised endpoints',
    cell: (b) =>
      b.endpoints.map((e) => (
        <Code key={e} mr={4}>
          {e}
        </Code>
      )),
  },
  {
    id: 'service',
    header: 'Service',
    cell: (b) => b.serviceId ?? <Text c="orange">not in profile</Text>,
    sortValue: (b) => b.serviceId ?? '',
  },
  { id: 'rack', header: 'Rack', cell: (b) => b.rack ?? '—', sortValue: (b) => b.rack ?? '' },
  { id: 'leaderOf', header: 'Leader of', cell: (b) => b.leaderOf, sortValue: (b) => b.leaderOf },
  { id: 'replicaOf', header: 'Replica of', cell: (b) => b.replicaOf, sortValue: (b) => b.replicaOf },
  {
    id: 'registered',
    header: 'Registered',
    cell: (b) => (b.registeredAt ? <TimeAgo when={b.registeredAt} withDate /> : '—'),
    sortValue: (b) => (b.registeredAt ? new Date(b.registeredAt).getTime() : 0),
  },
];

/** Brokers as ZooKeeper and the profile see them: registered, absent, controller, and their share of partitions. */
export function BrokersView() {
  const state = useClusterState();
  const [configsOf, setConfigsOf] = useState<number>();
  const [reassigning, setReassigning] = useState(false);
  if (state.error) return <ErrorAlert error={state.error} />;
  if (!state.data) return <Loader size="sm" />;
  const s = state.data;
  const absent = s.brokers.filter((b) => b.inProfile && !b.registered);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Brokers</Title>
        <Group gap="sm">
          <Text size="sm" c="dimmed">
            Cluster {s.clusterId ?? 'unknown'} · controller {s.controllerId ?? 'none'} · leader not preferred:{' '}
            <span data-testid="brokers-non-preferred">{s.totals.nonPreferredLeader}</span>
          </Text>
          <ElectLeadersButton target={{}} size="compact-sm" variant="light" disabled={s.totals.nonPreferredLeader === 0}>
            Elect preferred leaders
          </ElectLeadersButton>
          <Button size="compact-sm" variant="light" onClick={() => setReassigning(true)}>
            Reassign partitions…
          </Button>
        </Group>
      </Group>
      <ZooKeeperBanner zookeeper={s.zookeeper} />
      <ReassignDrawer state={s} opened={reassigning} onClose={() => setReassigning(false)} />
      {absent.length > 0 && s.zookeeper.state === 'connected' && (
        <ErrorAlert
          title={`${absent.length} broker${absent.length > 1 ? 's' : ''} absent`}
          error={{
            code: 'not_found',
            message: `Broker ${absent.map((b) => b.id).join(', ')} is in the profile but not registered in ZooKeeper.`,
            hint: 'It is stopped, crashed, or cannot reach ZooKeeper: see Hosts & services and its log.',
          }}
        />
      )}
      <Card withBorder padding="md">
        <DataTable
          striped
          aria-label="Brokers"
          data={s.brokers}
          rowKey={(b) => String(b.id)}
          rowProps={(b) => ({ 'data-testid': `broker-row-${b.id}` })}
          columns={[
            ...brokerColumns,
            {
              id: 'actions',
              cell: (b) => (
                <Button size="compact-xs" variant="subtle" disabled={!b.registered} onClick={() => setConfigsOf(b.id)}>
                  Configs
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <BalanceCard brokers={s.brokers} />
      <LogDirsCard />
      <DoctorCard />
      {configsOf !== undefined && <BrokerConfigsDrawer brokerId={configsOf} onClose={() => setConfigsOf(undefined)} />}
    </Stack>
  );
}

import { Badge, Button, Card, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ZooKeeperBanner } from '../../components/ZooKeeperBanner';
import { useClusterState } from '../../queries';
import { BrokerConfigsDrawer } from './BrokerConfigsDrawer';
import { DoctorCard } from './DoctorCard';

/** Brokers as ZooKeeper and the profile see them: registered, absent, controller, and their share of partitions. */
export function BrokersView() {
  const state = useClusterState();
  const [configsOf, setConfigsOf] = useState<number>();
  if (state.error) return <ErrorAlert error={state.error} />;
  if (!state.data) return <Loader size="sm" />;
  const s = state.data;
  const absent = s.brokers.filter((b) => b.inProfile && !b.registered);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Brokers</Title>
        <Text size="sm" c="dimmed">
          Cluster {s.clusterId ?? 'unknown'} · controller {s.controllerId ?? 'none'}
        </Text>
      </Group>
      <ZooKeeperBanner zookeeper={s.zookeeper} />
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
        <Table striped aria-label="Brokers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Id</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Advertised endpoints</Table.Th>
              <Table.Th>Service</Table.Th>
              <Table.Th>Rack</Table.Th>
              <Table.Th>Leader of</Table.Th>
              <Table.Th>Replica of</Table.Th>
              <Table.Th>Registered</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.brokers.map((b) => (
              <Table.Tr key={b.id} data-testid={`broker-row-${b.id}`}>
                <Table.Td fw={600}>
                  {b.id} {b.controller && <Badge size="xs">controller</Badge>}
                </Table.Td>
                <Table.Td>
                  <Badge color={b.registered ? 'green' : 'red'} variant="dot" data-testid={`broker-state-${b.id}`}>
                    {b.registered ? 'registered' : 'absent'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {b.endpoints.map((e) => (
                    <Code key={e} mr={4}>
                      {e}
                    </Code>
                  ))}
                </Table.Td>
                <Table.Td>{b.serviceId ?? <Text c="orange">not in profile</Text>}</Table.Td>
                <Table.Td>{b.rack ?? '—'}</Table.Td>
                <Table.Td>{b.leaderOf}</Table.Td>
                <Table.Td>{b.replicaOf}</Table.Td>
                <Table.Td>{b.registeredAt ? new Date(b.registeredAt).toLocaleString() : '—'}</Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" disabled={!b.registered} onClick={() => setConfigsOf(b.id)}>
                    Configs
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <DoctorCard />
      {configsOf !== undefined && <BrokerConfigsDrawer brokerId={configsOf} onClose={() => setConfigsOf(undefined)} />}
    </Stack>
  );
}

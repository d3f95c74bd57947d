import { Badge, Card, Code, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ProfileView } from '../../../src-main/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';
import { ClusterSummary } from './ClusterSummary';

const kindLabels: Record<ProfileView['services'][number]['kind'], string> = {
  zookeeper: 'ZooKeeper',
  'kafka-broker': 'Kafka broker',
  'connect-worker': 'Kafka Connect',
  streamsets: 'StreamSets',
};

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function ProfileSummary({ profile }: { profile: ProfileView }) {
  const brokers = profile.services.filter((s) => s.kind === 'kafka-broker');
  return (
    <Stack gap="md">
      <Card withBorder padding="md" data-testid="profile-card">
        <Group justify="space-between" mb="sm">
          <Title order={4}>{profile.name}</Title>
          <Badge variant="light">{profile.hosts.length} hosts</Badge>
        </Group>
        {profile.description && (
          <Text size="sm" c="dimmed" mb="sm">
            {profile.description}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, md: 4 }}>
          <Fact label="Bootstrap servers">
            <Code>{profile.kafka.bootstrap.join(', ')}</Code>
          </Fact>
          <Fact label="ZooKeeper">
            <Code>{profile.kafka.zookeeper}</Code>
          </Fact>
          <Fact label="Brokers in profile">{brokers.map((b) => b.brokerId).join(', ') || 'none'}</Fact>
          <Fact label="Connection">{profile.kafka.tunnelVia ? `SSH tunnel via ${profile.kafka.tunnelVia}` : 'direct'}</Fact>
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="sm">
          {profile.path}
        </Text>
      </Card>

      <Card withBorder padding="md">
        <Title order={5} mb="sm">
          Hosts
        </Title>
        <Table striped highlightOnHover aria-label="Hosts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Host</Table.Th>
              <Table.Th>SSH address</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Auth</Table.Th>
              <Table.Th>Runs</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profile.hosts.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td fw={600}>{h.id}</Table.Td>
                <Table.Td>
                  <Code>
                    {h.address}:{h.port}
                  </Code>
                  {h.bastion && <Text size="xs">via {h.bastion}</Text>}
                </Table.Td>
                <Table.Td>{h.user}</Table.Td>
                <Table.Td>{h.auth}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {profile.services
                      .filter((s) => s.host === h.id)
                      .map((s) => (
                        <Badge key={s.id} variant="outline" size="sm">
                          {s.id}
                        </Badge>
                      ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <Card withBorder padding="md">
        <Title order={5} mb="sm">
          Services
        </Title>
        <Table striped highlightOnHover aria-label="Services">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Service</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Host</Table.Th>
              <Table.Th>Endpoint</Table.Th>
              <Table.Th>Config</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profile.services.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td fw={600}>{s.id}</Table.Td>
                <Table.Td>{kindLabels[s.kind]}</Table.Td>
                <Table.Td>{s.host}</Table.Td>
                <Table.Td>
                  <Code>{s.endpoint}</Code>
                </Table.Td>
                <Table.Td>
                  <Code>{s.config ?? '—'}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}

export function OverviewView() {
  const info = useApiQuery('app.info', {});
  const profile = useApiQuery('profile.get', {});
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Overview</Title>
        {info.data && (
          <Text size="sm" c="dimmed" data-testid="app-info">
            {info.data.name} {info.data.version} · {info.data.mode} mode · Node {info.data.node}
          </Text>
        )}
      </Group>
      {info.error && <ErrorAlert error={info.error} />}
      {profile.isLoading && <Loader size="sm" />}
      {profile.error && <ErrorAlert error={profile.error} />}
      {profile.data && <ClusterSummary />}
      {profile.data && <ProfileSummary profile={profile.data} />}
    </Stack>
  );
}

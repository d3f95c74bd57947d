import { Badge, Card, Code, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { CSSProperties } from 'react';
import type { ProfileView } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serviceKindLabels } from '../../components/service-kinds';
import { useApiQuery } from '../../queries';
import { ClusterSummary } from './ClusterSummary';
import { Topology } from './Topology';

const kindLabels = serviceKindLabels;

const bold = (): CSSProperties => ({ fontWeight: 600 });

const serviceColumns: Array<DataColumn<ProfileView['services'][number]>> = [
  { id: 'service', header: 'Service', cell: (s) => s.id, sortValue: (s) => s.id, cellStyle: bold },
  { id: 'kind', header: 'Kind', cell: (s) => kindLabels[s.kind], sortValue: (s) => kindLabels[s.kind] },
  { id: 'host', header: 'Host', cell: (s) => s.host, sortValue: (s) => s.host },
  { id: 'endpoint', header: 'Endpoint', cell: (s) => <Code>{s.endpoint}</Code> },
  { id: 'config', header: 'Config', cell: (s) => <Code>{s.config ?? '—'}</Code> },
];

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
        <DataTable
          striped
          highlightOnHover
          aria-label="Hosts"
          data={profile.hosts}
          rowKey={(h) => h.id}
          columns={[
            { id: 'host', header: 'Host', cell: (h) => h.id, sortValue: (h) => h.id, cellStyle: bold },
            {
              id: 'address',
              header: 'SSH address',
              cell: (h) => (
                <>
                  <Code>
                    {h.address}:{h.port}
                  </Code>
                  {h.bastion && <Text size="xs">via {h.bastion}</Text>}
                </>
              ),
            },
            { id: 'user', header: 'User', cell: (h) => h.user },
            { id: 'auth', header: 'Auth', cell: (h) => h.auth },
            {
              id: 'runs',
              header: 'Runs',
              cell: (h) => (
                <Group gap={4}>
                  {profile.services
                    .filter((s) => s.host === h.id)
                    .map((s) => (
                      <Badge key={s.id} variant="outline" size="sm">
                        {s.id}
                      </Badge>
                    ))}
                </Group>
              ),
            },
          ]}
        />
      </Card>

      <Card withBorder padding="md">
        <Title order={5} mb="sm">
          Services
        </Title>
        <DataTable striped highlightOnHover aria-label="Services" data={profile.services} rowKey={(s) => s.id} columns={serviceColumns} />
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
      {profile.data && <Topology profile={profile.data} />}
      {profile.data && <ProfileSummary profile={profile.data} />}
    </Stack>
  );
}

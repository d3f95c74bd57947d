import { Badge, Button, Card, Code, Group, Loader, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery, useClusterState } from '../../queries';
import { DeleteTopicDialog } from './DeleteTopicDialog';
import { MessagesTab } from './MessagesTab';

/** One topic: partitions with leader, replicas and ISR (live from ZooKeeper), and its configuration. */
export function TopicView() {
  const { name = '' } = useParams();
  const navigate = useNavigate();
  useClusterState();
  const partitions = useApiQuery('cluster.partitions', { topic: name });
  const configs = useApiQuery('topics.configs', { name });
  const [deleting, setDeleting] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="xs">
          <Link to="/topics">Topics</Link>
          <Text>/</Text>
          <Title order={2}>{name}</Title>
        </Group>
        <Button color="red" variant="light" onClick={() => setDeleting(true)}>
          Delete topic
        </Button>
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
              <Table striped aria-label="Partitions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Partition</Table.Th>
                    <Table.Th>Leader</Table.Th>
                    <Table.Th>Replicas</Table.Th>
                    <Table.Th>In-sync replicas</Table.Th>
                    <Table.Th>Leader epoch</Table.Th>
                    <Table.Th>Health</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {partitions.data.map((p) => (
                    <Table.Tr key={p.partition} data-testid={`partition-${p.partition}`}>
                      <Table.Td>{p.partition}</Table.Td>
                      <Table.Td>{p.offline ? <Badge color="red">none</Badge> : p.leader}</Table.Td>
                      <Table.Td>
                        <Code>{p.replicas.join(', ')}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Code>{p.isr.join(', ')}</Code>
                      </Table.Td>
                      <Table.Td>{p.leaderEpoch ?? '—'}</Table.Td>
                      <Table.Td>
                        {p.offline ? (
                          <Badge color="red">offline</Badge>
                        ) : p.underReplicated ? (
                          <Badge color="orange">under-replicated</Badge>
                        ) : !p.preferredLeader ? (
                          <Badge color="yellow">leader not preferred</Badge>
                        ) : (
                          <Badge color="green">ok</Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
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
              <Table striped aria-label="Configuration">
                <Table.Tbody>
                  {configs.data.map((c) => (
                    <Table.Tr key={c.name}>
                      <Table.Td>
                        <Code>{c.name}</Code>
                      </Table.Td>
                      <Table.Td>{c.sensitive ? '(hidden)' : (c.value ?? '—')}</Table.Td>
                      <Table.Td>
                        {c.isDefault ? (
                          <Text c="dimmed" size="xs">
                            default
                          </Text>
                        ) : (
                          <Badge size="xs">override</Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
        </Tabs.Panel>
      </Tabs>
      {deleting && <DeleteTopicDialog topic={name} onClose={() => setDeleting(false)} onDeleted={() => void navigate('/topics')} />}
    </Stack>
  );
}

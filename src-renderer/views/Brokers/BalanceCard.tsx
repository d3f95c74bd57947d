import { Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ClusterState } from '../../../src-main/api/contract';

/**
 * Leaders and replicas per broker as bars on one scale, so a cluster whose leadership piled up on one broker (after
 * restarts, before a preferred leader election) or whose replicas sit unevenly is obvious at a glance.
 */
export function BalanceCard({ brokers }: { brokers: ClusterState['brokers'] }) {
  const maxLeaders = Math.max(1, ...brokers.map((b) => b.leaderOf));
  const maxReplicas = Math.max(1, ...brokers.map((b) => b.replicaOf));
  const totalLeaders = brokers.reduce((n, b) => n + b.leaderOf, 0);
  const fair = brokers.filter((b) => b.registered).length > 0 ? totalLeaders / brokers.filter((b) => b.registered).length : 0;
  return (
    <Card withBorder padding="md" data-testid="balance">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Leaders and replicas per broker</Title>
        <Text size="xs" c="dimmed">
          an even share: {fair.toFixed(1)} leaders per registered broker
        </Text>
      </Group>
      <Stack gap={6}>
        {brokers.map((b) => (
          <SimpleGrid key={b.id} cols={3} spacing="sm" data-testid={`balance-${b.id}`} style={{ gridTemplateColumns: '120px 1fr 1fr' }}>
            <Text size="sm" fw={600}>
              broker {b.id}
              {b.controller ? ' (controller)' : ''}
            </Text>
            <div>
              <Text size="xs" c="dimmed" data-testid={`balance-leaders-${b.id}`}>
                {b.leaderOf} leaders
              </Text>
              <Progress
                value={(100 * b.leaderOf) / maxLeaders}
                color={b.registered ? (b.leaderOf > 1.5 * fair && fair > 0 ? 'orange' : 'blue') : 'gray'}
                aria-label={`broker ${b.id}: ${b.leaderOf} leaders`}
              />
            </div>
            <div>
              <Text size="xs" c="dimmed" data-testid={`balance-replicas-${b.id}`}>
                {b.replicaOf} replicas
              </Text>
              <Progress
                value={(100 * b.replicaOf) / maxReplicas}
                color={b.registered ? 'teal' : 'gray'}
                aria-label={`broker ${b.id}: ${b.replicaOf} replicas`}
              />
            </div>
          </SimpleGrid>
        ))}
      </Stack>
    </Card>
  );
}

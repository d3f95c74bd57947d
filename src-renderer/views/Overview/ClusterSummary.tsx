import { Card, Group, SimpleGrid, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ZooKeeperBanner } from '../../components/ZooKeeperBanner';
import { useClusterState } from '../../queries';

function Stat({ label, value, tone, testId }: { label: string; value: string | number; tone?: 'bad' | 'good'; testId?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={tone === 'bad' ? 'red' : tone === 'good' ? 'green' : undefined} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** The cluster at a glance, from ZooKeeper: brokers up and absent, controller, topics, partition health. */
export function ClusterSummary() {
  const state = useClusterState();
  if (state.error) return <ErrorAlert error={state.error} />;
  if (!state.data) return null;
  const s = state.data;
  const up = s.brokers.filter((b) => b.registered).length;
  const absent = s.brokers.filter((b) => b.inProfile && !b.registered).map((b) => b.id);
  return (
    <>
      <ZooKeeperBanner zookeeper={s.zookeeper} />
      <SimpleGrid cols={{ base: 2, md: 6 }} spacing="sm">
        <Stat label="Brokers up" value={`${up} / ${s.brokers.length}`} tone={absent.length > 0 ? 'bad' : 'good'} testId="stat-brokers" />
        <Stat label="Controller" value={s.controllerId ?? '—'} />
        <Stat label="Topics" value={s.totals.topics} />
        <Stat label="Partitions" value={s.totals.partitions} />
        <Stat
          label="Under-replicated"
          value={s.totals.underReplicated}
          tone={s.totals.underReplicated > 0 ? 'bad' : 'good'}
          testId="stat-urp"
        />
        <Stat label="Offline" value={s.totals.offline} tone={s.totals.offline > 0 ? 'bad' : 'good'} />
      </SimpleGrid>
      {absent.length > 0 && (
        <Group>
          <Text c="red" size="sm" data-testid="absent-brokers">
            Absent: broker {absent.join(', ')} (in the profile, not registered in ZooKeeper)
          </Text>
        </Group>
      )}
    </>
  );
}

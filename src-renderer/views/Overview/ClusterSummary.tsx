import { Box, Card, Group, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ElectLeadersButton } from '../../components/ElectLeadersButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ZooKeeperBanner } from '../../components/ZooKeeperBanner';
import { useClusterState } from '../../queries';

function Stat({
  label,
  value,
  tone,
  testId,
  action,
}: {
  label: string;
  value: string | number;
  tone?: 'bad' | 'warn' | 'good';
  testId?: string;
  action?: ReactNode;
}) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Group justify="space-between" gap={4}>
        <Text
          size="xl"
          fw={700}
          c={tone === 'bad' ? 'red' : tone === 'warn' ? 'orange' : tone === 'good' ? 'green' : undefined}
          data-testid={testId}
        >
          {value}
        </Text>
        {/* Kept whole: in a narrow card it moves under the number instead of being cut. */}
        {action && <Box style={{ flexShrink: 0 }}>{action}</Box>}
      </Group>
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
      <SimpleGrid cols={{ base: 2, md: 4, lg: 7 }} spacing="sm">
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
        <Stat
          label="Leader not preferred"
          value={s.totals.nonPreferredLeader}
          tone={s.totals.nonPreferredLeader > 0 ? 'warn' : 'good'}
          testId="stat-non-preferred"
          // Always mounted (disabled at 0): the dialog with the election's outcome must outlive the count dropping to 0.
          action={
            <ElectLeadersButton
              target={{}}
              size="compact-xs"
              variant="light"
              disabled={s.totals.nonPreferredLeader === 0}
              data-testid="elect-all"
            >
              Elect preferred
            </ElectLeadersButton>
          }
        />
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

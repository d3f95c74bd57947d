import { Card, Group, Loader, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';
import { LagChart, MAX_LINES } from './LagChart';

/**
 * A group's lag over the last 30 minutes. The main process samples it every few seconds while this card asks (and for
 * two minutes after), so the series starts when someone first looks at the group, and survives switching views.
 */
export function LagOverTime({ groupId }: { groupId: string }) {
  const [perPartition, setPerPartition] = useState(false);
  const history = useApiQuery('groups.lagHistory', { groupId, perPartition }, { refetchInterval: 5_000 });
  const h = history.data;
  const last = h?.samples.at(-1);
  return (
    <Card withBorder padding="sm" data-testid="lag-over-time">
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          Lag over time
          {h && (
            <Text span size="xs" c="dimmed" ml="xs">
              {h.samples.length} sample(s), every {h.intervalMs / 1000} s, last {h.keepMs / 60_000} min kept
              {last ? ` · now ${last.totalLag}` : ''}
            </Text>
          )}
        </Text>
        <Switch
          size="xs"
          label="Per partition"
          checked={perPartition}
          onChange={(e) => setPerPartition(e.currentTarget.checked)}
          data-testid="lag-per-partition"
        />
      </Group>
      {history.error && <ErrorAlert error={history.error} />}
      {h?.lastError && <ErrorAlert error={h.lastError} title="The last sample failed" />}
      {!h && history.isLoading && <Loader size="sm" />}
      {h && <LagChart history={h} perPartition={perPartition} />}
      {h && perPartition && h.partitions.length > MAX_LINES && (
        <Text size="xs" c="dimmed">
          The {MAX_LINES} partitions lagging most of {h.partitions.length}.
        </Text>
      )}
    </Card>
  );
}

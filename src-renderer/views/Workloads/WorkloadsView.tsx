import { Badge, Button, Card, Code, Grid, Group, Loader, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Figure } from '../../components/Figure';
import { useApiMutation, useApiQuery, useClusterState } from '../../queries';
import type { VerifyResult, WorkloadRun } from '../../../src-main/api/contract';
import { ThroughputChart } from './ThroughputChart';
import { ConsumerForm, ProducerForm, RemotePerfForm } from './WorkloadForms';
import { useWorkloads } from './useWorkloads';
import { formatDateTime } from '../../format';

const stateColor: Record<WorkloadRun['state'], string> = {
  running: 'blue',
  stopping: 'yellow',
  completed: 'green',
  stopped: 'gray',
  failed: 'red',
};

const kindLabel: Record<WorkloadRun['kind'], string> = {
  producer: 'Producer',
  consumer: 'Consumer',
  'remote-producer': 'Perf producer (hosts)',
  'remote-consumer': 'Perf consumer (hosts)',
};

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => (v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US'));

function RunningCard({ run, samples }: { run: WorkloadRun; samples: WorkloadRun['history'] }) {
  const stop = useApiMutation('workloads.stop');
  const s = samples.at(-1);
  return (
    <Card withBorder padding="sm" data-testid={`workload-${run.id}`}>
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge color={stateColor[run.state]} style={{ flexShrink: 0, overflow: 'visible' }}>
            {run.state}
          </Badge>
          <Text fw={600} size="sm" style={{ flexShrink: 0 }}>
            {kindLabel[run.kind]}
          </Text>
          <Text size="sm" c="dimmed" lineClamp={1} title={run.label}>
            {run.label}
          </Text>
        </Group>
        <Button
          size="xs"
          color="red"
          variant="light"
          // The run's description gives way (with an ellipsis), never the button.
          style={{ flexShrink: 0 }}
          loading={stop.isPending}
          disabled={run.state !== 'running'}
          onClick={() => stop.mutate({ id: run.id })}
        >
          Stop
        </Button>
      </Group>
      <Group gap="xl" mb={6}>
        <Figure label="records" value={n(s?.records ?? 0)} />
        <Figure label="records/s" value={n(s?.recordsPerSec ?? 0)} />
        <Figure label="MB/s" value={(s?.mbPerSec ?? 0).toFixed(2)} />
        <Figure
          label="latency p50 / p99 / max (ms)"
          value={s?.latencyMs ? `${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p99)} / ${ms(s.latencyMs.max)}` : '–'}
        />
        <Figure label="errors" value={n(s?.errors ?? 0)} />
      </Group>
      {s?.lastError && (
        <Text size="xs" c="red" mb={4}>
          Last error: {s.lastError}
        </Text>
      )}
      {s?.assignments && Object.keys(s.assignments).length > 0 && (
        <Group gap="xs" mb={4}>
          {Object.entries(s.assignments).map(([member, parts]) => (
            <Text key={member} size="xs">
              <b>{member}</b>: {parts.length ? parts.map((p) => p.slice(p.lastIndexOf('-') + 1)).join(', ') : 'none'}
            </Text>
          ))}
        </Group>
      )}
      {s?.perHost && (
        <Group gap="md" mb={4}>
          {Object.entries(s.perHost).map(([host, h]) => (
            <Text key={host} size="xs">
              <b>{host}</b>: {n(h.records)} records, {n(h.recordsPerSec)}/s
            </Text>
          ))}
        </Group>
      )}
      <ThroughputChart samples={samples} />
    </Card>
  );
}

function VerifyButton({ run }: { run: WorkloadRun }) {
  const verify = useApiMutation('workloads.verify');
  const [result, setResult] = useState<VerifyResult | null>(null);
  if (run.kind !== 'producer' || !run.summary?.acked) return null;
  return (
    <Stack gap={2}>
      <Button
        size="compact-xs"
        variant="light"
        loading={verify.isPending}
        onClick={() => verify.mutate({ id: run.id }, { onSuccess: setResult })}
      >
        Verify
      </Button>
      {result && (
        <Text size="xs" c={result.ok ? 'green' : 'red'} data-testid="verify-result">
          {result.ok ? '✓' : '✗'} {n(result.found)}/{n(result.acked)} acknowledged records found
          {result.duplicates ? `, ${n(result.duplicates)} duplicates` : ''}, checksum {result.foundChecksum}
          {result.ok ? '' : ` (expected ${result.ackedChecksum})`}
        </Text>
      )}
      {verify.error && <ErrorAlert error={verify.error} />}
    </Stack>
  );
}

const pastRunColumns: Array<DataColumn<WorkloadRun>> = [
  {
    id: 'started',
    header: 'Started',
    cell: (r) => formatDateTime(r.startedAt),
    sortValue: (r) => new Date(r.startedAt).getTime(),
    nowrap: true,
  },
  { id: 'kind', header: 'Kind', cell: (r) => kindLabel[r.kind], sortValue: (r) => kindLabel[r.kind], nowrap: true },
  { id: 'what', header: 'What', cell: (r) => r.label },
  {
    id: 'state',
    header: 'State',
    cell: (r) => (
      <Badge size="sm" color={stateColor[r.state]} style={{ overflow: 'visible' }}>
        {r.state}
      </Badge>
    ),
    sortValue: (r) => r.state,
    nowrap: true,
  },
  { id: 'summary', header: 'Summary', cell: (r) => (r.summary ? <Code>{r.summary.text}</Code> : <Text c="red">{r.error}</Text>) },
  { id: 'verify', cell: (r) => <VerifyButton run={r} /> },
];

function PastRuns({ runs }: { runs: WorkloadRun[] }) {
  if (runs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No finished runs yet.
      </Text>
    );
  return (
    <ScrollArea>
      <DataTable striped fz="xs" verticalSpacing={4} aria-label="Past runs" data={runs} rowKey={(r) => r.id} columns={pastRunColumns} />
    </ScrollArea>
  );
}

/** Launch producers and consumers (the app's own, or Kafka's perf tools on the hosts) and watch them live. */
export function WorkloadsView() {
  const state = useClusterState();
  const profile = useApiQuery('profile.get', {});
  const { runs, error, samples } = useWorkloads();
  const topics = (state.data?.topics ?? []).map((t) => t.name).filter((t) => !t.startsWith('__'));
  const brokers = state.data?.brokers.filter((b) => b.registered).length ?? 3;
  const hosts = (profile.data?.hosts ?? []).map((h) => h.id);
  const active = (runs ?? []).filter((r) => r.state === 'running' || r.state === 'stopping');
  const past = (runs ?? []).filter((r) => r.state !== 'running' && r.state !== 'stopping');
  return (
    <Stack>
      <Title order={2}>Producers &amp; consumers</Title>
      {error !== null && error !== undefined && <ErrorAlert error={error} />}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder padding="sm">
            <Tabs defaultValue="producer" keepMounted={false}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="producer">Producer</Tabs.Tab>
                <Tabs.Tab value="consumer">Consumer</Tabs.Tab>
                <Tabs.Tab value="remote">Perf tool on hosts</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="producer">
                <ProducerForm topics={topics} brokers={brokers} />
              </Tabs.Panel>
              <Tabs.Panel value="consumer">
                <ConsumerForm topics={topics} brokers={brokers} />
              </Tabs.Panel>
              <Tabs.Panel value="remote">
                <RemotePerfForm topics={topics} hosts={hosts} brokers={brokers} />
              </Tabs.Panel>
            </Tabs>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <Title order={4}>Running</Title>
            {!runs && <Loader size="sm" />}
            {runs && active.length === 0 && (
              <Text size="sm" c="dimmed">
                Nothing running. Start a producer or a consumer on the left.
              </Text>
            )}
            {active.map((r) => (
              <RunningCard key={r.id} run={r} samples={samples(r)} />
            ))}
          </Stack>
        </Grid.Col>
      </Grid>
      <Title order={4}>Past runs</Title>
      <PastRuns runs={past} />
    </Stack>
  );
}

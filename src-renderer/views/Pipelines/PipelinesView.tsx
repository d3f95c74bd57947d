import { Badge, Button, Card, Code, Collapse, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TypeToConfirm } from '../../components/TypeToConfirm';
import { Figure } from '../../components/Figure';
import { useApiMutation, useApiQuery } from '../../queries';
import type { PipelineView } from '../../../src-main/api/contract';
import { PipelineDetailDrawer } from './PipelineDetailDrawer';
import { PipelineFlow } from './PipelineFlow';
import { EnginePasswordButton } from './EnginePasswordButton';
import { stateColor } from './pipelineStyle';

const actionLabel: Record<string, string> = {
  start: 'Start',
  stop: 'Stop',
  pause: 'Pause',
  resume: 'Resume',
  restart: 'Restart',
  'restart-failed': 'Restart failed',
  'force-stop': 'Force stop',
  'reset-origin': 'Reset origin',
};

/** Which actions make sense in which state, so the card shows only those. */
function offered(p: PipelineView): string[] {
  const s = p.status.state;
  const want =
    s === 'running'
      ? ['pause', 'stop', 'restart']
      : s === 'paused'
        ? ['resume', 'stop']
        : s === 'stopped'
          ? ['start', 'reset-origin']
          : s === 'failed'
            ? ['restart-failed', 'restart', 'stop', 'force-stop']
            : s === 'starting' || s === 'stopping'
              ? ['force-stop']
              : [];
  return want.filter((a) => p.actions.includes(a as PipelineView['actions'][number]));
}

/** Each engine as its users name it. */
const engineLabel: Record<PipelineView['engine'], string> = {
  'kafka-connect': 'Kafka Connect',
  streamsets: 'StreamSets',
  command: 'command',
  flume: 'Flume',
};

const rate = (n: number | undefined) => (n === undefined ? '–' : `${n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US')}/s`);

function DeleteButton({ p }: { p: PipelineView }) {
  const [open, setOpen] = useState(false);
  const del = useApiMutation('pipelines.action');
  return (
    <>
      <Button size="xs" variant="subtle" color="red" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Delete ${p.name}`} centered>
        <Stack>
          <Text size="sm">
            This removes the pipeline from {p.engine}; its data stays. Type <Code>{p.name}</Code> to confirm.
          </Text>
          <TypeToConfirm
            expected={p.name}
            inputLabel={{ text: 'Pipeline name', hidden: true }}
            actionLabel="Delete"
            pending={del.isPending}
            error={del.error}
            onConfirm={(typed) => del.mutate({ id: p.id, action: 'delete', confirm: typed }, { onSuccess: () => setOpen(false) })}
          />
        </Stack>
      </Modal>
    </>
  );
}

function CreateButton({ p }: { p: PipelineView }) {
  const create = useApiMutation('pipelines.create');
  const validate = useApiMutation('pipelines.validate');
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button size="xs" variant="light" loading={validate.isPending} onClick={() => validate.mutate({ id: p.id })}>
          Validate config
        </Button>
        <Button size="xs" loading={create.isPending} onClick={() => create.mutate({ id: p.id })}>
          Create from profile
        </Button>
      </Group>
      {validate.data && (
        <Text size="xs" c={validate.data.errorCount === 0 ? 'green' : 'red'}>
          {validate.data.errorCount === 0
            ? 'Kafka Connect accepts this config.'
            : validate.data.fields.map((f) => `${f.name}: ${f.errors.join('; ')}`).join(' · ')}
        </Text>
      )}
      {create.error && <ErrorAlert error={create.error} />}
    </Stack>
  );
}

function PipelineCard({ p, onDetail }: { p: PipelineView; onDetail: () => void }) {
  const act = useApiMutation('pipelines.action');
  const [showTrace, setShowTrace] = useState(false);
  const failedTask = p.status.tasks.find((t) => t.trace);
  const trace = p.status.trace ?? failedTask?.trace;
  const k = p.kafka;
  return (
    <Card withBorder padding="sm" data-testid={`pipeline-${p.id}`}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs">
          <Badge color={stateColor[p.status.state]} data-testid="pipeline-state">
            {p.status.state}
          </Badge>
          <Text fw={600}>{p.id}</Text>
          <Badge variant="outline" size="sm" data-testid="pipeline-engine">
            {engineLabel[p.engine]}
          </Badge>
          <Text size="xs" c="dimmed">
            {p.name}
          </Text>
        </Group>
        <Group gap={6}>
          {offered(p).map((a) => (
            <Button
              key={a}
              size="xs"
              variant={a === 'stop' || a === 'force-stop' ? 'light' : 'default'}
              color={a === 'stop' || a === 'force-stop' ? 'red' : undefined}
              loading={act.isPending && act.variables.action === a}
              onClick={() => act.mutate({ id: p.id, action: a as PipelineView['actions'][number] })}
            >
              {actionLabel[a]}
            </Button>
          ))}
          {p.exists && p.actions.includes('delete') && <DeleteButton p={p} />}
          {p.engine === 'streamsets' && p.service && <EnginePasswordButton service={p.service} />}
          <Button size="xs" variant="subtle" onClick={onDetail}>
            Details
          </Button>
        </Group>
      </Group>
      <Group gap={6} mt={6} wrap="wrap">
        <Text size="sm">{p.source}</Text>
        <Text size="sm" c="dimmed">
          →
        </Text>
        {p.topic && !p.source.includes(p.topic) && !p.sink.includes(p.topic) && (
          <>
            <Code>{p.topic}</Code>
            <Text size="sm" c="dimmed">
              →
            </Text>
          </>
        )}
        <Text size="sm">{p.sink}</Text>
      </Group>
      <Group gap="xl" mt={6}>
        <Figure label="records in" value={rate(p.rates.recordsInPerSec ?? p.status.counters.inRate)} testId="rate-in" />
        <Figure label="records out" value={rate(p.rates.recordsOutPerSec ?? p.status.counters.outRate)} testId="rate-out" />
        {k && <Figure label={`${p.topic ?? 'topic'} end offset`} value={k.endOffset.toLocaleString('en-US')} />}
        {k?.lag !== undefined && <Figure label={`lag (${k.groupId ?? 'group'})`} value={k.lag.toLocaleString('en-US')} testId="lag" />}
        {p.status.counters.recordsIn !== undefined && (
          <Figure label="total in" value={p.status.counters.recordsIn.toLocaleString('en-US')} />
        )}
        {p.status.counters.recordsOut !== undefined && (
          <Figure label="total out" value={p.status.counters.recordsOut.toLocaleString('en-US')} />
        )}
        {p.status.counters.channelFillPercent !== undefined && (
          <Figure
            label="channel"
            value={`${p.status.counters.channelFillPercent.toFixed(1)} % (${(p.status.counters.channelSize ?? 0).toLocaleString('en-US')} events)`}
            testId="channel-fill"
          />
        )}
        {p.status.counters.errors !== undefined && <Figure label="errors" value={p.status.counters.errors.toLocaleString('en-US')} />}
        <Figure label="tasks" value={p.status.tasks.length ? p.status.tasks.map((t) => t.engineState).join(', ') : '–'} />
      </Group>
      {p.status.message && (p.status.state === 'failed' || p.status.state === 'unknown' || p.engine === 'flume') && (
        <Stack gap={2} mt={6}>
          <Text size="sm" c={p.status.state === 'failed' ? 'red' : 'dimmed'} data-testid="pipeline-message">
            {p.status.message}
          </Text>
          {trace && (
            <>
              <Button size="compact-xs" variant="subtle" w="fit-content" onClick={() => setShowTrace((v) => !v)}>
                {showTrace ? 'Hide trace' : 'Show trace'}
              </Button>
              <Collapse expanded={showTrace}>
                <Code block fz="xs" style={{ maxHeight: 200, overflow: 'auto' }}>
                  {trace}
                </Code>
              </Collapse>
            </>
          )}
        </Stack>
      )}
      {p.canCreate && <CreateButton p={p} />}
      {act.error && <ErrorAlert error={act.error} />}
    </Card>
  );
}

/** The profile's pipelines: engine, source → topic → sink, state, rates and lag, with their controls. */
export function PipelinesView() {
  const list = useApiQuery('pipelines.list', {}, { refetchInterval: 3_000 });
  const [detail, setDetail] = useState<string | null>(null);
  return (
    <Stack>
      <Title order={2}>Pipelines</Title>
      {list.error && <ErrorAlert error={list.error} />}
      {!list.data && !list.error && <Loader size="sm" />}
      {list.data && list.data.length === 0 && (
        <Text c="dimmed" size="sm">
          The profile lists no pipelines. Add them under <Code>pipelines:</Code> (Kafka Connect connectors, StreamSets pipelines, Flume
          agents or commands).
        </Text>
      )}
      {list.data && list.data.length > 0 && <PipelineFlow pipelines={list.data} />}
      {list.data?.map((p) => (
        <PipelineCard key={p.id} p={p} onDetail={() => setDetail(p.id)} />
      ))}
      {detail && <PipelineDetailDrawer id={detail} onClose={() => setDetail(null)} />}
    </Stack>
  );
}

import { Badge, Button, Card, Code, Group, Progress, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation, useApiQuery, useOperationProgress, type ProgressLine } from '../../queries';

const stateColor = { running: 'blue', succeeded: 'green', failed: 'red', cancelled: 'orange' } as const;

/** The newest operation still running, as its latest event describes it. */
function runningOperation(lines: readonly ProgressLine[]): ProgressLine | undefined {
  const ended = new Set<string>();
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    if (!l) continue;
    if (l.operationState !== 'running') ended.add(l.operationId);
    else if (!ended.has(l.operationId)) return l;
  }
  return undefined;
}

/** A long operation's progress: n of m and the unit under way, with a cancel that takes effect between steps. */
function RunningOperation({ op }: { op: ProgressLine }) {
  const cancel = useApiMutation('operations.cancel');
  const p = op.progress;
  const percent = p && p.total > 0 ? Math.round((100 * p.done) / p.total) : undefined;
  return (
    <Stack gap={4} data-testid="operation-running">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" data-testid="operation-progress-text">
          {op.kind}
          {p ? `: ${p.done} of ${p.total} done` : ''}
          {p?.current ? `, now ${p.current}` : ''}
        </Text>
        <Button
          size="xs"
          variant="light"
          color="orange"
          disabled={op.cancelRequested === true}
          loading={cancel.isPending}
          onClick={() => cancel.mutate({ id: op.operationId })}
        >
          {op.cancelRequested ? 'Stopping after this step…' : 'Cancel'}
        </Button>
      </Group>
      {percent !== undefined && <Progress value={percent} size="md" animated aria-label={`${op.kind} progress`} data-testid="operation-progress" />}
      {cancel.error && <ErrorAlert error={cancel.error} />}
    </Stack>
  );
}

/** The operations' log; progress-only events (n of m moved on) repeat their step and are left out. */
function logText(lines: readonly ProgressLine[]): string {
  const lastStep = new Map<string, string>();
  const out: string[] = [];
  for (const l of lines) {
    const time = new Date(l.at).toLocaleTimeString();
    const host = l.host ? `${l.host}: ` : '';
    if (l.line !== undefined) {
      out.push(`${time} [${l.operationId}] ${host}${l.line}`);
      continue;
    }
    const step = `${l.step}${l.command ? ` $ ${l.command.join(' ')}` : ''} … ${l.state}`;
    if (lastStep.get(l.operationId) === step) continue;
    lastStep.set(l.operationId, step);
    out.push(`${time} [${l.operationId}] ${host}${step}`);
  }
  return out.join('\n');
}

/** Live progress of operations (from events) and the result of the latest one. */
export function OperationPanel() {
  const lines = useOperationProgress();
  const ops = useApiQuery('operations.list', {}, { refetchInterval: lines.length > 0 ? 3_000 : undefined });
  const latest = ops.data?.[0];
  const running = runningOperation(lines);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A block body on purpose: newer Chromium returns a Promise from scrollIntoView, which React would take for a cleanup.
    void end.current?.scrollIntoView({ block: 'end' });
  }, [lines.length]);
  return (
    <Card withBorder padding="md" data-testid="operation-panel">
      <Group justify="space-between" mb="xs">
        <Title order={5}>Operations</Title>
        {latest && (
          <Group gap="xs">
            <Text size="sm">
              {latest.kind} {latest.targets.length <= 3 ? latest.targets.join(', ') : `${latest.targets.length} services`}
            </Text>
            <Badge color={stateColor[latest.state]} data-testid="latest-operation-state">
              {latest.state}
            </Badge>
          </Group>
        )}
      </Group>
      {running && <RunningOperation op={running} />}
      {latest?.error && latest.state !== 'running' && (
        <ErrorAlert error={latest.error} title={latest.state === 'cancelled' ? `${latest.kind} cancelled` : `${latest.kind} failed`} />
      )}
      <ScrollArea h={180} mt="xs">
        <Code block style={{ fontSize: 11, whiteSpace: 'pre-wrap' }}>
          {lines.length === 0 ? 'No operation in this session yet.' : logText(lines)}
        </Code>
        <div ref={end} />
      </ScrollArea>
    </Card>
  );
}

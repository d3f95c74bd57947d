import { Badge, Card, Code, Group, ScrollArea, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery, useOperationProgress, type ProgressLine } from '../../queries';
import { RunningOperation, runningOperation } from '../../components/RunningOperation';
import { formatTime } from '../../format';

const stateColor = { running: 'blue', succeeded: 'green', failed: 'red', cancelled: 'orange' } as const;

/** The operations' log; progress-only events (n of m moved on) repeat their step and are left out. */
function logText(lines: readonly ProgressLine[]): string {
  const lastStep = new Map<string, string>();
  const out: string[] = [];
  for (const l of lines) {
    const time = formatTime(l.at);
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

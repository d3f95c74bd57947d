import { Badge, Card, Code, Group, ScrollArea, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery, useOperationProgress } from '../../queries';
import { formatTime } from '../../format';

const stateColor = { running: 'blue', succeeded: 'green', failed: 'red' } as const;

/** Live progress of operations (from events) and the result of the latest one. */
export function OperationPanel() {
  const lines = useOperationProgress();
  const ops = useApiQuery('operations.list', {}, { refetchInterval: lines.length > 0 ? 3_000 : undefined });
  const latest = ops.data?.[0];
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
      {latest?.error && <ErrorAlert error={latest.error} title={`${latest.kind} failed`} />}
      <ScrollArea h={180} mt="xs">
        <Code block style={{ fontSize: 11, whiteSpace: 'pre-wrap' }}>
          {lines.length === 0
            ? 'No operation in this session yet.'
            : lines
                .map(
                  (l) =>
                    `${formatTime(l.at)} [${l.operationId}] ${l.host ? `${l.host}: ` : ''}${l.line ?? `${l.step}${l.command ? ` $ ${l.command.join(' ')}` : ''} … ${l.state}`}`,
                )
                .join('\n')}
        </Code>
        <div ref={end} />
      </ScrollArea>
    </Card>
  );
}

import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { ErrorAlert } from './ErrorAlert';
import { useApiMutation, type ProgressLine } from '../queries';

/** The newest operation still running, as its latest event describes it. */
export function runningOperation(lines: readonly ProgressLine[]): ProgressLine | undefined {
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
export function RunningOperation({ op }: { op: ProgressLine }) {
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
      {percent !== undefined && (
        <Progress value={percent} size="md" animated aria-label={`${op.kind} progress`} data-testid="operation-progress" />
      )}
      {cancel.error && <ErrorAlert error={cancel.error} />}
    </Stack>
  );
}

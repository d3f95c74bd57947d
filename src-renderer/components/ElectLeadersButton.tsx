import { Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { MethodInput, MethodOutput } from '../../src-main/api/contract';
import { useApiMutation } from '../queries';
import { ErrorAlert } from './ErrorAlert';

type Target = MethodInput<'partitions.electPreferredLeaders'>;

function scope(target: Target): string {
  if (target.topic === undefined) return 'every partition of the cluster';
  if (target.partition === undefined) return `every partition of ${target.topic}`;
  return `partition ${target.partition} of ${target.topic}`;
}

function Outcome({ result }: { result: MethodOutput<'partitions.electPreferredLeaders'> }) {
  return (
    <Stack gap={4} data-testid="election-result">
      <Text size="sm" c={result.elected.length > 0 ? 'green' : undefined}>
        {result.elected.length} partition(s) moved to their preferred leader
        {result.alreadyPreferred === null ? '; every other partition already had it.' : `; ${result.alreadyPreferred} already had it.`}
      </Text>
      {result.failed.length > 0 && (
        <Text size="sm" c="red">
          {result.failed.length} not moved:{' '}
          {result.failed
            .slice(0, 10)
            .map((f) => `${f.topic}-${f.partition} (${f.error}${f.message ? `: ${f.message}` : ''})`)
            .join('; ')}
          {result.failed.length > 10 ? ' …' : ''}
        </Text>
      )}
    </Stack>
  );
}

/**
 * Preferred leader election with a confirmation that says what moves: leadership goes back to each partition's first
 * replica, where that replica is alive and in sync. Clients follow the new leaders after a metadata refresh.
 */
export function ElectLeadersButton({ target, children, ...buttonProps }: ButtonProps & { target: Target; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const elect = useApiMutation('partitions.electPreferredLeaders');
  return (
    <>
      <Button
        {...buttonProps}
        onClick={() => {
          elect.reset();
          setOpen(true);
        }}
      >
        {children}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Elect preferred leaders" centered>
        <Stack>
          <Text size="sm">
            Makes the preferred replica (the first in the replica list) the leader of {scope(target)}, where it is alive and in sync — what{' '}
            <code>kafka-leader-election.sh --election-type PREFERRED</code> does. Producers and consumers of a moved partition reconnect to
            its new leader; nothing is lost.
          </Text>
          {elect.error && <ErrorAlert error={elect.error} />}
          {elect.data && <Outcome result={elect.data} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {elect.data ? 'Close' : 'Cancel'}
            </Button>
            {!elect.data && (
              <Button loading={elect.isPending} onClick={() => elect.mutate(target)} data-testid="confirm-election">
                Elect
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

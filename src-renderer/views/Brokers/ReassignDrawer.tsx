import { Alert, Badge, Button, Checkbox, Drawer, Group, MultiSelect, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ClusterState, MethodOutput } from '../../../src-main/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RunningOperation, runningOperation } from '../../components/RunningOperation';
import { useApiMutation, useApiQuery, useOperationProgress } from '../../queries';

type Plan = MethodOutput<'reassignment.propose'>;

/**
 * Partition reassignment: choose brokers to empty and topics, see the proposed moves and each broker's replicas
 * and leaders before and after, run it with a replication throttle, follow it partition by partition, cancel it.
 */
export function ReassignDrawer({ state, opened, onClose }: { state: ClusterState; opened: boolean; onClose: () => void }) {
  const [exclude, setExclude] = useState<string[]>([]);
  const [topics, setTopics] = useState<string[]>([]);
  const [throttled, setThrottled] = useState(true);
  const [throttleMb, setThrottleMb] = useState<number | string>(10);
  const [plan, setPlan] = useState<Plan>();
  const propose = useApiMutation('reassignment.propose');
  const execute = useApiMutation('reassignment.execute');
  const lines = useOperationProgress();
  const running = runningOperation(lines.filter((l) => l.kind === 'reassignment'));
  const ongoing = useApiQuery('reassignment.list', {}, { refetchInterval: 2_000, enabled: opened });
  const topicNames = useMemo(() => state.topics.map((t) => t.name).sort(), [state.topics]);
  const brokerOptions = state.brokers
    .filter((b) => b.registered)
    .map((b) => ({ value: String(b.id), label: `broker ${b.id}${b.serviceId ? ` (${b.serviceId})` : ''}` }));

  const onPropose = () =>
    propose.mutate(
      { ...(exclude.length ? { exclude: exclude.map(Number) } : {}), ...(topics.length ? { topics } : {}) },
      { onSuccess: (p) => setPlan(p) },
    );
  const onExecute = () => {
    if (!plan) return;
    execute.mutate(
      {
        moves: plan.moves.map(({ topic, partition, current, proposed }) => ({ topic, partition, current, proposed })),
        ...(throttled ? { throttleBytesPerSec: Math.round(Number(throttleMb) * 1024 * 1024) } : {}),
      },
      { onSuccess: () => setPlan(undefined) },
    );
  };
  const result = execute.data;

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="xl" title={<Title order={4}>Reassign partitions</Title>}>
      <Stack>
        <Text size="sm" c="dimmed">
          A balanced placement over the live brokers: replicas stay where they are unless their broker is emptied, they share a machine with
          another replica of the partition, or their broker holds more than its share.
        </Text>
        <Group grow align="flex-end">
          <MultiSelect
            label="Brokers to empty"
            placeholder="none (rebalance only)"
            data={brokerOptions}
            value={exclude}
            onChange={setExclude}
            clearable
          />
          <MultiSelect
            label="Topics"
            placeholder="all but internal topics"
            data={topicNames}
            value={topics}
            onChange={setTopics}
            searchable
            clearable
            limit={200}
          />
        </Group>
        <Group>
          <Button onClick={onPropose} loading={propose.isPending} disabled={execute.isPending}>
            Propose a plan
          </Button>
        </Group>
        {propose.error && <ErrorAlert error={propose.error} />}
        {plan && <PlanView plan={plan} />}
        {plan && plan.moves.length > 0 && (
          <Group align="flex-end">
            <Checkbox label="Throttle replication" checked={throttled} onChange={(e) => setThrottled(e.currentTarget.checked)} />
            <NumberInput
              label="MiB/s per broker"
              value={throttleMb}
              onChange={setThrottleMb}
              min={0.01}
              step={1}
              decimalScale={2}
              disabled={!throttled}
              w={160}
            />
            <Button color="orange" onClick={onExecute} loading={execute.isPending}>
              Run {plan.moves.length} move{plan.moves.length === 1 ? '' : 's'}
            </Button>
          </Group>
        )}
        {running && <RunningOperation op={running} />}
        {execute.error && <ErrorAlert error={execute.error} />}
        {result && result.state !== 'running' && (
          <Alert
            color={result.state === 'succeeded' ? 'green' : result.state === 'cancelled' ? 'orange' : 'red'}
            title={`Reassignment ${result.state}`}
            data-testid="reassignment-result"
          >
            {result.error?.message ??
              result.steps
                .flatMap((s) => s.lines)
                .slice(-3)
                .join(' · ')}
          </Alert>
        )}
        <Title order={5}>In flight</Title>
        {ongoing.data && ongoing.data.length === 0 && (
          <Text size="sm" c="dimmed">
            No partition is being reassigned.
          </Text>
        )}
        {ongoing.data && ongoing.data.length > 0 && (
          <Table striped withTableBorder fz="sm" data-testid="reassignment-ongoing">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Partition</Table.Th>
                <Table.Th>Replicas</Table.Th>
                <Table.Th>Adding</Table.Th>
                <Table.Th>Removing</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ongoing.data.map((o) => (
                <Table.Tr key={`${o.topic}-${o.partition}`}>
                  <Table.Td>
                    {o.topic}-{o.partition}
                  </Table.Td>
                  <Table.Td>{o.replicas.join(', ')}</Table.Td>
                  <Table.Td>{o.adding.join(', ') || '–'}</Table.Td>
                  <Table.Td>{o.removing.join(', ') || '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Drawer>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  return (
    <Stack gap="xs" data-testid="reassignment-plan">
      <Text size="sm" fw={600}>
        {plan.moves.length === 0
          ? 'Nothing to move: the placement is already balanced.'
          : `${plan.moves.length} partition(s) to move, ${plan.moves.reduce((n, m) => n + m.adds.length, 0)} replica(s) to copy`}
      </Text>
      <Table withTableBorder fz="sm" data-testid="reassignment-brokers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Broker</Table.Th>
            <Table.Th>Machine</Table.Th>
            <Table.Th>Replicas</Table.Th>
            <Table.Th>Preferred leader of</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.brokers.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td>
                {b.id}{' '}
                {b.excluded && (
                  <Badge size="xs" color="orange">
                    emptied
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{b.host ?? '–'}</Table.Td>
              <Table.Td>
                {b.replicasBefore} → <b>{b.replicasAfter}</b>
              </Table.Td>
              <Table.Td>
                {b.leadersBefore} → <b>{b.leadersAfter}</b>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {plan.findings.map((f) => (
        <Text key={f} size="xs" c="orange">
          {f}
        </Text>
      ))}
      {plan.moves.length > 0 && (
        <Table striped withTableBorder fz="sm" data-testid="reassignment-moves">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Partition</Table.Th>
              <Table.Th>Now</Table.Th>
              <Table.Th>Planned</Table.Th>
              <Table.Th>Copies to</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.moves.slice(0, 500).map((m) => (
              <Table.Tr key={`${m.topic}-${m.partition}`}>
                <Table.Td>
                  {m.topic}-{m.partition}
                </Table.Td>
                <Table.Td>{m.current.join(', ')}</Table.Td>
                <Table.Td>{m.proposed.join(', ')}</Table.Td>
                <Table.Td>{m.adds.join(', ') || 'order only'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {plan.moves.length > 500 && (
        <Text size="xs" c="dimmed">
          and {plan.moves.length - 500} more
        </Text>
      )}
    </Stack>
  );
}

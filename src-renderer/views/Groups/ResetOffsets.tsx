import { Button, Card, Group, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { GroupDetail, MethodInput } from '../../../src-main/api/contract';
import { DateTimeField } from '../../components/DateTimeField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';

type Target = MethodInput<'groups.resetOffsets'>['to'];
type Kind = 'earliest' | 'latest' | 'timestamp' | 'offsets';

const kinds: Array<{ value: Kind; label: string }> = [
  { value: 'earliest', label: 'earliest' },
  { value: 'latest', label: 'latest' },
  { value: 'timestamp', label: 'date and time' },
  { value: 'offsets', label: 'offset per partition' },
];

/**
 * Moves an empty group's committed offsets on one topic, as kafka-consumer-groups.sh --reset-offsets does: to the
 * earliest or latest offset, to the first message at or after a date and time, or to an offset typed per partition
 * (pre-filled with the committed one; Kafka's tool moves an offset outside the log to its nearest end, and so does the
 * app).
 */
export function ResetOffsets({ groupId, offsets }: { groupId: string; offsets: GroupDetail['offsets'] }) {
  const topics = [...new Set(offsets.map((o) => o.topic))];
  const [topic, setTopic] = useState<string | null>(topics[0] ?? null);
  const [kind, setKind] = useState<Kind>('earliest');
  const [at, setAt] = useState<number | null>(null);
  const [typed, setTyped] = useState<Record<string, number | string>>({});
  const reset = useApiMutation('groups.resetOffsets');
  const rows = offsets.filter((o) => o.topic === topic);
  const offsetOf = (p: GroupDetail['offsets'][number]) => typed[`${p.topic}:${p.partition}`] ?? p.committed ?? p.logStart;
  const target = (): Target | undefined => {
    if (kind === 'earliest' || kind === 'latest') return kind;
    if (kind === 'timestamp') return at === null ? undefined : { timestamp: at };
    const list = rows.map((p) => ({ partition: p.partition, offset: Number(offsetOf(p)) }));
    return list.every((o) => Number.isInteger(o.offset) && o.offset >= 0) && list.length > 0 ? { offsets: list } : undefined;
  };
  const to = target();
  return (
    <Card withBorder padding="sm" data-testid="reset-offsets">
      <Text fw={600} size="sm" mb="xs">
        Reset offsets (group must be empty)
      </Text>
      <Stack gap="xs">
        <Group align="flex-end">
          <Select label="Topic" data={topics} value={topic} onChange={setTopic} w={260} />
          <Select
            label="To"
            data={kinds}
            value={kind}
            onChange={(v) => setKind((v as Kind | null) ?? 'earliest')}
            w={200}
            allowDeselect={false}
            data-testid="reset-kind"
          />
          {kind === 'timestamp' && <DateTimeField label="First message at or after" value={at} onChange={setAt} testId="reset-at" />}
          <Button disabled={!topic || !to} loading={reset.isPending} onClick={() => topic && to && reset.mutate({ groupId, topic, to })}>
            Reset
          </Button>
        </Group>
        {kind === 'offsets' && (
          <Table withTableBorder striped verticalSpacing={2} aria-label="Offset per partition" maw={560}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Partition</Table.Th>
                <Table.Th>Log start</Table.Th>
                <Table.Th>Log end</Table.Th>
                <Table.Th>New offset</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.partition}>
                  <Table.Td>{p.partition}</Table.Td>
                  <Table.Td>{p.logStart}</Table.Td>
                  <Table.Td>{p.logEnd}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      w={140}
                      min={0}
                      allowDecimal={false}
                      aria-label={`New offset of partition ${p.partition}`}
                      value={offsetOf(p)}
                      onChange={(v) => setTyped((t) => ({ ...t, [`${p.topic}:${p.partition}`]: v }))}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {reset.error && <ErrorAlert error={reset.error} />}
        {reset.data && (
          <Text size="sm" c="green" data-testid="reset-result">
            Committed: {reset.data.map((p) => `partition ${p.partition} → ${p.offset}`).join(', ')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

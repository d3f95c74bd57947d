import { Button, Card, Group, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { GroupDetail, MethodInput } from '../../../src-main/api/contract';
import { DateTimeField } from '../../components/DateTimeField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';
import { ResetPreview } from './ResetPreview';

type Target = MethodInput<'groups.resetOffsets'>['to'];
type Kind = 'earliest' | 'latest' | 'timestamp' | 'offset' | 'offsets';

const kinds: Array<{ value: Kind; label: string }> = [
  { value: 'earliest', label: 'earliest' },
  { value: 'latest', label: 'latest' },
  { value: 'timestamp', label: 'date and time' },
  { value: 'offset', label: 'one offset (every partition)' },
  { value: 'offsets', label: 'offset per partition' },
];

/**
 * Moves an empty group's committed offsets on one topic, as kafka-consumer-groups.sh --reset-offsets does: to the
 * earliest or latest offset, to the first message at or after a date and time, to one offset, or to an offset typed per
 * partition (pre-filled with the committed one; Kafka's tool moves an offset outside the log to its nearest end, and so
 * does the app). Nothing is committed before a preview: "Apply" commits exactly the offsets previewed, so a date
 * resolved to offsets does not move again between the preview and the commit.
 */
export function ResetOffsets({ groupId, offsets }: { groupId: string; offsets: GroupDetail['offsets'] }) {
  const topics = [...new Set(offsets.map((o) => o.topic))];
  const [topic, setTopic] = useState<string | null>(topics[0] ?? null);
  const [kind, setKind] = useState<Kind>('earliest');
  const [at, setAt] = useState<number | null>(null);
  const [one, setOne] = useState<number | string>(0);
  const [typed, setTyped] = useState<Record<string, number | string>>({});
  const preview = useApiMutation('groups.previewReset');
  const reset = useApiMutation('groups.resetOffsets');
  const rows = offsets.filter((o) => o.topic === topic);
  const offsetOf = (p: GroupDetail['offsets'][number]) => typed[`${p.topic}:${p.partition}`] ?? p.committed ?? p.logStart;
  const target = (): Target | undefined => {
    if (kind === 'earliest' || kind === 'latest') return kind;
    if (kind === 'timestamp') return at === null ? undefined : { timestamp: at };
    if (kind === 'offset') return Number.isInteger(Number(one)) && Number(one) >= 0 && one !== '' ? { offset: Number(one) } : undefined;
    const list = rows.map((p) => ({ partition: p.partition, offset: Number(offsetOf(p)) }));
    return list.every((o) => Number.isInteger(o.offset) && o.offset >= 0) && list.length > 0 ? { offsets: list } : undefined;
  };
  const to = target();
  // Any change to the target makes the preview stale.
  const stale = () => {
    preview.reset();
    reset.reset();
  };
  return (
    <Card withBorder padding="sm" data-testid="reset-offsets">
      <Text fw={600} size="sm" mb="xs">
        Reset offsets (group must be empty)
      </Text>
      <Stack gap="xs">
        <Group align="flex-end">
          <Select
            label="Topic"
            data={topics}
            value={topic}
            onChange={(v) => {
              setTopic(v);
              stale();
            }}
            w={240}
          />
          <Select
            label="To"
            data={kinds}
            value={kind}
            onChange={(v) => {
              setKind((v as Kind | null) ?? 'earliest');
              stale();
            }}
            w={230}
            allowDeselect={false}
            data-testid="reset-kind"
          />
          {kind === 'timestamp' && (
            <DateTimeField
              label="First message at or after"
              value={at}
              onChange={(v) => {
                setAt(v);
                stale();
              }}
              testId="reset-at"
            />
          )}
          {kind === 'offset' && (
            <NumberInput
              label="Offset"
              w={160}
              min={0}
              allowDecimal={false}
              value={one}
              onChange={(v) => {
                setOne(v);
                stale();
              }}
              data-testid="reset-offset"
            />
          )}
          <Button
            variant="light"
            disabled={!topic || !to}
            loading={preview.isPending}
            onClick={() => topic && to && preview.mutate({ groupId, topic, to })}
            data-testid="reset-preview"
          >
            Preview
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
                      onChange={(v) => {
                        setTyped((t) => ({ ...t, [`${p.topic}:${p.partition}`]: v }));
                        stale();
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {preview.error && <ErrorAlert error={preview.error} />}
        {preview.data && topic && !reset.data && (
          <ResetPreview
            plan={preview.data}
            applying={reset.isPending}
            onApply={() =>
              reset.mutate({ groupId, topic, to: { offsets: preview.data.map(({ partition, offset }) => ({ partition, offset })) } })
            }
          />
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

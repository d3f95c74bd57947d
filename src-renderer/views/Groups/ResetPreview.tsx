import { Button, Group, Table, Text } from '@mantine/core';
import type { MethodOutput } from '../../../src-main/api/contract';

type Plan = MethodOutput<'groups.previewReset'>;

const change = (p: Plan[number]) => (p.current === null ? null : p.offset - p.current);

/** What a reset would do, per partition: committed now, committed after, and how many messages that skips or re-reads. */
export function ResetPreview({ plan, applying, onApply }: { plan: Plan; applying: boolean; onApply: () => void }) {
  const moved = plan.filter((p) => p.current !== p.offset).length;
  return (
    <div data-testid="reset-plan">
      <Table withTableBorder striped verticalSpacing={2} aria-label="Reset preview" maw={680}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Partition</Table.Th>
            <Table.Th>Committed now</Table.Th>
            <Table.Th>After reset</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>Log start / end</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.map((p) => {
            const d = change(p);
            return (
              <Table.Tr key={p.partition} data-testid={`plan-${p.partition}`}>
                <Table.Td>{p.partition}</Table.Td>
                <Table.Td>{p.current ?? '—'}</Table.Td>
                <Table.Td fw={600}>{p.offset}</Table.Td>
                <Table.Td c={d === null || d === 0 ? 'dimmed' : d < 0 ? 'orange' : 'blue'}>
                  {d === null ? 'first commit' : d === 0 ? 'unchanged' : d < 0 ? `re-reads ${-d}` : `skips ${d}`}
                </Table.Td>
                <Table.Td>
                  {p.logStart} / {p.logEnd}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group mt="xs">
        <Button color="orange" loading={applying} onClick={onApply} disabled={moved === 0} data-testid="reset-apply">
          Apply: commit these offsets
        </Button>
        <Text size="xs" c="dimmed">
          {moved === 0 ? 'Nothing would move.' : `${moved} partition(s) move.`}
        </Text>
      </Group>
    </div>
  );
}

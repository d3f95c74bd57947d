import { Alert, Badge, Button, Card, Code, Group, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { MethodOutput } from '../../../src-main/api/contract';
import { lineDiff, mergeProposal } from './draft';

type Discovery = MethodOutput<'profile.discover'>;

const levelColor = { info: 'gray', inferred: 'blue', unsure: 'yellow', problem: 'red' } as const;

/** What discovery found, and the draft as it would be once the proposal is accepted, as a diff to review. */
export function DiscoveryPanel({
  result,
  draft,
  onAccept,
  onDiscard,
  onChooseCluster,
  rediscovering,
}: {
  result: Discovery;
  draft: string;
  /** Discover again, proposing the cluster of this zookeeper.connect. */
  onChooseCluster: (zookeeper: string) => void;
  rediscovering: boolean;
  onAccept: (yaml: string) => void;
  onDiscard: () => void;
}) {
  const { merged, error } = useMemo(() => {
    try {
      return { merged: mergeProposal(draft, result.yaml), error: undefined };
    } catch (err) {
      return { merged: undefined, error: err instanceof Error ? err.message : String(err) };
    }
  }, [draft, result.yaml]);
  // What goes into the profile first; the other clusters' services after, dimmed.
  const services = useMemo(() => [...result.services].sort((a, b) => Number(b.included) - Number(a.included)), [result.services]);
  const diff = useMemo(() => (merged ? lineDiff(draft, merged.yaml) : []), [draft, merged]);
  return (
    <Card withBorder padding="sm" data-testid="discovery">
      <Group justify="space-between" mb="xs">
        <Title order={5}>Discovered</Title>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onDiscard}>
            Discard
          </Button>
          <Button size="xs" disabled={!merged} onClick={() => merged && onAccept(merged.yaml)}>
            Accept proposal
          </Button>
        </Group>
      </Group>
      <Stack gap="xs">
        {result.hosts
          .filter((h) => !h.reachable)
          .map((h) => (
            <Alert key={h.host} color="red" variant="light" title={`${h.host}: not read`}>
              {h.error?.message}
            </Alert>
          ))}
        {result.clusters.length > 1 && (
          <Select
            label="Cluster to propose (the hosts hold brokers of several)"
            size="xs"
            w={520}
            data-testid="discovery-cluster"
            disabled={rediscovering}
            value={result.clusters.find((c) => c.chosen)?.zookeeper ?? null}
            allowDeselect={false}
            data={result.clusters.map((c) => ({ value: c.zookeeper, label: `${c.zookeeper} (brokers ${c.brokerIds.join(', ')})` }))}
            onChange={(z) => z && onChooseCluster(z)}
          />
        )}
        <Table withTableBorder verticalSpacing={2} fz="xs" aria-label="Discovered services">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Service</Table.Th>
              <Table.Th>Host</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Endpoint</Table.Th>
              <Table.Th>Config</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {services.map((s, i) => (
              <Table.Tr key={`${s.id}-${i}`} data-testid={`discovered-${s.id}`} style={{ opacity: s.included ? 1 : 0.5 }}>
                <Table.Td>
                  {s.id}
                  {!s.included && ' (other cluster, left out)'}
                </Table.Td>
                <Table.Td>{s.host}</Table.Td>
                <Table.Td>
                  <Badge size="xs" variant="light" color={s.state === 'running' ? 'green' : 'gray'}>
                    {s.state === 'running' ? `running · pid ${s.pid ?? '?'}` : 'stopped (from its config file)'}
                  </Badge>
                </Table.Td>
                <Table.Td>{s.endpoint ?? ''}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{s.config ?? s.installDir}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {result.findings.map((f, i) => (
          <Text size="xs" key={i} data-testid="discovery-finding">
            <Badge size="xs" color={levelColor[f.level]} variant="light" mr={6}>
              {f.level}
            </Badge>
            {f.message}
          </Text>
        ))}
        {error && <Alert color="red">{error}</Alert>}
        {merged && (
          <Text size="xs" data-testid="discovery-merge">
            Accepting adds {merged.added.length === 0 ? 'no service' : merged.added.join(', ')}
            {merged.kept.length > 0 && <>; keeps {merged.kept.join(', ')} as you wrote them</>}
            {merged.notFound.length > 0 && (
              <>; {merged.notFound.join(', ')} of your draft were not found on the hosts (kept: remove them if they are gone)</>
            )}
            .
          </Text>
        )}
        <Text size="sm" fw={600}>
          Your draft after accepting
        </Text>
        <ScrollArea.Autosize mah={360} type="auto">
          <Code block data-testid="discovery-diff" style={{ fontSize: 11 }}>
            {diff.map((l, i) => (
              <div
                key={i}
                data-diff={l.kind}
                style={{
                  background:
                    l.kind === 'added'
                      ? 'var(--mantine-color-green-light)'
                      : l.kind === 'removed'
                        ? 'var(--mantine-color-red-light)'
                        : undefined,
                }}
              >
                {l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '- ' : '  '}
                {l.text}
              </div>
            ))}
          </Code>
        </ScrollArea.Autosize>
      </Stack>
    </Card>
  );
}

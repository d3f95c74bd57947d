import { Alert, Badge, Button, Card, Code, Group, Loader, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { LakeListing, Landing } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Figure } from '../../components/Figure';
import { useApiMutation, useApiQuery } from '../../queries';
import { formatBytes, formatCount, formatDateTime, formatRelative } from '../../format';
import { FileHead } from './FileHead';

type Entry = LakeListing['entries'][number];

function EntryState({ e }: { e: Entry }) {
  if (e.orphan)
    return (
      <Tooltip label={e.note} multiline w={360}>
        <Badge color="red" variant="light" size="sm" data-testid="orphan-badge">
          orphan
        </Badge>
      </Tooltip>
    );
  if (e.inUse)
    return (
      <Tooltip label={e.note} multiline w={360}>
        <Badge color="blue" variant="light" size="sm">
          in use
        </Badge>
      </Tooltip>
    );
  return null;
}

function columns(selected: string | null, select: (path: string) => void): Array<DataColumn<Entry>> {
  return [
    {
      id: 'path',
      header: 'Path',
      sortValue: (e) => e.relative,
      cell: (e) =>
        e.type === 'directory' ? (
          <Text size="sm" fw={600} style={{ paddingLeft: e.depth * 16 }}>
            {e.name}/
          </Text>
        ) : (
          <UnstyledButton
            onClick={() => select(e.path)}
            style={{ paddingLeft: e.depth * 16 }}
            aria-pressed={selected === e.path}
            data-testid={`lake-file-${e.name}`}
          >
            <Text size="sm" c={selected === e.path ? 'blue' : undefined} td={selected === e.path ? 'underline' : undefined}>
              {e.name}
            </Text>
          </UnstyledButton>
        ),
    },
    { id: 'state', header: '', cell: (e) => <EntryState e={e} /> },
    {
      id: 'size',
      header: 'Size',
      align: 'right',
      nowrap: true,
      sortValue: (e) => e.bytes,
      cell: (e) => (e.type === 'file' ? formatBytes(e.bytes) : ''),
    },
    { id: 'modified', header: 'Modified', nowrap: true, sortValue: (e) => e.modified, cell: (e) => formatDateTime(e.modified) },
  ];
}

/** One pipeline's landing path in HDFS: its files, the first lines of one, line counts and landed vs produced. */
export function LandingCard({ landing }: { landing: Landing }) {
  const listing = useApiQuery('datalake.list', { pipeline: landing.pipeline }, { refetchInterval: 10_000 });
  const count = useApiMutation('datalake.count');
  const compare = useApiMutation('datalake.landedVsProduced');
  const [selected, setSelected] = useState<string | null>(null);
  const l = listing.data;
  return (
    <Card withBorder padding="md" data-testid={`landing-${landing.pipeline}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={4}>{landing.pipeline}</Title>
          <Code>{landing.path}</Code>
          <Text size="xs" c="dimmed">
            on {landing.hdfs}
            {landing.writer ? ` · written by Flume agent ${landing.writer}` : ''}
          </Text>
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="light" loading={count.isPending} onClick={() => count.mutate({ pipeline: landing.pipeline })}>
            Count lines
          </Button>
          {landing.topic && (
            <Button size="xs" variant="default" loading={compare.isPending} onClick={() => compare.mutate({ pipeline: landing.pipeline })}>
              Landed vs produced
            </Button>
          )}
        </Group>
      </Group>
      {listing.error && <ErrorAlert error={listing.error} />}
      {!l && !listing.error && <Loader size="sm" />}
      {l && (
        <Stack gap="sm">
          <Group gap="xl">
            <Figure label="files" value={formatCount(l.files)} testId="lake-files" />
            <Figure label="size" value={formatBytes(l.bytes)} />
            <Figure label="orphans" value={formatCount(l.orphans)} testId="lake-orphans" />
            {l.writerState && (
              <Figure
                label={`agent ${landing.writer ?? ''}`}
                value={
                  l.writerState.running
                    ? `running since ${formatDateTime(l.writerState.since ?? l.listedAt)} (${formatRelative(l.writerState.since ?? l.listedAt)})`
                    : 'not running'
                }
              />
            )}
            {count.data && (
              <Figure
                label={`lines (counted ${formatRelative(count.data.countedAt)})`}
                value={formatCount(count.data.totalLines)}
                testId="lake-lines"
              />
            )}
            {compare.data && (
              <>
                <Figure label={`produced to ${compare.data.topic}`} value={formatCount(compare.data.produced)} testId="lake-produced" />
                <Figure label="landed" value={formatCount(compare.data.landed)} testId="lake-landed" />
                <Figure
                  label={compare.data.difference >= 0 ? 'not landed (yet)' : 'more landed than produced (duplicates)'}
                  value={formatCount(Math.abs(compare.data.difference))}
                  testId="lake-difference"
                />
              </>
            )}
          </Group>
          {count.error && <ErrorAlert error={count.error} />}
          {compare.error && <ErrorAlert error={compare.error} />}
          {l.orphans > 0 && (
            <Alert color="orange" variant="light" title={`${l.orphans} orphaned in-use file${l.orphans > 1 ? 's' : ''}`}>
              <Text size="sm">
                A Flume agent was stopped or killed while writing: these files keep their in-use name and HDFS reports them shorter than
                they are until their lease is recovered (<Code>hdfs debug recoverLease -path …</Code>) and they are renamed. Their lines are
                counted.
              </Text>
            </Alert>
          )}
          {l.truncated && (
            <Text size="xs" c="orange">
              Only the first {formatCount(l.entries.length)} entries are listed.
            </Text>
          )}
          <DataTable
            aria-label={`Files of ${landing.pipeline}`}
            data-testid="lake-table"
            data={l.entries}
            rowKey={(e) => e.path}
            rowProps={(e) => ({ 'data-testid': `lake-row-${e.relative}`, 'data-orphan': String(e.orphan) })}
            columns={columns(selected, setSelected)}
            empty="Nothing has landed yet."
            verticalSpacing={4}
            {...(l.entries.length > 200 ? { virtual: { height: 480, estimateRowHeight: 30 } } : {})}
          />
          {selected && <FileHead pipeline={landing.pipeline} path={selected} />}
        </Stack>
      )}
    </Card>
  );
}

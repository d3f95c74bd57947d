import { Badge, Code, Drawer, Group, Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { PipelineDetail } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';
import { stateColor } from './pipelineStyle';
import { formatDateTime } from '../../format';

const kib = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

type LandingFile = NonNullable<PipelineDetail['landing']>['files'][number];

const configColumns: Array<DataColumn<[string, string]>> = [
  {
    id: 'key',
    cell: ([k]) => <Code>{k}</Code>,
    nowrap: true,
  },
  { id: 'value', cell: ([, v]) => v, cellStyle: () => ({ wordBreak: 'break-all' }) },
];

const landingColumns: Array<DataColumn<LandingFile>> = [
  { id: 'file', header: 'File', cell: (f) => f.name, sortValue: (f) => f.name },
  { id: 'size', header: 'Size', cell: (f) => kib(f.bytes), sortValue: (f) => f.bytes },
  { id: 'lines', header: 'Lines', cell: (f) => f.lines?.toLocaleString('en-US') ?? '–', sortValue: (f) => f.lines ?? -1 },
  {
    id: 'modified',
    header: 'Modified',
    cell: (f) => formatDateTime(f.modified),
    sortValue: (f) => new Date(f.modified).getTime(),
  },
];

/** Config, tasks with traces, the engine's offsets and the landing directory's files of one pipeline. */
export function PipelineDetailDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useApiQuery('pipelines.detail', { id }, { refetchInterval: 5_000 });
  const d = detail.data;
  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={<Title order={4}>Pipeline {id}</Title>}>
      {detail.error && <ErrorAlert error={detail.error} />}
      {!d && !detail.error && <Loader size="sm" />}
      {d && (
        <Stack gap="md">
          <Group gap="xs">
            <Badge color={stateColor[d.pipeline.status.state]}>{d.pipeline.status.state}</Badge>
            <Text size="sm">
              {d.pipeline.engine} · <Code>{d.pipeline.name}</Code>
            </Text>
          </Group>
          {d.pipeline.status.config && (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Config
              </Text>
              <DataTable
                fz="xs"
                withTableBorder
                aria-label="Pipeline config"
                withHeader={false}
                data={Object.entries(d.pipeline.status.config)}
                rowKey={([k]) => k}
                columns={configColumns}
              />
            </Stack>
          )}
          <Stack gap={4}>
            <Text fw={600} size="sm">
              Tasks
            </Text>
            {d.pipeline.status.tasks.length === 0 && (
              <Text size="xs" c="dimmed">
                No tasks (the pipeline is stopped or not assigned yet).
              </Text>
            )}
            {d.pipeline.status.tasks.map((t) => (
              <Stack key={t.id} gap={2}>
                <Group gap="xs">
                  <Text size="xs">task {t.id}</Text>
                  <Badge size="xs" color={stateColor[t.state]}>
                    {t.engineState}
                  </Badge>
                  {t.workerId && (
                    <Text size="xs" c="dimmed">
                      on {t.workerId}
                    </Text>
                  )}
                </Group>
                {t.trace && (
                  <ScrollArea h={160}>
                    <Code block fz="xs">
                      {t.trace}
                    </Code>
                  </ScrollArea>
                )}
              </Stack>
            ))}
          </Stack>
          {d.offsets && d.offsets.length > 0 && (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Offsets
              </Text>
              {d.offsets.map((o) => (
                <Text key={o.partition} size="xs">
                  <Code>{o.partition}</Code> → <Code>{o.offset || '–'}</Code>
                </Text>
              ))}
            </Stack>
          )}
          {d.landing && (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                Landing directory <Code>{d.landing.path}</Code> on {d.landing.host}
              </Text>
              {d.landing.error && (
                <Text c="red" size="xs">
                  {d.landing.error}
                </Text>
              )}
              <DataTable
                fz="xs"
                withTableBorder
                aria-label="Landing files"
                data={d.landing.files}
                rowKey={(f) => f.name}
                columns={landingColumns}
                {...(d.landing.error ? {} : { empty: 'No files yet.' })}
              />
            </Stack>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

import { ActionIcon, Badge, Box, Checkbox, Group, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { LogFile } from '../../../src-main/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serviceKindLabels, type ServiceKind } from '../../components/service-kinds';
import { asAppError } from '../../api';
import { useApiQuery } from '../../queries';
import { formatBytes } from './format';

export const MAX_SOURCES = 8;

export function sourceKey(f: Pick<LogFile, 'service' | 'path'>): string {
  return `${f.service}:${f.path}`;
}

interface ServiceFiles {
  service: string;
  kind: string;
  host: string;
  current: LogFile[];
  rotated: LogFile[];
}

function group(files: ReadonlyArray<LogFile>): Array<{ host: string; services: ServiceFiles[] }> {
  const hosts = new Map<string, Map<string, ServiceFiles>>();
  for (const f of files) {
    const services = hosts.get(f.host) ?? new Map<string, ServiceFiles>();
    hosts.set(f.host, services);
    const s = services.get(f.service) ?? { service: f.service, kind: f.kind, host: f.host, current: [], rotated: [] };
    services.set(f.service, s);
    (f.rotated ? s.rotated : s.current).push(f);
  }
  return [...hosts].map(([host, services]) => ({ host, services: [...services.values()] }));
}

function FileRow({ file, checked, disabled, onToggle }: { file: LogFile; checked: boolean; disabled: boolean; onToggle: () => void }) {
  const changed = new Date(file.mtime);
  const today = changed.toDateString() === new Date().toDateString();
  const when = today
    ? changed.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : changed.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return (
    <Group gap={6} wrap="nowrap" justify="space-between" data-testid={`log-file-${file.service}-${file.name}`}>
      <Checkbox
        size="xs"
        checked={checked}
        disabled={disabled && !checked}
        onChange={onToggle}
        aria-label={`${file.service} ${file.name}`}
        styles={{ body: { minWidth: 0 }, labelWrapper: { minWidth: 0 } }}
        style={{ minWidth: 0 }}
        label={
          <Text size="xs" ff="monospace" fw={file.primary ? 600 : 400} title={file.path} truncate="end">
            {file.name}
          </Text>
        }
      />
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', flex: 'none' }} title={`${file.size} bytes, changed ${file.mtime}`}>
        {formatBytes(file.size)} · {when}
      </Text>
    </Group>
  );
}

function ServiceBlock({
  s,
  selected,
  full,
  onToggle,
}: {
  s: ServiceFiles;
  selected: ReadonlySet<string>;
  full: boolean;
  onToggle: (f: LogFile) => void;
}) {
  const [older, setOlder] = useState(false);
  const dir = s.current[0]?.path.replace(/\/[^/]*$/, '') ?? s.rotated[0]?.path.replace(/\/[^/]*$/, '');
  const shared = [...new Set(s.current.flatMap((f) => f.sharedWith))];
  return (
    <Box pl="xs" data-testid={`log-service-${s.service}`}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={600}>
          {s.service}
        </Text>
        <Text size="xs" c="dimmed">
          {serviceKindLabels[s.kind as ServiceKind] ?? s.kind}
        </Text>
      </Group>
      {dir && (
        <Text size="xs" c="dimmed" ff="monospace" truncate="start" title={dir}>
          {dir}
        </Text>
      )}
      {shared.length > 0 && (
        <Tooltip label="These services write the same files: give each its own logDir (LOG_DIR) in the profile.">
          <Badge size="xs" color="orange" variant="light">
            shared with {shared.join(', ')}
          </Badge>
        </Tooltip>
      )}
      <Stack gap={2} mt={4}>
        {s.current.map((f) => (
          <FileRow key={f.path} file={f} checked={selected.has(sourceKey(f))} disabled={full} onToggle={() => onToggle(f)} />
        ))}
        {s.rotated.length > 0 && (
          <UnstyledButton onClick={() => setOlder((o) => !o)} aria-expanded={older}>
            <Text size="xs" c="dimmed">
              {older ? '▾' : '▸'} {s.rotated.length} rolled file{s.rotated.length === 1 ? '' : 's'}
            </Text>
          </UnstyledButton>
        )}
        {older &&
          s.rotated.map((f) => (
            <FileRow key={f.path} file={f} checked={selected.has(sourceKey(f))} disabled={full} onToggle={() => onToggle(f)} />
          ))}
      </Stack>
    </Box>
  );
}

/** Every service's log files by host, as found on the hosts; ticking one adds it to the view. */
export function LogFilePicker({ selected, onToggle }: { selected: ReadonlySet<string>; onToggle: (f: LogFile) => void }) {
  const files = useApiQuery('logs.files', {}, { refetchInterval: 30_000 });
  const hosts = useMemo(() => group(files.data?.files ?? []), [files.data]);
  const full = selected.size >= MAX_SOURCES;
  return (
    <Stack gap="xs" h="100%">
      <Group justify="space-between">
        <Text fw={600}>Log files</Text>
        <Group gap={4}>
          {full && (
            <Text size="xs" c="dimmed">
              {MAX_SOURCES} at most
            </Text>
          )}
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label="Refresh log files"
            onClick={() => void files.refetch()}
            loading={files.isFetching}
          >
            ↻
          </ActionIcon>
        </Group>
      </Group>
      {files.error && <ErrorAlert error={asAppError(files.error)} />}
      {files.data?.problems.map((p) => (
        <ErrorAlert key={p.host} error={{ ...p.error, message: `${p.host}: ${p.error.message}` }} />
      ))}
      <ScrollArea style={{ flex: 1 }} offsetScrollbars scrollbars="y" type="auto">
        <Stack gap="md">
          {files.isLoading && (
            <Text size="sm" c="dimmed">
              Listing log files on the hosts…
            </Text>
          )}
          {hosts.map((h) => (
            <Box key={h.host}>
              <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
                {h.host}
              </Text>
              <Stack gap="sm" mt={4}>
                {h.services.map((s) => (
                  <ServiceBlock key={s.service} s={s} selected={selected} full={full} onToggle={onToggle} />
                ))}
              </Stack>
            </Box>
          ))}
          {files.data?.missing.map((m) => (
            <Text key={`${m.service}${m.dir}`} size="xs" c="dimmed">
              {m.service}: no {m.dir} on {m.host} (never started there?)
            </Text>
          ))}
        </Stack>
      </ScrollArea>
    </Stack>
  );
}

import { Code, Drawer, Group, ScrollArea, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';

/** The tail of a service's log, refreshed every 2 s while "follow" is on. */
export function LogDrawer({ service, onClose }: { service: string | undefined; onClose: () => void }) {
  const [search, setSearch] = useState('');
  const [follow, setFollow] = useState(true);
  const log = useApiQuery(
    'logs.tail',
    { service: service ?? '', lines: 500, ...(search ? { search } : {}) },
    { enabled: Boolean(service), refetchInterval: follow ? 2_000 : undefined },
  );
  return (
    <Drawer opened={Boolean(service)} onClose={onClose} position="right" size="70%" title={`Log of ${service ?? ''}`}>
      <Group mb="sm">
        <TextInput
          placeholder="Search in the last 500 lines"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
          aria-label="Search log"
        />
        <Switch checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} label="Follow" />
        {log.data && (
          <Text size="xs" c="dimmed">
            {log.data.host}:{log.data.file} · {log.data.lines.length} lines
          </Text>
        )}
      </Group>
      {log.error && <ErrorAlert error={log.error} />}
      <ScrollArea h="calc(100vh - 140px)">
        <Code block data-testid="log-lines" style={{ whiteSpace: 'pre', fontSize: 11 }}>
          {log.data?.lines.join('\n') ?? ''}
        </Code>
      </ScrollArea>
    </Drawer>
  );
}

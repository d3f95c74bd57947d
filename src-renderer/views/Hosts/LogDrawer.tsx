import { Code, Drawer, Group, ScrollArea, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLogStream } from '../../queries';

/** A service's log, live: the last 500 lines on open, then every new line; search works on what was fetched. */
export function LogDrawer({ service, onClose }: { service: string | undefined; onClose: () => void }) {
  const [search, setSearch] = useState('');
  const { lines, source, error } = useLogStream(service);
  const shown = useMemo(() => {
    const needle = search.toLowerCase();
    return needle ? lines.filter((l) => l.toLowerCase().includes(needle)) : lines;
  }, [lines, search]);
  return (
    <Drawer opened={Boolean(service)} onClose={onClose} position="right" size="70%" title={`Log of ${service ?? ''} (following)`}>
      <Group mb="sm">
        <TextInput
          placeholder="Search in the fetched lines"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
          aria-label="Search log"
        />
        {source && (
          <Text size="xs" c="dimmed">
            {source.host}:{source.file} · {shown.length} of {lines.length} lines
          </Text>
        )}
      </Group>
      {error && <ErrorAlert error={error} />}
      <ScrollArea h="calc(100vh - 140px)">
        <Code block data-testid="log-lines" style={{ whiteSpace: 'pre', fontSize: 11 }}>
          {shown.join('\n')}
        </Code>
      </ScrollArea>
    </Drawer>
  );
}

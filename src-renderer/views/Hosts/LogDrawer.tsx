import { Box, Drawer, Group, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLogStream } from '../../queries';

interface LogLine {
  /** Position in the fetched log: the row's identity, since a log may repeat a line word for word. */
  n: number;
  text: string;
}

const lineColumns: Array<DataColumn<LogLine>> = [
  {
    id: 'line',
    cell: (l) => l.text,
    cellStyle: () => ({ whiteSpace: 'pre', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 11, padding: '0 8px' }),
  },
];

/** A service's log, live: the last 500 lines on open, then every new line; search works on what was fetched. */
export function LogDrawer({ service, onClose }: { service: string | undefined; onClose: () => void }) {
  const [search, setSearch] = useState('');
  const { lines, source, error } = useLogStream(service);
  const shown = useMemo(() => {
    const needle = search.toLowerCase();
    const numbered = lines.map((text, n) => ({ n, text }));
    return needle ? numbered.filter((l) => l.text.toLowerCase().includes(needle)) : numbered;
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
      <Box bg="var(--mantine-color-default-hover)" py={6} style={{ borderRadius: 'var(--mantine-radius-sm)' }}>
        <DataTable
          data-testid="log-lines"
          aria-label="Log lines"
          withHeader={false}
          withRowBorders={false}
          verticalSpacing={0}
          data={shown}
          rowKey={(l) => String(l.n)}
          columns={lineColumns}
          virtual={{ height: 'calc(100vh - 140px)', estimateRowHeight: 17, followEnd: true }}
        />
      </Box>
    </Drawer>
  );
}

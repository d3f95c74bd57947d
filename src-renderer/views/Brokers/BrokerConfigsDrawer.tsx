import { Badge, Code, Drawer, Loader, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';

/** A broker's running configuration, overrides first. */
export function BrokerConfigsDrawer({ brokerId, onClose }: { brokerId: number; onClose: () => void }) {
  const configs = useApiQuery('brokers.configs', { brokerId });
  const [search, setSearch] = useState('');
  const rows = (configs.data ?? [])
    .filter((c) => c.name.includes(search))
    .sort((a, b) => Number(a.isDefault) - Number(b.isDefault) || a.name.localeCompare(b.name));
  return (
    <Drawer opened onClose={onClose} position="right" size="55%" title={`Broker ${brokerId} configuration`}>
      <TextInput
        placeholder="Filter by name"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        mb="sm"
        aria-label="Filter configs"
      />
      {configs.error && <ErrorAlert error={configs.error} />}
      {configs.isLoading && <Loader size="sm" />}
      <Table striped aria-label="Broker configuration" verticalSpacing={2}>
        <Table.Tbody>
          {rows.map((c) => (
            <Table.Tr key={c.name}>
              <Table.Td>
                <Code>{c.name}</Code>
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>{c.sensitive ? '(hidden)' : (c.value ?? '—')}</Table.Td>
              <Table.Td>
                {c.isDefault ? (
                  <Text size="xs" c="dimmed">
                    default
                  </Text>
                ) : (
                  <Badge size="xs">set</Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Drawer>
  );
}

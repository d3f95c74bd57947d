import { Badge, Code, Drawer, Loader, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { MethodOutput } from '../../../src-main/api/contract';
import { DataTable, type DataColumn } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';

const configColumns: Array<DataColumn<MethodOutput<'brokers.configs'>[number]>> = [
  { id: 'name', cell: (c) => <Code>{c.name}</Code> },
  { id: 'value', cell: (c) => (c.sensitive ? '(hidden)' : (c.value ?? '—')), cellStyle: () => ({ wordBreak: 'break-all' }) },
  {
    id: 'source',
    cell: (c) =>
      c.isDefault ? (
        <Text size="xs" c="dimmed">
          default
        </Text>
      ) : (
        <Badge size="xs">set</Badge>
      ),
  },
];

/** A broker's running configuration, overrides first. */
export function BrokerConfigsDrawer({ brokerId, onClose }: { brokerId: number; onClose: () => void }) {
  const configs = useApiQuery('brokers.configs', { brokerId });
  const [search, setSearch] = useState('');
  const rows = useMemo(
    () =>
      (configs.data ?? [])
        .filter((c) => c.name.includes(search))
        .sort((a, b) => Number(a.isDefault) - Number(b.isDefault) || a.name.localeCompare(b.name)),
    [configs.data, search],
  );
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
      <DataTable
        striped
        aria-label="Broker configuration"
        verticalSpacing={2}
        withHeader={false}
        data={rows}
        rowKey={(c) => c.name}
        columns={configColumns}
      />
    </Drawer>
  );
}

import { Badge, Button, Code, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { DataTable, type DataColumn } from '../DataTable';
import { ConfigEditDialog, type ConfigOwner } from './ConfigEditDialog';
import { sourceLabels, type ConfigEntry } from './config-sources';

const isOverride = (c: ConfigEntry) => sourceLabels[c.source].override;

/**
 * A topic's or a broker's configuration: each value, where it comes from, and whether it can be changed; overrides
 * first. Editing opens a dialog per config. Read-only broker configs (server.properties only, no dynamic update) are
 * shown but not editable.
 */
export function ConfigTable({ owner, entries, label }: { owner: ConfigOwner; entries: ReadonlyArray<ConfigEntry>; label: string }) {
  const [search, setSearch] = useState('');
  const [only, setOnly] = useState<'all' | 'overrides'>('all');
  const [editing, setEditing] = useState<string>();
  const rows = useMemo(
    () =>
      entries
        .filter((c) => c.name.includes(search.trim()) && (only === 'all' || isOverride(c)))
        .sort((a, b) => Number(isOverride(b)) - Number(isOverride(a)) || a.name.localeCompare(b.name)),
    [entries, search, only],
  );
  const columns: Array<DataColumn<ConfigEntry>> = [
    { id: 'name', header: 'Name', cell: (c) => <Code>{c.name}</Code>, sortValue: (c) => c.name },
    {
      id: 'value',
      header: 'Value',
      cell: (c) =>
        c.sensitive ? (
          <Text c="dimmed" size="sm">
            (hidden)
          </Text>
        ) : (
          (c.value ?? '—')
        ),
      cellStyle: () => ({ wordBreak: 'break-all', maxWidth: 320 }),
    },
    {
      id: 'source',
      header: 'Source',
      cell: (c) => (
        <Badge
          size="sm"
          variant={isOverride(c) ? 'filled' : 'light'}
          color={sourceLabels[c.source].color}
          data-testid={`config-source-${c.name}`}
        >
          {sourceLabels[c.source].label}
        </Badge>
      ),
      sortValue: (c) => sourceLabels[c.source].label,
    },
    {
      id: 'flags',
      header: 'Flags',
      cell: (c) => (
        <Group gap={4}>
          {c.readOnly && (
            <Badge size="xs" color="gray" variant="outline">
              read-only
            </Badge>
          )}
          {c.sensitive && (
            <Badge size="xs" color="red" variant="outline">
              sensitive
            </Badge>
          )}
        </Group>
      ),
    },
    {
      id: 'edit',
      cell: (c) =>
        !c.readOnly && (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => setEditing(c.name)}
            aria-label={`Edit ${c.name}`}
            data-testid={`edit-${c.name}`}
          >
            Edit
          </Button>
        ),
    },
  ];
  const entry = entries.find((c) => c.name === editing);
  return (
    <Stack gap="sm">
      <Group>
        <TextInput
          placeholder="Filter by name"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          aria-label="Filter configs"
          w={280}
        />
        <SegmentedControl
          size="xs"
          value={only}
          onChange={(v) => setOnly(v === 'overrides' ? 'overrides' : 'all')}
          data={[
            { value: 'all', label: `All (${entries.length})` },
            { value: 'overrides', label: `Overrides (${entries.filter(isOverride).length})` },
          ]}
          aria-label="Which configs"
        />
      </Group>
      <DataTable
        striped
        aria-label={label}
        verticalSpacing={4}
        data={rows}
        rowKey={(c) => c.name}
        rowProps={(c) => ({ 'data-testid': `config-${c.name}` })}
        columns={columns}
        virtual={{ height: 'calc(100vh - 300px)', estimateRowHeight: 33 }}
      />
      {entry && <ConfigEditDialog owner={owner} entry={entry} onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}

import { ActionIcon, Autocomplete, Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { asAppError } from '../api';
import { ErrorAlert } from './ErrorAlert';
import { configErrorsOf } from './configs/config-sources';
import { useApiMutation } from '../queries';

/** The topic configs people set most at creation; any other name can be typed. */
const commonConfigs = [
  'retention.ms',
  'retention.bytes',
  'cleanup.policy',
  'min.insync.replicas',
  'compression.type',
  'max.message.bytes',
  'segment.bytes',
  'segment.ms',
  'message.timestamp.type',
  'delete.retention.ms',
  'min.compaction.lag.ms',
];

interface ConfigRow {
  id: number;
  name: string;
  value: string;
}

/**
 * Create a topic, optionally with config overrides. The controller checks each config (validate only) before the topic
 * is created: its reason shows under the config it refused; other field errors (name rules, RF vs brokers) show under
 * their field.
 */
export function CreateTopicDialog({ onClose, brokers, initialName = '' }: { onClose: () => void; brokers: number; initialName?: string }) {
  const [name, setName] = useState(initialName);
  const [partitions, setPartitions] = useState<number | string>(3);
  const [rf, setRf] = useState<number | string>(Math.min(3, Math.max(1, brokers)));
  const [configs, setConfigs] = useState<ConfigRow[]>([]);
  const [nextId, setNextId] = useState(1);
  const create = useApiMutation('topics.create');
  const error = create.error ? asAppError(create.error) : undefined;
  const configErrors = configErrorsOf(error);
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);
  const update = (id: number, change: Partial<ConfigRow>) => setConfigs((rows) => rows.map((r) => (r.id === id ? { ...r, ...change } : r)));
  const named = configs.filter((c) => c.name.trim() !== '');
  const duplicate = named.find((c, i) => named.findIndex((d) => d.name.trim() === c.name.trim()) !== i);
  return (
    <Modal opened onClose={onClose} title="Create topic" centered size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // The dialog is portalled, but React still bubbles its submit to any form it was opened from.
          e.stopPropagation();
          create.mutate(
            {
              name,
              partitions: Number(partitions),
              replicationFactor: Number(rf),
              configs: Object.fromEntries(named.map((c) => [c.name.trim(), c.value])),
            },
            { onSuccess: onClose },
          );
        }}
      >
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
          <Group grow>
            <NumberInput label="Partitions" value={partitions} onChange={setPartitions} error={fieldError('partitions')} />
            <NumberInput label="Replication factor" value={rf} onChange={setRf} error={fieldError('replicationFactor')} />
          </Group>
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Configs{' '}
              <Text span size="xs" c="dimmed">
                (overrides of the brokers&apos; defaults)
              </Text>
            </Text>
            {configs.map((c) => (
              <Group key={c.id} gap="xs" align="flex-start" wrap="nowrap">
                <Autocomplete
                  aria-label="Config name"
                  placeholder="name, e.g. retention.ms"
                  data={commonConfigs}
                  value={c.name}
                  onChange={(v) => update(c.id, { name: v })}
                  style={{ flex: 1 }}
                  error={configErrors[c.name.trim()] ? ' ' : undefined}
                />
                <TextInput
                  aria-label={`Value of ${c.name || 'config'}`}
                  placeholder="value"
                  value={c.value}
                  onChange={(e) => update(c.id, { value: e.currentTarget.value })}
                  style={{ flex: 1 }}
                  error={configErrors[c.name.trim()]}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={6}
                  aria-label="Remove config"
                  onClick={() => setConfigs((rows) => rows.filter((r) => r.id !== c.id))}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => {
                  setConfigs((rows) => [...rows, { id: nextId, name: '', value: '' }]);
                  setNextId((n) => n + 1);
                }}
              >
                Add config
              </Button>
            </Group>
            {duplicate && (
              <Text size="xs" c="red">
                {duplicate.name} is listed twice.
              </Text>
            )}
          </Stack>
          {error && !error.field && <ErrorAlert error={error} />}
          {error?.field && !['name', 'partitions', 'replicationFactor'].includes(error.field) && Object.keys(configErrors).length === 0 && (
            <ErrorAlert error={error} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={duplicate !== undefined}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

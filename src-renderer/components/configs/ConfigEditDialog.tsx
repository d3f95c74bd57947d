import { Alert, Badge, Button, Code, Group, Modal, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { asAppError } from '../../api';
import { useApiMutation } from '../../queries';
import { ErrorAlert } from '../ErrorAlert';
import { configErrorsOf, sourceLabels, type ConfigEntry } from './config-sources';

export type ConfigOwner = { topic: string } | { brokerId: number };
type BrokerScope = number | 'cluster-default';

/**
 * Changes one config: a new value (set) or back to what it overrides (remove). "Check" asks the broker whether it
 * would accept the value without applying it; "Save" has it checked again and applied. A broker config can be set for
 * that broker or for all brokers (the cluster-wide dynamic default).
 */
export function ConfigEditDialog({ owner, entry, onClose }: { owner: ConfigOwner; entry: ConfigEntry; onClose: () => void }) {
  const [value, setValue] = useState(entry.sensitive ? '' : (entry.value ?? ''));
  const [scope, setScope] = useState<BrokerScope>('brokerId' in owner ? owner.brokerId : 'cluster-default');
  const topic = useApiMutation('topics.alterConfigs');
  const broker = useApiMutation('brokers.alterConfigs');
  const [checked, setChecked] = useState<string>();
  const busy = topic.isPending || broker.isPending;
  const error = topic.error ?? broker.error;
  const appError = error ? asAppError(error) : undefined;
  const fieldError = configErrorsOf(appError)[entry.name] ?? (appError?.field === entry.name ? appError.message : undefined);
  const change = (c: { set?: Record<string, string>; remove?: string[]; validateOnly: boolean }, done: () => void) => {
    topic.reset();
    broker.reset();
    setChecked(undefined);
    if ('topic' in owner) topic.mutate({ name: owner.topic, ...c }, { onSuccess: done });
    else broker.mutate({ brokerId: scope, ...c }, { onSuccess: done });
  };
  // What a revert removes: the override at the scope chosen (a topic has one).
  const overriddenHere =
    'topic' in owner
      ? entry.source === 'DYNAMIC_TOPIC_CONFIG'
      : entry.synonyms.some((s) => s.source === (scope === 'cluster-default' ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : 'DYNAMIC_BROKER_CONFIG'));
  return (
    <Modal opened onClose={onClose} title={`Edit ${entry.name}`} centered size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          e.stopPropagation();
          change({ set: { [entry.name]: value }, validateOnly: false }, onClose);
        }}
      >
        <Stack gap="sm">
          <Group gap="xs">
            <Text size="sm">Now:</Text>
            <Code>{entry.sensitive ? '(hidden)' : (entry.value ?? '—')}</Code>
            <Badge size="sm" variant="light" color={sourceLabels[entry.source].color}>
              {sourceLabels[entry.source].label}
            </Badge>
          </Group>
          {entry.synonyms.length > 0 && (
            <Table withTableBorder verticalSpacing={2} aria-label="Where the value comes from">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Source (most specific first)</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Value</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entry.synonyms.map((s) => (
                  <Table.Tr key={`${s.source}-${s.name}`}>
                    <Table.Td>{sourceLabels[s.source].label}</Table.Td>
                    <Table.Td>
                      <Code>{s.name}</Code>
                    </Table.Td>
                    <Table.Td>{s.value ?? (entry.sensitive ? '(hidden)' : '—')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {'brokerId' in owner && (
            <SegmentedControl
              value={String(scope)}
              onChange={(v) => setScope(v === 'cluster-default' ? v : Number(v))}
              data={[
                { value: String(owner.brokerId), label: `Broker ${owner.brokerId} only` },
                { value: 'cluster-default', label: 'All brokers (cluster default)' },
              ]}
              aria-label="Scope"
            />
          )}
          <TextInput
            label="New value"
            description={entry.sensitive ? 'Sensitive: the broker never shows the current value.' : undefined}
            type={entry.sensitive ? 'password' : 'text'}
            value={value}
            onChange={(e) => {
              setValue(e.currentTarget.value);
              setChecked(undefined);
            }}
            error={fieldError}
            data-autofocus
            data-testid="config-value"
          />
          {appError && !fieldError && <ErrorAlert error={appError} />}
          {checked === value && (
            <Alert color="green" variant="light" py={6} data-testid="config-checked">
              The broker accepts this value (nothing was changed).
            </Alert>
          )}
          <Group justify="space-between">
            <Button
              variant="subtle"
              color="orange"
              disabled={!overriddenHere}
              loading={busy}
              onClick={() => change({ remove: [entry.name], validateOnly: false }, onClose)}
              data-testid="config-revert"
            >
              {'topic' in owner ? 'Remove override' : 'Remove override at this scope'}
            </Button>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                variant="light"
                loading={busy}
                onClick={() => change({ set: { [entry.name]: value }, validateOnly: true }, () => setChecked(value))}
                data-testid="config-check"
              >
                Check
              </Button>
              <Button type="submit" loading={busy} data-testid="config-save">
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

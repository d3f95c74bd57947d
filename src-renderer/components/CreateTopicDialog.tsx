import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { asAppError } from '../api';
import { ErrorAlert } from './ErrorAlert';
import { useApiMutation } from '../queries';

/** Create a topic; the server's field errors (name rules, RF vs brokers) show under the field they concern. */
export function CreateTopicDialog({ onClose, brokers, initialName = '' }: { onClose: () => void; brokers: number; initialName?: string }) {
  const [name, setName] = useState(initialName);
  const [partitions, setPartitions] = useState<number | string>(3);
  const [rf, setRf] = useState<number | string>(Math.min(3, Math.max(1, brokers)));
  const create = useApiMutation('topics.create');
  const error = create.error ? asAppError(create.error) : undefined;
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <Modal opened onClose={onClose} title="Create topic" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // The dialog is portalled, but React still bubbles its submit to any form it was opened from.
          e.stopPropagation();
          create.mutate({ name, partitions: Number(partitions), replicationFactor: Number(rf) }, { onSuccess: onClose });
        }}
      >
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
          <Group grow>
            <NumberInput label="Partitions" value={partitions} onChange={setPartitions} error={fieldError('partitions')} />
            <NumberInput label="Replication factor" value={rf} onChange={setRf} error={fieldError('replicationFactor')} />
          </Group>
          {error && !error.field && <ErrorAlert error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';

/** Deleting a topic destroys its data: the user types its name to confirm. */
export function DeleteTopicDialog({ topic, onClose, onDeleted }: { topic: string; onClose: () => void; onDeleted?: () => void }) {
  const [confirm, setConfirm] = useState('');
  const del = useApiMutation('topics.delete');
  return (
    <Modal opened onClose={onClose} title={`Delete topic ${topic}?`} centered>
      <Stack>
        <Text size="sm">
          All messages in <Code>{topic}</Code> are deleted on every broker. Producers writing to it will fail or re-create it. Type the
          topic name to confirm.
        </Text>
        <TextInput
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          placeholder={topic}
          aria-label="Confirm topic name"
        />
        {del.error && <ErrorAlert error={del.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={confirm !== topic}
            loading={del.isPending}
            onClick={() =>
              del.mutate(
                { name: topic, confirm },
                {
                  onSuccess: () => {
                    onClose();
                    onDeleted?.();
                  },
                },
              )
            }
          >
            Delete topic
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

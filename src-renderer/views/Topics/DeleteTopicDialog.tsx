import { Code, Modal, Stack, Text } from '@mantine/core';
import { TypeToConfirm } from '../../components/TypeToConfirm';
import { useApiMutation } from '../../queries';

/** Deleting a topic destroys its data: the user types its name to confirm. */
export function DeleteTopicDialog({ topic, onClose, onDeleted }: { topic: string; onClose: () => void; onDeleted?: () => void }) {
  const del = useApiMutation('topics.delete');
  return (
    <Modal opened onClose={onClose} title={`Delete topic ${topic}?`} centered>
      <Stack>
        <Text size="sm">
          All messages in <Code>{topic}</Code> are deleted on every broker. Producers writing to it will fail or re-create it. Type the
          topic name to confirm.
        </Text>
        <TypeToConfirm
          expected={topic}
          inputLabel={{ text: 'Confirm topic name', hidden: true }}
          actionLabel="Delete topic"
          pending={del.isPending}
          error={del.error}
          onCancel={onClose}
          onConfirm={(confirm) =>
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
        />
      </Stack>
    </Modal>
  );
}

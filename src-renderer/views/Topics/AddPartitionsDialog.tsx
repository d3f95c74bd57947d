import { Alert, Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';

/**
 * Raises a topic's partition count. Kafka cannot remove partitions, and a key's partition is its hash modulo the
 * count: after the change most keys land on another partition, so what a consumer sees for one key is no longer in
 * produce order across the change. The dialog says so before anything is sent.
 */
export function AddPartitionsDialog({ topic, current, onClose }: { topic: string; current: number; onClose: () => void }) {
  const [count, setCount] = useState<number | string>(current + 1);
  const add = useApiMutation('topics.addPartitions');
  const next = Number(count);
  return (
    <Modal opened onClose={onClose} title={`Add partitions to ${topic}`} centered size="lg">
      <Stack>
        <Text size="sm">
          {topic} has {current} partition(s). Partitions can only be added, never removed.
        </Text>
        <Alert color="yellow" title="Keys move to other partitions" data-testid="key-order-warning">
          Kafka picks a keyed message&apos;s partition from the key&apos;s hash and the partition count. With{' '}
          {Number.isFinite(next) ? next : '…'} partitions, most keys go to a different partition than before: messages of one key written
          before and after the change sit in two partitions, so consumers can read them out of order, and per-key state kept by consumers
          (or compaction) splits across partitions. Messages without a key are unaffected.
        </Alert>
        <NumberInput
          label="New partition count"
          min={current + 1}
          max={10_000}
          value={count}
          onChange={setCount}
          data-testid="new-partition-count"
        />
        {add.error && <ErrorAlert error={add.error} />}
        {add.data && (
          <Text size="sm" c="green" data-testid="partitions-added">
            {add.data.name} now has {add.data.partitions} partitions (was {add.data.before}).
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {add.data ? 'Close' : 'Cancel'}
          </Button>
          {!add.data && (
            <Button
              loading={add.isPending}
              disabled={!Number.isInteger(next) || next <= current}
              onClick={() => add.mutate({ name: topic, partitions: next })}
            >
              Add partitions
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

import { Stack, Text } from '@mantine/core';

/** A small labelled figure (records/s, lag, …) in a card's row of figures. */
export function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="sm" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

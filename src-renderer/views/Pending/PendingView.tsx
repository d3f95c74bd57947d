import { Card, Text, Title } from '@mantine/core';
import type { NavItem } from '../../nav';

/** The place of a view that is not built yet, saying what it will hold. */
export function PendingView({ item }: { item: NavItem }) {
  return (
    <Card withBorder padding="lg" maw={640}>
      <Title order={3}>{item.label}</Title>
      <Text c="dimmed" mt="xs">
        {item.pending}
      </Text>
      <Text size="sm" mt="md">
        This view is not available in this version yet.
      </Text>
    </Card>
  );
}

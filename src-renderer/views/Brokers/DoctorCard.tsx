import { Badge, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useApiMutation } from '../../queries';
import { ErrorAlert } from '../../components/ErrorAlert';

const color = { error: 'red', warning: 'orange', ok: 'green' } as const;

/** Listener doctor: what each broker advertises, whether this machine can use it, and the line to change. */
export function DoctorCard() {
  const doctor = useApiMutation('health.doctor');
  return (
    <Card withBorder padding="md" data-testid="doctor">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={4}>Listener doctor</Title>
          <Text size="xs" c="dimmed">
            Reads each broker&apos;s server.properties over SSH, compares it with ZooKeeper and with what this machine can resolve and
            reach.
          </Text>
        </div>
        <Button onClick={() => doctor.mutate({})} loading={doctor.isPending}>
          Run doctor
        </Button>
      </Group>
      {doctor.error && <ErrorAlert error={doctor.error} />}
      {doctor.data && (
        <Stack gap="xs">
          {doctor.data.findings.map((f, i) => (
            <Card key={i} withBorder padding="xs" data-severity={f.severity}>
              <Group gap="xs">
                <Badge color={color[f.severity]}>{f.severity}</Badge>
                <Text fw={600} size="sm">
                  {f.title}
                </Text>
              </Group>
              <Text size="sm" mt={4}>
                {f.detail}
              </Text>
              {f.fix && (
                <Text size="sm" mt={4}>
                  Fix: <Code>{f.fix}</Code>
                </Text>
              )}
            </Card>
          ))}
        </Stack>
      )}
    </Card>
  );
}

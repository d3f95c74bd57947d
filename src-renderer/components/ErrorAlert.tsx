import { Alert, Code, Text } from '@mantine/core';
import type { AppError } from '../../src-main/common/errors';
import { asAppError } from '../api';

const titles: Partial<Record<AppError['code'], string>> = {
  invalid_input: 'Invalid input',
  invalid_profile: 'The cluster profile has a problem',
  no_profile: 'No cluster profile yet',
  not_found: 'Not found',
  host_unreachable: 'Host unreachable',
  auth_failed: 'SSH authentication failed',
  host_key_unknown: 'Unknown host key',
  host_key_changed: 'Host key changed',
  timeout: 'Timed out',
  zookeeper_unreachable: 'ZooKeeper unreachable',
  kafka_unreachable: 'Kafka unreachable',
  unauthorized: 'Not authorized',
  unavailable: 'Not available here',
};

/** Shows a structured error as a person reads it: what happened, where, what to do. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const e = asAppError(error);
  return (
    <Alert
      color={e.code === 'no_profile' ? 'blue' : 'red'}
      title={title ?? titles[e.code] ?? 'Something went wrong'}
      role="alert"
      data-error-code={e.code}
    >
      <Text size="sm">{e.message}</Text>
      {e.field && (
        <Text size="xs" mt={4}>
          Field: <Code>{e.field}</Code>
          {e.line !== undefined && <> (line {e.line})</>}
        </Text>
      )}
      {e.hint && (
        <Text size="xs" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
          {e.hint}
        </Text>
      )}
    </Alert>
  );
}

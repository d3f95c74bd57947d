import { Code, Group, Loader, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';
import { formatCount } from '../../format';

/** The first lines of one file of the lake. */
export function FileHead({ pipeline, path }: { pipeline: string; path: string }) {
  const [lines, setLines] = useState(20);
  const head = useApiQuery('datalake.head', { pipeline, path, lines });
  return (
    <Stack gap={4} data-testid="lake-head">
      <Group gap="xs" align="end">
        <Text size="sm" fw={600}>
          First lines of <Code>{path}</Code>
        </Text>
        <NumberInput
          size="xs"
          w={90}
          min={1}
          max={500}
          value={lines}
          aria-label="Lines to show"
          onChange={(v) => setLines(typeof v === 'number' && v >= 1 ? Math.min(500, v) : 20)}
        />
        {head.data && (
          <Text size="xs" c="dimmed">
            {formatCount(head.data.lines.length)} lines from the first {formatCount(head.data.bytesRead)} bytes
          </Text>
        )}
      </Group>
      {head.error && <ErrorAlert error={head.error} />}
      {head.isLoading && <Loader size="xs" />}
      {head.data && (
        <Code block fz="xs" style={{ maxHeight: 320, overflow: 'auto' }} data-testid="lake-head-lines">
          {head.data.lines.join('\n') || '(empty)'}
        </Code>
      )}
    </Stack>
  );
}

import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from './ErrorAlert';

/**
 * The last step of a destructive action: the user types `expected` (a topic, a
 * pipeline, a host name) and only then may press the red button. The typed
 * text goes to `onConfirm`, so the server checks it too.
 */
export function TypeToConfirm({
  expected,
  inputLabel,
  actionLabel,
  pending,
  error,
  onConfirm,
  onCancel,
  inputTestId,
}: {
  expected: string;
  /** Visible label, or the accessible name when `hiddenLabel`. */
  inputLabel: { text: string; hidden?: boolean };
  actionLabel: string;
  pending: boolean;
  error: Error | null;
  onConfirm: (typed: string) => void;
  onCancel?: () => void;
  inputTestId?: string;
}) {
  const [typed, setTyped] = useState('');
  return (
    <>
      <TextInput
        {...(inputLabel.hidden ? { 'aria-label': inputLabel.text } : { label: inputLabel.text })}
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        placeholder={expected}
        autoComplete="off"
        {...(inputTestId ? { 'data-testid': inputTestId } : {})}
      />
      {error && <ErrorAlert error={error} />}
      <Group justify="flex-end">
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button color="red" disabled={typed !== expected} loading={pending} onClick={() => onConfirm(typed)}>
          {actionLabel}
        </Button>
      </Group>
    </>
  );
}

import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';

/** Asks for an encrypted key's passphrase; main keeps it in memory for this session only. */
export function PassphraseDialog({ host, onClose }: { host: string; onClose: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const unlock = useApiMutation('hosts.unlockKey');
  return (
    <Modal opened onClose={onClose} title={`Key passphrase for ${host}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          unlock.mutate({ host, passphrase }, { onSuccess: onClose });
        }}
      >
        <Stack>
          <Text size="sm">
            The private key of {host} is encrypted. Its passphrase is kept in memory until the app closes, never written to disk.
          </Text>
          <PasswordInput
            label="Passphrase"
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            data-autofocus
            required
          />
          {unlock.error && <ErrorAlert error={unlock.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={unlock.isPending} disabled={passphrase === ''}>
              Unlock
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

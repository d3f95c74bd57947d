import { Button, Group, Modal, PasswordInput, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation, useApiQuery } from '../../queries';

/**
 * The StreamSets login's password, typed once and kept by the desktop app encrypted with the system keychain.
 * Elsewhere (web mode) there is no keychain, so the button says where the password goes instead.
 */
export function EnginePasswordButton({ service }: { service: string }) {
  const info = useApiQuery('app.info', {});
  const store = useApiMutation('pipelines.storePassword');
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const close = () => {
    setOpen(false);
    setPassword('');
    store.reset();
  };
  const available = info.data?.secretStorage === true;
  const button = (
    <Button size="xs" variant="subtle" disabled={!available} onClick={() => setOpen(true)} data-testid="engine-password">
      Password…
    </Button>
  );
  return (
    <>
      {available ? (
        button
      ) : (
        <Tooltip
          label="Stored passwords need the desktop app (the system keychain encrypts them). Here, name an environment variable in the profile (passwordEnv)."
          multiline
          w={300}
        >
          <span>{button}</span>
        </Tooltip>
      )}
      <Modal opened={open} onClose={close} title={`Password for ${service}`} centered>
        <Stack>
          <Text size="sm">
            Kept on this computer, encrypted with the system keychain. An environment variable the profile names (passwordEnv), when set,
            still wins.
          </Text>
          <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoFocus />
          {store.error && <ErrorAlert error={store.error} />}
          <Group justify="space-between">
            <Button
              variant="subtle"
              color="red"
              loading={store.isPending && store.variables.password === null}
              onClick={() => store.mutate({ service, password: null }, { onSuccess: close })}
            >
              Forget stored password
            </Button>
            <Button
              disabled={password === ''}
              loading={store.isPending && store.variables.password !== null}
              onClick={() => store.mutate({ service, password }, { onSuccess: close })}
            >
              Save
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

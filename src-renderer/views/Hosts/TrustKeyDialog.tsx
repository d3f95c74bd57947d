import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';

/** First connection to a host: show the fingerprint; store it only when the user accepts. */
export function TrustKeyDialog({
  host,
  fingerprint,
  keyType,
  onClose,
}: {
  host: string;
  fingerprint: string;
  keyType: string;
  onClose: () => void;
}) {
  const trust = useApiMutation('hosts.trustKey');
  return (
    <Modal opened onClose={onClose} title={`First connection to ${host}`} centered size="lg">
      <Stack>
        <Text size="sm">
          The authenticity of host <b>{host}</b> can&apos;t be established yet. It presents this {keyType} key:
        </Text>
        <Code block data-testid="host-fingerprint">
          {fingerprint}
        </Code>
        <Alert color="yellow" variant="light">
          Compare it with the key on the host, e.g. <Code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</Code>. Accept only if they
          match.
        </Alert>
        {trust.error && <ErrorAlert error={trust.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={trust.isPending} onClick={() => trust.mutate({ host, fingerprint }, { onSuccess: onClose })}>
            Trust this key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

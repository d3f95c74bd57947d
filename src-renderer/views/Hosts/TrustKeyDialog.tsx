import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TypeToConfirm } from '../../components/TypeToConfirm';
import { useApiMutation } from '../../queries';
import type { MethodInput } from '../../../src-main/api/contract';

/**
 * A host's key for the user to judge. First connection: show the fingerprint, store it only when the user accepts.
 * Changed key (`knownFingerprints` given): show the old and the new fingerprints side by side, and replace the old
 * key only after the user typed the host's name; the old key is removed, so exactly one stays trusted.
 */
export function TrustKeyDialog({
  host,
  fingerprint,
  keyType,
  knownFingerprints,
  draftHosts,
  onClose,
}: {
  host: string;
  fingerprint: string;
  keyType: string;
  knownFingerprints?: string[];
  /** The profile editor's draft hosts, when the host is one of them rather than the active profile's. */
  draftHosts?: MethodInput<'hosts.trustKey'>['hosts'];
  onClose: () => void;
}) {
  const trust = useApiMutation('hosts.trustKey');
  const replace = useApiMutation('hosts.replaceKey');
  if (knownFingerprints) {
    return (
      <Modal opened onClose={onClose} title={`The host key of ${host} has changed`} centered size="lg">
        <Stack>
          <Alert color="red" variant="light">
            This can mean the host was rebuilt, or that someone is intercepting the connection. Check with whoever runs the host before you
            replace the key. Nothing runs on {host} until you do.
          </Alert>
          <Text size="sm">Known key{knownFingerprints.length === 1 ? '' : 's'} (will be removed):</Text>
          <Code block data-testid="host-known-fingerprints">
            {knownFingerprints.join('\n') || '(unreadable)'}
          </Code>
          <Text size="sm">Key the host presents now ({keyType}):</Text>
          <Code block data-testid="host-fingerprint">
            {fingerprint}
          </Code>
          <TypeToConfirm
            expected={host}
            inputLabel={{ text: `Type the host name (${host}) to confirm` }}
            inputTestId="confirm-host"
            actionLabel="Replace the key"
            pending={replace.isPending}
            error={replace.error}
            onCancel={onClose}
            onConfirm={(typed) => replace.mutate({ host, fingerprint, confirmHost: typed }, { onSuccess: onClose })}
          />
        </Stack>
      </Modal>
    );
  }
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
          <Button
            loading={trust.isPending}
            onClick={() => trust.mutate({ host, fingerprint, ...(draftHosts ? { hosts: draftHosts } : {}) }, { onSuccess: onClose })}
          >
            Trust this key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Badge, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../src-main/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';
import { TrustKeyDialog } from '../Hosts/TrustKeyDialog';

type DraftHosts = NonNullable<MethodInput<'hosts.check'>['hosts']>;

/**
 * The draft's hosts, each with "Test connection": the same SSH check as the Hosts view, on hosts that are not in
 * any saved profile yet. An unknown host key opens the same first-contact dialog.
 */
export function DraftHostsPanel({ hosts }: { hosts: DraftHosts }) {
  const check = useApiMutation('hosts.check');
  const [results, setResults] = useState<Record<string, MethodOutput<'hosts.check'> | Error>>({});
  const [trust, setTrust] = useState<{ host: string; fingerprint: string; keyType: string }>();
  const test = (host: string) =>
    check.mutate(
      { host, hosts },
      {
        onSuccess: (r) => setResults((prev) => ({ ...prev, [host]: r })),
        onError: (e) => setResults((prev) => ({ ...prev, [host]: e })),
      },
    );
  return (
    <Card withBorder padding="sm">
      <Title order={5} mb="xs">
        Hosts of the draft
      </Title>
      {hosts.length === 0 && (
        <Text size="sm" c="dimmed">
          No host yet: write them under <Code>hosts:</Code> or add them from ~/.ssh/config.
        </Text>
      )}
      <Stack gap="xs">
        {hosts.map((h) => {
          const r = results[h.id];
          const pending = check.isPending && check.variables?.host === h.id;
          const error = r instanceof Error ? r : r?.error;
          const details = r && !(r instanceof Error) ? r.error?.details : undefined;
          return (
            <Stack key={h.id} gap={4} data-testid={`draft-host-${h.id}`}>
              <Group justify="space-between">
                <Group gap="xs">
                  <Text fw={600}>{h.id}</Text>
                  <Code>
                    {h.user}@{h.address}:{h.port ?? 22}
                  </Code>
                </Group>
                <Group gap="xs">
                  {r && !(r instanceof Error) && (
                    <Badge color={r.reachable ? 'green' : 'red'} variant="light" data-testid={`draft-host-reach-${h.id}`}>
                      {r.reachable ? `SSH ok · ${r.latencyMs ?? 0} ms` : 'SSH failed'}
                    </Badge>
                  )}
                  <Button size="xs" variant="default" loading={pending} onClick={() => test(h.id)}>
                    Test connection
                  </Button>
                </Group>
              </Group>
              {r && !(r instanceof Error) && r.facts && (
                <Text size="xs" c="dimmed">
                  {r.facts.os ?? r.facts.kernel ?? ''} · Java: {r.facts.java ?? 'not found'}
                </Text>
              )}
              {error && <ErrorAlert error={error} />}
              {r && !(r instanceof Error) && r.error?.code === 'host_key_unknown' && typeof details?.fingerprint === 'string' && (
                <Button
                  size="xs"
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() =>
                    setTrust({ host: h.id, fingerprint: String(details.fingerprint), keyType: String(details.keyType ?? 'host') })
                  }
                >
                  Review host key…
                </Button>
              )}
            </Stack>
          );
        })}
      </Stack>
      {trust && (
        <TrustKeyDialog
          {...trust}
          draftHosts={hosts}
          onClose={() => {
            setTrust(undefined);
            test(trust.host);
          }}
        />
      )}
    </Card>
  );
}

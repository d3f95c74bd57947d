import { Button, Group, Loader, Stack, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { AppError } from '../../../src-main/common/errors';
import type { ServiceStatus } from '../../../src-main/api/contract';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation, useApiQuery, useHostChecks } from '../../queries';
import { HostCard } from './HostCard';
import { LogDrawer } from './LogDrawer';
import { OperationPanel } from './OperationPanel';
import { PassphraseDialog } from './PassphraseDialog';
import { TrustKeyDialog } from './TrustKeyDialog';

export function HostsView() {
  const profile = useApiQuery('profile.get', {});
  const statuses = useApiQuery('services.status', {}, { refetchInterval: 5_000, enabled: Boolean(profile.data) });
  const hosts = profile.data?.hosts ?? [];
  // Facts (OS, disk, Java) come after the statuses: they are what the user looks at first.
  const checks = useHostChecks(
    hosts.map((h) => h.id),
    statuses.isFetched,
  );
  const start = useApiMutation('services.start');
  const stop = useApiMutation('services.stop');
  const restart = useApiMutation('services.restart');
  const startAll = useApiMutation('cluster.startAll');
  const stopAll = useApiMutation('cluster.stopAll');
  const rolling = useApiMutation('cluster.rollingRestart');
  const [logOf, setLogOf] = useState<string>();
  const [trust, setTrust] = useState<{ host: string; fingerprint: string; keyType: string; knownFingerprints?: string[] }>();
  const [unlockHost, setUnlockHost] = useState<string>();

  const statusMap = useMemo(() => new Map<string, ServiceStatus>((statuses.data ?? []).map((s) => [s.id, s])), [statuses.data]);
  const busy = useMemo(() => {
    const set = new Set<string>();
    for (const m of [start, stop, restart]) if (m.isPending && m.variables) set.add(m.variables.service);
    if (startAll.isPending || stopAll.isPending || rolling.isPending) for (const s of profile.data?.services ?? []) set.add(s.id);
    return set;
  }, [start, stop, restart, startAll.isPending, stopAll.isPending, rolling.isPending, profile.data]);
  const clusterBusy = startAll.isPending || stopAll.isPending || rolling.isPending;

  function onTrust(error: AppError) {
    const d = error.details ?? {};
    if (typeof d.hostId === 'string' && typeof d.fingerprint === 'string') {
      const known = Array.isArray(d.knownFingerprints) ? d.knownFingerprints.filter((f): f is string => typeof f === 'string') : [];
      setTrust({
        host: d.hostId,
        fingerprint: d.fingerprint,
        keyType: typeof d.keyType === 'string' ? d.keyType : 'host',
        ...(error.code === 'host_key_changed' ? { knownFingerprints: known } : {}),
      });
    }
  }

  if (profile.error) return <ErrorAlert error={profile.error} />;
  if (!profile.data) return <Loader size="sm" />;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Hosts &amp; services</Title>
        <Group gap="xs">
          <Button variant="light" color="green" loading={startAll.isPending} disabled={clusterBusy} onClick={() => startAll.mutate({})}>
            Start all
          </Button>
          <ConfirmButton
            variant="light"
            disabled={clusterBusy}
            loading={rolling.isPending}
            title="Rolling restart of all brokers?"
            message="Brokers restart one at a time; each waits until every partition is fully replicated again."
            confirmLabel="Restart brokers"
            onConfirm={() => rolling.mutate({})}
          >
            Rolling restart
          </ConfirmButton>
          <ConfirmButton
            variant="light"
            color="red"
            disabled={clusterBusy}
            loading={stopAll.isPending}
            title="Stop the whole cluster?"
            message="Workers, then brokers, then ZooKeeper are stopped. Producers and consumers will fail until it is started again."
            confirmLabel="Stop all"
            onConfirm={() => stopAll.mutate({})}
          >
            Stop all
          </ConfirmButton>
        </Group>
      </Group>
      {statuses.error && <ErrorAlert error={statuses.error} />}
      {hosts.map((h, i) => (
        <HostCard
          key={h.id}
          host={h}
          services={profile.data.services.filter((s) => s.host === h.id)}
          statuses={statusMap}
          check={checks[i]?.data}
          actions={{
            start: (id) => start.mutate({ service: id }),
            stop: (id) => stop.mutate({ service: id }),
            restart: (id) => restart.mutate({ service: id }),
            showLog: setLogOf,
            busy,
          }}
          onTrust={onTrust}
          onPassphrase={setUnlockHost}
        />
      ))}
      <OperationPanel />
      <LogDrawer key={logOf ?? 'closed'} service={logOf} onClose={() => setLogOf(undefined)} />
      {trust && <TrustKeyDialog {...trust} onClose={() => setTrust(undefined)} />}
      {unlockHost && <PassphraseDialog host={unlockHost} onClose={() => setUnlockHost(undefined)} />}
    </Stack>
  );
}

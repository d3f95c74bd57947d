import { Badge, Button, Card, Code, Group, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AppError } from '../../../src-main/common/errors';
import type { HostCheck, ProfileView, ServiceStatus } from '../../../src-main/api/contract';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatusBadge } from '../../components/StatusDot';
import { serviceKindLabels } from '../../components/service-kinds';

const gib = (b: number | undefined) => (b === undefined ? '—' : `${(b / 1024 ** 3).toFixed(1)} GiB`);
const uptime = (s: number | undefined) =>
  s === undefined ? '—' : s > 86400 ? `${Math.floor(s / 86400)} d` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;

export interface ServiceActions {
  start(id: string): void;
  stop(id: string): void;
  restart(id: string): void;
  showLog(id: string): void;
  busy: ReadonlySet<string>;
}

export function HostCard({
  host,
  services,
  statuses,
  check,
  actions,
  onTrust,
  onPassphrase,
}: {
  host: ProfileView['hosts'][number];
  services: ProfileView['services'];
  statuses: ReadonlyMap<string, ServiceStatus>;
  check: HostCheck | undefined;
  actions: ServiceActions;
  onTrust: (error: AppError) => void;
  onPassphrase: (host: string) => void;
}) {
  const facts = check?.facts;
  return (
    <Card withBorder padding="md" data-testid={`host-${host.id}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={4}>{host.id}</Title>
          <Code>
            {host.user}@{host.address}:{host.port}
          </Code>
          {host.bastion && <Badge variant="light">via {host.bastion}</Badge>}
        </Group>
        <Badge
          color={check === undefined ? 'gray' : check.reachable ? 'green' : 'red'}
          variant="light"
          data-testid={`host-reach-${host.id}`}
        >
          {check === undefined ? 'checking SSH…' : check.reachable ? `SSH ok · ${check.latencyMs ?? 0} ms` : 'SSH failed'}
        </Badge>
      </Group>
      {check?.error && (
        <>
          <ErrorAlert error={check.error} />
          {(check.error.code === 'host_key_unknown' || check.error.code === 'host_key_changed') && (
            <Button mt="xs" size="xs" style={{ alignSelf: 'flex-start' }} onClick={() => check.error && onTrust(check.error)}>
              {check.error.code === 'host_key_changed' ? 'Review changed host key…' : 'Review host key…'}
            </Button>
          )}
          {check.error.code === 'auth_failed' && check.error.details?.needsPassphrase === true && (
            <Button mt="xs" size="xs" style={{ alignSelf: 'flex-start' }} onClick={() => onPassphrase(host.id)}>
              Enter key passphrase…
            </Button>
          )}
        </>
      )}
      {facts && (
        <SimpleGrid cols={{ base: 2, md: 5 }} mb="sm" spacing="xs">
          <Text size="xs">
            <b>OS</b> {facts.os ?? facts.kernel ?? '—'}
          </Text>
          <Text size="xs">
            <b>Up</b> {uptime(facts.uptimeSeconds)}
          </Text>
          <Text size="xs">
            <b>Load</b> {facts.load?.map((l) => l.toFixed(2)).join(' ') ?? '—'}
          </Text>
          <Text size="xs">
            <b>Memory free</b> {gib(facts.memAvailableBytes)} / {gib(facts.memTotalBytes)}
          </Text>
          <Text size="xs">
            <b>Java</b> {facts.java ?? 'not found'}
          </Text>
          {facts.disks.map((d) => (
            // A data directory's path is long: two columns wide, cut at the end, the whole path on hover.
            <Text size="xs" key={d.path} truncate="end" title={`${d.path}: ${gib(d.availableBytes)} free`} style={{ gridColumn: 'span 2' }}>
              <b>Disk</b> {gib(d.availableBytes)} free on {d.path}
            </Text>
          ))}
        </SimpleGrid>
      )}
      {check?.warnings?.map((w) => (
        <Text size="xs" c="orange" key={w} data-testid={`host-warning-${host.id}`}>
          {w}
        </Text>
      ))}
      <DataTable
        aria-label={`Services on ${host.id}`}
        verticalSpacing={4}
        data={services}
        rowKey={(s) => s.id}
        rowProps={(s) => ({ 'data-testid': `service-row-${s.id}` })}
        columns={[
          { id: 'service', header: 'Service', nowrap: true, cell: (s) => s.id, cellStyle: () => ({ fontWeight: 600 }) },
          { id: 'kind', header: 'Kind', cell: (s) => serviceKindLabels[s.kind] },
          {
            id: 'status',
            header: 'Status',
            // Badges are never cut: the long config paths give way instead.
            width: 150,
            cell: (s) => {
              const st = statuses.get(s.id);
              return (
                <>
                  <Group gap={4}>
                    <StatusBadge status={st} />
                    {st?.role && (
                      <Badge size="xs" variant="outline" color={st.role === 'leader' ? 'grape' : 'gray'} data-testid={`zk-role-${s.id}`}>
                        {st.role}
                      </Badge>
                    )}
                  </Group>
                  {st?.detail && (
                    <Text size="xs" c="dimmed">
                      {st.detail}
                    </Text>
                  )}
                </>
              );
            },
          },
          { id: 'pid', header: 'PID', cell: (s) => statuses.get(s.id)?.pids.join(', ') || '—' },
          { id: 'endpoint', header: 'Endpoint', cell: (s) => <Code>{s.endpoint}</Code> },
          {
            id: 'config',
            header: 'Config',
            // Relative to the install when it lies inside it (the full path is the title), as people write it. It breaks
            // only after `/`, `.` and `-`: breaking anywhere let the table squeeze it to a letter or two a line.
            cell: (s) => <Code title={s.config}>{s.config ? withBreaks(shortConfig(s.config, s.installDir)) : '—'}</Code>,
          },
          {
            id: 'actions',
            cell: (s) => {
              const st = statuses.get(s.id);
              const busy = actions.busy.has(s.id);
              return (
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant="light"
                    color="green"
                    loading={busy}
                    disabled={!st || st.state === 'running'}
                    onClick={() => actions.start(s.id)}
                  >
                    Start
                  </Button>
                  <ConfirmButton
                    size="compact-xs"
                    variant="light"
                    color="red"
                    disabled={busy || st?.state !== 'running'}
                    title={`Stop ${s.id}?`}
                    message={`${s.id} on ${host.id} gets SIGTERM, and SIGKILL if it has not stopped after 30 s.`}
                    confirmLabel="Stop"
                    onConfirm={() => actions.stop(s.id)}
                  >
                    Stop
                  </ConfirmButton>
                  <ConfirmButton
                    size="compact-xs"
                    variant="light"
                    disabled={busy || st?.state !== 'running'}
                    title={`Restart ${s.id}?`}
                    message={`${s.id} on ${host.id} is stopped, then started again.`}
                    confirmLabel="Restart"
                    onConfirm={() => actions.restart(s.id)}
                  >
                    Restart
                  </ConfirmButton>
                  <Button size="compact-xs" variant="subtle" onClick={() => actions.showLog(s.id)}>
                    Log
                  </Button>
                </Group>
              );
            },
          },
        ]}
      />
    </Card>
  );
}

/**
 * A path that may wrap after its separators ("config/" "connect-" "distributed." "properties") before it wraps
 * anywhere else: a narrow column then reads "config/zookeeper." over "properties", not "propertie" over "s".
 */
function withBreaks(path: string): ReactNode[] {
  return path.split(/(?<=[/.-])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

function shortConfig(config: string, installDir: string): string {
  const home = installDir.endsWith('/') ? installDir : `${installDir}/`;
  return config.startsWith(home) ? config.slice(home.length) : config;
}

import { Badge } from '@mantine/core';
import type { ServiceStatus } from '../../src-main/api/contract';

/** One word and one colour for a service's state, from process, port and readiness. */
export function statusOf(s: ServiceStatus | undefined): { label: string; color: string } {
  if (!s) return { label: 'checking', color: 'gray' };
  if (s.state === 'unknown') return { label: 'unknown', color: 'orange' };
  if (s.state === 'stopped') return { label: 'stopped', color: 'gray' };
  if (s.healthy === false) return { label: 'starting / not ready', color: 'yellow' };
  return { label: 'running', color: 'green' };
}

export function StatusBadge({ status }: { status: ServiceStatus | undefined }) {
  const { label, color } = statusOf(status);
  return (
    <Badge color={color} variant="dot" data-testid={status ? `status-${status.id}` : undefined} data-state={status?.state}>
      {label}
    </Badge>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { onEvent } from '../../api';
import { useApiQuery } from '../../queries';
import type { WorkloadRun } from '../../../src-main/api/contract';
import type { EventPayload } from '../../../src-main/events/schemas';

type Sample = EventPayload<'workload.sample'>['sample'];

/** Runs, refetched when one starts or ends; their samples arrive live as events between refetches. */
export function useWorkloads(): { runs: WorkloadRun[] | undefined; error: unknown; samples: (run: WorkloadRun) => Sample[] } {
  const client = useQueryClient();
  const list = useApiQuery('workloads.list', {}, { refetchInterval: 30_000 });
  const [live, setLive] = useState<Record<string, Sample[]>>({});
  useEffect(
    () =>
      onEvent((e) => {
        if (e.name === 'workload.changed') void client.invalidateQueries({ queryKey: ['workloads.list'] });
        if (e.name === 'workload.sample') {
          const { workloadId, sample } = e.payload;
          setLive((prev) => ({ ...prev, [workloadId]: [...(prev[workloadId] ?? []), sample].slice(-600) }));
        }
      }),
    [client],
  );
  const samples = (run: WorkloadRun): Sample[] => {
    const extra = live[run.id] ?? [];
    const lastKnown = run.history.at(-1)?.elapsedMs ?? -1;
    return [...run.history, ...extra.filter((s) => s.elapsedMs > lastKnown)];
  };
  return { runs: list.data, error: list.error, samples };
}

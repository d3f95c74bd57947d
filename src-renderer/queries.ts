import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { call, onEvent } from './api';
import type { MethodInput, MethodName, MethodOutput } from '../src-main/api/contract';
import type { EventPayload } from '../src-main/events/schemas';

/** Query hooks over the typed client; components never fetch by themselves. */
export function useApiQuery<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  options: { refetchInterval?: number; enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: [method, input],
    queryFn: () => call(method, input),
    retry: false,
    ...options,
  });
}

/** A mutation over one method; every query is refreshed after it settles. */
export function useApiMutation<M extends MethodName>(method: M) {
  const client = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSettled: () => client.invalidateQueries(),
  });
}

export function useSelectProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => call('profile.select', { path }),
    onSuccess: () => client.invalidateQueries(),
  });
}

/** The live cluster picture: refetched when a ZooKeeper watch reports a change, and every 15 s as a safety net. */
export function useClusterState() {
  const client = useQueryClient();
  useEffect(
    () =>
      onEvent((e) => {
        if (e.name === 'cluster.changed') {
          void client.invalidateQueries({ queryKey: ['cluster.state'] });
          void client.invalidateQueries({ queryKey: ['cluster.partitions'] });
        }
      }),
    [client],
  );
  return useApiQuery('cluster.state', {}, { refetchInterval: 15_000 });
}

/** A profile switch in another window (or the CLI in the same process) refreshes every view. */
export function useProfileChangeRefresh(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      onEvent((e) => {
        if (e.name === 'profile.changed') void client.invalidateQueries();
      }),
    [client],
  );
}

export type ProgressLine = EventPayload<'operation.progress'> & { at: number };

/** The most recent operation progress events, newest last. */
export function useOperationProgress(limit = 300): ProgressLine[] {
  const [lines, setLines] = useState<ProgressLine[]>([]);
  useEffect(
    () =>
      onEvent((e) => {
        if (e.name !== 'operation.progress') return;
        setLines((prev) => [...prev, { ...e.payload, at: Date.now() }].slice(-limit));
      }),
    [limit],
  );
  return lines;
}

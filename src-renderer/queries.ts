import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call, onEvent } from './api';
import type { MethodInput, MethodName } from '../src-main/api/contract';

/** Query hooks over the typed client; components never fetch by themselves. */
export function useApiQuery<M extends MethodName>(method: M, input: MethodInput<M>, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: [method, input],
    queryFn: () => call(method, input),
    retry: false,
    ...options,
  });
}

export function useSelectProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => call('profile.select', { path }),
    onSuccess: () => client.invalidateQueries(),
  });
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

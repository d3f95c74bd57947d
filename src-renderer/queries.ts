import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { asAppError, call, onEvent } from './api';
import { applyClusterDelta, catchUp } from './cluster-delta';
import type { ClusterDelta, ClusterState } from '../src-main/zookeeper/schemas';
import type { MethodInput, MethodName, MethodOutput } from '../src-main/api/contract';
import type { AppError } from '../src-main/common/errors';
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

const serviceQueries: MethodName[] = ['services.status', 'operations.list', 'cluster.state', 'hosts.check'];
const pipelineQueries: MethodName[] = ['pipelines.list', 'pipelines.detail'];

/**
 * What each call that changes something makes stale, so that a mutation
 * refetches only those queries: producing one message must not call the
 * Connect and StreamSets REST APIs again. Calls that only read (the doctor, a
 * browse) are not here and refresh nothing. A profile change refreshes all.
 */
const staleAfter: Partial<Record<MethodName, ReadonlyArray<MethodName> | 'all'>> = {
  'profile.select': 'all',
  'profile.importSshConfig': ['profile.list', 'profile.get', 'profile.source'],
  'profile.save': ['profile.list', 'profile.source'],
  'hosts.trustKey': ['hosts.check', 'services.status'],
  'hosts.unlockKey': ['hosts.check', 'services.status'],
  'services.start': serviceQueries,
  'services.stop': serviceQueries,
  'services.restart': serviceQueries,
  'cluster.startAll': serviceQueries,
  'cluster.stopAll': serviceQueries,
  'cluster.rollingRestart': serviceQueries,
  'operations.cancel': ['operations.list'],
  // The new or deleted topic reaches cluster.state as a delta from the ZooKeeper watch: no refetch of the whole state.
  'topics.create': [],
  'topics.delete': [],
  'topics.alterConfigs': ['topics.configs'],
  'brokers.alterConfigs': ['brokers.configs'],
  'messages.produce': ['groups.describe'],
  'groups.resetOffsets': ['groups.list', 'groups.describe'],
  'groups.delete': ['groups.list'],
  // New partitions and new leaders reach cluster.state and cluster.partitions as deltas from the ZooKeeper watch.
  'topics.addPartitions': [],
  'partitions.electPreferredLeaders': [],
  // Moved replicas reach cluster.state as deltas; the list of moves in flight is asked again.
  'reassignment.execute': ['reassignment.list', 'operations.list'],
  'reassignment.cancel': ['reassignment.list'],
  'workloads.startProducer': ['workloads.list'],
  'workloads.startConsumer': ['workloads.list', 'groups.list'],
  'workloads.startRemote': ['workloads.list'],
  'workloads.stop': ['workloads.list'],
  'workloads.verify': ['workloads.list'],
  // Starting or stopping the writing agent changes which in-use files are orphans.
  'pipelines.action': [...pipelineQueries, 'datalake.list'],
  'pipelines.create': pipelineQueries,
};

/** A call over one method, with the queries it makes stale refreshed once it settles. */
export function useApiMutation<M extends MethodName>(method: M) {
  const client = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSettled: async () => {
      const stale = staleAfter[method];
      if (stale === 'all') await client.invalidateQueries();
      else if (stale) await Promise.all(stale.map((m) => client.invalidateQueries({ queryKey: [m] })));
    },
  });
}

/**
 * SSH facts of each host, one query per host so a slow host does not hold up the others. `enabled` lets a view
 * load them after what matters more (service statuses), since both share each host's SSH connection.
 */
export function useHostChecks(hosts: ReadonlyArray<string>, enabled = true) {
  return useQueries({
    queries: hosts.map((host) => ({
      queryKey: ['hosts.check', { host }],
      queryFn: () => call('hosts.check', { host }),
      refetchInterval: 30_000,
      retry: false,
      enabled,
    })),
  });
}

const KEEP_LOG_LINES = 5_000;

/**
 * Follows a service log while `service` is set: the last lines first, then live lines from `log.line` events.
 * The caller remounts (a React key) to follow another service with a clean slate.
 */
export function useLogStream(service: string | undefined, initialLines = 500) {
  const [lines, setLines] = useState<string[]>([]);
  const [source, setSource] = useState<{ host: string; file: string }>();
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    if (!service) return;
    let streamId: string | undefined;
    let cancelled = false;
    const buffered: string[] = [];
    const unsubscribe = onEvent((e) => {
      if (e.name !== 'log.line') return;
      if (streamId === undefined) buffered.push(`${e.payload.streamId}\u0000${e.payload.line}`);
      else if (e.payload.streamId === streamId) setLines((prev) => [...prev, e.payload.line].slice(-KEEP_LOG_LINES));
    });
    call('logs.follow', { service, lines: initialLines }).then(
      (r) => {
        if (cancelled) {
          void call('logs.unfollow', { streamId: r.streamId });
          return;
        }
        streamId = r.streamId;
        setSource({ host: r.host, file: r.file });
        // Lines that arrived before the call returned its stream id.
        const early = buffered.filter((b) => b.startsWith(`${r.streamId}\u0000`)).map((b) => b.slice(r.streamId.length + 1));
        if (early.length > 0) setLines((prev) => [...early, ...prev].slice(-KEEP_LOG_LINES));
      },
      (err: unknown) => setError(asAppError(err)),
    );
    return () => {
      cancelled = true;
      unsubscribe();
      if (streamId) void call('logs.unfollow', { streamId });
    };
  }, [service, initialLines]);
  return { lines, source, error };
}

/** The deltas of the last moments: a `cluster.state` answer catches up with them (see catchUp). */
const recentDeltas: ClusterDelta[] = [];
const KEEP_DELTAS = 200;

/**
 * Keeps `cluster.state` current from the deltas `cluster.changed` carries (only the topics that changed travel).
 * Mounted once, at the top of the app. A delta already contained in the state is skipped; one that does not apply (a
 * gap, a reset) refetches the whole state without cancelling a refetch already on its way, which would otherwise
 * starve under a stream of changes.
 */
export function useClusterDeltas(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      onEvent((e) => {
        if (e.name !== 'cluster.changed') return;
        const delta = e.payload;
        if (delta.reset) recentDeltas.length = 0;
        else {
          recentDeltas.push(delta);
          if (recentDeltas.length > KEEP_DELTAS) recentDeltas.splice(0, recentDeltas.length - KEEP_DELTAS);
        }
        const key = ['cluster.state', {}];
        const current = client.getQueryData<ClusterState>(key);
        if (current && !delta.reset && delta.epoch === current.epoch && delta.revision <= current.revision) return;
        const next = current ? applyClusterDelta(current, delta) : undefined;
        if (next) client.setQueryData(key, next);
        else if (current) void client.invalidateQueries({ queryKey: ['cluster.state'] }, { cancelRefetch: false });
        // Partition details only of the topics that changed (all of them when the delta did not apply).
        const touched = new Set([...delta.topics.map((t) => t.name), ...delta.removedTopics]);
        if (!next || touched.size > 0)
          void client.invalidateQueries(
            {
              queryKey: ['cluster.partitions'],
              predicate: (q) => !next || touched.has((q.queryKey[1] as { topic?: string } | undefined)?.topic ?? ''),
            },
            { cancelRefetch: false },
          );
      }),
    [client],
  );
}

/** The live cluster picture (kept current by useClusterDeltas), fetched whole again every 60 s as a safety net. */
export function useClusterState() {
  return useQuery({
    queryKey: ['cluster.state', {}],
    // With the signal, a view left before the state arrived (the Overview of a fresh window, when the user goes straight
    // to Hosts) cancels the fetch, so the page does not parse megabytes nobody shows.
    queryFn: async ({ signal }) => catchUp(await call('cluster.state', {}, { signal }), recentDeltas),
    retry: false,
    refetchInterval: 60_000,
    // No structural sharing: a delta keeps unchanged topics by identity already, and comparing 10,000 topics deeply on
    // every change cost more than the change.
    structuralSharing: false,
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

/**
 * Message counts and sizes on disk of every topic, and the brokers' log directories. Its own query, apart from the
 * cluster state, so the topic list shows at once and these figures fill in when the brokers have answered; refreshed
 * every 30 s while a view that shows them is open.
 */
export function useTopicStorage() {
  const query = useApiQuery('topics.storage', {}, { refetchInterval: 30_000 });
  const byTopic = useMemo(() => new Map((query.data?.topics ?? []).map((t) => [t.topic, t])), [query.data]);
  return { query, byTopic };
}

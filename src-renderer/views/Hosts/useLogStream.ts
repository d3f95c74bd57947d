import { useEffect, useState } from 'react';
import { asAppError, call, onEvent } from '../../api';
import type { AppError } from '../../../src-main/common/errors';

const KEEP = 5_000;

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
      else if (e.payload.streamId === streamId) setLines((prev) => [...prev, e.payload.line].slice(-KEEP));
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
        if (early.length > 0) setLines((prev) => [...early, ...prev].slice(-KEEP));
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

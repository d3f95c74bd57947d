/**
 * Why a fetch() to an engine's REST API failed, in words for a person:
 * undici hides the socket error in `cause` (or in `cause.errors` for
 * multi-address hosts).
 */
export type FetchFailure = { kind: 'timeout' } | { kind: 'unreachable'; reason: string; code?: string };

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host name',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed',
};

type NetError = { name?: string; message?: string; code?: string; cause?: NetError; errors?: NetError[] };

export function classifyFetchFailure(err: unknown): FetchFailure {
  const e = err as NetError | undefined;
  const code = e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? e?.code;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return { kind: 'timeout' };
  const reason = (code && reasons[code]) ?? e?.cause?.message ?? e?.message ?? String(err);
  return { kind: 'unreachable', reason, ...(code ? { code } : {}) };
}

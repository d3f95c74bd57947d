import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call } from './api';

/** A fetch that answers only when told to, and rejects as the browser's does when its signal aborts. */
function pendingFetch(): { answer: (body: unknown) => void; seen: () => RequestInit | undefined } {
  let init: RequestInit | undefined;
  let resolve: ((r: Response) => void) | undefined;
  vi.stubGlobal('fetch', (_url: string, i?: RequestInit) => {
    init = i;
    return new Promise<Response>((res, rej) => {
      resolve = res;
      i?.signal?.addEventListener('abort', () => rej(new DOMException('The operation was aborted.', 'AbortError')), { once: true });
    });
  });
  return { answer: (body) => resolve?.(new Response(JSON.stringify(body))), seen: () => init };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('call (web transport)', () => {
  it('ends with the abort, not with an answer or a "server does not answer" error, when its signal aborts', async () => {
    const fetch = pendingFetch();
    const controller = new AbortController();
    const answer = call('cluster.state', {}, { signal: controller.signal });
    await vi.waitFor(() => expect(fetch.seen()?.signal).toBe(controller.signal));
    controller.abort();
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('still says the server does not answer when the request fails unasked', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const failure = await call('app.info', {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).error.code).toBe('host_unreachable');
  });

  it('hands back the answer when nothing aborts', async () => {
    const fetch = pendingFetch();
    const controller = new AbortController();
    const answer = call('app.info', {}, { signal: controller.signal });
    await vi.waitFor(() => expect(fetch.seen()).toBeDefined());
    fetch.answer({ ok: true, value: { version: 'x' } });
    await expect(answer).resolves.toEqual({ version: 'x' });
  });
});

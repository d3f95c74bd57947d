import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call, electronTransport } from './api';

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

describe('call (Electron transport)', () => {
  const bridge = (answer: Promise<unknown>) => ({ call: () => answer, onEvent: () => () => undefined });

  it('ends with the abort when its signal aborts before the answer', async () => {
    const controller = new AbortController();
    const pending = electronTransport(bridge(new Promise(() => undefined))).call('app.info', {}, { signal: controller.signal });
    controller.abort(new DOMException('left the view', 'AbortError'));
    await expect(pending).rejects.toThrow('left the view');
  });

  it('removes its abort listener once the answer is in, so a long-lived signal does not gather one per call', async () => {
    const controller = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    vi.spyOn(controller.signal, 'addEventListener').mockImplementation((type, l, o) => (added.push(l), add(type, l, o)));
    vi.spyOn(controller.signal, 'removeEventListener').mockImplementation((type, l, o) => (removed.push(l), remove(type, l, o)));
    const transport = electronTransport(bridge(Promise.resolve({ ok: true, value: 1 })));
    for (let i = 0; i < 3; i++) expect(await transport.call('app.info', {}, { signal: controller.signal })).toEqual({ ok: true, value: 1 });
    expect(added).toHaveLength(3);
    expect(removed).toEqual(added);
  });
});

import { describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from './router';
import { fail } from '../common/errors';
import { methodNames } from './contract';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = Object.fromEntries(methodNames.map((m) => [m, async () => fail('internal', `${m} not used here`)])) as unknown as Handlers;
  const base: Partial<Handlers> = {
    'app.info': async () => ({
      name: 'x',
      version: '1',
      mode: 'cli',
      node: '20',
      platform: 'linux',
      pid: 1,
      secretStorage: false,
      compressions: ['none'],
      startedAt: 'now',
      profileDir: '/p',
    }),
    'profile.list': async () => [],
    'profile.get': async ({ path }) => fail('not_found', `no profile at ${path ?? 'default'}`, { hint: 'make one' }),
    'profile.select': async () => fail('not_found', 'nope'),
    'profile.validate': async () => {
      throw new Error('disk on fire');
    },
  };
  return { ...unused, ...base, ...overrides };
}

describe('router', () => {
  it('returns invalid_input naming the field when input fails its schema', async () => {
    const r = await createRouter(handlers()).call('profile.select', { path: 42 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'path' } });
    if (!r.ok) expect(r.error.message).toContain('"path"');
  });

  it('refuses unknown keys rather than ignoring them', async () => {
    const r = await createRouter(handlers()).call('app.info', { verbose: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid_input');
  });

  it('treats a missing input as an empty object', async () => {
    const r = await createRouter(handlers()).call('app.info', undefined);
    expect(r).toMatchObject({ ok: true, value: { name: 'x' } });
  });

  it('answers unknown methods with unknown_method', async () => {
    const r = await createRouter(handlers()).call('cluster.nuke', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('passes structured failures through unchanged', async () => {
    const r = await createRouter(handlers()).call('profile.get', { path: '/x.yaml' });
    expect(r).toEqual({ ok: false, error: { code: 'not_found', message: 'no profile at /x.yaml', hint: 'make one' } });
  });

  it('turns an unexpected exception into an internal error without a stack trace', async () => {
    const r = await createRouter(handlers()).call('profile.validate', { yaml: '' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('internal');
    expect(r.error.message).toBe('disk on fire');
    expect(JSON.stringify(r.error)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('declares every method with a dotted name', () => {
    expect(methodNames.length).toBeGreaterThan(0);
    for (const m of methodNames) expect(m).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });
});

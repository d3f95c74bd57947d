import { describe, expect, it } from 'vitest';
import type { Profile } from '../profile/schemas';
import type { ExecResult } from '../ssh/ssh-connection';
import type { SshPool } from '../ssh/ssh-pool';
import type { OperationContext } from './operations';
import { ServiceControl } from './service-control';

const profile = {
  version: 1,
  name: 'p',
  hosts: [{ id: 'h1', address: '10.0.0.1', port: 22, user: 'kafka', passphrasePrompt: false, agent: false }],
  services: [
    {
      id: 'zk-1',
      kind: 'zookeeper',
      host: 'h1',
      installDir: '/opt/kafka',
      config: 'config/zookeeper.properties',
      clientAddress: '10.0.0.1:2181',
    },
  ],
  pipelines: [],
  kafka: { bootstrap: ['10.0.0.1:9092'], zookeeper: '10.0.0.1:2181' },
} as unknown as Profile;

function result(code: number, stdout = '', stderr = ''): ExecResult {
  return { code, stdout, stderr, durationMs: 1 };
}

/** A host where pid 4242 belongs to another user: kill answers EPERM and the process stays. */
function hostWithForeignProcess() {
  const ran: string[][] = [];
  const exec = (_host: string, argv: ReadonlyArray<string>) => {
    ran.push([...argv]);
    if (argv[0] === 'sh' && argv[3] === 'pids') return Promise.resolve(result(0, '@@kcc@@\n4242\n'));
    if (argv[0] === 'kill') return Promise.resolve(result(1, '', 'sh: 1: kill: Operation not permitted\n'));
    if (argv[0] === 'sh') return Promise.resolve(result(0, '4242\n'));
    return Promise.resolve(result(0));
  };
  const pool = { exec, execQuick: exec } as unknown as SshPool;
  return { pool, ran };
}

const op: OperationContext = {
  id: 'op',
  step: () => undefined,
  line: () => undefined,
  plan: () => undefined,
  begin: () => undefined,
  done: () => undefined,
  cancelRequested: false,
};

describe('ServiceControl.stop', () => {
  it('fails with the reason when kill is refused (EPERM), without waiting out the grace period', { timeout: 10_000 }, async () => {
    const { pool, ran } = hostWithForeignProcess();
    const control = new ServiceControl({ pool, profile: () => Promise.resolve(profile), access: {} as never });
    const started = Date.now();
    const stopped = control.stop('zk-1', op, 60_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    const outcome = await Promise.race([stopped, new Promise((r) => setTimeout(() => r('still waiting'), 5000))]);
    expect(outcome).toMatchObject({ error: { code: 'remote_command_failed', message: expect.stringMatching(/Operation not permitted/) } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ran.some((a) => a[0] === 'kill' && a[1] === '-TERM')).toBe(true);
  });
});

describe('ServiceControl.statuses', () => {
  it('asks each host once for all of its services, and maps the pids back to each service', async () => {
    const two = {
      ...profile,
      hosts: [...profile.hosts, { id: 'h2', address: '10.0.0.2', port: 22, user: 'kafka', passphrasePrompt: false, agent: false }],
      services: [
        ...profile.services,
        ...[0, 1].map((n) => ({
          id: `broker-${n}`,
          kind: 'kafka-broker',
          host: 'h1',
          brokerId: n,
          installDir: '/opt/kafka',
          config: `config/server-${n}.properties`,
          advertisedAddress: `10.0.0.1:909${n + 2}`,
        })),
        {
          id: 'broker-2',
          kind: 'kafka-broker',
          host: 'h2',
          brokerId: 2,
          installDir: '/opt/kafka',
          config: 'config/server-2.properties',
          advertisedAddress: '10.0.0.2:9092',
        },
      ],
    } as unknown as Profile;
    const execs: Array<{ host: string; argv: string[] }> = [];
    const pool = {
      execQuick: (host: string, argv: ReadonlyArray<string>) => {
        execs.push({ host, argv: [...argv] });
        // One section per service (`--service` then its patterns and directories), in order: a pid for broker-1 and
        // broker-2 only.
        const sections = argv.slice(4).join('\0').split('--service').slice(1);
        const out = sections
          .map((p) => `@@kcc@@\n${/server-1|server-2/.test(p) ? `${p.includes('server-1') ? 111 : 222}\n` : ''}`)
          .join('');
        return Promise.resolve(result(0, out));
      },
    } as unknown as SshPool;
    const unreachable = () => Promise.reject(new Error('no network in this test'));
    const access = { dial: unreachable, zookeeper: unreachable, fetch: unreachable } as never;
    const control = new ServiceControl({ pool, profile: () => Promise.resolve(two), access });
    const statuses = await control.statuses(['zk-1', 'broker-0', 'broker-1', 'broker-2']);
    expect(execs.map((e) => e.host).sort()).toEqual(['h1', 'h2']);
    expect(execs.every((e) => e.argv[0] === 'sh')).toBe(true);
    expect(statuses.map((s) => [s.id, s.state, s.pids])).toEqual([
      ['zk-1', 'stopped', []],
      ['broker-0', 'stopped', []],
      ['broker-1', 'running', [111]],
      ['broker-2', 'running', [222]],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import { CommandEngine } from './command-engine';

function pipeline(id: string, host: string): Pipeline {
  return {
    id,
    engine: 'command',
    // Names are labels and need not be unique; only ids are.
    name: 'flume',
    source: 'dir',
    sink: 'topic',
    host,
    commands: { start: ['start', id], stop: ['stop', id], status: ['status', id] },
  };
}

function recordingPool() {
  const ran: Array<{ host: string; argv: ReadonlyArray<string> }> = [];
  const pool = {
    exec: (host: string, argv: ReadonlyArray<string>) => {
      ran.push({ host, argv });
      return Promise.resolve({ code: argv[0] === 'status' ? 3 : 0, stdout: '', stderr: '' });
    },
  } as unknown as SshPool;
  return { pool, ran };
}

describe('CommandEngine', () => {
  it('runs the commands of the pipeline with the given id, not of another one with the same name', async () => {
    const { pool, ran } = recordingPool();
    const engine = new CommandEngine(pool, [pipeline('p1', 'host-1'), pipeline('p2', 'host-2')]);
    const status = await engine.act('p2', 'stop');
    expect(ran).toEqual([
      { host: 'host-2', argv: ['stop', 'p2'] },
      { host: 'host-2', argv: ['status', 'p2'] },
    ]);
    expect(status.name).toBe('p2');
    const listed = await engine.list();
    expect(listed.map((s) => s.name)).toEqual(['p1', 'p2']);
  });

  it('answers not_found for an unknown id', async () => {
    const { pool } = recordingPool();
    const engine = new CommandEngine(pool, [pipeline('p1', 'host-1')]);
    await expect(engine.status('flume')).rejects.toMatchObject({ error: { code: 'not_found' } });
  });
});

import { fail } from '../common/errors';
import type { Pipeline } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import type { PipelineEngine } from './pipeline-model';
import { type PipelineAction, type PipelineStatus } from './schemas';

/**
 * Any other engine (Flume, NiFi, a script) driven by the start, stop and
 * status commands the profile gives, run over SSH. Status follows the LSB
 * convention: exit 0 running, 3 stopped, anything else unknown. Pipelines are
 * named by their profile id: names are labels and may repeat.
 */
export class CommandEngine implements PipelineEngine {
  readonly kind = 'command' as const;
  readonly label = 'the command engine';
  readonly actions: ReadonlyArray<PipelineAction> = ['start', 'stop', 'restart'];

  constructor(
    private readonly pool: SshPool,
    private readonly pipelines: ReadonlyArray<Pipeline>,
  ) {}

  async list(): Promise<PipelineStatus[]> {
    return Promise.all(this.pipelines.map((p) => this.status(p.id)));
  }

  async status(id: string): Promise<PipelineStatus> {
    const p = this.pipeline(id);
    const r = await this.pool.exec(p.host ?? '', p.commands?.status ?? ['false'], { timeoutMs: 30_000 });
    const out = (r.stdout || r.stderr).trim().split('\n').slice(-3).join('\n');
    const state = r.code === 0 ? 'running' : r.code === 3 ? 'stopped' : 'unknown';
    return {
      name: p.id,
      state,
      engineState: `exit ${String(r.code)}`,
      ...(out ? { message: out } : {}),
      tasks: [],
      counters: {},
      source: p.source,
      sink: p.sink,
    };
  }

  async act(id: string, action: PipelineAction): Promise<PipelineStatus> {
    const p = this.pipeline(id);
    const steps: Array<'start' | 'stop'> =
      action === 'start' ? ['start'] : action === 'stop' ? ['stop'] : action === 'restart' ? ['stop', 'start'] : [];
    if (steps.length === 0) fail('invalid_input', `A command pipeline cannot ${action}; it has start, stop and status commands.`);
    for (const step of steps) {
      const argv = p.commands?.[step] ?? ['false'];
      const r = await this.pool.exec(p.host ?? '', argv, { timeoutMs: 120_000 });
      if (r.code !== 0)
        fail(
          'remote_command_failed',
          `The ${step} command of ${p.id} failed on ${p.host ?? ''} (exit ${String(r.code)}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}`,
        );
    }
    return this.status(id);
  }

  private pipeline(id: string): Pipeline {
    const p = this.pipelines.find((x) => x.id === id);
    if (!p) fail('not_found', `No command pipeline "${id}" in the profile.`);
    return p;
  }
}

import { type PipelineEngine } from '../pipeline-model';
import { type PipelineAction, type PipelineStatus } from '../schemas';
import { SdcHttp, type StreamSetsEngineOptions, shortBody } from './sdc-http';
import { sleep } from '../rest-client';
import { fail } from '../../common/errors';
import {
  listingSchema,
  definitionSchema,
  type SdcPipelineState,
  sdcPipelineStateSchema,
  type SdcMetrics,
  sdcMetricsSchema,
} from './rest-schemas';
import { toStatus, configOf, forceQuitSdcStatuses, activeSdcStatuses, windingDownSdcStatuses } from './status';

/**
 * StreamSets Data Collector 3.x, over its REST API (`/rest/v1`, as the
 * datacollector-oss 3.x sources define it). SDC answers "not found" and "wrong state" with
 * HTTP 500, and "not logged in" with a 200 HTML login page, so every answer is
 * classified before anything is parsed, and parsed with zod before it is used.
 */
export class StreamSetsEngine implements PipelineEngine {
  readonly kind = 'streamsets' as const;
  readonly label = 'StreamSets Data Collector';
  readonly actions: ReadonlyArray<PipelineAction> = ['start', 'stop', 'force-stop', 'reset-origin', 'restart'];
  private readonly http: SdcHttp;
  private readonly restartWaitMs: number;
  private readonly pollIntervalMs: number;

  constructor(options: StreamSetsEngineOptions) {
    this.http = new SdcHttp(options);
    this.restartWaitMs = options.restartWaitMs ?? 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  /** `GET /rest/ping`, which needs valid credentials too: checks address and login at once. */
  async ping(): Promise<void> {
    const reply = await this.http.request('GET', '/rest/ping', 'answer a ping');
    if (reply.body.trim() !== 'pong') {
      fail('remote_command_failed', `${this.http.base} answered a ping with "${shortBody(reply)}", not SDC's "pong".`, {
        hint: 'Check that the URL points at a StreamSets Data Collector.',
      });
    }
  }

  async list(): Promise<PipelineStatus[]> {
    // Statuses only: source and sink need each definition, which status() reads.
    const [infos, states] = await this.http.json('GET', '/rest/v1/pipelines?includeStatus=true', 'list pipelines', listingSchema);
    // The two arrays are aligned by index, but SDC skips a state it cannot read: match by id.
    const stateById = new Map(states.map((s) => [s.pipelineId, s]));
    return infos.map((info) => {
      const state = stateById.get(info.pipelineId);
      if (state) return toStatus(state, { info });
      return {
        name: info.pipelineId,
        state: 'unknown',
        engineState: 'UNKNOWN',
        message: 'SDC listed this pipeline without its status.',
        tasks: [],
        counters: {},
        config: configOf({ title: info.title, description: info.description }),
      };
    });
  }

  async status(name: string): Promise<PipelineStatus> {
    const [state, live, definition] = await Promise.all([
      this.readState(name),
      this.readMetrics(name),
      this.http.json('GET', `${this.pipelinePath(name)}?rev=0`, `read the definition of "${name}"`, definitionSchema),
    ]);
    return toStatus(state, { definition, live });
  }

  async act(name: string, action: PipelineAction): Promise<PipelineStatus> {
    switch (action) {
      case 'start':
        await this.post(name, 'start', `start "${name}"`);
        break;
      case 'stop':
        await this.post(name, 'stop', `stop "${name}"`);
        break;
      case 'force-stop':
        await this.forceStop(name);
        break;
      case 'reset-origin':
        await this.post(name, 'resetOffset', `reset the origin of "${name}"`);
        break;
      case 'restart':
        await this.restart(name);
        break;
      default:
        fail('invalid_input', `StreamSets pipelines cannot "${action}".`, {
          field: 'action',
          hint: `Supported actions: ${this.actions.join(', ')}.`,
        });
    }
    return this.status(name);
  }

  private pipelinePath(name: string): string {
    return `/rest/v1/pipeline/${encodeURIComponent(name)}`;
  }

  private readState(name: string): Promise<SdcPipelineState> {
    return this.http.json('GET', `${this.pipelinePath(name)}/status?rev=0`, `read the status of "${name}"`, sdcPipelineStateSchema);
  }

  /** Live metrics, or undefined: SDC answers 204 for a pipeline that is not active. */
  private async readMetrics(name: string): Promise<SdcMetrics | undefined> {
    const what = `read the metrics of "${name}"`;
    const reply = await this.http.request('GET', `${this.pipelinePath(name)}/metrics?rev=0`, what);
    if (reply.status === 204 || reply.body.trim() === '') return undefined;
    return this.http.parse(reply, what, sdcMetricsSchema);
  }

  private async post(name: string, verb: 'start' | 'stop' | 'forceStop' | 'resetOffset', what: string): Promise<void> {
    await this.http.request('POST', `${this.pipelinePath(name)}/${verb}?rev=0`, what);
  }

  // SDC answers 200 to a force stop it ignores, so say so instead of pretending it worked.
  private async forceStop(name: string): Promise<void> {
    const state = await this.readState(name);
    if (!forceQuitSdcStatuses.has(state.status)) {
      fail(
        'conflict',
        `SDC would ignore a force stop of "${name}" while it is ${state.status}: it only forces a pipeline that is already stopping or failing.`,
        {
          hint: activeSdcStatuses.has(state.status)
            ? 'Stop it first; force stop is for a pipeline stuck in STOPPING.'
            : 'The pipeline is not running.',
          details: { engineState: state.status },
        },
      );
    }
    await this.post(name, 'forceStop', `force-stop "${name}"`);
  }

  private async restart(name: string): Promise<void> {
    let state = await this.readState(name);
    if (activeSdcStatuses.has(state.status)) {
      if (!windingDownSdcStatuses.has(state.status)) await this.post(name, 'stop', `stop "${name}" to restart it`);
      const deadline = Date.now() + this.restartWaitMs;
      for (;;) {
        state = await this.readState(name);
        if (!activeSdcStatuses.has(state.status)) break;
        if (Date.now() >= deadline) {
          fail(
            'timeout',
            `"${name}" did not stop within ${this.restartWaitMs / 1000} s (SDC says ${state.status}); it was not started again.`,
            {
              hint: 'If it stays in STOPPING, force-stop it, then start it.',
              details: { engineState: state.status },
            },
          );
        }
        await sleep(this.pollIntervalMs);
      }
    }
    await this.post(name, 'start', `start "${name}" again`);
  }
}

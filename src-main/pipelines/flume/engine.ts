import { posix } from 'node:path';
import { AppFailure, fail, toAppError } from '../../common/errors';
import type { Service } from '../../profile/schemas';
import type { SshPool } from '../../ssh/ssh-pool';
import type { OperationContext } from '../../services/operations';
import type { ServiceControl } from '../../services/service-control';
import { processPatternFor } from '../../services/service-commands';
import type { PipelineEngine } from '../pipeline-model';
import { RestClient } from '../rest-client';
import type { PipelineAction, PipelineStatus } from '../schemas';
import { describeComponent, kafkaConsumerGroupOf, maskedEntries, parseAgentConfig, type FlumeAgentConfig } from './agent-config';
import { flumeMetricsSchema, type FlumeMetrics } from './metrics-schemas';
import { componentLines, toStatus } from './status';

export type FlumeAgentService = Extract<Service, { kind: 'flume-agent' }>;

/** Runs a service action as an app operation (locked per service, with progress events), failing when it fails. */
export type RunServiceOperation = (
  kind: 'start' | 'stop',
  serviceId: string,
  body: (op: OperationContext) => Promise<void>,
) => Promise<void>;

export interface FlumeEngineOptions {
  agent: FlumeAgentService;
  pool: SshPool;
  control: ServiceControl;
  run: RunServiceOperation;
  /** fetch for the monitoring URL: direct, or through the SSH tunnel. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

// Between the two halves of the one remote command that reads pids and config.
const SEPARATOR = '@@kcc-flume-config@@';

/**
 * A Flume agent as a pipeline: one agent, one pipeline, named after the agent. Flume has no control API, so
 * the agent's process is the pipeline's state (found and started/stopped over SSH as a service of the profile),
 * its HTTP monitoring gives the counters, and its .conf, read over SSH, tells what it reads and writes.
 */
export class FlumeEngine implements PipelineEngine {
  readonly kind = 'flume' as const;
  readonly label = 'Flume';
  readonly actions: ReadonlyArray<PipelineAction> = ['start', 'stop', 'restart'];
  private readonly http: RestClient;
  private config: FlumeAgentConfig | undefined;

  constructor(private readonly options: FlumeEngineOptions) {
    const url = new URL(options.agent.monitoringUrl);
    this.http = new RestClient({
      baseUrl: url.origin,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? 5_000,
      label: `Flume agent ${options.agent.agentName}`,
      hints: {
        timeout: 'The agent may be starting or overloaded; look at its log.',
        unreachable: 'Start the agent with -Dflume.monitoring.type=http -Dflume.monitoring.port=<port of monitoringUrl>.',
        notJson: 'Check that monitoringUrl points at Flume’s HTTP monitoring (…/metrics).',
        unexpected: 'This Flume version’s metrics differ from Flume 1.11’s.',
      },
    });
  }

  async list(): Promise<PipelineStatus[]> {
    return [await this.look()];
  }

  async status(name: string): Promise<PipelineStatus> {
    if (name !== this.options.agent.agentName)
      fail('not_found', `Flume service ${this.options.agent.id} runs agent "${this.options.agent.agentName}", not "${name}".`);
    return this.look();
  }

  async act(name: string, action: PipelineAction): Promise<PipelineStatus> {
    const { agent, control, run } = this.options;
    await this.status(name);
    const start = () => run('start', agent.id, (op) => control.start(agent.id, op));
    const stop = () => run('stop', agent.id, (op) => control.stop(agent.id, op));
    switch (action) {
      case 'start':
        await start();
        break;
      case 'stop':
        await stop();
        break;
      case 'restart':
        await stop();
        await start();
        break;
      default:
        fail('invalid_input', `A Flume agent cannot "${action}".`, { field: 'action', hint: `Supported: ${this.actions.join(', ')}.` });
    }
    return this.look();
  }

  consumerGroupOf(name: string): string | undefined {
    if (name !== this.options.agent.agentName || !this.config) return undefined;
    return kafkaConsumerGroupOf(this.config);
  }

  /** The agent's .conf as read over SSH (secrets masked), or a readable failure. */
  async agentConfig(): Promise<Record<string, string>> {
    const { config } = await this.readHost();
    if (typeof config === 'string') fail('not_found', config);
    return maskedEntries(config);
  }

  private async look(): Promise<PipelineStatus> {
    const { agent } = this.options;
    const [host, metrics] = await Promise.all([this.readHost(), this.readMetrics()]);
    const config = typeof host.config === 'string' ? undefined : host.config;
    this.config = config;
    const status = toStatus({
      agentName: agent.agentName,
      pids: host.pids,
      ...(metrics.ok ? { metrics: metrics.value } : { metricsError: metrics.error }),
      ...(config?.sources[0] ? { source: describeComponent(config.sources[0]) } : {}),
      ...(config?.sinks[0] ? { sink: describeComponent(config.sinks[0]) } : {}),
    });
    const shown: Record<string, string> = config ? maskedEntries(config) : { '(config)': String(host.config) };
    if (metrics.ok) for (const [k, v] of Object.entries(componentLines(metrics.value))) shown[`metrics: ${k}`] = v;
    return { ...status, config: shown };
  }

  /** The agent's pids and its parsed config, in one command on its host. */
  private async readHost(): Promise<{ pids: number[]; config: FlumeAgentConfig | string }> {
    const { agent, pool } = this.options;
    const processPattern = processPatternFor(agent);
    const file = posix.isAbsolute(agent.config) ? agent.config : posix.join(agent.installDir, agent.config);
    // The pattern escapes the main class's dots, so pgrep never matches this shell.
    const script = `pgrep -f -- "$1"; echo ${SEPARATOR}; cat -- "$2"`;
    const r = await pool.execQuick(agent.host, ['sh', '-c', script, 'flume-agent', processPattern, file], { timeoutMs: 15_000 });
    const [pidText = '', configText] = r.stdout.split(`${SEPARATOR}\n`);
    const pids = pidText
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
    if (configText === undefined || r.code !== 0)
      return { pids, config: `Cannot read ${file} on ${agent.host}: ${r.stderr.trim() || `exit ${String(r.code)}`}` };
    return { pids, config: parseAgentConfig(configText, agent.agentName) };
  }

  private async readMetrics(): Promise<{ ok: true; value: FlumeMetrics } | { ok: false; error: string }> {
    const url = new URL(this.options.agent.monitoringUrl);
    try {
      const reply = await this.http.send('GET', `${url.pathname}${url.search}`, 'read its metrics');
      if (reply.status !== 200) return { ok: false, error: `HTTP ${reply.status}` };
      return { ok: true, value: this.http.parse(reply, 'read its metrics', flumeMetricsSchema) };
    } catch (err) {
      return { ok: false, error: err instanceof AppFailure ? err.error.message : toAppError(err).message };
    }
  }
}

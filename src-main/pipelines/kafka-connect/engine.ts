import { sleep, type RestMethod as Method, type RestReply as ConnectReply } from '../rest-client';
import type { z } from 'zod';
import { type PipelineEngine } from '../pipeline-model';
import { type PipelineAction, type PipelineStatus } from '../schemas';
import { ConnectHttp, type KafkaConnectEngineOptions } from './connect-http';
import {
  type ConnectWorkerInfo,
  type ConnectPlugin,
  simpleClassName,
  toPipelineStatus,
  type ConnectValidation,
  type ConnectorOffsets,
  readableOffsets,
  type SettleGoal,
  isSettled,
} from './status';
import {
  rootSchema,
  pluginsSchema,
  expandedListingSchema,
  validationSchema,
  offsetsSchema,
  type ConnectInfo,
  connectInfoSchema,
  type ConnectStatus,
  connectStatusSchema,
} from './rest-schemas';
import { fail, AppFailure } from '../../common/errors';
import { maskEntry, maskedValue } from '../config-masking';

/**
 * Kafka Connect (distributed mode, 3.5+ for stop and offsets: KIP-875) over its
 * REST API. Every answer is classified before it is parsed, and parsed with zod
 * before it is used. Quirks seen on a real 3.9 worker and handled here:
 * - right after `PUT /connectors/{name}/config` answers 201, `GET …/status` (and a
 *   restart) can answer 404 "No status found" for a connector that exists;
 * - right after `DELETE` answers 204, `GET …/status` can still answer 200 with the
 *   old status (type "unknown"); the config is gone at once, so that is what counts;
 * - pause/stop/resume answer at once and the states follow later (connector first,
 *   tasks after), so actions poll until the states agree;
 * - while the group rebalances (e.g. after concurrent config changes) requests
 *   the worker forwards fail with 409 "stale configuration", and plain reads such
 *   as `GET /connectors/{name}` with 500 "a rebalance is expected": both are
 *   retried with a short backoff, then reported as `conflict`.
 */
export class KafkaConnectEngine implements PipelineEngine {
  readonly kind = 'kafka-connect' as const;
  readonly label = 'Kafka Connect';
  readonly actions: ReadonlyArray<PipelineAction> = ['start', 'stop', 'pause', 'resume', 'restart', 'restart-failed', 'delete'];
  private readonly http: ConnectHttp;
  private readonly settleTimeoutMs: number;
  private readonly pollIntervalMs: number;

  constructor(options: KafkaConnectEngineOptions) {
    this.http = new ConnectHttp(options);
    this.settleTimeoutMs = options.settleTimeoutMs ?? 10_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  /** `GET /`: the worker's version, and the Kafka cluster it belongs to. */
  async ping(): Promise<ConnectWorkerInfo> {
    const root = await this.http.json('GET', '/', 'answer a ping', rootSchema);
    return {
      version: root.version,
      ...(root.commit ? { commit: root.commit } : {}),
      ...(root.kafka_cluster_id ? { kafkaClusterId: root.kafka_cluster_id } : {}),
    };
  }

  async plugins(): Promise<ConnectPlugin[]> {
    const plugins = await this.http.json('GET', '/connector-plugins', 'list connector plugins', pluginsSchema);
    return plugins.map((p) => ({
      className: p.class,
      simpleName: simpleClassName(p.class),
      type: p.type,
      ...(p.version ? { version: p.version } : {}),
    }));
  }

  async list(): Promise<PipelineStatus[]> {
    const listing = await this.http.json('GET', '/connectors?expand=status&expand=info', 'list connectors', expandedListingSchema);
    return Object.entries(listing)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, entry]) => toPipelineStatus(name, entry.status, entry.info));
  }

  async status(name: string): Promise<PipelineStatus> {
    const [info, status] = await Promise.all([this.readInfo(name), this.readStatus(name)]);
    return toPipelineStatus(name, status, info);
  }

  async act(name: string, action: PipelineAction): Promise<PipelineStatus> {
    const path = this.connectorPath(name);
    switch (action) {
      case 'start': {
        // Resume is a no-op on a running connector; failed parts are restarted too, since that is what "start" means to a person.
        const before = await this.readStatus(name);
        if (!before) await this.readInfo(name); // not_found for an unknown connector
        await this.send('PUT', `${path}/resume`, name, `resume "${name}"`);
        const failed = before && (before.connector.state === 'FAILED' || before.tasks.some((t) => t.state === 'FAILED'));
        if (failed) return this.restart(name, true, 'RUNNING');
        return this.settle(name, { target: 'RUNNING' });
      }
      case 'resume':
        await this.send('PUT', `${path}/resume`, name, `resume "${name}"`);
        return this.settle(name, { target: 'RUNNING' });
      case 'pause':
        await this.send('PUT', `${path}/pause`, name, `pause "${name}"`);
        return this.settle(name, { target: 'PAUSED' });
      case 'stop':
        await this.send('PUT', `${path}/stop`, name, `stop "${name}"`);
        return this.settle(name, { target: 'STOPPED' });
      case 'restart':
        return this.restart(name, false);
      case 'restart-failed':
        return this.restart(name, true);
      case 'delete':
        return this.delete(name);
      default:
        fail('invalid_input', `Kafka Connect connectors cannot "${action}".`, {
          field: 'action',
          hint: `Supported actions: ${this.actions.join(', ')}.`,
        });
    }
  }

  /**
   * Connect's own validation of a config (`PUT /connector-plugins/{class}/config/validate`):
   * only the fields with errors, with Connect's messages. Needs `connector.class`;
   * Connect also wants `name`.
   */
  async validate(config: Record<string, string>): Promise<ConnectValidation> {
    const connectorClass = config['connector.class']?.trim();
    if (!connectorClass) {
      fail('invalid_input', 'The connector config has no "connector.class".', {
        field: 'connector.class',
        hint: 'Set connector.class to one of the plugins the worker lists.',
      });
    }
    const what = `validate a ${simpleClassName(connectorClass)} config`;
    let raw: z.infer<typeof validationSchema>;
    try {
      raw = await this.http.json(
        'PUT',
        `/connector-plugins/${encodeURIComponent(connectorClass)}/config/validate`,
        what,
        validationSchema,
        { body: config },
      );
    } catch (err) {
      // An unknown class is a 500 whose message lists every plugin the worker has.
      const connectMessage = err instanceof AppFailure ? err.error.details?.connectMessage : undefined;
      if (typeof connectMessage === 'string' && /Failed to find any class that implements Connector/.test(connectMessage)) {
        fail('invalid_input', `Kafka Connect at ${this.http.base} has no connector plugin "${connectorClass}".`, {
          field: 'connector.class',
          hint: 'Pick one of the plugins the worker lists (its plugin.path decides which).',
          details: { connectorClass },
        });
      }
      throw err;
    }
    const fields = raw.configs
      .filter((c) => c.value.errors.length > 0)
      .map(({ value }) => {
        const shown = value.value === null || value.value === undefined ? undefined : maskEntry(value.name, value.value);
        // Connect quotes the value in some messages ("Invalid value x for configuration y"): not for secrets.
        const errors =
          value.value && shown !== value.value
            ? value.errors.map((e) => e.split(value.value as string).join(shown ?? maskedValue))
            : value.errors;
        return { name: value.name, ...(shown === undefined ? {} : { value: shown }), errors };
      });
    return { connectorClass, errorCount: raw.error_count, fields };
  }

  /**
   * Creates the connector, or replaces the config of an existing one
   * (`PUT /connectors/{name}/config`), after Connect's validation accepted it.
   */
  async create(name: string, config: Record<string, string>): Promise<PipelineStatus> {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed !== name) {
      fail('invalid_input', 'A connector name must be non-empty, without leading or trailing spaces.', { field: 'name' });
    }
    if (config.name !== undefined && config.name !== name) {
      fail('invalid_input', `The config names the connector "${config.name}", not "${name}".`, { field: 'name' });
    }
    const full = { ...config, name };
    const validation = await this.validate(full);
    if (validation.errorCount > 0) {
      const first = validation.fields[0];
      const listed = validation.fields
        .slice(0, 3)
        .map((f) => `${f.name}: ${f.errors.join('; ')}`)
        .join(' | ');
      fail(
        'invalid_input',
        `Kafka Connect refused the config of "${name}" (${validation.errorCount} error${validation.errorCount === 1 ? '' : 's'}): ${listed}`,
        {
          ...(first ? { field: first.name } : {}),
          hint:
            validation.fields.length > 3
              ? `${validation.fields.length - 3} more field(s) have errors; fix them all and try again.`
              : 'Fix the listed fields and try again.',
          details: { connectorClass: validation.connectorClass, errorCount: validation.errorCount, fields: validation.fields },
        },
      );
    }
    await this.http.request('PUT', `${this.connectorPath(name)}/config`, `save the config of "${name}"`, { body: full });
    return this.settle(name, {});
  }

  /** `GET /connectors/{name}/offsets` (Connect 3.5+). */
  async positions(name: string): Promise<Array<{ partition: string; offset: string }>> {
    return (await this.offsets(name)).offsets.map((o) => ({ partition: o.partition, offset: o.offset }));
  }

  /** Connect names a sink connector's consumer group after it; a connector without `topics` is a source. */
  consumerGroupOf(name: string, config: Record<string, string> | undefined): string | undefined {
    return config?.topics !== undefined || config?.['topics.regex'] !== undefined ? `connect-${name}` : undefined;
  }

  async offsets(name: string): Promise<ConnectorOffsets> {
    const raw = await this.http.json('GET', `${this.connectorPath(name)}/offsets`, `read the offsets of "${name}"`, offsetsSchema);
    return readableOffsets(name, raw);
  }

  private connectorPath(name: string): string {
    return `/connectors/${encodeURIComponent(name)}`;
  }

  private readInfo(name: string): Promise<ConnectInfo> {
    return this.http.json('GET', this.connectorPath(name), `read the config of "${name}"`, connectInfoSchema);
  }

  /** The status, or undefined while Connect has none yet (it answers 404 for a connector created a moment ago). */
  private async readStatus(name: string): Promise<ConnectStatus | undefined> {
    const what = `read the status of "${name}"`;
    const reply = await this.http.request('GET', `${this.connectorPath(name)}/status`, what, { accept: [404] });
    if (reply.status === 404) return undefined;
    return this.http.parse(reply, what, connectStatusSchema);
  }

  /**
   * A state-changing request. A 404 that is only about the status (a connector
   * created a moment ago) is retried while the connector's config exists.
   */
  private async send(method: Method, path: string, name: string, what: string): Promise<ConnectReply> {
    const deadline = Date.now() + Math.min(this.settleTimeoutMs, 5_000);
    for (;;) {
      try {
        return await this.http.request(method, path, what);
      } catch (err) {
        const connectMessage = err instanceof AppFailure && err.error.code === 'not_found' ? err.error.details?.connectMessage : undefined;
        if (typeof connectMessage !== 'string' || !/status/i.test(connectMessage) || Date.now() >= deadline) throw err;
        await this.readInfo(name); // throws not_found when the connector really is gone
        await sleep(this.pollIntervalMs);
      }
    }
  }

  private async restart(name: string, onlyFailed: boolean, target?: SettleGoal['target']): Promise<PipelineStatus> {
    const what = onlyFailed ? `restart the failed parts of "${name}"` : `restart "${name}"`;
    const reply = await this.send('POST', `${this.connectorPath(name)}/restart?includeTasks=true&onlyFailed=${onlyFailed}`, name, what);
    // 202 carries the plan: what is RESTARTING. The status topic shows it a moment later, so until a poll
    // has seen a restart, a FAILED or RUNNING state may still be the one from before.
    const plan = reply.status === 202 && reply.body.trim() !== '' ? this.http.parse(reply, what, connectStatusSchema) : undefined;
    const planned = plan ? plan.connector.state === 'RESTARTING' || plan.tasks.some((t) => t.state === 'RESTARTING') : !onlyFailed;
    return this.settle(name, { target, awaitRestart: planned });
  }

  private async delete(name: string): Promise<PipelineStatus> {
    await this.send('DELETE', this.connectorPath(name), name, `delete "${name}"`);
    // The config goes first (the status can linger): wait until the connector is gone from the config.
    const deadline = Date.now() + this.settleTimeoutMs;
    while (Date.now() < deadline) {
      const reply = await this.http.request('GET', this.connectorPath(name), `check that "${name}" is deleted`, { accept: [404] });
      if (reply.status === 404) break;
      await sleep(this.pollIntervalMs);
    }
    return {
      name,
      state: 'unknown',
      engineState: 'DELETED',
      message: `Kafka Connect no longer has connector "${name}": it was deleted.`,
      tasks: [],
      counters: {},
    };
  }

  /** Polls the status until it shows the action's result, for at most settleTimeoutMs; then answers the full status. */
  private async settle(name: string, goal: { target?: SettleGoal['target']; awaitRestart?: boolean }): Promise<PipelineStatus> {
    const started = Date.now();
    const restartGraceMs = 2_000;
    let sawRestart = false;
    for (;;) {
      const elapsedMs = Date.now() - started;
      const status = await this.readStatus(name);
      if (status) {
        if (status.connector.state === 'RESTARTING' || status.tasks.some((t) => t.state === 'RESTARTING')) sawRestart = true;
        const restarted = !goal.awaitRestart || sawRestart || elapsedMs >= restartGraceMs;
        if (restarted && isSettled(status, { target: goal.target, elapsedMs, emptyTasksGraceMs: 2_000 })) break;
      }
      if (Date.now() - started >= this.settleTimeoutMs) break;
      await sleep(this.pollIntervalMs);
    }
    return this.status(name);
  }
}

import type { SecretStore } from '../common/secret-store';
import { streamsetsPassword } from './streamsets/credentials';
import { z } from 'zod';
import { AppFailure, fail, toAppError } from '../common/errors';
import type { KafkaAdmin } from '../kafka/kafka-admin';
import type { Pipeline, Profile } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import { CommandEngine } from './command-engine';
import { KafkaConnectEngine } from './kafka-connect/engine';
import type { PipelineEngine, PipelineValidation } from './pipeline-model';
import { StreamSetsEngine } from './streamsets/engine';
import { FlumeEngine, type RunServiceOperation } from './flume/engine';
import type { ServiceControl } from '../services/service-control';
import { type PipelineAction, type PipelineStatus, type PipelineView, type PipelineDetail, landingFileSchema } from './schemas';

/**
 * The profile's pipelines joined with what their engines and Kafka say: state
 * and tasks from the engine, the topic's end offset and the consumer lag from
 * Kafka, and rates from the change between two looks. An engine that does
 * not answer makes its pipelines "unknown" with the reason; the next look
 * asks again, so a worker that comes back is picked up without a restart.
 */

export interface PipelineServiceDeps {
  profile: () => Promise<Profile>;
  pool: SshPool;
  admin: () => Promise<KafkaAdmin>;
  /** fetch for an engine's URL: direct, or through the SSH tunnel when the profile tunnels. */
  fetch: typeof fetch;
  /** Flume agents are services of the profile: their pipelines start and stop them as such. */
  control: ServiceControl;
  runServiceOperation: RunServiceOperation;
  /** Passwords the user stored in the app (StreamSets logins). */
  secrets: SecretStore;
}

interface Previous {
  at: number;
  endOffset: number;
  committed?: number;
}

export class PipelineService {
  private readonly previous = new Map<string, Previous>();

  constructor(private readonly deps: PipelineServiceDeps) {}

  async list(): Promise<PipelineView[]> {
    const profile = await this.deps.profile();
    const byEngine = new Map<string, Pipeline[]>();
    for (const p of profile.pipelines) {
      const key = `${p.engine}/${p.service ?? ''}`;
      byEngine.set(key, [...(byEngine.get(key) ?? []), p]);
    }
    const views: PipelineView[] = [];
    // Pipelines on one topic (the seed's two) share one read of its end offsets.
    const topicEnds = new Map<string, Promise<number>>();
    await Promise.all(
      [...byEngine.values()].map(async (group) => {
        const first = group[0];
        if (!first) return;
        let engine: PipelineEngine | undefined;
        let statuses: PipelineStatus[] | undefined;
        let problem: string | undefined;
        try {
          engine = await this.engine(first, profile);
          statuses = await engine.list();
        } catch (err) {
          problem = toAppError(err).message;
        }
        for (const p of group) views.push(await this.view(p, engine, statuses, problem, topicEnds));
      }),
    );
    const order = new Map(profile.pipelines.map((p, i) => [p.id, i]));
    return views.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  async detail(id: string): Promise<PipelineDetail> {
    const { p, profile } = await this.pipeline(id);
    let engine: PipelineEngine | undefined;
    let status: PipelineStatus | undefined;
    let problem: string | undefined;
    try {
      engine = await this.engine(p, profile);
      status = await engine.status(engineName(p));
    } catch (err) {
      const e = toAppError(err);
      if (e.code !== 'not_found') problem = e.message;
    }
    const view = await this.view(p, engine, status ? [status] : undefined, problem);
    const detail: PipelineDetail = { pipeline: view };
    if (engine?.positions && view.exists) {
      try {
        detail.offsets = await engine.positions(p.name);
      } catch {
        // Offsets are extra information; the rest of the detail stands without them.
      }
    }
    // A landing in HDFS has the Data lake view; a directory on a host is listed here.
    const landing = p.landing;
    if (landing && 'host' in landing) detail.landing = { ...landing, ...(await this.landingFiles(landing.host, landing.path)) };
    return detail;
  }

  async act(id: string, action: PipelineAction, confirm?: string): Promise<PipelineView> {
    const { p, profile } = await this.pipeline(id);
    const engine = await this.engine(p, profile);
    if (!engine.actions.includes(action)) fail('invalid_input', `${engine.kind} pipelines cannot ${action}.`, { field: 'action' });
    if (action === 'delete' && confirm !== p.name)
      fail('invalid_input', `Deleting removes the pipeline from ${p.engine}; type its name "${p.name}" to confirm.`, { field: 'confirm' });
    const status = await engine.act(engineName(p), action);
    return this.view(p, engine, [status], undefined);
  }

  /** Checks the profile's config with the engine's own validation, without creating anything. */
  async validate(id: string, config?: Record<string, string>): Promise<PipelineValidation> {
    const { engine, cfg } = await this.toCreate(id, config);
    if (!engine.validate) fail('invalid_input', `${engine.label} pipelines are not validated from a config here.`);
    return engine.validate(cfg);
  }

  /** Creates the pipeline in its engine from the profile's config (validated first, Connect's messages per field on failure). */
  async create(id: string, config?: Record<string, string>): Promise<PipelineView> {
    const { p, engine, cfg } = await this.toCreate(id, config);
    if (!engine.create)
      fail('invalid_input', `Only Kafka Connect pipelines are created from a config here; ${p.id} runs on ${engine.label}.`);
    return this.view(p, engine, [await engine.create(p.name, cfg)], undefined);
  }

  private async toCreate(id: string, config: Record<string, string> | undefined) {
    const { p, profile } = await this.pipeline(id);
    const engine = await this.engine(p, profile);
    if (!engine.create) fail('invalid_input', `Only Kafka Connect pipelines are created from a config here; ${p.id} runs on ${p.engine}.`);
    const cfg = config ?? p.config;
    if (!cfg) fail('invalid_input', `The profile gives no config for pipeline ${p.id}.`, { field: 'config' });
    return { p, cfg, engine };
  }

  private async view(
    p: Pipeline,
    engine: PipelineEngine | undefined,
    statuses: PipelineStatus[] | undefined,
    problem: string | undefined,
    topicEnds = new Map<string, Promise<number>>(),
  ): Promise<PipelineView> {
    const found = statuses?.find((s) => s.name === engineName(p));
    const exists = found !== undefined;
    const status: PipelineStatus = found ?? {
      name: p.name,
      state: 'unknown',
      engineState: problem ? 'unreachable' : 'absent',
      message:
        problem ?? `${engine?.label ?? p.engine} has no pipeline "${p.name}".${p.config ? ' Create it from the profile’s config.' : ''}`,
      tasks: [],
      counters: {},
    };
    const view: PipelineView = {
      id: p.id,
      engine: p.engine,
      ...(p.service ? { service: p.service } : {}),
      name: p.name,
      source: p.source,
      sink: p.sink,
      ...(p.topic ? { topic: p.topic } : {}),
      ...(p.landing ? { landing: p.landing } : {}),
      status,
      exists,
      canCreate: !exists && !problem && engine?.create !== undefined && p.config !== undefined,
      rates: {},
      actions: exists ? [...(engine?.actions ?? [])] : [],
      checkedAt: new Date().toISOString(),
    };
    if (p.topic) await this.addKafkaFigures(p, engine, view, topicEnds);
    return view;
  }

  private async addKafkaFigures(
    p: Pipeline,
    engine: PipelineEngine | undefined,
    view: PipelineView,
    topicEnds: Map<string, Promise<number>>,
  ): Promise<void> {
    const topic = p.topic ?? '';
    const groupId = engine?.consumerGroupOf?.(p.name, p.config);
    const reads = groupId !== undefined || /^topic\b/i.test(p.source);
    try {
      const admin = await this.deps.admin();
      let ends = topicEnds.get(topic);
      if (!ends) {
        ends = admin.topicEndOffset(topic);
        topicEnds.set(topic, ends);
      }
      const endOffset = await ends;
      const committed = groupId ? await admin.committedOffset(groupId, topic) : undefined;
      view.kafka = {
        role: reads ? 'reads' : 'writes',
        endOffset,
        ...(groupId ? { groupId } : {}),
        ...(committed !== undefined ? { committed, lag: Math.max(0, endOffset - committed) } : {}),
      };
      const now = Date.now();
      const prev = this.previous.get(p.id);
      if (prev && now - prev.at < 120_000 && now > prev.at) {
        const secs = (now - prev.at) / 1000;
        if (reads && committed !== undefined && prev.committed !== undefined)
          view.rates.recordsInPerSec = Math.max(0, (committed - prev.committed) / secs);
        if (!reads) view.rates.recordsOutPerSec = Math.max(0, (endOffset - prev.endOffset) / secs);
      }
      this.previous.set(p.id, { at: now, endOffset, ...(committed !== undefined ? { committed } : {}) });
    } catch {
      // Kafka being down shows on the brokers' view; the pipeline's own state still stands.
    }
  }

  private async landingFiles(host: string, path: string): Promise<{ files: z.infer<typeof landingFileSchema>[]; error?: string }> {
    try {
      const r = await this.deps.pool.exec(host, ['find', path, '-maxdepth', '1', '-type', 'f', '-printf', '%f\\t%s\\t%T@\\n'], {
        timeoutMs: 15_000,
      });
      if (r.code !== 0) return { files: [], error: (r.stderr || `exit ${String(r.code)}`).trim() };
      const files = r.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [name = '', bytes = '0', mtime = '0'] = line.split('\t');
          return { name, bytes: Number(bytes), modified: new Date(Number(mtime) * 1000).toISOString() };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
      if (files.length > 0 && files.length <= 50) {
        const wc = await this.deps.pool.exec(host, ['wc', '-l', ...files.map((f) => `${path}/${f.name}`)], { timeoutMs: 30_000 });
        for (const line of wc.stdout.split('\n')) {
          const m = /^\s*(\d+)\s+(.*)$/.exec(line);
          const file = m && files.find((f) => `${path}/${f.name}` === m[2]);
          if (file && m) Object.assign(file, { lines: Number(m[1]) });
        }
      }
      return { files };
    } catch (err) {
      return { files: [], error: toAppError(err).message };
    }
  }

  /** The pipeline and the profile it came from, read once per call. */
  private async pipeline(id: string): Promise<{ p: Pipeline; profile: Profile }> {
    const profile = await this.deps.profile();
    const p = profile.pipelines.find((x) => x.id === id);
    if (!p) fail('not_found', `The profile has no pipeline "${id}".`);
    return { p, profile };
  }

  private async engine(p: Pipeline, profile: Profile): Promise<PipelineEngine> {
    if (p.engine === 'command')
      return new CommandEngine(
        this.deps.pool,
        profile.pipelines.filter((x) => x.engine === 'command'),
      );
    const service = profile.services.find((s) => s.id === p.service);
    const fetchImpl = this.deps.fetch;
    if (p.engine === 'flume') {
      if (service?.kind !== 'flume-agent')
        throw new AppFailure({ code: 'invalid_profile', message: `Pipeline ${p.id}: service "${p.service ?? ''}" is not a Flume agent.` });
      return new FlumeEngine({
        agent: service,
        pool: this.deps.pool,
        control: this.deps.control,
        run: this.deps.runServiceOperation,
        fetch: fetchImpl,
      });
    }
    if (p.engine === 'kafka-connect') {
      if (service?.kind !== 'connect-worker')
        throw new AppFailure({
          code: 'invalid_profile',
          message: `Pipeline ${p.id}: service "${p.service ?? ''}" is not a Kafka Connect worker.`,
        });
      return new KafkaConnectEngine({ restUrl: service.restUrl, fetch: fetchImpl });
    }
    if (service?.kind !== 'streamsets')
      throw new AppFailure({
        code: 'invalid_profile',
        message: `Pipeline ${p.id}: service "${p.service ?? ''}" is not a StreamSets Data Collector.`,
      });
    const password = await streamsetsPassword(service, this.deps.secrets);
    return new StreamSetsEngine({ baseUrl: service.baseUrl, user: service.user, password, fetch: fetchImpl });
  }
}

/** What an engine calls the pipeline: connector name or SDC pipeline id, and for commands the profile id (names repeat). */
function engineName(p: Pipeline): string {
  return p.engine === 'command' ? p.id : p.name;
}

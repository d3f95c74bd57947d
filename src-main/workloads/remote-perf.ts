import type { Profile } from '../profile/schemas';
import type { SshPool } from '../ssh/ssh-pool';
import { AppFailure, fail } from '../common/errors';
import { LineSplitter, parsePerfLine, type PerfLine, type ProducerLine } from './perf-output';
import type { RemotePerfSpec, WorkloadSample, WorkloadSummary } from './schemas';
import { round } from './run-clock';

/**
 * Kafka's own perf tools run on cluster hosts over SSH, one process per
 * host, their output parsed into the app's metrics and added up across hosts.
 * Each process carries a marker in its client id so Stop can kill exactly it.
 */

export interface RemotePerfPlan {
  host: string;
  argv: string[];
  marker: string;
}

export function planRemotePerf(profile: Profile, runId: string, spec: RemotePerfSpec): RemotePerfPlan[] {
  const bootstrap = profile.kafka.bootstrap.join(',');
  return spec.hosts.map((hostId, i) => {
    if (!profile.hosts.some((h) => h.id === hostId))
      fail('invalid_input', `Unknown host "${hostId}": the profile has ${profile.hosts.map((h) => h.id).join(', ')}.`, {
        field: `hosts.${i}`,
      });
    const install = profile.services.find(
      (s) => s.host === hostId && (s.kind === 'kafka-broker' || s.kind === 'connect-worker' || s.kind === 'zookeeper'),
    );
    if (!install)
      fail('invalid_input', `Host "${hostId}" has no Kafka installation in the profile, so Kafka's perf tools cannot run there.`, {
        field: `hosts.${i}`,
        hint: 'Choose a host that runs a broker, ZooKeeper or Connect.',
      });
    const marker = `kcc-perf-${runId}-${hostId}`;
    const share = Math.floor(spec.records / spec.hosts.length) + (i < spec.records % spec.hosts.length ? 1 : 0);
    const argv =
      spec.tool === 'producer'
        ? [
            `${install.installDir}/bin/kafka-producer-perf-test.sh`,
            '--topic',
            spec.topic,
            '--num-records',
            String(share),
            '--record-size',
            String(spec.recordSize),
            '--throughput',
            String(spec.throughput === null ? -1 : spec.throughput / spec.hosts.length),
            '--producer-props',
            `bootstrap.servers=${bootstrap}`,
            `acks=${spec.acks}`,
            `client.id=${marker}`,
          ]
        : [
            `${install.installDir}/bin/kafka-consumer-perf-test.sh`,
            '--bootstrap-server',
            bootstrap,
            '--topic',
            spec.topic,
            '--messages',
            String(share),
            '--group',
            `${marker}`,
            // With --show-detailed-stats the tool never prints its totals, so it runs plain and reports once, at the end.
            '--timeout',
            '30000',
          ];
    return { host: hostId, argv, marker };
  });
}

interface HostProgress {
  records: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatency?: number;
  maxLatency?: number;
  final?: PerfLine;
  output: string[];
}

export class RemotePerfRun {
  private readonly progress = new Map<string, HostProgress>();
  private readonly startedAt = Date.now();
  private readonly aborts = new AbortController();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly pool: SshPool,
    private readonly spec: RemotePerfSpec,
    private readonly plans: RemotePerfPlan[],
    private readonly onSample: (s: WorkloadSample) => void,
  ) {
    for (const p of plans) this.progress.set(p.host, { records: 0, recordsPerSec: 0, mbPerSec: 0, output: [] });
  }

  async run(): Promise<WorkloadSummary> {
    const timer = setInterval(() => this.onSample(this.sample()), 1000);
    // The first host that fails ends the run: the others are stopped and their processes killed, rather than left
    // producing (with their SSH channels open) until they finish on their own.
    let firstFailure: unknown;
    const failed = (err: unknown) => {
      if (firstFailure !== undefined) return;
      firstFailure = err;
      void this.stop();
    };
    try {
      await Promise.all(
        this.plans.map((plan) =>
          this.pool
            .exec(plan.host, plan.argv, {
              timeoutMs: 24 * 3600 * 1000,
              signal: this.aborts.signal,
              onStdout: this.lineHandler(plan.host),
            })
            .then(
              (r) => {
                if (r.code !== 0 && r.signal !== 'aborted' && !this.aborts.signal.aborted) {
                  const tail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ');
                  failed(
                    new AppFailure({
                      code: 'remote_command_failed',
                      message: `The perf tool on ${plan.host} exited with code ${String(r.code)}: ${tail}`,
                    }),
                  );
                }
              },
              (err: unknown) => failed(err),
            ),
        ),
      );
      await this.stopping;
    } finally {
      clearInterval(timer);
    }
    if (firstFailure !== undefined) throw firstFailure instanceof Error ? firstFailure : new Error(String(firstFailure));
    this.onSample(this.sample());
    return this.summary();
  }

  /** Kills the perf processes on every host (closing the SSH channel alone would leave them running). */
  async stop(): Promise<void> {
    this.stopping ??= Promise.all(
      this.plans.map((p) => this.pool.exec(p.host, ['pkill', '-f', p.marker], { timeoutMs: 10_000 }).catch(() => undefined)),
    ).then(() => this.aborts.abort());
    await this.stopping;
  }

  private lineHandler(host: string): (chunk: string) => void {
    const splitter = new LineSplitter();
    return (chunk) => {
      const p = this.progress.get(host);
      if (!p) return;
      for (const line of splitter.push(chunk)) {
        p.output.push(line);
        if (p.output.length > 50) p.output.shift();
        const parsed = parsePerfLine(line);
        if (!parsed) continue;
        if ('records' in parsed) {
          const final = parsed.kind === 'producer-final';
          // Window lines count the window's records; the final line counts the whole run.
          p.records = final ? parsed.records : p.records + parsed.records;
          p.avgLatency = parsed.avgLatencyMs;
          p.maxLatency = parsed.maxLatencyMs;
          if (final) p.final = parsed;
          else Object.assign(p, { recordsPerSec: parsed.recordsPerSec, mbPerSec: parsed.mbPerSec });
        } else {
          p.records = parsed.totalRecords;
          if (parsed.kind === 'consumer-final') p.final = parsed;
          else Object.assign(p, { recordsPerSec: parsed.recordsPerSec, mbPerSec: parsed.mbPerSec });
        }
      }
    };
  }

  private sample(): WorkloadSample {
    const hosts = [...this.progress.entries()];
    const live = hosts.filter(([, p]) => !p.final);
    const lat = hosts.filter(([, p]) => p.avgLatency !== undefined);
    return {
      at: new Date().toISOString(),
      elapsedMs: Date.now() - this.startedAt,
      records: hosts.reduce((n, [, p]) => n + p.records, 0),
      bytes: hosts.reduce((n, [, p]) => n + p.records, 0) * this.spec.recordSize,
      recordsPerSec: round(live.reduce((n, [, p]) => n + p.recordsPerSec, 0)),
      mbPerSec: round(
        live.reduce((n, [, p]) => n + p.mbPerSec, 0),
        3,
      ),
      // The tools print an average and a maximum per window; percentiles come only with their final line.
      latencyMs:
        lat.length === 0
          ? null
          : {
              avg: round(Math.max(...lat.map(([, p]) => p.avgLatency ?? 0)), 2),
              p50: round(Math.max(...lat.map(([, p]) => p.avgLatency ?? 0)), 2),
              p95: round(Math.max(...lat.map(([, p]) => p.maxLatency ?? 0)), 2),
              p99: round(Math.max(...lat.map(([, p]) => p.maxLatency ?? 0)), 2),
              max: round(Math.max(...lat.map(([, p]) => p.maxLatency ?? 0)), 2),
            },
      errors: 0,
      perHost: Object.fromEntries(hosts.map(([h, p]) => [h, { records: p.records, recordsPerSec: p.recordsPerSec, mbPerSec: p.mbPerSec }])),
    };
  }

  private summary(): WorkloadSummary {
    const durationMs = Date.now() - this.startedAt;
    const finals = [...this.progress.entries()].map(([host, p]) => ({ host, final: p.final, records: p.records }));
    const records = finals.reduce((n, f) => n + f.records, 0);
    const rps = finals.reduce((n, f) => n + (f.final?.recordsPerSec ?? 0), 0);
    const mbps = finals.reduce((n, f) => n + (f.final?.mbPerSec ?? 0), 0);
    const producerFinals = finals.map((f) => f.final).filter((f): f is ProducerLine => f?.kind === 'producer-final');
    const worst = producerFinals.sort((a, b) => (b.p99 ?? 0) - (a.p99 ?? 0))[0];
    const latencyMs = worst
      ? {
          avg: worst.avgLatencyMs,
          p50: worst.p50 ?? 0,
          p95: worst.p95 ?? 0,
          p99: worst.p99 ?? 0,
          p999: worst.p999 ?? 0,
          max: worst.maxLatencyMs,
        }
      : null;
    const verb = this.spec.tool === 'producer' ? 'sent' : 'received';
    const perHost = finals.map((f) => `${f.host}: ${f.records}`).join(', ');
    return {
      records,
      bytes: records * this.spec.recordSize,
      durationMs,
      recordsPerSec: round(rps),
      mbPerSec: round(mbps, 3),
      latencyMs,
      errors: 0,
      text: `${records} records ${verb} on ${finals.length} host(s) (${perHost}), ${rps.toFixed(1)} records/sec (${mbps.toFixed(2)} MB/sec) summed over hosts${latencyMs ? `, worst host ${latencyMs.avg} ms avg, ${latencyMs.p99} ms 99th` : ''}.`,
    };
  }
}

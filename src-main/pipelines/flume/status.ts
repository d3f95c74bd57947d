import type { PipelineStatus } from '../schemas';
import type { FlumeComponent, FlumeMetrics } from './metrics-schemas';

/**
 * Flume's counters in the app's words. An agent has no pipeline state of its own: it runs (process alive,
 * monitoring answers) or it does not. Records in are what its sources put into their channels, records out
 * what its sinks took out and delivered; a channel that fills up is the sign that a sink cannot keep up.
 */

export interface FlumeFigures {
  recordsIn: number;
  recordsOut: number;
  errors: number;
  /** Events waiting in the channels. */
  channelSize: number;
  channelCapacity: number;
  /** The fullest channel, in percent. */
  channelFillPercent: number;
  sinkConnectionFailures: number;
}

const num = (c: FlumeComponent, key: string): number => {
  const v = Number(c[key] ?? '0');
  return Number.isFinite(v) ? v : 0;
};

function componentsOf(metrics: FlumeMetrics, type: FlumeComponent['Type']): Array<[string, FlumeComponent]> {
  return Object.entries(metrics).filter(([, c]) => c.Type === type);
}

export function figuresOf(metrics: FlumeMetrics): FlumeFigures {
  const sources = componentsOf(metrics, 'SOURCE').map(([, c]) => c);
  const channels = componentsOf(metrics, 'CHANNEL').map(([, c]) => c);
  const sinks = componentsOf(metrics, 'SINK').map(([, c]) => c);
  const sum = (list: FlumeComponent[], keys: string[]) => list.reduce((acc, c) => acc + keys.reduce((a, k) => a + num(c, k), 0), 0);
  return {
    recordsIn: sum(sources, ['EventAcceptedCount']),
    recordsOut: sum(sinks, ['EventDrainSuccessCount']),
    // Failures each component counts under its own name; rollbacks are retried, so they are not errors.
    errors:
      sum(sources, ['EventReadFail', 'ChannelWriteFail', 'GenericProcessingFail']) +
      sum(channels, ['EventPutErrorCount', 'EventTakeErrorCount']) +
      sum(sinks, ['EventWriteFail', 'ChannelReadFail']),
    channelSize: sum(channels, ['ChannelSize']),
    channelCapacity: sum(channels, ['ChannelCapacity']),
    channelFillPercent: channels.reduce((max, c) => Math.max(max, num(c, 'ChannelFillPercentage')), 0),
    sinkConnectionFailures: sum(sinks, ['ConnectionFailedCount']),
  };
}

/** One line per component, for the detail panel: `SOURCE.kafka: 3000 received, 3000 accepted`. */
export function componentLines(metrics: FlumeMetrics): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, c] of Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b))) {
    if (c.Type === 'SOURCE') out[key] = `${num(c, 'EventReceivedCount')} received, ${num(c, 'EventAcceptedCount')} accepted`;
    else if (c.Type === 'CHANNEL')
      out[key] = `${num(c, 'ChannelSize')} of ${num(c, 'ChannelCapacity')} events (${num(c, 'ChannelFillPercentage')} % full)`;
    else if (c.Type === 'SINK')
      out[key] =
        `${num(c, 'EventDrainSuccessCount')} drained of ${num(c, 'EventDrainAttemptCount')} attempted, ` +
        `${num(c, 'ConnectionFailedCount')} connection failures`;
  }
  return out;
}

export interface AgentLook {
  agentName: string;
  /** Pids of the agent's process on its host ([] when it is not running). */
  pids: number[];
  metrics?: FlumeMetrics;
  /** Why the metrics could not be read. */
  metricsError?: string;
  source?: string;
  sink?: string;
}

export function toStatus(look: AgentLook): PipelineStatus {
  const base = {
    name: look.agentName,
    tasks: [],
    ...(look.source ? { source: look.source } : {}),
    ...(look.sink ? { sink: look.sink } : {}),
  };
  if (look.pids.length === 0)
    return { ...base, state: 'stopped', engineState: 'no process', message: `No Flume agent "${look.agentName}" runs.`, counters: {} };
  if (!look.metrics)
    return {
      ...base,
      // A JVM that has not opened its monitoring port yet is starting; one that never does shows why here.
      state: 'starting',
      engineState: 'process without metrics',
      message: `The agent runs (pid ${look.pids.join(', ')}) but its monitoring does not answer: ${look.metricsError ?? 'no answer'}.`,
      counters: {},
    };
  const f = figuresOf(look.metrics);
  const warnings = [
    f.sinkConnectionFailures > 0 ? `${f.sinkConnectionFailures} sink connection failures` : '',
    f.channelFillPercent >= 80 ? `channel ${f.channelFillPercent.toFixed(1)} % full: the sink does not keep up` : '',
  ].filter(Boolean);
  return {
    ...base,
    state: 'running',
    engineState: look.pids.length > 1 ? `${look.pids.length} processes` : 'running',
    ...(warnings.length > 0 ? { message: warnings.join('; ') } : {}),
    counters: {
      recordsIn: f.recordsIn,
      recordsOut: f.recordsOut,
      errors: f.errors,
      channelSize: f.channelSize,
      channelCapacity: f.channelCapacity,
      channelFillPercent: f.channelFillPercent,
    },
  };
}

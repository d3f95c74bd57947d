import dagre from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';
import type { PipelineView } from '../../../src-main/api/contract';

/** One box of a flow: where data comes from, the engine that moves it, the topic, or where it lands. */
export interface FlowBox extends Record<string, unknown> {
  role: 'source' | 'engine' | 'topic' | 'sink';
  title: string;
  subtitle?: string;
  /** Engines: the pipeline's state; topics: "backlog" when a stopped reader leaves a lag. */
  state?: string;
  testId: string;
}

export interface FlowEdgeData extends Record<string, unknown> {
  /** Records per second through this edge, when the engine reports it. */
  rate?: number;
  flowing: boolean;
  testId: string;
}

export const BOX_WIDTH = 220;
export const BOX_HEIGHT = 64;

/** Records per second as people read them. */
export function rateText(n: number | undefined): string {
  if (n === undefined) return '–';
  return `${n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString()}/s`;
}

const flowing = (p: PipelineView) => p.status.state === 'running';

/**
 * Each pipeline drawn as data moves: source → engine → topic for a pipeline that writes to Kafka, topic → engine →
 * sink for one that reads it; pipelines sharing a topic meet at its box, which shows the readers' lag. A pipeline
 * without a topic is drawn source → engine → sink.
 */
export function buildFlow(pipelines: ReadonlyArray<PipelineView>): { nodes: Array<Node<FlowBox>>; edges: Array<Edge<FlowEdgeData>> } {
  const boxes = new Map<string, FlowBox>();
  const edges: Array<Edge<FlowEdgeData>> = [];
  const edge = (source: string, target: string, p: PipelineView, rate: number | undefined) =>
    edges.push({
      id: `${source}->${target}`,
      source,
      target,
      animated: flowing(p),
      data: {
        rate: flowing(p) ? rate : undefined,
        flowing: flowing(p),
        testId: `flow-edge-${p.id}-${target === `engine:${p.id}` ? 'in' : 'out'}`,
      },
    });
  for (const p of pipelines) {
    const engine = `engine:${p.id}`;
    boxes.set(engine, { role: 'engine', title: p.id, subtitle: p.engine, state: p.status.state, testId: `flow-engine-${p.id}` });
    const topic = p.topic ? `topic:${p.topic}` : undefined;
    if (topic && !boxes.has(topic)) boxes.set(topic, { role: 'topic', title: p.topic ?? '', testId: `flow-topic-${p.topic}` });
    const outRate = p.rates.recordsOutPerSec ?? p.status.counters.outRate;
    const inRate = p.rates.recordsInPerSec ?? p.status.counters.inRate;
    if (p.kafka?.role === 'reads' && topic) {
      const sink = `sink:${p.id}`;
      boxes.set(sink, { role: 'sink', title: p.sink, testId: `flow-sink-${p.id}` });
      edge(topic, engine, p, inRate);
      edge(engine, sink, p, outRate);
    } else {
      const source = `source:${p.id}`;
      boxes.set(source, { role: 'source', title: p.source, testId: `flow-source-${p.id}` });
      edge(source, engine, p, inRate);
      if (topic) edge(engine, topic, p, outRate);
      else {
        const sink = `sink:${p.id}`;
        boxes.set(sink, { role: 'sink', title: p.sink, testId: `flow-sink-${p.id}` });
        edge(engine, sink, p, outRate);
      }
    }
  }
  // A topic's box carries its end offset and what its readers have not read yet.
  for (const [id, box] of boxes) {
    if (box.role !== 'topic') continue;
    const here = pipelines.filter((p) => `topic:${p.topic}` === id);
    const end = here.find((p) => p.kafka)?.kafka?.endOffset;
    const readers = here.filter((p) => p.kafka?.role === 'reads');
    const lag = readers.reduce((sum, p) => sum + (p.kafka?.lag ?? 0), 0);
    const stalled = readers.some((p) => !flowing(p) && (p.kafka?.lag ?? 0) > 0);
    box.subtitle = [
      end !== undefined ? `end ${end.toLocaleString()}` : undefined,
      readers.length > 0 ? `lag ${lag.toLocaleString()}` : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    box.state = stalled ? 'backlog' : 'ok';
  }

  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of boxes.keys()) g.setNode(id, { width: BOX_WIDTH, height: BOX_HEIGHT });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const nodes = [...boxes].map(([id, data]): Node<FlowBox> => {
    const p = g.node(id);
    return { id, type: 'box', position: { x: p.x - BOX_WIDTH / 2, y: p.y - BOX_HEIGHT / 2 }, data, draggable: false, selectable: false };
  });
  return { nodes, edges };
}

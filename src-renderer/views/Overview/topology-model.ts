import dagre from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';
import type { ClusterState, ProfileView, ServiceStatus } from '../../../src-main/api/contract';

/** What a service box shows: its state in colour, and the figure that matters for its kind. */
export type ServiceLook = 'running' | 'stopped' | 'absent' | 'checking' | 'unknown';

export interface ServiceChip {
  id: string;
  kind: ProfileView['services'][number]['kind'];
  look: ServiceLook;
  detail: string | undefined;
  to: string;
}

export interface HostData extends Record<string, unknown> {
  host: ProfileView['hosts'][number];
  services: ServiceChip[];
}

const viewOf: Record<ServiceChip['kind'], string> = {
  zookeeper: '/zookeeper',
  'kafka-broker': '/brokers',
  'connect-worker': '/pipelines',
  streamsets: '/pipelines',
  'flume-agent': '/pipelines',
  'hdfs-namenode': '/datalake',
};

export const NODE_WIDTH = 280;
/** A service takes one line, two with its detail (role, leader and replica counts). */
export const nodeHeight = (services: ReadonlyArray<ServiceChip>) => 56 + services.reduce((h, s) => h + (s.detail ? 44 : 26), 0);

/**
 * A broker's look comes from ZooKeeper first (registered or absent, pushed live by the watch), then from its process;
 * other services from their process and readiness as the Hosts view polls them.
 */
export function lookOf(
  service: ProfileView['services'][number],
  status: ServiceStatus | undefined,
  cluster: ClusterState | undefined,
): { look: ServiceLook; detail: string | undefined } {
  if (service.kind === 'kafka-broker' && cluster && cluster.zookeeper.state === 'connected') {
    const b = cluster.brokers.find((x) => x.id === service.brokerId);
    if (b?.registered)
      return { look: 'running', detail: `${b.leaderOf} leaders · ${b.replicaOf} replicas${b.controller ? ' · controller' : ''}` };
    // ZooKeeper's word for a profile broker that is not registered, whatever its process does.
    return {
      look: 'absent',
      detail: status?.state === 'stopped' ? 'not registered; its process is stopped' : 'not registered in ZooKeeper',
    };
  }
  if (!status) return { look: 'checking', detail: undefined };
  if (status.state === 'unknown') return { look: 'unknown', detail: status.detail };
  if (status.state === 'stopped') return { look: 'stopped', detail: undefined };
  if (status.healthy === false) return { look: 'absent', detail: status.detail ?? 'not ready' };
  return { look: 'running', detail: status.role };
}

/**
 * Hosts as boxes holding their services, laid out by dagre from the data flow: a host whose pipeline engine reads or
 * writes Kafka points at the hosts of the brokers.
 */
export function buildTopology(
  profile: ProfileView,
  statuses: ReadonlyArray<ServiceStatus> | undefined,
  cluster: ClusterState | undefined,
): { nodes: Array<Node<HostData>>; edges: Edge[]; height: number } {
  const byId = new Map((statuses ?? []).map((s) => [s.id, s]));
  const brokerHosts = [...new Set(profile.services.filter((s) => s.kind === 'kafka-broker').map((s) => s.host))];
  const engineHosts = [
    ...new Set(
      profile.services
        .filter((s) => s.kind === 'connect-worker' || s.kind === 'flume-agent' || s.kind === 'streamsets')
        .map((s) => s.host)
        .filter((h) => !brokerHosts.includes(h)),
    ),
  ];
  const edges: Edge[] = engineHosts.flatMap((from) =>
    brokerHosts.map((to) => ({ id: `${from}->${to}`, source: from, target: to, animated: true, style: { strokeWidth: 1.5 } })),
  );

  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 90 });
  g.setDefaultEdgeLabel(() => ({}));
  const services = (hostId: string): ServiceChip[] =>
    profile.services
      .filter((s) => s.host === hostId)
      .map((s) => ({ id: s.id, kind: s.kind, to: viewOf[s.kind], ...lookOf(s, byId.get(s.id), cluster) }));
  const chips = new Map(profile.hosts.map((h) => [h.id, services(h.id)]));
  for (const h of profile.hosts) g.setNode(h.id, { width: NODE_WIDTH, height: nodeHeight(chips.get(h.id) ?? []) });
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const nodes = profile.hosts.map((h): Node<HostData> => {
    const p = g.node(h.id);
    const list = chips.get(h.id) ?? [];
    return {
      id: h.id,
      type: 'host',
      position: { x: p.x - NODE_WIDTH / 2, y: p.y - nodeHeight(list) / 2 },
      data: { host: h, services: list },
      draggable: false,
      selectable: false,
    };
  });
  return { nodes, edges, height: g.graph().height ?? 200 };
}

import { Badge, Card, Text, Title } from '@mantine/core';
import {
  Background,
  BaseEdge,
  EdgeLabelRenderer,
  Handle,
  Position,
  ReactFlow,
  getBezierPath,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { PipelineView } from '../../../src-main/api/contract';
import { BOX_HEIGHT, BOX_WIDTH, buildFlow, rateText, type FlowBox, type FlowEdgeData } from './flow-model';
import { stateColor } from './pipelineStyle';

const roleColor: Record<FlowBox['role'], string> = { source: 'gray', engine: 'blue', topic: 'grape', sink: 'teal' };

function Box({ data }: NodeProps<Node<FlowBox>>) {
  const color =
    data.role === 'engine' ? (stateColor[data.state ?? ''] ?? 'gray') : data.state === 'backlog' ? 'orange' : roleColor[data.role];
  return (
    <Card
      withBorder
      padding={6}
      w={BOX_WIDTH}
      h={BOX_HEIGHT}
      data-testid={data.testId}
      data-state={data.state}
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}
    >
      <Handle type="target" position={Position.Left} style={{ visibility: 'hidden' }} />
      <Text size="xs" fw={600} truncate="end" title={data.title}>
        {data.title}
      </Text>
      <Text size="xs" c={data.state === 'backlog' ? 'orange' : 'dimmed'} truncate="end">
        {data.role === 'engine' ? (
          <Badge size="xs" color={color} variant="light">
            {data.state}
          </Badge>
        ) : null}{' '}
        {data.subtitle ?? data.role}
      </Text>
      <Handle type="source" position={Position.Right} style={{ visibility: 'hidden' }} />
    </Card>
  );
}

/** An edge labelled with its rate, dashed and still when its pipeline does not run. */
function RateEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data }: EdgeProps<Edge<FlowEdgeData>>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const flowing = data?.flowing ?? false;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        style={{
          stroke: flowing ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-gray-5)',
          strokeDasharray: flowing ? undefined : '6 4',
        }}
      />
      <EdgeLabelRenderer>
        <div
          data-testid={data?.testId}
          data-flowing={String(flowing)}
          style={{
            position: 'absolute',
            transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
            fontSize: 11,
            background: 'var(--mantine-color-body)',
            padding: '0 4px',
            borderRadius: 4,
          }}
        >
          {flowing ? rateText(data?.rate) : 'stopped'}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

const nodeTypes = { box: Box };
const edgeTypes = { rate: RateEdge };

/** Every pipeline as a picture of its data moving, from the same list the cards show. */
export function PipelineFlow({ pipelines }: { pipelines: ReadonlyArray<PipelineView> }) {
  const { nodes, edges } = useMemo(() => {
    const flow = buildFlow(pipelines);
    return { nodes: flow.nodes, edges: flow.edges.map((e) => ({ ...e, type: 'rate' })) };
  }, [pipelines]);
  const height = Math.max(...nodes.map((n) => n.position.y + BOX_HEIGHT), 100) + 40;
  return (
    <Card withBorder padding="md" data-testid="pipeline-flow">
      <Title order={5} mb="xs">
        Data flow
      </Title>
      <div style={{ height: Math.min(height, 600) }}>
        <ReactFlow
          key={nodes.length}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          fitView
          fitViewOptions={{ padding: 0.05 }}
          proOptions={{ hideAttribution: true }}
          nodesConnectable={false}
          zoomOnScroll={false}
          preventScrolling={false}
          minZoom={0.3}
        >
          <Background gap={24} />
        </ReactFlow>
      </div>
    </Card>
  );
}

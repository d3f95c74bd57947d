import { Badge, Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { Background, Handle, Position, ReactFlow, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ProfileView } from '../../../src-main/api/contract';
import { serviceKindLabels } from '../../components/service-kinds';
import { useApiQuery, useClusterState } from '../../queries';
import { NODE_WIDTH, buildTopology, type HostData, type ServiceLook } from './topology-model';

const lookColor: Record<ServiceLook, string> = {
  running: 'green',
  stopped: 'red',
  absent: 'orange',
  checking: 'gray',
  unknown: 'yellow',
};

function HostBox({ data }: NodeProps<Node<HostData>>) {
  const navigate = useNavigate();
  return (
    <Card withBorder padding="xs" w={NODE_WIDTH} data-testid={`topology-host-${data.host.id}`}>
      <Handle type="target" position={Position.Left} style={{ visibility: 'hidden' }} />
      <UnstyledButton onClick={() => navigate('/hosts')} aria-label={`Host ${data.host.id}`}>
        <Group gap={6} mb={6}>
          <Text fw={700} size="sm">
            {data.host.id}
          </Text>
          <Text size="xs" c="dimmed">
            {data.host.address}
          </Text>
        </Group>
      </UnstyledButton>
      <Stack gap={4}>
        {data.services.map((s) => (
          <UnstyledButton
            key={s.id}
            onClick={() => navigate(s.to)}
            data-testid={`topology-service-${s.id}`}
            data-state={s.look}
            aria-label={`${s.id}: ${s.look}`}
          >
            <Group gap={6} wrap="nowrap" style={{ borderLeft: `4px solid var(--mantine-color-${lookColor[s.look]}-6)`, paddingLeft: 6 }}>
              <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {s.id}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {serviceKindLabels[s.kind]}
              </Text>
              <Badge size="xs" variant="light" color={lookColor[s.look]} style={{ flexShrink: 0 }}>
                {s.look}
              </Badge>
            </Group>
            {s.detail && (
              <Text size="xs" c="dimmed" pl={10} truncate="end">
                {s.detail}
              </Text>
            )}
          </UnstyledButton>
        ))}
      </Stack>
      <Handle type="source" position={Position.Right} style={{ visibility: 'hidden' }} />
    </Card>
  );
}

const nodeTypes = { host: HostBox };

/** The cluster as one live picture: the same queries as the tables, so it moves when they do. */
export function Topology({ profile }: { profile: ProfileView }) {
  const statuses = useApiQuery('services.status', {}, { refetchInterval: 5_000 });
  const cluster = useClusterState();
  const { nodes, edges, height } = useMemo(
    () => buildTopology(profile, statuses.data, cluster.data),
    [profile, statuses.data, cluster.data],
  );
  return (
    <Card withBorder padding="md" data-testid="topology">
      <Title order={5} mb="sm">
        Topology
      </Title>
      <div style={{ height: Math.min(height + 120, 960) }}>
        <ReactFlow
          // The picture is fitted once on mount: when the boxes change size (details arrive), fit it again.
          key={Math.round(height)}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.08 }}
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

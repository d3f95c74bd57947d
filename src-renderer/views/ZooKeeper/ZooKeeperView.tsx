import { Anchor, Badge, Breadcrumbs, Card, Code, Group, Loader, NavLink, ScrollArea, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiQuery } from '../../queries';
import { formatDateTime } from '../../format';

function pretty(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}

/** Read-only ZooKeeper browser: children on the left, data and stat of the selected znode on the right. */
export function ZooKeeperView() {
  const [params, setParams] = useSearchParams();
  const path = params.get('path') ?? '/';
  const node = useApiQuery('zookeeper.node', { path });
  const go = (p: string) => setParams({ path: p });
  const crumbs = useMemo(() => {
    const parts = path.split('/').filter(Boolean);
    return [{ label: '/', path: '/' }, ...parts.map((p, i) => ({ label: p, path: `/${parts.slice(0, i + 1).join('/')}` }))];
  }, [path]);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>ZooKeeper</Title>
        <Badge variant="light">read-only</Badge>
      </Group>
      <Breadcrumbs data-testid="zk-path">
        {crumbs.map((c) => (
          <Anchor key={c.path} onClick={() => go(c.path)} component="button">
            {c.label}
          </Anchor>
        ))}
      </Breadcrumbs>
      {node.error && <ErrorAlert error={node.error} />}
      {node.isLoading && <Loader size="sm" />}
      {node.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder padding="xs">
            <Text fw={600} size="sm" mb="xs">
              {node.data.children.length} children
            </Text>
            <ScrollArea h="calc(100vh - 260px)">
              {node.data.children.map((c) => (
                <NavLink key={c} label={c} onClick={() => go(path === '/' ? `/${c}` : `${path}/${c}`)} data-testid={`znode-${c}`} />
              ))}
            </ScrollArea>
          </Card>
          <Card withBorder padding="md">
            <Text fw={600} size="sm">
              Data ({node.data.stat.dataLength} bytes{node.data.encoding === 'hex' ? ', shown as hex' : ''}
              {node.data.truncated ? ', truncated' : ''})
            </Text>
            <Code block mt="xs" data-testid="znode-data" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {node.data.data === null ? '(no data)' : node.data.encoding === 'utf8' ? pretty(node.data.data) : node.data.data}
            </Code>
            <SimpleGrid cols={2} mt="md" spacing={4}>
              <Text size="xs">version {node.data.stat.version}</Text>
              <Text size="xs">children {node.data.stat.numChildren}</Text>
              <Text size="xs">created {formatDateTime(node.data.stat.ctime)}</Text>
              <Text size="xs">modified {formatDateTime(node.data.stat.mtime)}</Text>
              <Text size="xs">ephemeral owner {node.data.stat.ephemeralOwner ?? '—'}</Text>
            </SimpleGrid>
          </Card>
        </SimpleGrid>
      )}
    </Stack>
  );
}

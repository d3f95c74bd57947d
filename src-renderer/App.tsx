import { ActionIcon, AppShell, Group, NavLink, Title, useMantineColorScheme } from '@mantine/core';
import { NavLink as RouterLink, Route, Routes, useLocation } from 'react-router-dom';
import { ProfilePicker } from './components/ProfilePicker';
import { navItems } from './nav';
import { useClusterDeltas, useProfileChangeRefresh } from './queries';
import { BrokersView } from './views/Brokers/BrokersView';
import { PipelinesView } from './views/Pipelines/PipelinesView';
import { DataLakeView } from './views/DataLake/DataLakeView';
import { WorkloadsView } from './views/Workloads/WorkloadsView';
import { GroupsView } from './views/Groups/GroupsView';
import { HostsView } from './views/Hosts/HostsView';
import { TopicsView } from './views/Topics/TopicsView';
import { ZooKeeperView } from './views/ZooKeeper/ZooKeeperView';
import { TopicView } from './views/Topics/TopicView';
import { OverviewView } from './views/Overview/OverviewView';
import { PendingView } from './views/Pending/PendingView';
import { LogsView } from './views/Logs/LogsView';
import { ProfileEditorView } from './views/ProfileEditor/ProfileEditorView';

function ThemeToggle() {
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  return (
    <ActionIcon variant="default" onClick={toggleColorScheme} aria-label="Toggle light/dark theme" title="Toggle theme">
      {colorScheme === 'dark' ? '☀' : '☾'}
    </ActionIcon>
  );
}

export function App() {
  useProfileChangeRefresh();
  useClusterDeltas();
  const location = useLocation();
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md" transitionDuration={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={4}>Kafka Control Center</Title>
          <Group gap="sm">
            <ProfilePicker />
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Views">
        {navItems.map((item) => (
          <NavLink
            key={item.path}
            component={RouterLink}
            to={item.path}
            label={item.label}
            active={item.path === '/' ? location.pathname === '/' : location.pathname.startsWith(item.path)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Routes>
          <Route path="/" element={<OverviewView />} />
          <Route path="/hosts" element={<HostsView />} />
          <Route path="/brokers" element={<BrokersView />} />
          <Route path="/topics" element={<TopicsView />} />
          <Route path="/topics/:name" element={<TopicView />} />
          <Route path="/zookeeper" element={<ZooKeeperView />} />
          <Route path="/consumer-groups" element={<GroupsView />} />
          <Route path="/workloads" element={<WorkloadsView />} />
          <Route path="/pipelines" element={<PipelinesView />} />
          <Route path="/datalake" element={<DataLakeView />} />
          <Route path="/logs" element={<LogsView />} />
          <Route path="/profile" element={<ProfileEditorView />} />
          {navItems
            .filter((i) => i.pending)
            .map((i) => (
              <Route key={i.path} path={`${i.path}/*`} element={<PendingView item={i} />} />
            ))}
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}

/** The views of the app, in the order the navigation shows them. */
export interface NavItem {
  path: string;
  label: string;
  /** What the view will show, for views not built yet. */
  pending?: string;
}

export const navItems: NavItem[] = [
  { path: '/', label: 'Overview' },
  { path: '/hosts', label: 'Hosts & services' },
  { path: '/brokers', label: 'Brokers' },
  { path: '/topics', label: 'Topics' },
  { path: '/consumer-groups', label: 'Consumer groups' },
  { path: '/pipelines', label: 'Pipelines' },
  { path: '/datalake', label: 'Data lake' },
  { path: '/workloads', label: 'Producers & consumers' },
  { path: '/zookeeper', label: 'ZooKeeper' },
  { path: '/logs', label: 'Logs' },
  { path: '/profile', label: 'Profile editor' },
];

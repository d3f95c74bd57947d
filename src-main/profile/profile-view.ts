import type { ProfileView } from './schemas';
import { identityFilesOf, type Host, type Profile, type Service } from './schemas';

function authOf(host: Host): ProfileView['hosts'][number]['auth'] {
  const keys = identityFilesOf(host).length > 0;
  if (keys && host.agent) return 'key+agent';
  if (keys) return 'key';
  if (host.agent) return 'agent';
  return 'none';
}

function endpointOf(service: Service): string {
  switch (service.kind) {
    case 'zookeeper':
      return service.clientAddress;
    case 'kafka-broker':
      return service.advertisedAddress;
    case 'connect-worker':
      return service.restUrl;
    case 'streamsets':
      return service.baseUrl;
    case 'flume-agent':
      return service.monitoringUrl;
    case 'hdfs-namenode':
      return service.fsUri;
  }
}

export function hostView(h: Host): ProfileView['hosts'][number] {
  return { id: h.id, address: h.address, port: h.port, user: h.user, ...(h.bastion ? { bastion: h.bastion } : {}), auth: authOf(h) };
}

/** What the renderer may see of a profile: key paths and passphrase settings stay in main. */
export function toProfileView(path: string, profile: Profile): ProfileView {
  return {
    path,
    name: profile.name,
    ...(profile.description ? { description: profile.description } : {}),
    hosts: profile.hosts.map(hostView),
    services: profile.services.map((s) => ({
      id: s.id,
      kind: s.kind,
      host: s.host,
      installDir: s.installDir,
      ...('config' in s ? { config: s.config } : {}),
      endpoint: endpointOf(s),
      ...(s.kind === 'kafka-broker' ? { brokerId: s.brokerId } : {}),
    })),
    pipelines: profile.pipelines.map((p) => ({ id: p.id, engine: p.engine, source: p.source, sink: p.sink })),
    kafka: {
      bootstrap: profile.kafka.bootstrap,
      zookeeper: profile.kafka.zookeeper,
      ...(profile.kafka.tunnelVia ? { tunnelVia: profile.kafka.tunnelVia } : {}),
    },
  };
}

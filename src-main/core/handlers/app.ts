import type { HandlersFor } from '../../api/contract';
import type { appMethods } from '../../api/methods/app';
import { compressionAvailable, loadCompressions } from '../../kafka/load-client/load-client';
import type { HandlerDeps } from './deps';

export function appHandlers(deps: HandlerDeps): HandlersFor<typeof appMethods> {
  const startedAt = new Date().toISOString();
  return {
    'app.info': async () => ({
      name: 'Kafka Control Center',
      version: deps.version,
      mode: deps.mode,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      pid: process.pid,
      startedAt,
      profileDir: deps.profiles.profileDir,
      secretStorage: deps.secrets.available,
      compressions: loadCompressions.filter(compressionAvailable),
    }),
  };
}

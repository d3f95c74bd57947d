import { EventHub } from '../api/events';
import type { AppInfo } from '../api/contract';
import type { Handlers } from '../api/router';
import { parseProfile } from '../profile/parse-profile';
import { toProfileView } from '../profile/profile-view';
import type { ProfileStore } from '../profile/profile-store';

export interface HandlerDeps {
  mode: AppInfo['mode'];
  version: string;
  profiles: ProfileStore;
  events: EventHub;
}

/** The implementation of every contract method, written against plain Node services. */
export function createHandlers(deps: HandlerDeps): Handlers {
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
    }),
    'profile.list': async () => deps.profiles.list(),
    'profile.get': async ({ path }) => {
      const loaded = await deps.profiles.load(path);
      return toProfileView(loaded.path, loaded.profile);
    },
    'profile.select': async ({ path }) => {
      const loaded = await deps.profiles.select(path);
      deps.events.emit('profile.changed', { path: loaded.path, name: loaded.profile.name });
      return toProfileView(loaded.path, loaded.profile);
    },
    'profile.validate': async ({ yaml }) => {
      const parsed = parseProfile(yaml);
      return parsed.ok ? { valid: true, errors: [] } : { valid: false, errors: parsed.errors };
    },
  };
}

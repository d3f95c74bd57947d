import type { HandlersFor } from '../../api/contract';
import type { profileMethods } from '../../api/methods/profile';
import { parseProfile } from '../../profile/parse-profile';
import { hostView, toProfileView } from '../../profile/profile-view';
import { addHostsToProfile, readSshConfig, saveProfile } from '../../profile/profile-files';
import { withBastions } from '../../profile/ssh-config-import';
import type { HandlerDeps } from './deps';

export function profileHandlers(deps: HandlerDeps): HandlersFor<typeof profileMethods> {
  return {
    'profile.list': async () => deps.profiles.list(),
    'profile.get': async ({ path }) => {
      const loaded = await deps.profiles.load(path);
      return toProfileView(loaded.path, loaded.profile);
    },
    'profile.select': async ({ path }) => {
      const loaded = await deps.profiles.select(path);
      await deps.onProfileChanged?.();
      deps.events.emit('profile.changed', { path: loaded.path, name: loaded.profile.name });
      return toProfileView(loaded.path, loaded.profile);
    },
    'profile.validate': async ({ yaml }) => {
      const parsed = parseProfile(yaml);
      return parsed.ok ? { valid: true, errors: [] } : { valid: false, errors: parsed.errors };
    },
    'profile.save': async ({ name, yaml, overwrite }) => {
      const saved = await saveProfile(deps.profiles.profileDir, name, yaml, overwrite);
      return { path: saved.path, name: saved.profile.name, source: 'profiles-dir' as const, active: false };
    },
    'profile.importSshConfig': async ({ path, into, hosts }) => {
      const { path: configPath, result } = await readSshConfig(path);
      // A chosen host comes with the jump hosts it is reached through.
      const chosen = hosts ? withBastions(result.hosts, hosts) : result.hosts;
      const merged = into ? await addHostsToProfile(await deps.profiles.knownPath(into, 'into'), chosen) : { added: [], kept: [] };
      return { configPath, hosts: chosen.map(hostView), skipped: result.skipped, warnings: result.warnings, ...merged };
    },
  };
}

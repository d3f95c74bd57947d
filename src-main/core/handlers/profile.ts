import type { HandlersFor } from '../../api/contract';
import type { profileMethods } from '../../api/methods/profile';
import { parseProfile } from '../../profile/parse-profile';
import { hostView, toProfileView } from '../../profile/profile-view';
import { addHostsToProfile, addHostsToText, readSshConfig, saveProfile } from '../../profile/profile-files';
import { readFile } from 'node:fs/promises';
import { readTemplates } from '../../profile/profile-templates';
import { basename, extname } from 'node:path';
import { withBastions } from '../../profile/ssh-config-import';
import type { HandlerDeps } from './deps';
import { withDraftPool } from '../draft-pool';
import { discoverProfile } from '../../discovery/discover';
import { SshPool } from '../../ssh/ssh-pool';
import { fail } from '../../common/errors';

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
    'profile.importSshConfig': async ({ path, into, yaml, hosts }) => {
      if (into !== undefined && yaml !== undefined)
        fail('invalid_input', 'Give either a profile file (into) or profile text (yaml), not both.', { field: 'yaml' });
      const { path: configPath, result } = await readSshConfig(path);
      // A chosen host comes with the jump hosts it is reached through.
      const chosen = hosts ? withBastions(result.hosts, hosts) : result.hosts;
      const merged =
        yaml !== undefined
          ? (({ text, added, kept }) => ({ yaml: text, added, kept }))(addHostsToText(yaml, chosen))
          : into
            ? await addHostsToProfile(await deps.profiles.knownPath(into, 'into'), chosen)
            : { added: [], kept: [] };
      return { configPath, hosts: chosen.map(hostView), skipped: result.skipped, warnings: result.warnings, ...merged };
    },
    'profile.templates': async () => readTemplates(deps.templatesDir),
    'profile.source': async ({ path }) => {
      const loaded = await deps.profiles.load(path);
      return { path: loaded.path, name: basename(loaded.path, extname(loaded.path)), yaml: await readFile(loaded.path, 'utf8') };
    },
    'profile.discover': async ({ hosts, path, hostIds, zookeeper, name }) => {
      const options = { name: name ?? 'discovered', ...(zookeeper ? { zookeeper } : {}) };
      if (hosts) {
        if (path) fail('invalid_input', 'Give either hosts or a profile path, not both.', { field: 'path' });
        return withDraftPool(hosts, (pool, profile) => discoverProfile(pool, pick(profile.hosts, hostIds), options));
      }
      const loaded = await deps.profiles.load(path);
      const activePath = path
        ? await deps.profiles.load().then(
            (a) => a.path,
            () => undefined,
          )
        : loaded.path;
      if (loaded.path === activePath) {
        // The active profile's own pool: keys unlocked with a passphrase there work here too.
        const session = await deps.session();
        return discoverProfile(session.pool, pick(session.profile.hosts, hostIds), options);
      }
      const pool = new SshPool(async () => loaded.profile, { connectTimeoutMs: 10_000 });
      try {
        return await discoverProfile(pool, pick(loaded.profile.hosts, hostIds), options);
      } finally {
        await pool.dispose();
      }
    },
  };
}

function pick<H extends { id: string }>(hosts: ReadonlyArray<H>, ids: ReadonlyArray<string> | undefined): H[] {
  if (!ids) return [...hosts];
  for (const id of ids) if (!hosts.some((h) => h.id === id)) fail('not_found', `No host "${id}" in the profile.`, { field: 'hostIds' });
  return hosts.filter((h) => ids.includes(h.id));
}

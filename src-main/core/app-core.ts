import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profilesDir } from '../common/app-dirs';
import { noSecretStore, type SecretStore } from '../common/secret-store';
import { readFileSync } from 'node:fs';
import { createEventHub, type AppEventHub } from '../events/schemas';
import type { AppInfo } from '../api/contract';
import { createRouter, type Router } from '../api/router';
import { ProfileStore } from '../profile/profile-store';
import { Operations } from '../services/operations';
import { ClusterSession } from './cluster-session';
import { createHandlers } from './handlers/index';

export interface AppCore {
  router: Router;
  events: AppEventHub;
  profiles: ProfileStore;
  dispose(): Promise<void>;
}

export interface AppCoreOptions {
  mode: AppInfo['mode'];
  profileDir?: string;
  profileFile?: string;
  sandboxProfile?: string;
  /** The profile to open when none is named: the one selected last time (desktop). */
  initialProfile?: string;
  /** Where the shipped example profiles are (resources/profiles, or the packaged app's copy). */
  templatesDir?: string;
  /** Passwords the user stores in the app; only the desktop app has a keychain to encrypt them. */
  secrets?: SecretStore;
  /** Told whenever the user selects a profile, so the desktop app can open it again next time. */
  onProfileSelected?: (path: string) => void;
}

/** The shipped example profiles of a source tree or an unpacked build. */
export function defaultTemplatesDir(): string {
  const here = typeof import.meta.url === 'string' ? fileURLToPath(import.meta.url) : __filename;
  return resolve(dirname(here), '..', '..', 'resources', 'profiles');
}

function noProfileHint(mode: AppInfo['mode'], profileDir: string): string {
  if (mode === 'desktop')
    return 'Create one in the Profile editor: add your hosts and discover what runs on them, or start from the example template.';
  if (mode === 'web')
    return `Create one in the Profile editor, put a profile YAML in ${profileDir}, or run \`npm run web\` (it brings up the local sandbox cluster).`;
  return `Put a profile YAML in ${profileDir}, give --profile FILE, or run \`npm run sandbox -- up\` for a local sandbox cluster.`;
}

function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  } catch {
    // Bundled builds have no package.json beside them; the version is then injected at build time.
  }
  return process.env.KCC_VERSION ?? '0.0.0';
}

/**
 * Builds the app's services once, for whichever binding hosts them (Electron
 * IPC, web mode or the CLI). Owns everything it creates and disposes it.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const extraFiles: Array<{ path: string; source: 'file' | 'sandbox' }> = [];
  if (options.sandboxProfile) extraFiles.push({ path: options.sandboxProfile, source: 'sandbox' });
  if (options.profileFile) extraFiles.push({ path: options.profileFile, source: 'file' });
  const initial = options.profileFile ?? options.sandboxProfile ?? options.initialProfile;
  const profileDir = options.profileDir ?? profilesDir();
  const profiles = new ProfileStore({
    profileDir,
    extraFiles,
    ...(initial ? { initial } : {}),
    emptyHint: noProfileHint(options.mode, profileDir),
    ...(options.onProfileSelected ? { onSelect: options.onProfileSelected } : {}),
  });
  const secrets = options.secrets ?? noSecretStore;
  const events = createEventHub();
  const operations = new Operations(events);

  let session: ClusterSession | undefined;
  let switching: Promise<ClusterSession> | undefined;
  async function currentSession(): Promise<ClusterSession> {
    const { path, profile } = await profiles.load();
    // The same parsed profile object means the same file version: keep its session (SSH pool, watch, workloads).
    if (session && session.profilePath === path && session.profile === profile) return session;
    switching ??= (async () => {
      try {
        await session?.dispose();
        session = new ClusterSession(path, profile, events, operations, secrets);
        return session;
      } finally {
        switching = undefined;
      }
    })();
    return switching;
  }

  const router = createRouter(
    createHandlers({
      mode: options.mode,
      version: packageVersion(),
      profiles,
      events,
      operations,
      secrets,
      templatesDir: options.templatesDir ?? defaultTemplatesDir(),
      session: currentSession,
      onProfileChanged: async () => {
        await session?.dispose();
        session = undefined;
      },
    }),
  );
  return {
    router,
    events,
    profiles,
    async dispose() {
      await session?.dispose();
      session = undefined;
    },
  };
}

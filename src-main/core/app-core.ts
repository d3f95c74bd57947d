import { homedir } from 'node:os';
import { join } from 'node:path';
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
}

export function defaultProfileDir(): string {
  return process.env.KCC_PROFILE_DIR ?? join(homedir(), '.config', 'kafka-control-center', 'profiles');
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
  const initial = options.profileFile ?? options.sandboxProfile;
  const profiles = new ProfileStore({ profileDir: options.profileDir ?? defaultProfileDir(), extraFiles, ...(initial ? { initial } : {}) });
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
        session = new ClusterSession(path, profile, events, operations);
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

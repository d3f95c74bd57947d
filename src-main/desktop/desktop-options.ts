import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { profilesDir } from '../common/app-dirs';
import type { DesktopState } from './desktop-state';

export interface DesktopPaths {
  profileDir: string;
  stateFile: string;
  secretsFile: string;
}

/** Everything the desktop app keeps lives under Electron's userData folder. */
export function desktopPaths(userData: string, env: NodeJS.ProcessEnv = process.env): DesktopPaths {
  return {
    profileDir: profilesDir(userData, env),
    stateFile: join(userData, 'desktop-state.json'),
    secretsFile: join(userData, 'secrets.json'),
  };
}

/**
 * Which profile the window opens on: `--profile FILE`, else $KCC_PROFILE, else the one selected last time if its
 * file is still there (a deleted one must not greet the user with an error).
 */
export function startupProfile(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  state: DesktopState,
  exists: (path: string) => boolean = existsSync,
): { profileFile?: string; initialProfile?: string } {
  const index = argv.indexOf('--profile');
  const named = index >= 0 ? argv[index + 1] : env.KCC_PROFILE;
  if (named) return { profileFile: named };
  if (state.lastProfile && exists(state.lastProfile)) return { initialProfile: state.lastProfile };
  return {};
}

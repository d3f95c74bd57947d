import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Kafka Control Center';

/**
 * The folder Electron's app.getPath('userData') names for this app, computed the same way outside Electron, so
 * the desktop app, web mode and kcc share one set of profiles. Electron derives it from the platform's
 * per-user config folder and the product name.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}

/** Where the user's cluster profiles live: $KCC_PROFILE_DIR, or `profiles` in the user-data folder. */
export function profilesDir(userData: string = userDataDir(), env: NodeJS.ProcessEnv = process.env): string {
  return env.KCC_PROFILE_DIR ?? join(userData, 'profiles');
}

import type { SecretStore } from '../../common/secret-store';

interface SdcLogin {
  baseUrl: string;
  user: string;
  passwordEnv?: string | undefined;
}

/** A stored password belongs to a user of one Data Collector, whichever profile names it. */
export function streamsetsPasswordKey(service: SdcLogin): string {
  return `streamsets ${service.user}@${new URL(service.baseUrl).origin}`;
}

/**
 * The password to log in with: the environment variable the profile names when it is set (an operator's explicit
 * choice), else the one stored in the app, else SDC's default "admin" for a profile that names no variable.
 */
export async function streamsetsPassword(service: SdcLogin, secrets: SecretStore, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = service.passwordEnv ? env[service.passwordEnv] : undefined;
  if (fromEnv !== undefined) return fromEnv;
  const stored = await secrets.get(streamsetsPasswordKey(service));
  if (stored !== undefined) return stored;
  return service.passwordEnv ? '' : 'admin';
}

import type { AppInfo } from '../../api/contract';
import type { AppEventHub } from '../../events/schemas';
import type { ProfileStore } from '../../profile/profile-store';
import type { Operations } from '../../services/operations';
import type { SecretStore } from '../../common/secret-store';
import type { ClusterSession } from '../cluster-session';

/** What every group of handlers may use: the app's long-lived parts, and the session of the active profile. */
export interface HandlerDeps {
  mode: AppInfo['mode'];
  version: string;
  profiles: ProfileStore;
  events: AppEventHub;
  operations: Operations;
  /** Passwords stored in the app (the desktop app's keychain; none elsewhere). */
  secrets: SecretStore;
  /** The shipped example profiles, offered as templates. */
  templatesDir: string;
  /** The session of the active profile (created on first use, renewed when the profile changes). */
  session: () => Promise<ClusterSession>;
  /** Called after the active profile changed. */
  onProfileChanged?: () => Promise<void>;
}

import { z } from 'zod';
import { compressionSchema } from '../../workloads/schemas';
import { method, noInput } from './define';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['desktop', 'web', 'cli']),
  node: z.string(),
  platform: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  profileDir: z.string(),
  /** Whether passwords can be stored in the app (encrypted with the system keychain: the desktop app). */
  secretStorage: z.boolean(),
  /** compression.type values producer workloads can use in this runtime (zstd needs Node.js 22.15 or later). */
  compressions: z.array(compressionSchema),
});

/** The app itself. */
export const appMethods = {
  'app.info': method({
    summary: 'Version, mode and process facts of the running app.',
    input: noInput,
    output: appInfoSchema,
  }),
} as const;

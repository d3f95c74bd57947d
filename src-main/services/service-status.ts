import { z } from 'zod';

export const serviceStatusSchema = z.object({
  id: z.string(),
  kind: z.string(),
  host: z.string(),
  state: z.enum(['running', 'stopped', 'unknown']),
  pids: z.array(z.number().int()),
  /** Its client port accepts connections (null: not checked). */
  listening: z.boolean().nullable(),
  /** Kind-specific readiness: ZooKeeper `imok`, broker registered, Connect REST answers. */
  healthy: z.boolean().nullable(),
  detail: z.string().optional(),
  checkedAt: z.string(),
});
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

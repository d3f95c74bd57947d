import { z } from 'zod';

export const findingSchema = z.object({
  severity: z.enum(['error', 'warning', 'ok']),
  brokerId: z.number().int().optional(),
  topic: z.string().optional(),
  /** Every topic a grouped finding is about. */
  topics: z.array(z.string()).optional(),
  title: z.string(),
  detail: z.string(),
  fix: z.string().optional(),
});

export type Finding = z.infer<typeof findingSchema>;

import { z } from 'zod';
import { method, noInput } from './define';
import { findingSchema } from '../../health/schemas';

/** Diagnosis across SSH, ZooKeeper and the network. */
export const healthMethods = {
  'health.doctor': method({
    summary:
      "Listener doctor: each broker's advertised listeners (config over SSH) vs its ZooKeeper registration vs what this machine can resolve and reach, with the fix; plus risky durability settings.",
    input: noInput,
    output: z.object({ checkedAt: z.string(), findings: z.array(findingSchema) }),
  }),
} as const;

import { z } from 'zod';

export const noInput = z.object({}).strict();

/** One method of the contract: its zod input, its zod output, and a line for `kcc --help`. */
export function method<I extends z.ZodType, O extends z.ZodType>(def: { summary: string; input: I; output: O }) {
  return def;
}

import { z } from 'zod';

export const noInput = z.object({}).strict();

/**
 * One method of the contract: its zod input, its zod output, and a line for `kcc --help`. `records` names the output
 * field that holds the method's records when the output is an object (the `messages` of a browse): `kcc --jsonl`
 * prints its elements one a line. An array output is its own records.
 */
export function method<I extends z.ZodType, O extends z.ZodType>(def: { summary: string; input: I; output: O; records?: string }) {
  return def;
}

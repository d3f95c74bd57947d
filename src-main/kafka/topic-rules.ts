import { z } from 'zod';

/**
 * Kafka's own topic name rules (org.apache.kafka.common.internals.Topic):
 * 1–249 characters of [a-zA-Z0-9._-], and not "." or "..". Checked before
 * anything is sent, so the user gets the rule, not a broker error code.
 */
export const topicNameSchema = z
  .string()
  .min(1, 'a topic name cannot be empty')
  .max(249, 'a topic name has at most 249 characters')
  .regex(/^[a-zA-Z0-9._-]+$/, 'a topic name may only contain letters, digits, ".", "_" and "-"')
  .refine((n) => n !== '.' && n !== '..', 'a topic name cannot be "." or ".."');

/** Names differing only in "." vs "_" collide in Kafka's metric names; Kafka warns, we refuse. */
export function collidingTopic(name: string, existing: ReadonlyArray<string>): string | undefined {
  const key = name.replace(/\./g, '_');
  return existing.find((e) => e !== name && e.replace(/\./g, '_') === key);
}

import { z } from 'zod';
import { AppFailure } from '../common/errors';
import { formatPath } from '../common/errors';
import { hostSchema, profileSchema, type Profile } from './schemas';

/** Hosts as a caller sends them before any profile exists (the profile editor's draft, discovery's input). */
export const draftHostsSchema = z.array(hostSchema).min(1).max(64);

/**
 * A profile made of hosts only, for what needs nothing else (a connection test, a host key, discovery) while the
 * user is still writing the real one. The Kafka addresses are placeholders nobody connects to.
 */
export function draftProfile(hosts: ReadonlyArray<z.input<typeof hostSchema>>): Profile {
  const parsed = profileSchema.safeParse({
    version: 1,
    name: 'draft',
    hosts,
    kafka: { bootstrap: ['draft.invalid:9092'], zookeeper: 'draft.invalid:2181' },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = formatPath(issue?.path ?? []);
    throw new AppFailure({
      code: 'invalid_input',
      message: `The hosts are not valid: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`,
      ...(field ? { field } : {}),
    });
  }
  return parsed.data;
}

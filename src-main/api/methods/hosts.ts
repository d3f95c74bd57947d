import { z } from 'zod';
import { method } from './define';
import { hostCheckSchema } from '../../hosts/schemas';
import { hostSchema } from '../../profile/schemas';

/** A draft's hosts (the profile editor's, before it is saved): the host is looked up there instead of the active profile. */
const draftHosts = z.array(hostSchema).min(1).max(64).optional();

/** Hosts over SSH: facts, host keys, key passphrases. */
export const hostsMethods = {
  'hosts.check': method({
    summary:
      "Connect to a host over SSH (host key checked) and read its facts: OS, uptime, load, memory, disk free on log.dirs, Java. With `hosts`, the host is one of these draft hosts instead of the active profile's.",
    input: z.object({ host: z.string().min(1), hosts: draftHosts }).strict(),
    output: hostCheckSchema,
  }),
  'hosts.trustKey': method({
    summary:
      'Store the host key of `host` in known_hosts, if it still has the `fingerprint` the user accepted; hashed (`hashed`) when the ssh client config says `HashKnownHosts yes`. With `hosts`, the host is one of these draft hosts.',
    input: z.object({ host: z.string().min(1), fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]+$/), hosts: draftHosts }).strict(),
    output: z.object({ host: z.string(), fingerprint: z.string(), knownHostsFile: z.string(), hashed: z.boolean() }),
  }),
  'hosts.unlockKey': method({
    summary: "Give the passphrase of `host`'s encrypted private key; kept in memory only, never stored.",
    input: z.object({ host: z.string().min(1), passphrase: z.string().min(1) }).strict(),
    output: z.object({ host: z.string() }),
  }),

  // --- Hardening (issue 14) ---
  'hosts.replaceKey': method({
    summary:
      "Replace `host`'s changed key in known_hosts by the one it presents now (`fingerprint`, as the user compared it); every old entry for the host is removed. `confirmHost`: the host's id, typed by the user.",
    input: z
      .object({ host: z.string().min(1), fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]+$/), confirmHost: z.string() })
      .strict(),
    output: z.object({ host: z.string(), fingerprint: z.string(), knownHostsFile: z.string(), removed: z.number(), hashed: z.boolean() }),
  }),
} as const;

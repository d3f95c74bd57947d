import type { AppError } from '../common/errors';
import type { HostKeyVerdict } from './known-hosts';

export interface HostRef {
  id: string;
  address: string;
  port: number;
}

const where = (h: HostRef) => `${h.id} (${h.address}:${h.port})`;

/** Explains a failed SSH connection in the words a user needs to fix it. */
export function connectError(host: HostRef, err: unknown, verdict: HostKeyVerdict | undefined, timeoutMs: number): AppError {
  if (verdict && verdict.kind === 'unknown') {
    const cas = verdict.certAuthorities ?? [];
    if (cas.length > 0) {
      return {
        code: 'host_key_unknown',
        message:
          `known_hosts trusts a certificate authority for ${where(host)} (${cas.map((c) => `${c.fingerprint} at ${c.location}`).join(', ')}), ` +
          `but this app cannot check host certificates: its SSH library (ssh2) negotiates only plain host keys. ` +
          `The host's plain ${verdict.keyType} key is ${verdict.fingerprint}, and known_hosts does not list it.`,
        hint: 'Compare the fingerprint with the one on the host (`ssh-keygen -lf` on its host key .pub file) and accept it if they match; it is then stored as a plain known_hosts entry, next to the @cert-authority line.',
        details: {
          hostId: host.id,
          fingerprint: verdict.fingerprint,
          keyType: verdict.keyType,
          certAuthorities: cas,
          hostCertificates: 'unsupported',
        },
      };
    }
    return {
      code: 'host_key_unknown',
      message: `The host key of ${where(host)} is not known yet. Its ${verdict.keyType} key fingerprint is ${verdict.fingerprint}.`,
      hint: 'Compare the fingerprint with the one on the host (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`) and accept it if they match.',
      details: { hostId: host.id, fingerprint: verdict.fingerprint, keyType: verdict.keyType },
    };
  }
  if (verdict && verdict.kind === 'changed') {
    return {
      code: 'host_key_changed',
      message: `The host key of ${where(host)} has CHANGED: known_hosts has ${verdict.knownFingerprints.join(', ')}, the host now presents ${verdict.fingerprint}. Nothing was run.`,
      hint: 'This can mean the host was rebuilt, or that someone is intercepting the connection. Check with whoever runs the host; if it was rebuilt, replace the key (Hosts view, or hosts.replaceKey), which removes the old one.',
      details: {
        hostId: host.id,
        fingerprint: verdict.fingerprint,
        knownFingerprints: verdict.knownFingerprints,
        locations: verdict.locations,
      },
    };
  }
  if (verdict && verdict.kind === 'revoked') {
    return {
      code: 'host_key_changed',
      message: `${where(host)} presented a revoked host key (${verdict.fingerprint}, @revoked at ${verdict.locations.join(', ')}). Nothing was run.`,
      hint: 'A revoked key is never trusted. Whoever runs the host has to give it a new key.',
      details: { hostId: host.id, fingerprint: verdict.fingerprint, locations: verdict.locations },
    };
  }
  const e = err as (Error & { code?: string; level?: string }) | undefined;
  const message = e?.message ?? String(err);
  if (e?.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
    return {
      code: 'auth_failed',
      message: `SSH login to ${where(host)} was refused: the key was not accepted.`,
      hint: "Check the user name and that the key's public half is in the host's ~/.ssh/authorized_keys.",
      details: { hostId: host.id },
    };
  }
  if (/passphrase/i.test(message) || /Cannot parse privateKey/i.test(message)) {
    return {
      code: 'auth_failed',
      message: `Cannot use the private key for ${where(host)}: ${message}.`,
      hint: 'An encrypted key needs its passphrase; a key must be in OpenSSH or PEM format.',
      details: { hostId: host.id, needsPassphrase: /passphrase|decrypt/i.test(message) },
    };
  }
  switch (e?.code) {
    case 'ECONNREFUSED':
      return {
        code: 'host_unreachable',
        message: `Cannot reach ${where(host)}: connection refused.`,
        hint: 'Is sshd running there, and is the port right?',
        details: { hostId: host.id },
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'host_unreachable', message: `Cannot resolve the address of ${where(host)}.`, details: { hostId: host.id } };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code: 'host_unreachable', message: `No route to ${where(host)}.`, details: { hostId: host.id } };
    case 'ECONNRESET':
      return {
        code: 'host_unreachable',
        message: `${where(host)} closed the connection during the SSH handshake.`,
        details: { hostId: host.id },
      };
  }
  if (e?.level === 'client-timeout' || /timed out/i.test(message)) {
    return {
      code: 'timeout',
      message: `${where(host)} did not complete the SSH handshake within ${Math.round(timeoutMs / 1000)} s.`,
      hint: 'The host may be down, stopped, or a firewall may drop the packets.',
      details: { hostId: host.id },
    };
  }
  return { code: 'host_unreachable', message: `SSH connection to ${where(host)} failed: ${message}`, details: { hostId: host.id } };
}

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Client } from 'ssh2';
import type { Host } from '../profile/schemas';
import { SshConnection } from './ssh-connection';

const host: Host = { id: 'h1', address: '10.0.0.1', port: 22, user: 'u', passphrasePrompt: false, agent: false };

/** An ssh2 client whose server never answers channel requests: a wedged sshd or a bastion that drops the hop. */
function silentClient(): { client: Client; ended: string[] } {
  const ended: string[] = [];
  const sftp = Object.assign(new EventEmitter(), {
    stat: () => undefined,
    readFile: () => undefined,
    writeFile: () => undefined,
    end: () => ended.push('sftp'),
  });
  const client = Object.assign(new EventEmitter(), {
    forwardOut: () => undefined,
    sftp: (cb: (err: Error | undefined, s: unknown) => void) => cb(undefined, sftp),
    end: () => ended.push('client'),
  });
  return { client: client as unknown as Client, ended };
}

function connectionOn(client: Client, timeouts: { channelTimeoutMs: number }): SshConnection {
  const Ctor = SshConnection as unknown as new (h: Host, c: Client, t: { channelTimeoutMs: number }) => SshConnection;
  return new Ctor(host, client, timeouts);
}

async function settlesWithin<T>(p: Promise<T>, ms: number): Promise<unknown> {
  return Promise.race([
    p.then(
      () => 'resolved',
      (e: unknown) => e,
    ),
    new Promise((r) => setTimeout(() => r('no answer'), ms)),
  ]);
}

describe('SshConnection waits are bounded', () => {
  it('a tunnel the server never opens fails with timeout', async () => {
    const { client } = silentClient();
    const c = connectionOn(client, { channelTimeoutMs: 200 });
    expect(await settlesWithin(c.forwardOut('10.0.0.9', 9092), 2000)).toMatchObject({
      error: { code: 'timeout', message: expect.stringMatching(/10\.0\.0\.9:9092/) },
    });
  });

  it('the bastion hop of a connection is bounded too, before the ssh handshake timeout starts', async () => {
    const { client } = silentClient();
    const bastion = connectionOn(client, { channelTimeoutMs: 60_000 });
    const opening = SshConnection.open(host, { knownHostsFile: '/nonexistent/known_hosts', timeoutMs: 200, via: bastion });
    expect(await settlesWithin(opening, 2000)).toMatchObject({ error: { code: 'timeout' } });
    const key = SshConnection.fetchHostKey(host, { timeoutMs: 200, via: bastion });
    expect(await settlesWithin(key, 2000)).toMatchObject({ error: { code: 'timeout' } });
  });

  it('an SFTP stat or read that never answers fails with timeout and closes the session', async () => {
    const { client, ended } = silentClient();
    const c = connectionOn(client, { channelTimeoutMs: 200 });
    expect(await settlesWithin(c.readFile('/etc/kafka/server.properties'), 2000)).toMatchObject({ error: { code: 'timeout' } });
    expect(ended).toContain('sftp');
    expect(await settlesWithin(c.writeFile('/tmp/x', 'y'), 2000)).toMatchObject({ error: { code: 'timeout' } });
  });
});

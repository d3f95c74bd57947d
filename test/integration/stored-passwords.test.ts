import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamSetsTestServer, type StreamSetsTestServer } from '../fakes/streamsets-test-server';
import { AppHarness, profileVariant } from './app-harness';
import { encryptedFileSecretStore, type SecretCipher } from '../../src-main/common/secret-store';

// Electron's safeStorage needs the Electron binary; this cipher stands in for it (reversible, not clear text).
const cipher: SecretCipher = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x2a)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x2a)).toString('utf8'),
};

/**
 * A StreamSets login whose password the user typed into the desktop app: stored encrypted, used for the
 * Data Collector (the test server that answers as SDC 3.x does), forgotten on request; web mode refuses to store.
 */
describe('StreamSets passwords stored in the app', () => {
  let sdc: StreamSetsTestServer;
  let dir: string;
  let app: AppHarness;
  let web: AppHarness;
  let profile: string;
  const state = async () => (await app.call('pipelines.list', {})).find((p) => p.id === 'ops-ingest')?.status;

  beforeAll(async () => {
    sdc = await startStreamSetsTestServer({ users: { ops: { password: 'Pa55 w0rd!', roles: ['admin'] } } });
    dir = await mkdtemp(join(tmpdir(), 'kcc-secrets-it-'));
    profile = profileVariant((p) => {
      p.services = [
        ...(p.services ?? []),
        { id: 'sdc-ops', kind: 'streamsets', host: 'datalake-1', installDir: '/opt/streamsets', baseUrl: sdc.url, user: 'ops' },
      ];
      p.pipelines = [
        {
          id: 'ops-ingest',
          engine: 'streamsets',
          service: 'sdc-ops',
          name: sdc.ids.iotToKafka,
          source: 'Directory',
          sink: 'topic iot-sensors',
          topic: 'iot-sensors',
        },
      ];
    });
    app = new AppHarness(profile, { mode: 'desktop', secrets: encryptedFileSecretStore(join(dir, 'secrets.json'), cipher) });
    web = new AppHarness(profile, { mode: 'web' });
  });
  afterAll(async () => {
    await app.dispose();
    await web.dispose();
    await sdc.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('logs in with the stored password once the user gives it, and never writes it in clear', async () => {
    const before = await state();
    expect(before?.state).toBe('unknown');
    expect(before?.message).toMatch(/user name or password/i);
    expect(await app.call('app.info', {})).toMatchObject({ secretStorage: true });

    expect(await app.call('pipelines.storePassword', { service: 'sdc-ops', password: 'Pa55 w0rd!' })).toEqual({
      service: 'sdc-ops',
      stored: true,
    });
    expect((await state())?.state).toBe('stopped');
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('Pa55');
    const auth = sdc.requests.at(-1)?.headers.authorization;
    expect(auth).toBe(`Basic ${Buffer.from('ops:Pa55 w0rd!').toString('base64')}`);
  });

  it('forgets it on request', async () => {
    expect(await app.call('pipelines.storePassword', { service: 'sdc-ops', password: null })).toEqual({
      service: 'sdc-ops',
      stored: false,
    });
    expect((await state())?.state).toBe('unknown');
  });

  it('names the service it does not know, and in web mode says where passwords can be stored', async () => {
    expect(await app.callError('pipelines.storePassword', { service: 'kafka-1-zk', password: 'x' })).toMatchObject({
      code: 'invalid_input',
      field: 'service',
    });
    expect(await web.call('app.info', {})).toMatchObject({ secretStorage: false });
    expect(await web.callError('pipelines.storePassword', { service: 'sdc-ops', password: 'x' })).toMatchObject({
      code: 'unavailable',
      hint: expect.stringContaining('passwordEnv'),
    });
  });
});

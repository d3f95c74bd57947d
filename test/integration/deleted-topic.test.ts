import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { AppHarness } from './app-harness';

const bootstrap = '127.0.0.3:9092';

/**
 * kafkajs keeps every topic it was asked about in its metadata requests, and fails them all once one is deleted. A
 * topic deleted by someone else (here kcat's cluster, through Kafka's own tool) must not break the app's next reads.
 */
describe('a topic deleted behind the app', () => {
  let app: AppHarness;
  beforeAll(() => {
    app = new AppHarness(sandboxProfilePath());
  });
  afterAll(() => app.dispose());

  it('does not break reading other topics afterwards', async () => {
    const stamp = Date.now();
    const gone = `kcc-gone-${stamp}`;
    const next = `kcc-next-${stamp}`;
    await app.call('topics.create', { name: gone, partitions: 1, replicationFactor: 1 });
    await app.call('messages.produce', { topic: gone, key: 'k', value: 'v' });
    expect((await app.call('messages.browse', { topic: gone })).messages).toHaveLength(1);
    const profile = await app.call('profile.get', {});
    const home = profile.services.find((s) => s.kind === 'kafka-broker')?.installDir ?? '';
    execFileSync(`${home}/bin/kafka-topics.sh`, ['--bootstrap-server', bootstrap, '--delete', '--topic', gone], { timeout: 60_000 });
    await app.call('topics.create', { name: next, partitions: 1, replicationFactor: 1 });
    execFileSync('kcat', ['-P', '-b', bootstrap, '-t', next], { input: 'after the deletion\n', timeout: 30_000 });
    const r = await app.call('messages.browse', { topic: next });
    expect(r.messages.map((m) => m.value.text)).toEqual(['after the deletion']);
    expect(await app.callError('messages.browse', { topic: gone })).toMatchObject({ code: 'not_found' });
    await app.call('topics.delete', { name: next, confirm: next });
  }, 120_000);
});

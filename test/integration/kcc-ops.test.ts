import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { runKcc } from '../support/kcc-process';
import { AppHarness } from './app-harness';
import { brokerCount, describeTopic, kcat } from './kafka-tools';

/** The operations through kcc, as a script would run them: JSON Lines out of a browse, partitions added. */
describe('kcc: browse as JSON Lines, add partitions', () => {
  let app: AppHarness;
  const topic = `kcc-cli-ops-${Date.now()}`;
  const env = () => ({ KCC_PROFILE_DIR: mkdtempSync(join(tmpdir(), 'kcc-cli-ops-')) });

  beforeAll(async () => {
    app = new AppHarness(sandboxProfilePath());
    await app.call('topics.create', { name: topic, partitions: 2, replicationFactor: Math.min(3, brokerCount()) });
    // A value with a newline inside: one record must still be one line.
    kcat(['-P', '-t', topic, '-p', '0', '-D', '\u0001', '-z', 'lz4'], 'first\u0001two\nlines\u0001third\u0001');
  }, 60_000);

  afterAll(async () => {
    await app.call('topics.delete', { name: topic, confirm: topic }).catch(() => undefined);
    await app.dispose();
  });

  it('prints one JSON object a line with --jsonl, each a message kcat also reads', async () => {
    const r = await runKcc(['messages.browse', JSON.stringify({ topic }), '--jsonl', '--profile', sandboxProfilePath()], env());
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const oracle = kcat(['-C', '-t', topic, '-e', '-q', '-f', '%o|%s\u0002']).split('\u0002').filter(Boolean);
    expect(lines).toHaveLength(oracle.length);
    expect(
      lines.map((l) => JSON.parse(l) as { offset: string; value: { text: string } }).map((m) => `${m.offset}|${m.value.text}`),
    ).toEqual(oracle);
  });

  it('adds partitions from the command line', async () => {
    const r = await runKcc(
      ['topics.addPartitions', JSON.stringify({ name: topic, partitions: 3 }), '--profile', sandboxProfilePath()],
      env(),
    );
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: topic, before: 2, partitions: 3 });
    expect(describeTopic(topic).partitionCount).toBe(3);
  });
});

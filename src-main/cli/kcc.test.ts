import { Readable, Writable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../api/contract';
import { runCli } from './kcc';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

async function run(args: string[], stdin: NodeJS.ReadableStream = Readable.from([])) {
  const out = sink();
  const err = sink();
  const code = await runCli(args, out.stream, err.stream, stdin);
  return { code, out: out.text(), err: err.text() };
}

describe('kcc', () => {
  beforeAll(() => {
    process.env.KCC_PROFILE_DIR = mkdtempSync(join(tmpdir(), 'kcc-cli-'));
  });

  it('--help lists every method of the contract with its input', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const m of methodNames) expect(r.out).toContain(`  ${m}\n`);
    expect(r.out).toMatch(/profile\.select[\s\S]*"required":\["path"\]/);
  });

  it('prints app.info as JSON', async () => {
    const r = await run(['app.info']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'Kafka Control Center', mode: 'cli' });
  });

  it('--jsonl prints a result as one JSON line', async () => {
    const r = await run(['app.info', '--jsonl']);
    expect(r.code).toBe(0);
    expect(r.out.endsWith('\n')).toBe(true);
    expect(r.out.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'Kafka Control Center', mode: 'cli' });
  });

  it('prints a structured invalid_input error and exits 1', async () => {
    const r = await run(['profile.select', '{"path": 3}']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ code: 'invalid_input', field: 'path' });
  });

  it('explains a missing profile', async () => {
    const r = await run(['profile.get']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ code: 'no_profile' });
  });

  it('reads the profile named by --profile and reports a malformed one with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcc-cli-bad-'));
    const file = join(dir, 'bad.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      'version: 1\nname: bad\nhosts:\n  - id: a\n    address: 10.0.0.1\n    user: u\n    port: "twenty-two"\nkafka:\n  bootstrap: [a:9092]\n  zookeeper: a:2181\n',
    );
    const r = await run(['profile.get', '--profile', file]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ code: 'invalid_profile', field: 'hosts[0].port', line: 7 });
  });

  describe('hosts.unlockKey', () => {
    function profileFile(): string {
      const file = join(mkdtempSync(join(tmpdir(), 'kcc-cli-unlock-')), 'p.yaml');
      writeFileSync(
        file,
        'version: 1\nname: p\nhosts:\n  - id: a\n    address: 10.0.0.1\n    user: u\nkafka:\n  bootstrap: [a:9092]\n  zookeeper: a:2181\n',
      );
      return file;
    }

    it('refuses a passphrase in its arguments, where ps and shell history would show it', async () => {
      const r = await run(['hosts.unlockKey', '{"host":"a","passphrase":"hunter2"}', '--profile', profileFile()]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out)).toMatchObject({ code: 'invalid_input', field: 'passphrase', message: expect.stringMatching(/stdin/) });
      expect(r.out + r.err).not.toContain('hunter2');
    });

    it('reads the passphrase from stdin', async () => {
      const r = await run(['hosts.unlockKey', '{"host":"a"}', '--profile', profileFile()], Readable.from(['hunter2\n']));
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toEqual({ host: 'a' });
    });

    it('refuses an empty passphrase on stdin', async () => {
      const r = await run(['hosts.unlockKey', '{"host":"a"}', '--profile', profileFile()], Readable.from(['\n']));
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out)).toMatchObject({ code: 'invalid_input', field: 'passphrase' });
    });
  });
});

import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { outsideAsar } from '../common/worker-script';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

describe('npm start without an Electron binary', () => {
  it('says so, names web mode, and exits without trying a download', async () => {
    const result = await run('node', [join(root, 'scripts/start-desktop.mjs')], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'no-electron-here') },
      timeout: 20_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot start as a desktop app here');
    expect(result.stderr).toContain('npm run web');
    expect(result.stderr).not.toContain('Downloading Electron');
  });

  it('finds a binary where the electron package put one', async () => {
    const { findElectron } = (await import(join(root, 'scripts/start-desktop.mjs'))) as {
      findElectron: (env: NodeJS.ProcessEnv, dir: string) => { ok: boolean; executable?: string; why?: string };
    };
    const dir = await mkdtemp(join(tmpdir(), 'kcc-electron-pkg-'));
    try {
      await writeFile(join(dir, 'package.json'), '{}');
      expect(findElectron({}, dir)).toMatchObject({ ok: false, why: expect.stringContaining('never downloaded') });
      await writeFile(join(dir, 'path.txt'), 'electron');
      expect(findElectron({}, dir)).toMatchObject({ ok: false, why: expect.stringContaining('missing') });
      await mkdir(join(dir, 'dist'));
      await writeFile(join(dir, 'dist', 'electron'), '#!/bin/sh\n');
      await chmod(join(dir, 'dist', 'electron'), 0o755);
      expect(findElectron({}, dir)).toEqual({ ok: true, executable: join(dir, 'dist', 'electron') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('installer configuration (electron-builder.yml)', () => {
  let config: {
    icon?: string;
    asarUnpack?: string[];
    linux?: { maintainer?: string; icon?: string };
    extraResources?: Array<{ from: string; to: string }>;
  };
  let out: string;
  beforeAll(async () => {
    config = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as typeof config;
    out = await mkdtemp(join(tmpdir(), 'kcc-build-'));
    await run('node', [join(root, 'scripts/build-main.mjs'), '--outdir', out], { cwd: root, timeout: 120_000 });
  }, 150_000);
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('has an icon of at least 512×512 and a Linux maintainer', async () => {
    for (const icon of [config.icon, config.linux?.icon]) {
      expect(icon).toBeDefined();
      const png = await readFile(join(root, icon ?? ''));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
    }
    expect(config.linux?.maintainer).toMatch(/.+ <.+@.+>/);
    expect(config.extraResources).toContainEqual({ from: 'resources/profiles', to: 'profiles' });
  });

  it('unpacks every worker script the build makes, and each needs only Node itself', async () => {
    const workers = ['workload-worker.cjs', 'browse-worker.cjs'];
    expect(config.asarUnpack?.sort()).toEqual(workers.map((w) => `dist/main/${w}`).sort());
    // Loaded from a folder with no node_modules above it, as beside app.asar: every module it needs at load is inside.
    const alone = await mkdtemp(join(tmpdir(), 'kcc-unpacked-'));
    try {
      for (const w of workers) {
        await writeFile(join(alone, w), await readFile(join(out, 'main', w)));
        const result = await run('node', [join(alone, w)], { cwd: alone, timeout: 20_000 }).then(
          () => ({ stderr: '' }),
          (err: { stderr: string }) => ({ stderr: err.stderr }),
        );
        expect(result.stderr, w).not.toContain('Cannot find module');
        // It got as far as its own first line: it runs only as a thread of the app.
        expect(result.stderr, w).toContain('must run as a worker thread');
      }
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });

  it('runs a worker from beside the archive that holds the code starting it', () => {
    expect(outsideAsar('/opt/Kafka Control Center/resources/app.asar/dist/main/workload-worker.cjs')).toBe(
      '/opt/Kafka Control Center/resources/app.asar.unpacked/dist/main/workload-worker.cjs',
    );
    expect(outsideAsar('C:\\KCC\\resources\\app.asar\\dist\\main\\browse-worker.cjs')).toBe(
      'C:\\KCC\\resources\\app.asar.unpacked\\dist\\main\\browse-worker.cjs',
    );
    expect(outsideAsar('/work/kcc/dist/main/workload-worker.cjs')).toBe('/work/kcc/dist/main/workload-worker.cjs');
  });
});

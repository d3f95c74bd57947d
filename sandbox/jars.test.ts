import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jarsComplete, PLUGIN_JARS, REQUIRED_LIBS } from './jars';
import { sandboxPaths, type SandboxPaths } from './paths';
import { KAFKA_VERSION } from './topology';

let paths: SandboxPaths;

async function fillCache(options: { marker?: boolean; skipLib?: string; pluginInLibs?: boolean } = {}): Promise<void> {
  await mkdir(paths.libsDir, { recursive: true });
  const libs = REQUIRED_LIBS.filter((j) => j !== options.skipLib);
  for (const jar of libs) await writeFile(join(paths.libsDir, jar), '');
  for (const [dir, jar] of Object.entries(PLUGIN_JARS)) {
    await mkdir(join(paths.pluginsDir, dir), { recursive: true });
    await writeFile(join(paths.pluginsDir, dir, jar), '');
  }
  if (options.marker !== false) {
    await writeFile(paths.jarsMarker, JSON.stringify({ version: KAFKA_VERSION, jars: libs.length, fetchedAt: new Date().toISOString() }));
  }
}

beforeEach(async () => {
  paths = sandboxPaths({ root: '/nonexistent', cacheDir: await mkdtemp(join(tmpdir(), 'kcc-jars-')) }, {});
});

afterEach(async () => {
  await rm(paths.cacheDir, { recursive: true, force: true });
});

describe('jar cache', () => {
  it('is complete with the marker, every required jar and connect-file under plugins/', async () => {
    await fillCache();
    expect(await jarsComplete(paths)).toBe(true);
  });

  it('is incomplete without the marker written after a successful fetch', async () => {
    await fillCache({ marker: false });
    expect(await jarsComplete(paths)).toBe(false);
  });

  it('is incomplete when a jar went missing or one was added since the fetch', async () => {
    await fillCache({ skipLib: `kafka-tools-${KAFKA_VERSION}.jar` });
    expect(await jarsComplete(paths)).toBe(false);
    await fillCache();
    await writeFile(join(paths.libsDir, 'stray.jar'), '');
    expect(await jarsComplete(paths)).toBe(false);
  });

  it('keeps connect-file off the classpath list', () => {
    expect(REQUIRED_LIBS.some((j) => j.startsWith('connect-file'))).toBe(false);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('.', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('Electron boundary', () => {
  it('keeps electron imports in main.ts, preload.ts and ipc/ only', () => {
    const importers = sourceFiles(root)
      .filter((f) => /from ['"]electron['"]|require\(['"]electron['"]\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(importers.length).toBeGreaterThan(0);
    for (const f of importers) expect(f === 'main.ts' || f === 'preload.ts' || f.startsWith('ipc/')).toBe(true);
  });
});

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src-main/core/app-core';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { sessionFilePath, writeSessionFile } from '../../src-main/web/session-file';
import type { ClusterState, WorkloadRun } from '../../src-main/api/contract';
import { sandboxProfilePath } from '../setup/sandbox-fixture';
import { runKcc } from '../support/kcc-process';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** What the bundle leaves to node_modules (scripts/build-main.mjs `external`), the app's runtime dependencies. */
const externals = ['ssh2', 'kafkajs', 'node-zookeeper-client'];

/** Copies packages and what they depend on, as installed here, into `to`: a node_modules with nothing else in it. */
function copyRuntimeModules(names: string[], to: string): string[] {
  const copied: string[] = [];
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift() ?? '';
    const from = join(repoRoot, 'node_modules', name);
    if (copied.includes(name) || !existsSync(from)) continue; // optional dependencies may be absent
    cpSync(from, join(to, name), { recursive: true, dereference: true });
    copied.push(name);
    const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    queue.push(...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}));
  }
  return copied;
}

/**
 * The built kcc, as an installed app has it: the bundle, bin/kcc.mjs, and only the runtime dependencies the bundle
 * leaves outside, in a directory of its own (no tsx, no TypeScript, no source), run with plain node.
 */
describe('kcc built: runs with node and the runtime dependencies only', () => {
  const tree = mkdtempSync(join(tmpdir(), 'kcc-built-'));
  const bin = join(tree, 'bin', 'kcc.mjs');
  const profileDir = mkdtempSync(join(tmpdir(), 'kcc-built-profiles-'));
  const env = { NODE_PATH: '', KCC_PROFILE_DIR: profileDir };
  const run = (args: string[], extra: Record<string, string> = {}) => runKcc(args, { ...env, ...extra }, [bin]);
  let modules: string[] = [];

  beforeAll(() => {
    // The same script `npm run build` runs, into this tree.
    execFileSync(process.execPath, ['scripts/build-main.mjs', '--outdir', join(tree, 'dist')], { cwd: repoRoot, stdio: 'pipe' });
    mkdirSync(join(tree, 'bin'));
    cpSync(join(repoRoot, 'bin', 'kcc.mjs'), bin);
    modules = copyRuntimeModules(externals, join(tree, 'node_modules'));
  }, 120_000);

  it('is one bundle that needs no dev dependency', () => {
    const bundle = readFileSync(join(tree, 'dist', 'cli', 'kcc.cjs'), 'utf8');
    expect(bundle).not.toMatch(/(require\(|import\()["']tsx/);
    expect(bundle).not.toMatch(/(require\(|import\()["'](typescript|esbuild|vite|vitest)["']/);
    // A require in quotes or a template is code a library generates as text (ajv's standalone output), not a load.
    const required = new Set([...bundle.matchAll(/(?<![`'"])require\("([^"]+)"\)/g)].map((m) => m[1] ?? ''));
    const packages = [...required].filter((r) => !r.startsWith('node:') && !builtinModules.includes(r));
    // ws's optional native speed-ups are loaded in a try; everything else outside the bundle is a runtime dependency.
    expect(packages.sort()).toEqual([...externals, 'bufferutil', 'utf-8-validate'].sort());
    expect(modules).toEqual(expect.arrayContaining(externals));
    expect(modules).not.toContain('tsx');
    expect(existsSync(join(tree, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(tree, 'src-main'))).toBe(false);
  });

  it('prints its help', async () => {
    const r = await run(['--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('kcc --attach [URL] <method> [json-input]');
    expect(r.stdout).toContain('  cluster.state\n');
  });

  it('reads the cluster state of the sandbox (ZooKeeper) and the status of a broker (SSH)', async () => {
    const state = await run(['cluster.state', '--profile', sandboxProfilePath()]);
    expect(state.code, state.stdout + state.stderr).toBe(0);
    const cluster = JSON.parse(state.stdout) as ClusterState;
    expect(cluster.zookeeper.state).toBe('connected');
    expect(cluster.brokers.filter((b) => b.registered).map((b) => b.id)).toEqual([0, 1, 2, 3]);
    const status = await run(['services.status', '{"service":"broker-0"}', '--profile', sandboxProfilePath()]);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject([{ id: 'broker-0', state: 'running', healthy: true }]);
  });

  it("runs a producer load in its own worker thread (the bundle's worker beside it), and prints its summary", async () => {
    const topic = `kcc-built-${Date.now()}`;
    const p = ['--profile', sandboxProfilePath()];
    expect((await run(['topics.create', JSON.stringify({ name: topic, partitions: 1, replicationFactor: 1 }), ...p])).code).toBe(0);
    try {
      const r = await run(['workloads.startProducer', JSON.stringify({ topic, records: 500, throughput: 500 }), ...p]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const done = JSON.parse(r.stdout) as WorkloadRun;
      expect(done).toMatchObject({ state: 'completed', summary: { records: 500, acked: 500 } });
      expect(r.stderr).toMatch(/records\/sec/);
      // The bundle browses with the client it carries inside (its .wasm included), not one from node_modules.
      const browsed = await run(['messages.browse', JSON.stringify({ topic, limit: 1000 }), ...p]);
      expect(browsed.code, browsed.stdout + browsed.stderr).toBe(0);
      expect(JSON.parse(browsed.stdout)).toMatchObject({ scanned: 500, stoppedBy: 'end' });
    } finally {
      await run(['topics.delete', JSON.stringify({ name: topic, confirm: topic }), ...p]);
    }
  });

  describe('attached to a running app', () => {
    let core: AppCore;
    let server: WebServer;
    const stateHome = mkdtempSync(join(tmpdir(), 'kcc-built-state-'));
    beforeAll(async () => {
      core = createAppCore({ mode: 'web', profileFile: sandboxProfilePath(), profileDir });
      server = await startWebServer({ router: core.router, events: core.events });
      await writeSessionFile(sessionFilePath({ XDG_STATE_HOME: stateHome }), server);
    });
    afterAll(async () => {
      await server?.close();
      await core?.dispose();
    });

    it('calls it through the saved session', async () => {
      const r = await run(['--attach', 'app.info'], { XDG_STATE_HOME: stateHome });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'web', pid: process.pid });
    });
  });
});

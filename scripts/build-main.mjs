// Bundles the Electron main process and preload as CommonJS for Electron.
// Native or optional modules stay external and are resolved from node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['electron', 'ssh2', 'cpu-features', 'node-zookeeper-client', 'kafkajs'],
  // Source files find their neighbours through import.meta.url; in the CommonJS bundle they fall back to __dirname.
  define: { 'process.env.KCC_VERSION': JSON.stringify(pkg.version), 'import.meta.url': 'undefined' },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: ['src-main/main.ts'], outfile: 'dist/main/main.cjs' });
await build({ ...common, entryPoints: ['src-main/preload.ts'], outfile: 'dist/main/preload.cjs' });
// Workloads run in worker threads: their entry is a file of its own beside main.cjs.
await build({ ...common, entryPoints: ['src-main/workloads/workload-worker.ts'], outfile: 'dist/main/workload-worker.cjs' });
console.log('built dist/main/main.cjs, preload.cjs and workload-worker.cjs');

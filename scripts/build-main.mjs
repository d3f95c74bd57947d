// Bundles the Electron main process and preload as CommonJS for Electron, and the kcc CLI for plain Node.
// Native or optional modules stay external and are resolved from node_modules.
// `--outdir DIR` builds into DIR instead of dist/ (a test builds kcc into a tree of its own).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const out = values.outdir;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // ws loads bufferutil and utf-8-validate only if they are installed; they are optional speed-ups.
  external: ['electron', 'ssh2', 'cpu-features', 'node-zookeeper-client', 'kafkajs', 'bufferutil', 'utf-8-validate'],
  // Source files find their neighbours through import.meta.url; in the CommonJS bundle they fall back to __dirname.
  define: { 'process.env.KCC_VERSION': JSON.stringify(pkg.version), 'import.meta.url': 'undefined' },
  logLevel: 'warning',
};
const worker = 'src-main/workloads/workload-worker.ts';
const browseWorker = 'src-main/kafka/browse-worker.ts';
// Workloads run in worker threads: their entry is a file of its own beside the bundle that starts them. The
// packaged app unpacks these from app.asar (electron-builder.yml, asarUnpack), where node_modules is out of their
// reach: so they carry their pure-JS dependencies inside, and need nothing but Node's own modules.
// @platformatic/kafka (the load client) and its wasm-utils find files through import.meta.url, which a CommonJS
// bundle has not: there it is the bundle's own URL, and wasm-utils' .wasm (lz4, snappy, crc32c) goes inside.
const platformaticInBundle = {
  name: 'platformatic-in-bundle',
  setup(b) {
    b.onLoad({ filter: /[\\/]@platformatic[\\/].*\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      if (/[\\/]wasm-utils[\\/]dist[\\/]index\.js$/.test(args.path)) {
        const read = "readFileSync(new URL('../dist/native.wasm', import.meta.url))";
        if (!source.includes(read)) throw new Error(`${args.path} no longer loads its .wasm as expected: update build-main.mjs`);
        const wasm = readFileSync(join(args.path, '..', 'native.wasm')).toString('base64');
        source = source.replace(read, `Buffer.from(${JSON.stringify(wasm)}, 'base64')`);
      }
      return { contents: source.replaceAll('import.meta.url', '__kccBundleUrl'), loader: 'js' };
    });
  },
};
const withPlatformatic = {
  plugins: [platformaticInBundle],
  banner: { js: 'var __kccBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
};
const selfContained = { ...common, external: ['bufferutil', 'utf-8-validate'], ...withPlatformatic };
// Main and kcc browse with @platformatic/kafka's connections (browse-fetch-scan.ts) in their own thread too.
await build({ ...common, ...withPlatformatic, entryPoints: ['src-main/main.ts'], outfile: join(out, 'main/main.cjs') });
await build({ ...common, entryPoints: ['src-main/preload.ts'], outfile: join(out, 'main/preload.cjs') });
await build({ ...selfContained, entryPoints: [worker], outfile: join(out, 'main/workload-worker.cjs') });
// Long browse scans run on two threads of their own.
await build({ ...selfContained, entryPoints: [browseWorker], outfile: join(out, 'main/browse-worker.cjs') });
// kcc runs with node alone (no tsx): `bin/kcc.mjs` loads this bundle when it exists.
await build({ ...common, ...withPlatformatic, entryPoints: ['src-main/cli/kcc.ts'], outfile: join(out, 'cli/kcc.cjs') });
// The same self-contained workers for kcc: its test runs a load through one, so the packaged app's build is exercised.
await build({ ...selfContained, entryPoints: [worker], outfile: join(out, 'cli/workload-worker.cjs') });
await build({ ...selfContained, entryPoints: [browseWorker], outfile: join(out, 'cli/browse-worker.cjs') });
console.log(`built ${out}/main/{main,preload,workload-worker,browse-worker}.cjs and ${out}/cli/{kcc,workload-worker,browse-worker}.cjs`);

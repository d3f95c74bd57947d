// Development and tests run the worker from TypeScript source: register tsx in
// this thread first. Packaged builds start the bundled browse-worker.cjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./browse-worker.ts');

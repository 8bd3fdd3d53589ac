// Bootstrap for the import's validation thread when ayni runs from its TypeScript sources (tests,
// benchmarks): Node 20 does not carry tsx's loader into worker threads, so register it here, then
// load the TypeScript worker. Built (dist/), ayni starts the compiled load-worker.js instead and
// never loads tsx (scripts/build.mjs does not copy this file).
import { register } from 'tsx/esm/api';

register();
await import('./load-worker.ts');

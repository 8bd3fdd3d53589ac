// Bootstrap for the evidence store's batch writer thread when ayni runs from its TypeScript sources
// (tests, benchmarks): Node 20 does not carry tsx's loader into worker threads, so register it
// here, then load the TypeScript worker. Built (dist/), the store starts the compiled
// batch-writer.worker.js instead and never loads tsx (scripts/build.mjs does not copy this file).
import { register } from 'tsx/esm/api';

register();
await import('./batch-writer.worker.ts');

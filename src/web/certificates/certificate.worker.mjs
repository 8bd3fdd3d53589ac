// Bootstrap for a certificate pool thread when ayni runs from its TypeScript sources (tests,
// benchmarks): Node 20 does not carry tsx's loader into worker threads, so register it here, then
// load the TypeScript worker. Built (dist/), the pool starts the compiled certificate.worker.js
// instead and never loads tsx (scripts/build.mjs does not copy this file).
import { register } from 'tsx/esm/api';

register();
await import('./certificate.worker.ts');

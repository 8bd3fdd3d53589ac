// Bootstrap for the import's validation thread: Node 20 does not carry tsx's loader into worker
// threads, so register it here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./load-worker.ts');

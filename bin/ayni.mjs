#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (no build step to forget). It starts Node again
// with `--import tsx` rather than registering tsx in this process, so that worker threads (the
// import's validation thread) load TypeScript too.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Resolved from this file, so `ayni` works from any working directory.
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

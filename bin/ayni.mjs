#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step to forget), through the module hooks of
// typescript.mjs. It starts Node again with `--import` rather than registering the hooks in this
// process, so the whole program, from its first module, is loaded through them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Resolved from this file, so `ayni` works from any working directory.
const hooks = import.meta.resolve('./typescript.mjs');
// A young generation of 64 MB (semi-spaces; Node's default is 16): work that holds batches of rows
// across database round trips, as the deposit export does with its pages, had them copied by every
// minor collection (docs/benchmarks.md: about 0.3 s of the export's 3.7 s of CPU in this process,
// for about 80 MB more resident memory). package.json's start and ayni scripts pass the same flag.
const result = spawnSync(
  process.execPath,
  ['--max-semi-space-size=64', '--import', hooks, main, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);

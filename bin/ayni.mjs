#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step to forget), through the module hooks of
// typescript.mjs. It starts Node again with `--import` rather than registering the hooks in this
// process, so the whole program, from its first module, is loaded through them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Resolved from this file, so `ayni` works from any working directory.
const hooks = import.meta.resolve('./typescript.mjs');
const result = spawnSync(process.execPath, ['--import', hooks, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

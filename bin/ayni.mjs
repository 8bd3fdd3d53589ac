#!/usr/bin/env -S node --max-semi-space-size=64 --enable-source-maps
// The `ayni` command, and what `npm start` and `npm run ayni` run: the JavaScript built into dist/
// by scripts/build.mjs, built first when dist/ is missing or older than src/, so `npm ci && npm
// start` still does everything. The program then runs in this process: nothing stays behind it.
//
// Node's flags (the shebang's, and package.json's scripts pass the same): a young generation of
// 64 MB (semi-spaces; Node's default is 16): work that holds batches of rows across database round
// trips, as the deposit export does with its pages, had them copied by every minor collection
// (docs/benchmarks.md: about 0.3 s of the export's 3.7 s of CPU, for about 80 MB more resident
// memory). Source maps on, so stack traces point at the lines of src/.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildState, distDir } from '../scripts/build.mjs';

const state = buildState();
if (state !== 'fresh') {
  console.error(
    `ayni: building dist/ (${state === 'missing' ? 'not built yet' : 'src/ changed since the last build'})…`,
  );
  // In a process of its own: esbuild's service process ends and is reaped with it, instead of
  // living (and dying unreaped, `[esbuild] <defunct>`) beside the server.
  const build = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  const built = spawnSync(process.execPath, [build], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import(pathToFileURL(path.join(distDir, 'main.js')).href);

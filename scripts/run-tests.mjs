#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (TypeScript through tsx).
// The back end is PGlite unless DATABASE_URL names a PostgreSQL server; .ci/run runs both.
// Usage: npm test [-- path/to/file.test.ts …]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : ['src', 'test'].flatMap(findTests).sort();
const backend = process.env.DATABASE_URL
  ? `PostgreSQL server (${new URL(process.env.DATABASE_URL).host})`
  : 'PGlite (embedded)';
console.log(`ayni tests: ${files.length} files on ${backend}`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);

#!/usr/bin/env node
// Writes docs/openapi.json, the OpenAPI 3.1 document generated from the route registry (the same zod
// schemas that validate requests), then formats it with Biome so that `npm run lint` accepts it.
// Usage: npm run openapi            (write)
//        npm run openapi -- --check (exit 1 when the committed file is out of date; the test suite checks too)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { generateOpenApi, OPENAPI_FILE, openApiText } from '../src/http/openapi.generate.ts';

const root = path.resolve(import.meta.dirname, '..');
const file = path.join(root, OPENAPI_FILE);
const doc = generateOpenApi();

if (process.argv.includes('--check')) {
  const committed = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (!isDeepStrictEqual(committed, doc)) {
    console.error(`${OPENAPI_FILE} is out of date: run \`npm run openapi\` and commit it.`);
    process.exit(1);
  }
  console.log(`${OPENAPI_FILE} is up to date.`);
} else {
  writeFileSync(file, openApiText(doc));
  const biome = spawnSync(path.join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', file], {
    cwd: root,
    encoding: 'utf8',
  });
  if (biome.status !== 0) {
    process.stderr.write(biome.stdout + biome.stderr);
    process.exit(biome.status ?? 1);
  }
  const paths = Object.keys(doc.paths).length;
  console.log(`wrote ${OPENAPI_FILE}: ${paths} paths`);
}

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * Diagnostics go through the structured logger and the CLI's words through src/cli/output.ts.
 * Biome's noConsole guards the code; this also reads the doc comments, whose @example lines are
 * what a newcomer copies (they showed console.log in 15 domain files).
 */
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
const ALLOWED = new Set([path.join('cli', 'output.ts')]);

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(full)));
    else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

test('no console.* in src/, comments included, but the CLI output module', async () => {
  const found: string[] = [];
  for (const file of await sources(src)) {
    if (ALLOWED.has(path.relative(src, file))) continue;
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (/\bconsole\.(log|error|warn|info|debug|trace)\b/.test(line))
        found.push(`${path.relative(src, file)}:${i + 1}`);
    });
  }
  assert.deepEqual(found, []);
});

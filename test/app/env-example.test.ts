import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EnvSchema, loadConfig } from '../../src/shared/config.ts';

/**
 * `.env.example` lists every variable of src/shared/config.ts, each with the comment line above it
 * that says what it does (issue 15 §4), and no variable ayni does not read. Its example values are
 * ones the configuration accepts.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `# NAME=value` or `NAME=value` lines: the variable, its value, and the line above it. */
async function listed(): Promise<Map<string, { value: string; comment: string }>> {
  const lines = (await readFile(path.join(root, '.env.example'), 'utf8')).split('\n');
  const out = new Map<string, { value: string; comment: string }>();
  lines.forEach((line, i) => {
    const m = /^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) out.set(m[1]!, { value: m[2]!, comment: lines[i - 1] ?? '' });
  });
  return out;
}

test('.env.example lists every variable config.ts reads, each with its comment, and no other', async () => {
  const variables = await listed();
  const read = Object.keys(EnvSchema.shape).sort();
  assert.deepEqual([...variables.keys()].sort(), read);
  for (const [name, { comment }] of variables) {
    assert.match(comment, /^# [A-Z(]/, `${name} has a comment line of its own above it`);
    assert.doesNotMatch(comment, /^# (?:# )?[A-Z][A-Z0-9_]*=/, `${name}'s comment is not another variable`);
  }
});

test('the example values of .env.example are accepted by the configuration', async () => {
  const variables = await listed();
  // The credential's is a placeholder: a real one is a secret.
  const placeholders = new Set(['AYNI_CREDENTIAL']);
  const env = Object.fromEntries(
    [...variables]
      .filter(([name]) => !placeholders.has(name))
      .map(([name, { value }]) => [
        name,
        name === 'AYNI_ISO20022_SCHEMAS' ? path.resolve(root, value) : value,
      ]),
  );
  assert.doesNotThrow(() => loadConfig(env));
});

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeFailure, FAILURE_CODES, failureStatus, failureTitle } from '../../src/messages/index.ts';

/**
 * One failure model (docs/adr/0009-one-failure-model.md): expected failures are values, worded in
 * src/messages only. What this holds: the old ways are gone from src/ (no `UserError`, no
 * `HttpError`, no catalogue of words outside src/messages), and every catalogued code has a status
 * and words in both languages.
 */
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(full)));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** The retired ways of failing, by the names they went by. */
const RETIRED =
  /\b(UserError|HttpError|httpError|cataloguedError|RulesError|ParameterError|accessUserError)\b/;

/** Where a line of a source file names a retired way: `file:line`. */
function retiredIn(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (RETIRED.test(line)) found.push(`${file}:${i + 1}`);
  });
  return found;
}

test('the scan finds a retired way of failing where one is written', () => {
  assert.deepEqual(
    retiredIn('x.ts', "const a = 1;\nthrow new UserError('round_not_found', 'No round.');\n"),
    ['x.ts:2'],
  );
  assert.deepEqual(retiredIn('x.ts', "return fail({ code: 'round_not_found', roundId });\n"), []);
});

test('no UserError, HttpError or other retired failure class is left in src/', async () => {
  const found: string[] = [];
  for (const file of await sources(src)) {
    found.push(...retiredIn(path.relative(src, file), await readFile(file, 'utf8')));
  }
  assert.deepEqual(found, []);
});

test('every code has an HTTP status and distinct Spanish and English words', () => {
  assert.ok(FAILURE_CODES.length > 100, `${FAILURE_CODES.length} codes`);
  for (const code of FAILURE_CODES) {
    const status = failureStatus({ code } as Parameters<typeof failureStatus>[0]);
    assert.ok(status >= 400 && status < 600, `${code}: ${status}`);
    assert.ok(failureTitle(code, 'es').length > 0 && failureTitle(code, 'en').length > 0, code);
  }
  // The words a failure's fields fill in are the failure's own, in the reader's language.
  const locked = { code: 'account_locked', retryAfterMs: 120_000 } as const;
  assert.match(describeFailure(locked, 'en').detail, /2 minutes/);
  assert.match(describeFailure(locked, 'es').detail, /2 minutos/);
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * No legal amount, threshold or date is a literal in the programmes' TypeScript: they live in the
 * YAML parameters with their references. This scans the code (comments removed) for date strings
 * and for numbers other than the few structural ones the formulas need.
 */
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'programmes');
/** 0 and 1 (neutral values, "the year after"), 7 (days in a week), 9 and 12 (digit and month bounds in schemas). */
const ALLOWED_NUMBERS = new Set([
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '9',
  '12',
  '31',
  '100',
  '366',
  '1900',
  '9999',
]);

function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
}

test('programme formulas contain no date literals and no legal numbers', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  assert.ok(files.length >= 3);
  for (const f of files) {
    const text = code(path.join(DIR, f));
    const dates = text.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    assert.deepEqual(dates, [], `${f} has date literals`);
    // Numbers inside quoted strings are names ("Bono Universal (2020)"), not values.
    const unquoted = text.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");
    const numbers = (unquoted.match(/(?<![\w.$'"-])\d[\d_]*(?:n)?(?![\w'"])/g) ?? []).map((n) =>
      n.replace(/_/g, '').replace(/n$/, ''),
    );
    const suspicious = numbers.filter((n) => !ALLOWED_NUMBERS.has(n));
    assert.deepEqual(suspicious, [], `${f} has numeric literals`);
  }
});

test('the scan finds what it is meant to find', () => {
  // Guard against a scan that silently matches nothing.
  const sample = "const x = cmp(a, '>=', lit.int(18)); const d = lit.date('2020-09-16'); // 60 in a comment";
  assert.deepEqual(sample.match(/\d{4}-\d{2}-\d{2}/g), ['2020-09-16']);
  const nums =
    sample.replace(/(^|[^:])\/\/.*$/gm, '$1').match(/(?<![\w.$'"-])\d[\d_]*(?:n)?(?![\w'"])/g) ?? [];
  assert.deepEqual(nums, ['18']);
});

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The EU DCC test data beside the project (`../shared/testdata/dcc`: the 577 vectors of
 * eu-digital-green-certificates/dgc-testdata and the schema's versions and test cases of
 * ehn-dcc-development/eu-dcc-schema). CI lays shared/ beside the clone; a fresh clone without it
 * skips the tests that read it with `{ skip: dccTestdataMissing }`, which names the missing folder
 * instead of passing silently.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dccDir = path.resolve(projectRoot, '..', 'shared', 'testdata', 'dcc');
export const vectorsDir = path.join(dccDir, 'vectors');
export const schemaDir = path.join(dccDir, 'schema');

export const dccTestdataMissing: string | false = existsSync(
  path.join(vectorsDir, 'tests', 'known_issues.csv'),
)
  ? false
  : `EU DCC test data absent: expected ${dccDir} (shared/testdata beside the project)`;

/** Every vector file, as `{ country, file, relative }` (`file` without `.json`). */
export function vectorFiles(): { country: string; name: string; relative: string; full: string }[] {
  const out: { country: string; name: string; relative: string; full: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.json') && full.includes(`${path.sep}2DCode${path.sep}raw${path.sep}`)) {
        const relative = path.relative(vectorsDir, full);
        out.push({ country: relative.split(path.sep)[0]!, name: entry.slice(0, -5), relative, full });
      }
    }
  };
  walk(vectorsDir);
  return out;
}

/** A known upstream problem: the test (upstream's pytest name), the country, the file ('' = all), why. */
export interface KnownIssue {
  readonly testName: string;
  readonly country: string;
  readonly testSet: string;
  readonly reason: string;
}

/** tests/known_issues.csv (four plain columns, no quoting). */
export function knownIssues(): KnownIssue[] {
  const lines = readFileSync(path.join(vectorsDir, 'tests', 'known_issues.csv'), 'utf8')
    .trim()
    .split('\n');
  return lines.slice(1).map((line) => {
    const [testName = '', country = '', testSet = '', reason = ''] = line.split(',');
    return { testName, country, testSet, reason };
  });
}

/** The schema document for a payload's `ver`, as upstream's test picks it (the newest for any other). */
export function schemaForVersion(ver: unknown): object {
  const byVersion: Record<string, string> = {
    '1.0.0': '1.0.0-DGC',
    '1.0.1': '1.0.1-DGC',
    '1.1.0': '1.1.0-DGC',
    '1.2.0': '1.2.0-DGC',
    '1.2.1': '1.2.1-DCC',
    '1.3.0': '1.3.0-DCC',
    '1.3.2': '1.3.2-DCC',
  };
  const prefix = typeof ver === 'string' ? byVersion[ver] : undefined;
  const file = prefix === undefined ? 'DCC.combined-schema.json' : `${prefix}.combined-schema.json`;
  return JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8')) as object;
}

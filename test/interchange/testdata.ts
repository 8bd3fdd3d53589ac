import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the ISO 20022 test data lives: `../shared/testdata/iso20022` beside the project (CI lays
 * shared/ beside the clone). Tests that need it pass `{ skip: iso20022Missing }`, which names the
 * missing folder instead of passing silently.
 *
 * @example test('samples validate', { skip: iso20022Missing }, async () => { … });
 */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const iso20022Dir = path.resolve(projectRoot, '..', 'shared', 'testdata', 'iso20022');
export const schemasDir = path.join(iso20022Dir, 'schemas');
export const assetsDir = path.join(iso20022Dir, 'test', 'assets');
export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const PAIN001_XSD = path.join(schemasDir, 'pain', 'pain.001.001.03.xsd');
export const PAIN002_V14_XSD = path.join(schemasDir, 'pain', 'pain.002.001.14.xsd');
export const CAMT054_XSD = path.join(schemasDir, 'camt', 'camt.054.001.12.xsd');

export const iso20022Missing: string | false = existsSync(PAIN001_XSD)
  ? false
  : `ISO 20022 test data absent: expected ${iso20022Dir} (shared/testdata beside the project)`;

/** A bank sample by folder and file name, e.g. asset('nordea', 'pain_002_v3_group_reject.xml'). */
export function asset(bank: string, file: string): string {
  return path.join(assetsDir, bank, file);
}

/** JSON with bigints written as '123n', for readable assertion messages. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

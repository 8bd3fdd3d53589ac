import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Iso20022Failure } from '../../src/interchange/iso20022/index.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { VENDORED_ISO20022_SCHEMAS } from '../../src/shared/config.ts';

/**
 * The ISO 20022 test data. The XSDs are the ones vendored with ayni (schemas/iso20022, the default
 * of AYNI_ISO20022_SCHEMAS), so every test that validates needs nothing beside the project. The
 * bank sample messages live only in `../shared/testdata/iso20022/test/assets` beside the project
 * (CI lays shared/ beside the clone): tests that read them pass `{ skip: samplesMissing }`, which
 * names the missing folder instead of passing silently.
 *
 * @example test('samples validate', { skip: samplesMissing }, async () => { … });
 */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const schemasDir = VENDORED_ISO20022_SCHEMAS;
export const iso20022Dir = path.resolve(projectRoot, '..', 'shared', 'testdata', 'iso20022');
export const assetsDir = path.join(iso20022Dir, 'test', 'assets');
export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const PAIN001_XSD = path.join(schemasDir, 'pain', 'pain.001.001.03.xsd');
export const PAIN002_V14_XSD = path.join(schemasDir, 'pain', 'pain.002.001.14.xsd');
export const CAMT054_XSD = path.join(schemasDir, 'camt', 'camt.054.001.12.xsd');

export const samplesMissing: string | false = existsSync(assetsDir)
  ? false
  : `ISO 20022 bank samples absent: expected ${assetsDir} (shared/testdata beside the project)`;

/** A bank sample by folder and file name, e.g. asset('nordea', 'pain_002_v3_group_reject.xml'). */
export function asset(bank: string, file: string): string {
  return path.join(assetsDir, bank, file);
}

/** A failure's English words, as the CLI prints them (src/messages). */
export function english(failure: Iso20022Failure): string {
  return describeFailure(failure, 'en').detail;
}

/** JSON with bigints written as '123n', for readable assertion messages. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

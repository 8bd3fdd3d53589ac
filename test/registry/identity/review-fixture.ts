import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../../src/db/database.ts';
import { seededRandom } from '../../../src/registry/identity/model.ts';
import { personImportSpec, runImport, sourceImportSpec } from '../../../src/registry/index.ts';
import { okValue } from '../../helpers/result.ts';

const ASOF = '2021-03-01';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';

/** A registry person of the fixture: their key and id. */
export interface FixturePerson {
  ci: string;
  dob: string;
  id: bigint;
}

/** The year of birth one off: the CI exact, so the row is neither linked nor rejected but queued. */
export const yearOff = (dob: string) => `${Number(dob.slice(0, 4)) + 1}${dob.slice(4)}`;

/**
 * A registry of `count` persons (seeded, so the same every run) imported into `db`, for the identity
 * review tests: the model needs a population to estimate how rare a CI or a date is.
 *
 * @example const persons = await reviewRegistry(db, dir, 3000);
 */
export async function reviewRegistry(db: Database, dir: string, count = 3_000): Promise<FixturePerson[]> {
  const random = seededRandom(11);
  const lines = [HEADER];
  const keys: Array<{ ci: string; dob: string }> = [];
  const seen = new Set<string>();
  while (keys.length < count) {
    const ci = String(2_000_000 + Math.floor(random() * 7_000_000));
    if (seen.has(ci)) continue;
    seen.add(ci);
    const dob = `${1965 + Math.floor(random() * 30)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    keys.push({ ci, dob });
    lines.push(`${ci},,LP,Rosa María,Quispe,Mamani,${dob},F,020101,BO,`);
  }
  const file = path.join(dir, 'persons.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  okValue(
    await runImport(db, personImportSpec(ASOF), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: dir,
    }),
  );
  const rows = await db.query<{ id: bigint; ci_number: string }>('SELECT id, ci_number FROM person');
  const ids = new Map(rows.map((r) => [r.ci_number, BigInt(r.id)]));
  return keys.map((k) => ({ ...k, id: ids.get(k.ci) ?? -1n }));
}

/**
 * Imports an AFP contributors list whose rows name `queued` persons with the year of birth one off
 * (each waits in the review queue) and `exact` persons exactly; returns the queued rows' review ids
 * in line order.
 *
 * @example const reviews = await queueRows(db, dir, [persons[1]], [persons[2]]);
 */
export async function queueRows(
  db: Database,
  dir: string,
  queued: readonly FixturePerson[],
  exact: readonly FixturePerson[] = [],
  name = 'afp.csv',
): Promise<bigint[]> {
  const file = path.join(dir, name);
  await writeFile(
    file,
    [
      'ci_number,complemento,date_of_birth,contributor_type,sector,last_contribution_period',
      ...exact.map((p) => `${p.ci},,${p.dob},dependiente,publico,2020-09`),
      ...queued.map((p) => `${p.ci},,${yearOff(p.dob)},dependiente,publico,2020-09`),
      '',
    ].join('\n'),
  );
  const s = okValue(
    await runImport(db, okValue(sourceImportSpec('afp-dependent', ASOF)), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: dir,
    }),
  );
  assert.deepEqual([s.rowsAccepted, s.rowsQueued, s.rowsRejected], [exact.length, queued.length, 0]);
  const rows = await db.query<{ id: bigint }>(
    `SELECT id FROM identity_review WHERE import_id = $1 ORDER BY line_number`,
    [String(s.importId)],
  );
  return rows.map((r) => BigInt(r.id));
}

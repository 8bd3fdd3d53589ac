import { randomBytes } from 'node:crypto';
import type { Sql } from '../../src/db/database.ts';
import { refreshListFlags, SOURCE_LISTS } from '../../src/registry/index.ts';
import type { Facts } from '../../src/rules/index.ts';

/**
 * Writes persons and their source-list memberships straight into the registry tables, the way the
 * importer leaves them: a persons import, and for every list an older snapshot and the snapshot
 * in force (`source_list_current`), and the persons' bits of the lists in force as the import writes
 * them (`refreshListFlags`, migration 0065). `stale` rows go only into the older snapshot, so a
 * test can check that the rules read the list in force and nothing else.
 *
 * @example const ids = await insertFixture(db, [{ facts, stale: { 'bono-universal': {} } }])
 */
export interface FixturePerson {
  facts: Facts;
  /** Rows on the previous (no longer current) snapshot of each list. */
  stale?: Readonly<Record<string, Readonly<Record<string, string | number>>>>;
}

const PERSON_COLUMNS = [
  'ci_number',
  'complemento',
  'date_of_birth',
  'sex',
  'municipality_code',
  'residence_country',
  'date_of_death',
] as const;

async function newImport(db: Sql, kind: string): Promise<bigint> {
  const [r] = await db.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, actor, status)
     VALUES ($1, 'fixture', $2, 'test', 'completed') RETURNING id`,
    [kind, randomBytes(32).toString('hex')],
  );
  return r!.id;
}

/** Removes every person, list row and import. @example await clearFixture(db) */
export async function clearFixture(db: Sql): Promise<void> {
  const tables = SOURCE_LISTS.map((l) => l.table).join(', ');
  // CASCADE: tables other domains add may refer to persons; this is a test database of its own.
  await db.exec(`TRUNCATE person, person_history, source_list_current, ${tables}, import_run CASCADE`);
}

/** Inserts the persons; returns their ids in input order. @example const [id] = await insertFixture(db, [{ facts }]) */
export async function insertFixture(db: Sql, persons: readonly FixturePerson[]): Promise<bigint[]> {
  const personImport = await newImport(db, 'persons');
  const col = (name: (typeof PERSON_COLUMNS)[number]) => persons.map((p) => p.facts.attributes[name] ?? null);
  const rows = await db.query<{ id: bigint; ci_number: string; complemento: string; date_of_birth: string }>(
    `INSERT INTO person (ci_number, complemento, given_names, first_surname, date_of_birth, sex, municipality_code,
                         residence_country, date_of_death, created_import_id, updated_import_id)
     SELECT ci, co, 'Prueba', 'Fixture', dob, sex, mun, res, dod, $8, $8
     FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::date[])
          AS t(ci, co, dob, sex, mun, res, dod)
     RETURNING id, ci_number, complemento, date_of_birth`,
    [...PERSON_COLUMNS.map(col), personImport.toString()],
  );
  const idOf = new Map(rows.map((r) => [`${r.ci_number}|${r.complemento}|${r.date_of_birth}`, r.id]));
  const ids = persons.map((p) => {
    const a = p.facts.attributes;
    const id = idOf.get(`${a['ci_number']}|${a['complemento']}|${a['date_of_birth']}`);
    if (id === undefined) throw new Error('fixture person was not inserted');
    return id;
  });
  for (const list of SOURCE_LISTS) {
    const staleImport = await newImport(db, list.name);
    const currentImport = await newImport(db, list.name);
    for (const [importId, pick] of [
      [staleImport, (p: FixturePerson) => p.stale?.[list.name]],
      [currentImport, (p: FixturePerson) => p.facts.lists?.[list.name]],
    ] as const) {
      const members = persons.flatMap((p, i) => {
        const row = pick(p);
        return row ? [{ id: ids[i]!, row }] : [];
      });
      if (members.length === 0) continue;
      const extras = list.extra.map((c) => c.name);
      const arrays = [
        members.map((m) => m.id.toString()),
        members.map((_, i) => String(i + 2)),
        ...extras.map((c) => members.map((m) => (m.row[c] === undefined ? null : String(m.row[c])))),
      ];
      const types = ['int8', 'int8', ...list.extra.map((c) => c.sqlType)];
      await db.query(
        `INSERT INTO ${list.table} (import_id, person_id, line_number${extras.map((c) => `, ${c}`).join('')})
         SELECT $1, ${types.map((_, i) => `x${i}`).join(', ')}
         FROM unnest(${types.map((t, i) => `$${i + 2}::${t}[]`).join(', ')}) AS t(${types.map((_, i) => `x${i}`).join(', ')})`,
        [importId.toString(), ...arrays],
      );
    }
    await refreshListFlags(db, list, currentImport, staleImport);
    await db.query('INSERT INTO source_list_current (list, import_id) VALUES ($1, $2)', [
      list.name,
      currentImport.toString(),
    ]);
  }
  return ids;
}

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { personImportSpec, runImport } from '../../src/registry/index.ts';
import { splitCsvLine } from '../../src/shared/csv.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * Fuzz-style test: thousands of valid rows, a large share mutated at random. Whatever the
 * mutation, every line is accounted for exactly once (accepted or in the rejects file), nothing
 * the registry holds breaks a rule, mutations known to be invalid are always rejected and
 * untouched rows are always accepted.
 */

const ASOF = '2021-03-01';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';
const ROWS = 4000;
const SEEDS = [1, 2, 3];

/** mulberry32: a tiny seeded PRNG so the test is reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = ['Ana', 'Juan Carlos', 'María', 'Wilma', 'Freddy', 'Limbert', 'Begoña', 'José'];
const SURNAMES = ['Mamani', 'Quispe', 'Choque', 'Condori', 'Flores', 'Núñez', 'Gutiérrez', ''];
const MUNIS = ['020101', '070101', '030101', '080101', '090101'];

type Mutation = { kind: string; invalid: boolean; apply: (f: string[], r: () => number) => string };

const join = (f: string[]) => f.join(',');
const MUTATIONS: Mutation[] = [
  { kind: 'letter in CI', invalid: true, apply: (f) => join([`${f[0]}X`, ...f.slice(1)]) },
  { kind: 'empty CI', invalid: true, apply: (f) => join(['', ...f.slice(1)]) },
  {
    kind: 'month 13',
    invalid: true,
    apply: (f) => join([...f.slice(0, 6), f[6]!.replace(/-\d\d-/, '-13-'), ...f.slice(7)]),
  },
  { kind: 'sex X', invalid: true, apply: (f) => join([...f.slice(0, 7), 'X', ...f.slice(8)]) },
  { kind: 'missing field', invalid: true, apply: (f) => join(f.slice(0, 10)) },
  { kind: 'extra field', invalid: true, apply: (f) => join([...f, 'extra']) },
  {
    kind: 'unknown municipality',
    invalid: true,
    apply: (f) => join([...f.slice(0, 8), '029999', ...f.slice(9)]),
  },
  { kind: 'digit in name', invalid: true, apply: (f) => join([...f.slice(0, 3), `${f[3]}7`, ...f.slice(4)]) },
  {
    kind: 'unbalanced quote',
    invalid: true,
    apply: (f) => join([...f.slice(0, 3), `"${f[3]}`, ...f.slice(4)]),
  },
  { kind: 'death before birth', invalid: true, apply: (f) => join([...f.slice(0, 10), '1901-01-01']) },
  {
    kind: 'born after as-of',
    invalid: true,
    apply: (f) => join([...f.slice(0, 6), '2021-03-02', ...f.slice(7)]),
  },
  {
    kind: 'delete a character',
    invalid: false,
    apply: (f, r) => {
      const s = join(f);
      const i = Math.floor(r() * s.length);
      return s.slice(0, i) + s.slice(i + 1);
    },
  },
  {
    kind: 'insert a character',
    invalid: false,
    apply: (f, r) => {
      const s = join(f);
      const i = Math.floor(r() * s.length);
      const chars = 'aZ09,;" -ñ\t';
      return s.slice(0, i) + chars[Math.floor(r() * chars.length)] + s.slice(i);
    },
  },
  {
    kind: 'swap two fields',
    invalid: false,
    apply: (f, r) => {
      const g = [...f];
      const i = Math.floor(r() * g.length);
      const j = Math.floor(r() * g.length);
      [g[i], g[j]] = [g[j]!, g[i]!];
      return join(g);
    },
  },
];

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

for (const seed of SEEDS) {
  test(`fuzzed persons file (seed ${seed}): every line accounted for, nothing invalid accepted`, async () => {
    await t.db.exec('TRUNCATE person, person_history');
    const r = prng(seed);
    const lines: string[] = [HEADER];
    const expectInvalid = new Set<number>();
    const untouched = new Set<number>();
    for (let i = 0; i < ROWS; i++) {
      const year = 1930 + Math.floor(r() * 85);
      const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
      const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
      const fields = [
        String(3_000_000 + seed * 100_000 + i),
        r() < 0.05 ? '1A' : '',
        r() < 0.5 ? 'LP' : '',
        GIVEN[Math.floor(r() * GIVEN.length)]!,
        SURNAMES[Math.floor(r() * (SURNAMES.length - 1))]!,
        SURNAMES[Math.floor(r() * SURNAMES.length)]!,
        `${year}-${month}-${day}`,
        r() < 0.5 ? 'F' : 'M',
        MUNIS[Math.floor(r() * MUNIS.length)]!,
        'BO',
        '',
      ];
      const line = lines.length + 1;
      if (r() < 0.5) {
        const m = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!;
        lines.push(m.apply(fields, r));
        if (m.invalid) expectInvalid.add(line);
      } else {
        lines.push(join(fields));
        untouched.add(line);
      }
    }
    const file = path.join(t.dir, `fuzz-${seed}.csv`);
    await writeFile(file, `${lines.join('\n')}\n`);
    const s = okValue(
      await runImport(t.db, personImportSpec(ASOF), {
        filePath: file,
        actor: 'fuzz',
        asOf: ASOF,
        rejectsDir: t.dir,
      }),
    );

    const blank = lines.slice(1).filter((l) => l.trim() === '').length;
    assert.equal(s.rowsRead, ROWS - blank);
    assert.equal(s.rowsRead, s.rowsAccepted + s.rowsRejected);
    const rejectLines = s.rejectsPath
      ? (await readFile(s.rejectsPath, 'utf8'))
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => Number(splitCsvLine(l)![0]))
      : [];
    assert.equal(rejectLines.length, s.rowsRejected, 'rejects file has one line per rejected row');
    assert.equal(new Set(rejectLines).size, rejectLines.length, 'no row is rejected twice');
    for (const line of rejectLines) assert.ok(line >= 2 && line <= ROWS + 1, `reject line ${line} in range`);
    const rejected = new Set(rejectLines);
    for (const line of expectInvalid)
      assert.ok(rejected.has(line), `invalid line ${line} was rejected: ${lines[line - 1]}`);
    for (const line of untouched) assert.ok(!rejected.has(line), `untouched line ${line} was accepted`);
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM person')) as [
      { n: number },
    ];
    assert.equal(n, s.rowsAccepted);

    // Everything in the registry obeys the rules, checked independently of the importer.
    const [bad] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM person p
       WHERE NOT (p.ci_number ~ '^[1-9][0-9]{3,9}$')
          OR p.given_names ~ '[0-9",;\t]' OR p.first_surname ~ '[0-9",;\t]' OR p.second_surname ~ '[0-9",;\t]'
          OR p.date_of_birth > $1::date OR p.date_of_birth < '1900-01-01'
          OR p.sex NOT IN ('F', 'M')
          OR NOT EXISTS (SELECT 1 FROM municipality m WHERE m.code = p.municipality_code
                         AND m.department_code = p.department_code)
          OR (p.date_of_death IS NOT NULL AND (p.date_of_death < p.date_of_birth OR p.date_of_death > $1::date))`,
      [ASOF],
    );
    assert.equal(bad!.n, 0);
  });
}

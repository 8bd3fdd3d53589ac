// A source-list import with typos (issue #23): rows naming nobody by the exact key are linked by
// score, queued for review or rejected, and read = linked exactly + linked by score + queued +
// rejected, in the summary and in import_run.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createRound } from '../../src/bono/index.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { seededRandom } from '../../src/registry/identity/model.ts';
import { personImportSpec, runImport, sourceImportSpec } from '../../src/registry/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

const ASOF = '2021-03-01';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';
const PERSONS = 3_000;

let t: TestDatabase;
const persons: Array<{ ci: string; dob: string }> = [];
before(async () => {
  t = await createTestDatabase();
  const random = seededRandom(5);
  const lines = [HEADER];
  for (let i = 0; i < PERSONS; i++) {
    const ci = String(2_000_000 + Math.floor(random() * 7_000_000));
    const dob = `${1940 + Math.floor(random() * 60)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    persons.push({ ci, dob });
    lines.push(`${ci},,LP,Ana,Quispe,Mamani,${dob},F,020101,BO,`);
  }
  const file = path.join(t.dir, 'persons.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  okValue(
    await runImport(t.db, personImportSpec(ASOF), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
});
after(async () => {
  await t.dispose();
});

const swapDayMonth = (dob: string) => `${dob.slice(0, 4)}-${dob.slice(8, 10)}-${dob.slice(5, 7)}`;

test('a list with typos: exact rows linked, typos linked by score with their vector, strangers rejected; counts add up', async () => {
  const rows = ['ci_number,complemento,date_of_birth'];
  // line number → the person its typo came from
  const typoOf = new Map<number, number>();
  // persons 0–99 exactly
  for (let i = 0; i < 100; i++) rows.push(`${persons[i]?.ci},,${persons[i]?.dob}`);
  // persons 100–139 with one typo each: transposed CI digits, a digit off, leading digit dropped, day–month swapped
  for (let i = 100; i < 140; i++) {
    const { ci, dob } = persons[i] as { ci: string; dob: string };
    const kind = i % 4;
    const typoCi =
      kind === 0 && ci[3] !== ci[4]
        ? `${ci.slice(0, 3)}${ci[4]}${ci[3]}${ci.slice(5)}`
        : kind === 1
          ? `${ci.slice(0, 6)}${(Number(ci[6]) + 1) % 10}`
          : kind === 2 && ci[1] !== '0'
            ? ci.slice(1)
            : ci;
    const typoDob =
      kind === 3 && Number(dob.slice(8, 10)) <= 12 && dob.slice(8, 10) !== dob.slice(5, 7)
        ? swapDayMonth(dob)
        : dob;
    if (typoCi === ci && typoDob === dob) continue;
    rows.push(`${typoCi},,${typoDob}`);
    // the header is line 1, so the row just pushed is line rows.length
    typoOf.set(rows.length, i);
  }
  // ten strangers: numbers and dates nobody has
  for (let i = 0; i < 10; i++) rows.push(`${1_100_000 + i * 7},,1931-0${1 + (i % 9)}-1${i % 9}`);
  const file = path.join(t.dir, 'bono-universal.csv');
  await writeFile(file, `${rows.join('\n')}\n`);
  const s = okValue(
    await runImport(t.db, okValue(sourceImportSpec('bono-universal', ASOF)), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
  const linkedExactly = s.rowsAccepted - s.rowsLinkedByScore;
  console.log(
    `typo list: read ${s.rowsRead} = linked exactly ${linkedExactly} + by score ${s.rowsLinkedByScore} + queued ${s.rowsQueued} + rejected ${s.rowsRejected}`,
  );
  assert.equal(s.rowsRead, linkedExactly + s.rowsLinkedByScore + s.rowsQueued + s.rowsRejected);
  assert.equal(linkedExactly, 100);
  // every typo is linked or, when its weight falls short of the accept threshold on this small
  // registry (a day–month swap: the date proves less), queued; only the strangers are rejected
  assert.equal(s.rowsLinkedByScore + s.rowsQueued, typoOf.size);
  assert.ok(
    s.rowsLinkedByScore >= typoOf.size * 0.75,
    `linked by score ${s.rowsLinkedByScore} of ${typoOf.size}`,
  );
  assert.equal(s.rowsRejected, 10);
  const rejects = (await readFile(s.rejectsPath as string, 'utf8')).trim().split('\n').slice(1);
  assert.ok(rejects.every((line) => /no person with this ci_number/.test(line)));

  const links = await t.db.query<{
    line_number: bigint;
    ci_number: string;
    match_weight: number;
    comparison_vector: Record<string, string>;
  }>(
    `SELECT l.line_number, p.ci_number, l.match_weight, l.comparison_vector FROM identity_link l JOIN person p ON p.id = l.person_id
     WHERE l.import_id = $1 ORDER BY l.line_number`,
    [s.importId],
  );
  // every scored link is the person the typo came from, with its weight and levels in words
  for (const link of links) {
    const person = typoOf.get(Number(link.line_number));
    assert.ok(person !== undefined, `line ${link.line_number} was not a typo`);
    assert.equal(link.ci_number, persons[person]?.ci);
    assert.ok(link.match_weight > 0);
    assert.ok(
      ['exact', 'transposition', 'one_digit_off', 'leading_digits_dropped'].includes(
        link.comparison_vector.ci_number ?? '',
      ),
    );
  }
  const kinds = new Set(
    links.map((l) => `${l.comparison_vector.ci_number}/${l.comparison_vector.date_of_birth}`),
  );
  for (const kind of ['transposition/exact', 'one_digit_off/exact', 'leading_digits_dropped/exact']) {
    assert.ok(kinds.has(kind), `a link of kind ${kind} among ${[...kinds].join(', ')}`);
  }
  const queued = await t.db.query<{ line_number: bigint; ci_number: string; status: string }>(
    `SELECT r.line_number, p.ci_number, r.status FROM identity_review r
     JOIN person p ON p.id = (r.candidates -> 0 ->> 'personId')::bigint WHERE r.import_id = $1`,
    [s.importId],
  );
  for (const row of queued) {
    assert.equal(row.status, 'pending');
    assert.equal(
      row.ci_number,
      persons[typoOf.get(Number(row.line_number)) ?? -1]?.ci,
      'the best candidate is the person',
    );
  }
  const [run] = await t.db.query<{
    rows_read: bigint;
    rows_accepted: bigint;
    rows_linked_by_score: bigint;
    rows_queued: bigint;
    rows_rejected: bigint;
  }>(
    'SELECT rows_read, rows_accepted, rows_linked_by_score, rows_queued, rows_rejected FROM import_run WHERE id = $1',
    [s.importId],
  );
  assert.deepEqual(run, {
    rows_read: BigInt(s.rowsRead),
    rows_accepted: BigInt(s.rowsAccepted),
    rows_linked_by_score: BigInt(s.rowsLinkedByScore),
    rows_queued: BigInt(s.rowsQueued),
    rows_rejected: BigInt(s.rowsRejected),
  });
  const [members] = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM source_bono_universal WHERE import_id = $1',
    [s.importId],
  );
  assert.equal(members?.n, s.rowsAccepted);
});

test('a row of an exclusion list waiting for review stops a round, which names the persons it would affect', async () => {
  const { ci, dob } = persons[200] as { ci: string; dob: string };
  // the CI exact, the year of birth off by one: the same number could be two persons, so the row
  // is neither linked nor rejected but queued
  const typoDob = `${Number(dob.slice(0, 4)) + 1}${dob.slice(4)}`;
  const file = path.join(t.dir, 'afp.csv');
  await writeFile(
    file,
    `ci_number,complemento,date_of_birth,contributor_type,sector,last_contribution_period\n${persons[201]?.ci},,${persons[201]?.dob},dependiente,publico,2020-09\n${ci},,${typoDob},dependiente,publico,2020-09\n`,
  );
  const s = okValue(
    await runImport(t.db, okValue(sourceImportSpec('afp-dependent', ASOF)), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
  assert.deepEqual([s.rowsAccepted, s.rowsQueued, s.rowsRejected], [1, 1, 0]);
  const [person] = await t.db.query<{ id: bigint }>('SELECT id FROM person WHERE ci_number = $1', [ci]);
  const round = await createRound(t.db, {
    asOf: '2020-12-01',
    kind: 'regular',
    actor: 'account:ana.oficial',
    at: new Date('2020-11-30T12:00:00Z'),
  });
  assert.equal(round.ok, false);
  if (round.ok) return;
  assert.deepEqual(round.error, {
    code: 'round_identity_reviews_pending',
    lists: ['afp-dependent'],
    rows: 1,
    personIds: [String(person?.id)],
  });
  assert.match(describeFailure(round.error, 'es').detail, /afp-dependent.*funcionario/);
  assert.match(
    describeFailure(round.error, 'en').detail,
    new RegExp(`Persons affected \\(registry ids\\): ${person?.id}\\.`),
  );
});

// The identity review queue decided by an officer (issue #23): rows of an exclusion list that
// almost name a person stop a round until an officer accepts (the person becomes a member of the
// list, so the round excludes them) or rejects them (nobody is linked); a row is decided once,
// a retry changes nothing, every decision is in the audit trail; the `ayni registry review`
// commands do the same for a signed-in officer.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createRound } from '../../src/bono/index.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { seededRandom } from '../../src/registry/identity/model.ts';
import {
  decideIdentityReview,
  personImportSpec,
  runImport,
  sourceImportSpec,
  syncGeography,
} from '../../src/registry/index.ts';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';
import { okValue } from '../helpers/result.ts';

const ASOF = '2021-03-01';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';
const PERSONS = 3_000;
const PASSWORD = 'correct horse battery';
const OFFICER = 'ana.oficial';

let cli: CliDatabase;
let tokens: Record<string, string>;
const savedEnv: Record<string, string | undefined> = {};
const persons: Array<{ ci: string; dob: string }> = [];

/** Opens the CLI's database for one step; closed before the next command (PGlite). */
async function inDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  assert.ok(opened.ok);
  try {
    return await fn(opened.value);
  } finally {
    await opened.value.close();
  }
}

before(async () => {
  for (const name of ['AYNI_DATA_DIR', 'DATABASE_URL', 'AYNI_CLOCK', 'AYNI_CREDENTIAL'])
    savedEnv[name] = process.env[name];
  cli = await cliDatabase('identity-review');
  delete process.env.AYNI_CLOCK;
  delete process.env.AYNI_CREDENTIAL;
  const random = seededRandom(5);
  const lines = [HEADER];
  for (let i = 0; i < PERSONS; i++) {
    const ci = String(2_000_000 + Math.floor(random() * 7_000_000));
    // adults of working age on the round's date, so the bono would pay them unless a list excludes them
    const dob = `${1965 + Math.floor(random() * 30)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    persons.push({ ci, dob });
    lines.push(`${ci},,LP,Ana,Quispe,Mamani,${dob},F,020101,BO,`);
  }
  const file = path.join(cli.dataDir, 'persons.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  await inDb(async (db) => {
    await syncGeography(db);
    okValue(
      await runImport(db, personImportSpec(ASOF), {
        filePath: file,
        actor: 'test',
        asOf: ASOF,
        rejectsDir: cli.dataDir,
      }),
    );
  });
  tokens = await cliOfficers(PASSWORD, { admin: ['administrator'], [OFFICER]: ['bono_officer'] });
});

after(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await cli.dispose();
});

const yearOff = (dob: string) => `${Number(dob.slice(0, 4)) + 1}${dob.slice(4)}`;

/** Person `i`'s registry id. */
const idOf = (db: Database, i: number) =>
  db
    .query<{ id: bigint }>('SELECT id FROM person WHERE ci_number = $1', [persons[i]?.ci])
    .then(([p]) => BigInt(p?.id ?? -1));

/** A supplementary round for `personIds` (each test its own; a regular one would stand in the way). */
const roundFor = (db: Database, personIds: bigint[]) =>
  createRound(db, {
    asOf: '2020-12-01',
    kind: 'supplementary',
    personIds,
    actor: 'account:ana.oficial',
    at: new Date('2020-11-30T12:00:00Z'),
  });

test('an exclusion row waits: the round is refused; the officer accepts it by the CLI and rejects another; the round excludes the accepted person only', async () => {
  // the CI exact, the year of birth off by one: the same number could be two persons, so each of
  // these rows is neither linked nor rejected but queued
  const file = path.join(cli.dataDir, 'afp.csv');
  await writeFile(
    file,
    [
      'ci_number,complemento,date_of_birth,contributor_type,sector,last_contribution_period',
      `${persons[10]?.ci},,${persons[10]?.dob},dependiente,publico,2020-09`,
      `${persons[20]?.ci},,${yearOff(persons[20]?.dob ?? '')},consultor,privado,2020-10`,
      `${persons[30]?.ci},,${yearOff(persons[30]?.dob ?? '')},dependiente,publico,2020-09`,
      '',
    ].join('\n'),
  );
  const { accepted, rejected, reviews } = await inDb(async (db) => {
    // both persons are Bono Universal beneficiaries: the round pays them unless a list excludes them
    const universal = path.join(cli.dataDir, 'bono-universal.csv');
    await writeFile(
      universal,
      `ci_number,complemento,date_of_birth\n${persons[20]?.ci},,${persons[20]?.dob}\n${persons[30]?.ci},,${persons[30]?.dob}\n`,
    );
    okValue(
      await runImport(db, okValue(sourceImportSpec('bono-universal', ASOF)), {
        filePath: universal,
        actor: 'test',
        asOf: ASOF,
        rejectsDir: cli.dataDir,
      }),
    );
    const s = okValue(
      await runImport(db, okValue(sourceImportSpec('afp-dependent', ASOF)), {
        filePath: file,
        actor: 'test',
        asOf: ASOF,
        rejectsDir: cli.dataDir,
      }),
    );
    assert.deepEqual([s.rowsAccepted, s.rowsQueued, s.rowsRejected], [1, 2, 0]);
    const accepted = await idOf(db, 20);
    const rejected = await idOf(db, 30);
    const refused = await roundFor(db, [accepted, rejected]);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'round_identity_reviews_pending');
    const reviews = await db.query<{ id: bigint; line_number: bigint }>(
      'SELECT id, line_number FROM identity_review ORDER BY line_number',
    );
    return { accepted, rejected, reviews: reviews.map((r) => String(r.id)) };
  });
  const [acceptId, rejectId] = reviews as [string, string];

  // the queue as the officer reads it: the row's key, its candidates with weight and vector in words
  const list = await ayni(['registry', 'review', 'list'], asOfficer(tokens[OFFICER]!));
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /^2 rows wait for review/m);
  assert.match(
    list.out,
    new RegExp(
      `^#${acceptId} {2}afp-dependent import #\\d+ line 3: CI ${persons[20]?.ci}, born ${yearOff(persons[20]?.dob ?? '')}$`,
      'm',
    ),
  );
  assert.match(
    list.out,
    new RegExp(`^ {4}person ${accepted} {2}weight -?\\d+\\.\\d {2}ci number exact, .*date of birth `, 'm'),
  );
  // without signing in, the queue is not shown
  const anonymous = await ayni(['registry', 'review', 'list']);
  assert.notEqual(anonymous.code, 0);
  assert.doesNotMatch(anonymous.out, new RegExp(persons[20]?.ci ?? 'x'));

  // a person who is not a candidate, and a rejection without its reason, are refused in words
  const wrong = await ayni(
    ['registry', 'review', 'accept', acceptId, '--person', String(rejected)],
    asOfficer(tokens[OFFICER]!),
  );
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.err, new RegExp(`Person ${rejected} is not a candidate of row ${acceptId}`));

  const accept = await ayni(
    ['registry', 'review', 'accept', acceptId, '--person', String(accepted), '--reason', 'year mistyped'],
    asOfficer(tokens[OFFICER]!),
  );
  assert.equal(accept.code, 0, accept.err);
  assert.match(
    accept.out,
    new RegExp(`Row #${acceptId} \\(afp-dependent line 3\\) accepted: linked to person ${accepted}\\.`),
  );
  // a retry of the same decision changes nothing
  const retry = await ayni(
    ['registry', 'review', 'accept', acceptId, '--person', String(accepted)],
    asOfficer(tokens[OFFICER]!),
  );
  assert.equal(retry.code, 0, retry.err);
  assert.match(retry.out, /already so; nothing changed/);

  await inDb(async (db) => {
    // one row still waits: the round is still refused, naming it
    const still = await roundFor(db, [accepted, rejected]);
    assert.equal(!still.ok && still.error.code, 'round_identity_reviews_pending');
    assert.equal(!still.ok && still.error.code === 'round_identity_reviews_pending' && still.error.rows, 1);
    // a rejection needs its reason
    const noReason = await decideIdentityReview(db, {
      reviewId: BigInt(rejectId),
      decision: 'reject',
      officer: 'account:ana.oficial',
      reason: '  ',
      at: new Date('2020-11-30T12:00:00Z'),
    });
    assert.equal(!noReason.ok && noReason.error.code, 'identity_review_reason_required');
    assert.match(describeFailure(!noReason.ok ? noReason.error : never(), 'es').detail, /escriba el motivo/);
  });
  const reject = await ayni(
    ['registry', 'review', 'reject', rejectId, '--reason', 'another person: the date of birth differs'],
    asOfficer(tokens[OFFICER]!),
  );
  assert.equal(reject.code, 0, reject.err);
  assert.match(reject.out, new RegExp(`Row #${rejectId} \\(afp-dependent line 4\\) rejected\\.`));
  // decided once: accepting the rejected row, or rejecting the accepted one, is refused
  const again = await ayni(
    ['registry', 'review', 'accept', rejectId, '--person', String(rejected)],
    asOfficer(tokens[OFFICER]!),
  );
  assert.notEqual(again.code, 0);
  assert.match(
    again.err,
    new RegExp(`Row ${rejectId} was already rejected by account:${OFFICER}\\. A row is decided once\\.`),
  );
  const empty = await ayni(['registry', 'review', 'list'], asOfficer(tokens[OFFICER]!));
  assert.equal(empty.code, 0, empty.err);
  assert.equal(empty.out, 'No rows wait for review.');

  await inDb(async (db) => {
    const twice = await decideIdentityReview(db, {
      reviewId: BigInt(acceptId),
      decision: 'reject',
      officer: 'account:ana.oficial',
      reason: 'changed my mind',
      at: new Date('2020-11-30T12:00:00Z'),
    });
    assert.deepEqual(twice.ok ? undefined : twice.error, {
      code: 'identity_review_decided',
      reviewId: acceptId,
      status: 'accepted',
      decidedBy: `account:${OFFICER}`,
    });
    assert.match(
      describeFailure(!twice.ok ? twice.error : never(), 'es').detail,
      /ya fue aceptada por account:ana\.oficial/,
    );
    // the accepted row is the person's membership of the list in force, with the row's own columns;
    // the rejected row linked nobody
    const members = await db.query<{
      person_id: bigint;
      contributor_type: string;
      sector: string;
      period: string;
    }>(
      `SELECT person_id, contributor_type, sector, last_contribution_period::text AS period
       FROM registry_list_afp_dependent v JOIN source_list_current c ON c.list = 'afp-dependent' AND c.import_id = v.import_id
       WHERE person_id = ANY($1::bigint[])`,
      [[String(accepted), String(rejected)]],
    );
    assert.deepEqual(
      members.map((m) => [BigInt(m.person_id), m.contributor_type, m.sector, m.period]),
      [[accepted, 'consultor', 'privado', '2020-10-01']],
    );
    const links = await db.query<{ person_id: bigint; decided_by: string; review_id: bigint }>(
      'SELECT person_id, decided_by, review_id FROM identity_link ORDER BY line_number',
    );
    assert.deepEqual(
      links.map((l) => [BigInt(l.person_id), l.decided_by, String(l.review_id)]),
      [[accepted, `account:${OFFICER}`, acceptId]],
    );
    // each decision once in the audit trail, as the officer's
    const audit = await db.query<{
      action: string;
      actor: string;
      entity_id: string;
      after: { reason?: string; personId?: string };
    }>(
      `SELECT action, actor, entity_id, after FROM audit_entry WHERE entity_type = 'identity_review' ORDER BY seq`,
    );
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor, a.entity_id, a.after.personId, a.after.reason]),
      [
        ['identity_review.accepted', `account:${OFFICER}`, acceptId, String(accepted), 'year mistyped'],
        [
          'identity_review.rejected',
          `account:${OFFICER}`,
          rejectId,
          undefined,
          'another person: the date of birth differs',
        ],
      ],
    );
    // the queue decided, the round is created: the accepted person is excluded (an AFP
    // contributor), the person the rejected row did not name is paid
    const round = okValue(
      await createRound(db, {
        asOf: '2020-12-01',
        kind: 'regular',
        actor: 'account:ana.oficial',
        at: new Date('2020-11-30T12:00:00Z'),
      }),
    );
    const entitled = await db.query<{ person_id: bigint }>(
      'SELECT person_id FROM bono_entitlement WHERE round_id = $1 AND person_id = ANY($2::bigint[])',
      [round.id, [String(accepted), String(rejected)]],
    );
    assert.deepEqual(
      entitled.map((e) => BigInt(e.person_id)),
      [rejected],
    );
  });
});

test('accepting a row for a person the snapshot already names is refused, as are an unknown row and an acceptance without its person; nothing is written', async () => {
  // person 40 exactly on line 2, and again with the year mistyped on line 3 (queued)
  const file = path.join(cli.dataDir, 'afp-again.csv');
  await writeFile(
    file,
    [
      'ci_number,complemento,date_of_birth,contributor_type,sector,last_contribution_period',
      `${persons[40]?.ci},,${persons[40]?.dob},dependiente,publico,2020-11`,
      `${persons[40]?.ci},,${yearOff(persons[40]?.dob ?? '')},dependiente,publico,2020-11`,
      '',
    ].join('\n'),
  );
  await inDb(async (db) => {
    const s = okValue(
      await runImport(db, okValue(sourceImportSpec('afp-dependent', ASOF)), {
        filePath: file,
        actor: 'test',
        asOf: ASOF,
        rejectsDir: cli.dataDir,
      }),
    );
    assert.deepEqual([s.rowsAccepted, s.rowsQueued], [1, 1]);
    const person = await idOf(db, 40);
    const [review] = await db.query<{ id: bigint }>(
      "SELECT id FROM identity_review WHERE import_id = $1 AND status = 'pending'",
      [s.importId],
    );
    const reviewId = BigInt(review?.id ?? -1);
    const decide = (input: { reviewId: bigint; personId?: bigint }) =>
      decideIdentityReview(db, {
        ...input,
        decision: 'accept',
        officer: 'account:ana.oficial',
        at: new Date('2020-11-30T12:00:00Z'),
      });
    const twice = await decide({ reviewId, personId: person });
    assert.deepEqual(twice.ok ? undefined : twice.error, {
      code: 'identity_review_already_member',
      reviewId: String(reviewId),
      personId: String(person),
      list: 'afp-dependent',
      memberLine: '2',
    });
    assert.match(describeFailure(!twice.ok ? twice.error : never(), 'es').detail, /ya figura .* \(línea 2\)/);
    const without = await decide({ reviewId });
    assert.equal(!without.ok && without.error.code, 'identity_review_person_required');
    const unknown = await decide({ reviewId: reviewId + 1000n, personId: person });
    assert.deepEqual(unknown.ok ? undefined : unknown.error, {
      code: 'identity_review_not_found',
      reviewId: String(reviewId + 1000n),
    });
    const [after] = await db.query<{ status: string; links: number; audits: number }>(
      `SELECT (SELECT status FROM identity_review WHERE id = $1) AS status,
              (SELECT count(*)::int FROM identity_link WHERE import_id = $2) AS links,
              (SELECT count(*)::int FROM audit_entry WHERE entity_type = 'identity_review' AND entity_id = $1::text) AS audits`,
      [String(reviewId), s.importId],
    );
    assert.deepEqual(after, { status: 'pending', links: 0, audits: 0 });
  });
  // a row id that is not a number names no row, in words
  const bad = await ayni(
    ['registry', 'review', 'reject', 'x1', '--reason', 'r'],
    asOfficer(tokens[OFFICER]!),
  );
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /There is no row x1 in the identity review queue\./);
});

function never(): never {
  throw new Error('expected a refusal');
}

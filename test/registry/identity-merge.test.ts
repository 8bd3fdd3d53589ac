// Registry duplicates and their maker-checker merge (issue #23): the matcher finds the injected
// duplicate pairs (and not the CI issued twice to two people); one officer proposes, another
// approves — never the same; the survivor keeps its id, the retired person leaves the read model
// and its list memberships move to the survivor; an unmerge puts back exactly what moved; of two
// approvals at once exactly one merges; a retired person holding another programme's records
// (both paid) is refused with its reason; every step in the audit trail.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { identityMergeGuard } from '../../src/identity-merge-guard.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { seededRandom } from '../../src/registry/identity/model.ts';
import {
  decideMergeProposal,
  findDuplicates,
  listFlagsDrift,
  type MergeGuard,
  personIdsMergedInto,
  personImportSpec,
  proposeMerge,
  runImport,
  sourceImportSpec,
  survivingPersonOf,
  unmerge,
} from '../../src/registry/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

const ASOF = '2021-03-01';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';
const PERSONS = 2_000;
const DUPLICATES = 30;
const GIVEN = [
  'ana',
  'maria',
  'juan',
  'jose',
  'luis',
  'rosa',
  'carmen',
  'pedro',
  'elena',
  'victor',
  'lucia',
  'mario',
];
const SURNAMES = [
  'quispe',
  'mamani',
  'choque',
  'condori',
  'flores',
  'vargas',
  'rojas',
  'gutierrez',
  'lopez',
  'apaza',
  'ticona',
  'huanca',
  'limachi',
  'copa',
];
const ANA = 'account:ana' as const;
const EVA = 'account:eva' as const;
const LEO = 'account:leo' as const;

let t: TestDatabase;
/** The injected duplicates: the original's line and its copy's line (1-based person order). */
const injected: Array<[string, string]> = [];
const at = new Date('2021-03-02T10:00:00Z');

/** Person id by CI number and date (the import gives ids). */
async function idOf(key: string): Promise<bigint> {
  const [ci, complemento, dob] = key.split('|') as [string, string, string];
  const [row] = await t.db.query<{ id: bigint }>(
    `SELECT id FROM person WHERE ci_number = $1 AND complemento = $2 AND date_of_birth = $3::date`,
    [ci, complemento, dob],
  );
  assert.ok(row, `person ${key}`);
  return BigInt(row.id);
}

async function inReadModel(id: bigint): Promise<boolean> {
  const rows = await t.db.query(`SELECT 1 FROM registry_person WHERE id = $1`, [String(id)]);
  return rows.length === 1;
}

async function listMembers(): Promise<bigint[]> {
  const rows = await t.db.query<{ person_id: bigint }>(
    `SELECT person_id FROM source_bono_universal ORDER BY person_id`,
  );
  return rows.map((r) => BigInt(r.person_id));
}

/** A person's bits of the lists in force (migration 0065). */
async function flagsOf(id: bigint): Promise<number> {
  const [r] = await t.db.query<{ f: number }>('SELECT source_list_flags AS f FROM person WHERE id = $1', [
    String(id),
  ]);
  return Number(r?.f);
}

async function auditActions(mergeId: bigint): Promise<string[]> {
  const rows = await t.db.query<{ action: string }>(
    `SELECT action FROM audit_entry WHERE entity_type = 'identity_merge' AND entity_id = $1 ORDER BY seq`,
    [String(mergeId)],
  );
  return rows.map((r) => r.action);
}

const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

before(async () => {
  t = await createTestDatabase();
  const random = seededRandom(11);
  const lines = [HEADER];
  const rows: Array<{ ci: string; dob: string; given: string; first: string; second: string; sex: string }> =
    [];
  for (let i = 0; i < PERSONS; i++) {
    const ci = String(2_000_000 + Math.floor(random() * 7_000_000));
    const dob = `${1940 + Math.floor(random() * 60)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const row = {
      ci,
      dob,
      given: pick(random, GIVEN),
      first: pick(random, SURNAMES),
      second: pick(random, SURNAMES),
      sex: random() < 0.5 ? 'F' : 'M',
    };
    rows.push(row);
    lines.push(`${ci},,LP,${row.given},${row.first},${row.second},${dob},${row.sex},020101,BO,`);
  }
  // Duplicates: the same human registered twice, the second time with a typo in the CI (two
  // digits swapped, or one off) or a complemento added; names and date of birth the same.
  for (let i = 0; i < DUPLICATES; i++) {
    const o = rows[i] as (typeof rows)[number];
    const kind = i % 3;
    const ci =
      kind === 0 && o.ci[3] !== o.ci[4]
        ? `${o.ci.slice(0, 3)}${o.ci[4]}${o.ci[3]}${o.ci.slice(5)}`
        : kind === 1
          ? `${o.ci.slice(0, 6)}${(Number(o.ci[6]) + 1) % 10}`
          : o.ci;
    const complemento = kind === 2 || ci === o.ci ? '1A' : '';
    lines.push(`${ci},${complemento},LP,${o.given},${o.first},${o.second},${o.dob},${o.sex},020101,BO,`);
    injected.push([`${o.ci}||${o.dob}`, `${ci}|${complemento}|${o.dob}`]);
  }
  // The same CI issued twice: two people (other names, other date), not a duplicate.
  lines.push(`${rows[100]?.ci},,LP,Teodoro,Zeballos,Arce,1955-07-19,M,070101,BO,`);
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

test('the matcher finds the injected duplicate pairs, not the CI issued twice to two people', async () => {
  const started = performance.now();
  const found = await findDuplicates(t.db, ASOF, 500);
  const ms = performance.now() - started;
  const keys = new Map<bigint, string>();
  const people = await t.db.query<{ id: bigint; ci_number: string; complemento: string; dob: string }>(
    `SELECT id, ci_number, complemento, date_of_birth::text AS dob FROM person`,
  );
  for (const p of people) keys.set(BigInt(p.id), `${p.ci_number}|${p.complemento}|${p.dob}`);
  const truth = new Set(injected.map(([a, b]) => [a, b].sort().join('~')));
  const predicted = new Set(
    found.pairs.map((p) => [keys.get(p.left.id), keys.get(p.right.id)].sort().join('~')),
  );
  let hits = 0;
  for (const k of predicted) if (truth.has(k)) hits++;
  const precision = predicted.size === 0 ? 1 : hits / predicted.size;
  const recall = hits / truth.size;
  console.log(
    `registry duplicates: ${found.candidates} candidate pairs by blocking, ${found.pairs.length} at or above the review weight ${found.reviewWeight.toFixed(1)} (accept ${found.acceptWeight.toFixed(1)}); precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} against ${truth.size} injected; ${ms.toFixed(0)} ms`,
  );
  assert.ok(recall >= 0.9, `recall ${recall}`);
  assert.ok(precision >= 0.9, `precision ${precision}`);
  // the CI issued twice: the pair is a candidate by blocking (same CI) but not kept
  const teodoro = people.find((p) => p.dob === '1955-07-19');
  assert.ok(teodoro);
  assert.ok(
    !found.pairs.some((p) => p.left.id === BigInt(teodoro.id) || p.right.id === BigInt(teodoro.id)),
    'the CI issued to two people is not a duplicate',
  );
  // every kept pair carries its comparisons in words
  assert.ok(found.pairs.every((p) => typeof p.vector.ci_number === 'string' || p.vector.ci_number === null));
});

test('maker-checker merge: proposed by one officer, approved by another; the survivor keeps its id and the list membership; unmerge puts it back', async () => {
  const [original, copy] = injected[1] as [string, string];
  const [cci, ccomplemento, cdob] = copy.split('|') as [string, string, string];
  const survivor = await idOf(original);
  const retired = await idOf(copy);
  // the copy is on a list (the list named the person by the copy's CI)
  const listFile = path.join(t.dir, 'bono-universal.csv');
  await writeFile(listFile, `ci_number,complemento,date_of_birth\n${cci},${ccomplemento},${cdob}\n`);
  okValue(
    await runImport(t.db, okValue(sourceImportSpec('bono-universal', ASOF)), {
      filePath: listFile,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
  assert.deepEqual(await listMembers(), [retired]);

  const noReason = await proposeMerge(t.db, identityMergeGuard, {
    survivingPersonId: survivor,
    retiredPersonId: retired,
    reason: ' ',
    officer: ANA,
    at,
  });
  assert.equal(noReason.ok ? '' : noReason.error.code, 'identity_merge_reason_required');
  const merge = okValue(
    await proposeMerge(t.db, identityMergeGuard, {
      survivingPersonId: survivor,
      retiredPersonId: retired,
      reason: 'same names and date of birth; the CI was typed with two digits swapped',
      officer: ANA,
      at,
      weight: 30.5,
      vector: { ci_number: 'transposition' },
    }),
  );
  assert.equal(merge.status, 'proposed');
  // proposing the pair again (either way round) is refused: it waits for approval
  const again = await proposeMerge(t.db, identityMergeGuard, {
    survivingPersonId: retired,
    retiredPersonId: survivor,
    reason: 'again',
    officer: LEO,
    at,
  });
  assert.equal(again.ok ? '' : again.error.code, 'identity_merge_pending');
  // the maker cannot be the checker
  const own = await decideMergeProposal(t.db, identityMergeGuard, {
    mergeId: merge.id,
    decision: 'approve',
    reason: 'checked',
    officer: ANA,
    at,
  });
  assert.ok(!own.ok);
  assert.equal(own.error.code, 'identity_merge_own_proposal');
  assert.match(describeFailure(own.error, 'es').detail, /segundo funcionario/);
  assert.ok(await inReadModel(retired));

  const approved = okValue(
    await decideMergeProposal(t.db, identityMergeGuard, {
      mergeId: merge.id,
      decision: 'approve',
      reason: 'checked both birth certificates',
      officer: EVA,
      at,
    }),
  );
  assert.equal(approved.merge.status, 'approved');
  assert.equal(approved.moved, 1, 'the list row moved to the survivor');
  assert.equal(approved.repeated, false);
  assert.deepEqual(await listMembers(), [survivor]);
  // the survivor's row says it is on the list now, the retired person's that it is not (ADR 0017)
  assert.deepEqual([await flagsOf(survivor), await flagsOf(retired)], [1, 0]);
  assert.equal(await listFlagsDrift(t.db), 0);
  assert.equal(await inReadModel(retired), false, 'the retired person left the read model');
  assert.ok(await inReadModel(survivor));
  assert.equal(await survivingPersonOf(t.db, retired), survivor);
  assert.deepEqual(await personIdsMergedInto(t.db, survivor), [survivor, retired]);
  // a later snapshot of the list that still names the duplicate by its exact key counts for the survivor
  const other = (injected[10] as [string, string])[0];
  const [oci, , odob] = other.split('|') as [string, string, string];
  const laterFile = path.join(t.dir, 'bono-universal-later.csv');
  await writeFile(
    laterFile,
    `ci_number,complemento,date_of_birth\n${cci},${ccomplemento},${cdob}\n${oci},,${odob}\n`,
  );
  okValue(
    await runImport(t.db, okValue(sourceImportSpec('bono-universal', ASOF)), {
      filePath: laterFile,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
  const otherId = await idOf(other);
  assert.deepEqual(
    await listMembers(),
    [survivor, survivor, otherId].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  // the person row itself is kept (both histories)
  const kept = await t.db.query(`SELECT 1 FROM person WHERE id = $1`, [String(retired)]);
  assert.equal(kept.length, 1);
  // the same approval again is a repeat, not a second merge
  const repeat = okValue(
    await decideMergeProposal(t.db, identityMergeGuard, {
      mergeId: merge.id,
      decision: 'approve',
      reason: 'checked both birth certificates',
      officer: EVA,
      at,
    }),
  );
  assert.equal(repeat.repeated, true);
  // the retired person cannot be merged again, nor be a survivor
  const chained = await proposeMerge(t.db, identityMergeGuard, {
    survivingPersonId: retired,
    retiredPersonId: await idOf((injected[4] as [string, string])[0]),
    reason: 'chain',
    officer: ANA,
    at,
  });
  assert.equal(chained.ok ? '' : chained.error.code, 'identity_merge_person_retired');

  // unmerge: not by the proposer; by the checker it puts back exactly what moved
  const byMaker = await unmerge(t.db, { mergeId: merge.id, reason: 'two people', officer: ANA, at });
  assert.equal(byMaker.ok ? '' : byMaker.error.code, 'identity_merge_own_proposal');
  const undone = okValue(
    await unmerge(t.db, { mergeId: merge.id, reason: 'two brothers after all', officer: EVA, at }),
  );
  assert.equal(undone.moved, 2, 'both snapshots’ rows go back');
  assert.equal(undone.merge.status, 'unmerged');
  assert.deepEqual(
    await listMembers(),
    [retired, retired, otherId].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  assert.ok(await inReadModel(retired));
  assert.deepEqual([await flagsOf(survivor), await flagsOf(retired)], [0, 1], 'the flags went back too');
  assert.equal(await listFlagsDrift(t.db), 0);
  assert.equal(await survivingPersonOf(t.db, retired), retired);
  assert.deepEqual(await auditActions(merge.id), [
    'identity_merge.proposed',
    'identity_merge.approved',
    'identity_merge.unmerged',
  ]);
});

test('two approvals at once: exactly one merges, the other is told who did; two proposals at once: one', async () => {
  const [original, copy] = injected[2] as [string, string];
  const survivor = await idOf(original);
  const retired = await idOf(copy);
  const proposals = await Promise.all(
    [ANA, LEO].map((officer) =>
      proposeMerge(t.db, identityMergeGuard, {
        survivingPersonId: survivor,
        retiredPersonId: retired,
        reason: 'duplicate',
        officer,
        at,
      }),
    ),
  );
  assert.equal(proposals.filter((p) => p.ok).length, 1, 'one proposal of the pair');
  const refused = proposals.find((p) => !p.ok);
  assert.equal(refused && !refused.ok ? refused.error.code : '', 'identity_merge_pending');
  const merge = proposals.find((p) => p.ok);
  assert.ok(merge?.ok);
  const proposer = merge.value.proposedBy;
  const checkers = ['account:eva', 'account:rui'];
  const decisions = await Promise.all(
    checkers.map((officer) =>
      decideMergeProposal(t.db, identityMergeGuard, {
        mergeId: merge.value.id,
        decision: 'approve',
        reason: `approved by ${officer}`,
        officer: officer as `account:${string}`,
        at,
      }),
    ),
  );
  assert.notEqual(proposer, 'account:eva');
  const wins = decisions.filter((d) => d.ok);
  assert.equal(wins.length, 1, 'exactly one approval merges');
  const lost = decisions.find((d) => !d.ok);
  assert.ok(lost && !lost.ok);
  assert.equal(lost.error.code, 'identity_merge_decided');
  assert.match(describeFailure(lost.error, 'en').detail, /account:(eva|rui)/);
  const approvals = await t.db.query(
    `SELECT 1 FROM identity_merge WHERE retired_person_id = $1 AND status = 'approved'`,
    [String(retired)],
  );
  assert.equal(approvals.length, 1);
  assert.deepEqual(await auditActions(merge.value.id), [
    'identity_merge.proposed',
    'identity_merge.approved',
  ]);
});

test('a retired person holding another programme’s records is refused with the reason; both paid asks for a recovery first', async () => {
  const [original, copy] = injected[3] as [string, string];
  const survivor = await idOf(original);
  const retired = await idOf(copy);
  const bothPaid: MergeGuard = async () => ({
    surviving: [{ kind: 'bono_payment', reference: 'round 1' }],
    retired: [{ kind: 'bono_payment', reference: 'round 1' }],
  });
  const refused = await proposeMerge(t.db, bothPaid, {
    survivingPersonId: survivor,
    retiredPersonId: retired,
    reason: 'duplicate',
    officer: ANA,
    at,
  });
  assert.ok(!refused.ok);
  assert.equal(refused.error.code, 'identity_merge_records_conflict');
  assert.match(describeFailure(refused.error, 'en').detail, /Both persons were paid.*recovery/);
  assert.match(describeFailure(refused.error, 'es').detail, /doble pago/);
  // only the retired one holds a dose: merge the other way round
  const dose: MergeGuard = async (_tx, { retired: r }) => ({
    surviving: [],
    retired: r.id === retired ? [{ kind: 'vaccination_dose', reference: 'sinopharm 2021-03-01' }] : [],
  });
  const wrongWay = await proposeMerge(t.db, dose, {
    survivingPersonId: survivor,
    retiredPersonId: retired,
    reason: 'duplicate',
    officer: ANA,
    at,
  });
  assert.ok(!wrongWay.ok);
  assert.match(describeFailure(wrongWay.error, 'en').detail, /other way round/);
  const rightWay = okValue(
    await proposeMerge(t.db, dose, {
      survivingPersonId: retired,
      retiredPersonId: survivor,
      reason: 'duplicate: keep the vaccinated record',
      officer: ANA,
      at,
    }),
  );
  // a payment recorded between the proposal and the approval: the approval checks again
  const paidSince: MergeGuard = async () => ({
    surviving: [],
    retired: [{ kind: 'bono_payment', reference: 'round 2' }],
  });
  const late = await decideMergeProposal(t.db, paidSince, {
    mergeId: rightWay.id,
    decision: 'approve',
    reason: 'ok',
    officer: EVA,
    at,
  });
  assert.equal(late.ok ? '' : late.error.code, 'identity_merge_records_conflict');
  const rejected = okValue(
    await decideMergeProposal(t.db, paidSince, {
      mergeId: rightWay.id,
      decision: 'reject',
      reason: 'a payment was recorded since',
      officer: EVA,
      at,
    }),
  );
  assert.equal(rejected.merge.status, 'rejected');
  assert.deepEqual(await auditActions(rightWay.id), ['identity_merge.proposed', 'identity_merge.rejected']);
});

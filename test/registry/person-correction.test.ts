import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Actor, auditEntriesAfter, auditHead, verifyAuditChain } from '../../src/audit/index.ts';
import {
  correctPerson,
  findPersonById,
  listFlagsDrift,
  type PersonCorrectionFailure,
  type PersonCorrectionResult,
} from '../../src/registry/index.ts';
import type { Result } from '../../src/shared/failure.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertFixture } from '../rules/registry-fixture.ts';

/**
 * The registry's correction of a person (issue #15 §1): the one way another domain changes a
 * `person` row. It checks the values as the persons file would, updates the row under an import run
 * of kind `person-correction`, keeps person_history and writes the audit entry `person.corrected`;
 * a refused correction writes nothing.
 */

let t: TestDatabase;
let ids: bigint[];
const officer: Actor = 'account:ana';
const at = new Date('2020-12-10T14:00:00Z');
const base = { sex: 'F', municipality_code: '020101', residence_country: 'BO', date_of_death: null };

before(async () => {
  t = await createTestDatabase();
  ids = await insertFixture(t.db, [
    {
      facts: {
        attributes: { ...base, ci_number: '7654321', complemento: '', date_of_birth: '1950-03-01' },
        lists: { disability: { degree: 'grave', disability_type: 'visual' } },
      },
    },
    {
      facts: { attributes: { ...base, ci_number: '7654321', complemento: '', date_of_birth: '1951-04-02' } },
    },
  ]);
});

after(async () => {
  await t?.dispose();
});

/** Rows a correction writes, counted, so a refusal can be shown to write none. */
async function written(): Promise<{ history: number; runs: number; audit: bigint }> {
  const [h] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM person_history');
  const [r] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM import_run WHERE kind = 'person-correction'`,
  );
  return { history: h!.n, runs: r!.n, audit: (await auditHead(t.db)).seq };
}

describe('registry person correction', () => {
  test('updates the person, keeps every correctable value in person_history and audits the change', async () => {
    const from = (await auditHead(t.db)).seq;
    const corrected = await t.db.transaction((tx) =>
      correctPerson(tx, {
        personId: ids[0]!,
        correction: { dateOfBirth: '1950-03-11', givenNames: 'Juana' },
        fileName: 'grievance K7QM-3HXA-PW9C',
        cause: { grievance: 'K7QM-3HXA-PW9C' },
        actor: officer,
        at,
      }),
    );
    assert.ok(corrected.ok, corrected.ok ? '' : corrected.error.code);
    const result = corrected.value;
    assert.deepEqual(result.before, { given_names: 'Prueba', date_of_birth: '1950-03-01' });
    assert.deepEqual(result.after, { given_names: 'Juana', date_of_birth: '1950-03-11' });

    const person = (await findPersonById(t.db, ids[0]!))!;
    assert.equal(person.dateOfBirth, '1950-03-11');
    assert.equal(person.givenNames, 'Juana');

    const [h] = await t.db.query<{
      import_id: bigint;
      old_values: Record<string, unknown>;
      new_values: Record<string, unknown>;
      kind: string;
      file_name: string;
      updated_import_id: bigint;
    }>(
      `SELECT h.import_id, h.old_values, h.new_values, r.kind, r.file_name, p.updated_import_id
       FROM person_history h JOIN import_run r ON r.id = h.import_id JOIN person p ON p.id = h.person_id
       WHERE h.person_id = $1`,
      [ids[0]!],
    );
    assert.equal(h!.import_id, result.importId);
    assert.equal(h!.updated_import_id, result.importId);
    assert.equal(h!.kind, 'person-correction');
    assert.equal(h!.file_name, 'grievance K7QM-3HXA-PW9C');
    assert.equal(h!.old_values['date_of_birth'], '1950-03-01');
    assert.equal(h!.new_values['date_of_birth'], '1950-03-11');
    assert.equal(h!.new_values['municipality_code'], '020101', 'every correctable value is kept');

    const audit = await auditEntriesAfter(t.db, from, 10);
    assert.deepEqual(
      audit.map((e) => [e.action, e.entityType, e.actor]),
      [['person.corrected', 'person', officer]],
    );
    assert.deepEqual(audit[0]!.before, { given_names: 'Prueba', date_of_birth: '1950-03-01' });
    assert.deepEqual(audit[0]!.after, {
      given_names: 'Juana',
      date_of_birth: '1950-03-11',
      importId: result.importId.toString(),
      grievance: 'K7QM-3HXA-PW9C',
    });
    assert.equal((await verifyAuditChain(t.db)).ok, true);
    // The person's list memberships in force stay on the corrected row (migration 0065).
    const [f] = await t.db.query<{ f: number }>('SELECT source_list_flags AS f FROM person WHERE id = $1', [
      ids[0]!,
    ]);
    assert.equal(f!.f, 16, 'on the disability list, degree grave');
    assert.equal(await listFlagsDrift(t.db), 0);
  });

  test('refuses what the persons file would refuse, a correction that changes nothing, and a key another person holds, writing nothing', async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ dateOfBirth: '1950-02-30' }, 'correction_invalid'],
      [{ municipalityCode: '999999' }, 'correction_invalid'],
      [{ givenNames: 7 }, 'correction_invalid'],
      [{ givenNames: 'Juana' }, 'correction_changes_nothing'],
      [{ dateOfBirth: '1951-04-02' }, 'correction_key_taken'],
    ];
    const before = await written();
    for (const [correction, code] of refusals) {
      const r: Result<PersonCorrectionResult, PersonCorrectionFailure> = await t.db.transaction((tx) =>
        correctPerson(tx, {
          personId: ids[0]!,
          correction,
          fileName: 'grievance K7QM-3HXA-PW9C',
          cause: { grievance: 'K7QM-3HXA-PW9C' },
          actor: officer,
          at,
        }),
      );
      assert.equal(r.ok ? 'ok' : r.error.code, code, `${JSON.stringify(correction)} → ${code}`);
    }
    // The fields a refusal carries: the value that is not text, and the person whose key it would take.
    const notText = await t.db.transaction((tx) =>
      correctPerson(tx, {
        personId: ids[0]!,
        correction: { givenNames: 7 } as never,
        fileName: 'x',
        cause: {},
        actor: officer,
        at,
      }),
    );
    assert.deepEqual(notText, { ok: false, error: { code: 'correction_invalid', field: 'givenNames' } });
    const taken = await t.db.transaction((tx) =>
      correctPerson(tx, {
        personId: ids[0]!,
        correction: { dateOfBirth: '1951-04-02' },
        fileName: 'x',
        cause: {},
        actor: officer,
        at,
      }),
    );
    assert.deepEqual(taken, {
      ok: false,
      error: {
        code: 'correction_key_taken',
        otherPersonId: ids[1]!.toString(),
        ciNumber: '7654321',
        complemento: '',
        dateOfBirth: '1951-04-02',
      },
    });
    assert.deepEqual(await written(), before);
    assert.equal((await findPersonById(t.db, ids[0]!))!.dateOfBirth, '1950-03-11');
  });
});

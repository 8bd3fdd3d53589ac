import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  countPersonsWithCi,
  findPersonById,
  findPersonByKey,
  findPersonsByCi,
  listsOfPerson,
  listsOfPersonFromJson,
  listsOfPersonJson,
  listValuesBetween,
  listValuesByName,
  type MembershipRow,
  personsAfter,
  SOURCE_LIST_BY_NAME,
  SOURCE_LISTS,
} from '../../src/registry/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertFixture } from '../rules/registry-fixture.ts';

/**
 * The registry's one person mapper and one list-membership query (issue #15 §1): what every other
 * domain reads a person and their lists through.
 */

let t: TestDatabase;
let ids: bigint[];

const base = { sex: 'F', municipality_code: '020101', residence_country: 'BO', date_of_death: null };

before(async () => {
  t = await createTestDatabase();
  ids = await insertFixture(t.db, [
    {
      facts: {
        attributes: { ...base, ci_number: '4567890', complemento: '', date_of_birth: '1950-03-01' },
        lists: {
          'bank-accounts': { bank_bic: 'BUNIBOLX', account_number: '12345678' },
          disability: { degree: 'grave', disability_type: 'visual' },
          'bono-universal': {},
          'death-pension-survivors': { survivor_degree: 2 },
          'afp-dependent': {
            contributor_type: 'dependiente',
            sector: 'publico',
            last_contribution_period: '2020-06-01',
          },
        },
      },
      // Only on an older snapshot: not a list the person is on today.
      stale: { 'juana-azurduy': {} },
    },
    {
      facts: {
        attributes: {
          ...base,
          sex: 'M',
          ci_number: '4567890',
          complemento: '1A',
          date_of_birth: '1961-12-31',
        },
        lists: {},
      },
    },
  ]);
});

after(async () => {
  await t?.dispose();
});

describe('registry persons', () => {
  test('a person is found by the triple and by id, mapped the same way', async () => {
    const byKey = await findPersonByKey(t.db, {
      ciNumber: '4567890',
      complemento: '',
      dateOfBirth: '1950-03-01',
    });
    assert.deepEqual(byKey, {
      id: ids[0],
      ciNumber: '4567890',
      complemento: '',
      expedition: null,
      givenNames: 'Prueba',
      firstSurname: 'Fixture',
      secondSurname: '',
      dateOfBirth: '1950-03-01',
      sex: 'F',
      municipalityCode: '020101',
      departmentCode: 2,
      residenceCountry: 'BO',
      dateOfDeath: null,
    });
    assert.deepEqual(await findPersonById(t.db, ids[0]!), byKey);
    await t.db.transaction(async (tx) => {
      assert.deepEqual(await findPersonById(tx, ids[0]!, { forUpdate: true }), byKey);
    });
    assert.equal(
      await findPersonByKey(t.db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1950-03-02' }),
      null,
    );
    assert.equal(await findPersonById(t.db, 999_999_999n), null);
  });

  test('persons who share a CI number are listed by complemento and counted', async () => {
    const both = await findPersonsByCi(t.db, '4567890', 10);
    assert.deepEqual(
      both.map((p) => [p.complemento, p.dateOfBirth]),
      [
        ['', '1950-03-01'],
        ['1A', '1961-12-31'],
      ],
    );
    assert.equal((await findPersonsByCi(t.db, '4567890', 1)).length, 1);
    assert.equal(await countPersonsWithCi(t.db, '4567890'), 2);
    assert.equal(await countPersonsWithCi(t.db, '1111111'), 0);
    assert.deepEqual(
      (await personsAfter(t.db, 0n, 10)).map((p) => p.id),
      [...ids].sort((a, b) => (a < b ? -1 : 1)),
    );
  });

  test('the lists a person is on today: the snapshot in force only, in catalogue order', async () => {
    const lists = await listsOfPerson(t.db, ids[0]!);
    const order = SOURCE_LISTS.map((l) => l.name);
    assert.deepEqual(
      lists.map((m) => m.list),
      ['bono-universal', 'disability', 'afp-dependent', 'death-pension-survivors', 'bank-accounts'].sort(
        (a, b) => order.indexOf(a) - order.indexOf(b),
      ),
    );
    assert.deepEqual(listValuesByName(lists), {
      'bono-universal': {},
      disability: { degree: 'grave', disability_type: 'visual' },
      'afp-dependent': {
        contributor_type: 'dependiente',
        sector: 'publico',
        last_contribution_period: '2020-06-01',
      },
      'death-pension-survivors': { survivor_degree: 2 },
      'bank-accounts': { bank_bic: 'BUNIBOLX', account_number: '12345678' },
    });
    for (const m of lists) {
      assert.equal(typeof m.importId, 'bigint');
      assert.equal(m.lineNumber, 2n);
    }
    assert.deepEqual(await listsOfPerson(t.db, ids[1]!), []);
  });

  test('the one-round-trip form of the membership query gives the same memberships', async () => {
    for (const id of ids) {
      const [row] = await t.db.query<{ lists: MembershipRow[] }>(
        `SELECT ${listsOfPersonJson('p.id')} AS lists FROM person p WHERE p.id = $1`,
        [id.toString()],
      );
      assert.deepEqual(listsOfPersonFromJson(row!.lists), await listsOfPerson(t.db, id));
    }
  });

  test('a walk over the registry reads a list in force by id range', async () => {
    const rows = await listValuesBetween(t.db, SOURCE_LIST_BY_NAME.get('disability')!, ids[0]!, ids[1]!);
    assert.deepEqual(rows, [{ personId: ids[0], values: { degree: 'grave', disability_type: 'visual' } }]);
    assert.deepEqual(
      await listValuesBetween(t.db, SOURCE_LIST_BY_NAME.get('juana-azurduy')!, ids[0]!, ids[1]!),
      [],
    );
  });
});

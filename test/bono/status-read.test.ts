import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { citizenStatus, type PersonTriple } from '../../src/bono/index.ts';
import type { Sql } from '../../src/db/database.ts';
import { seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The citizen look-up split for replicas (issue #22, src/bono/status.ts): admitted on the primary
 * (`sql`), read from `read`. Here `read` is another database: one that is not there (the read goes
 * to it, the admission does not), and one that has no persons yet — a replica behind a registry
 * addition — from which a found person is read again on the primary, with the same answer.
 * test/replication/lookups.test.ts does the same on a real standby.
 */

const at = new Date('2021-02-01T15:00:00Z');

/** A `read` that answers nothing: every statement sent to it fails, saying so. */
const unreachable: Sql = {
  query: () => Promise.reject(new Error('read on the replica')),
  queryEach: () => Promise.reject(new Error('read on the replica')),
  exec: () => Promise.reject(new Error('read on the replica')),
  copyFrom: () => Promise.reject(new Error('read on the replica')),
} as unknown as Sql;

describe('the citizen look-up: admitted on the primary, read from another server', () => {
  let t: TestDatabase;
  let behind: TestDatabase;
  let entitled: PersonTriple;
  before(async () => {
    t = await createTestDatabase();
    behind = await createTestDatabase();
    await seedCountryWithRound(t.db, t.dir, 1_200);
    const [r] = await t.db.query<{ ci: string; c: string; dob: string }>(
      `SELECT ci_number AS ci, complemento AS c, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM person p
       WHERE EXISTS (SELECT 1 FROM bono_entitlement e WHERE e.person_id = p.id) ORDER BY id LIMIT 1`,
    );
    entitled = { ciNumber: r!.ci, complemento: r!.c, dateOfBirth: r!.dob };
  });
  after(async () => {
    await behind.dispose();
    await t.dispose();
  });

  it('reads what the answer shows from `read`, and only that', async () => {
    await assert.rejects(
      citizenStatus(t.db, entitled, { at, clientKey: '10.5.0.1', lang: 'es', read: unreachable }),
      /read on the replica/,
    );
    // A triple that names nobody is answered by the admission alone, on the primary.
    const nobody = await citizenStatus(
      t.db,
      { ...entitled, dateOfBirth: '1901-01-01' },
      { at, clientKey: '10.5.0.1', lang: 'es', read: unreachable },
    );
    assert.equal(nobody.outcome, 'not_found');
  });

  it('reads a found person again on the primary when `read` does not have them yet', async () => {
    const fromPrimary = await citizenStatus(t.db, entitled, { at, clientKey: '10.5.0.2', lang: 'es' });
    assert.equal(fromPrimary.outcome, 'found');
    const fromBehind = await citizenStatus(t.db, entitled, {
      at,
      clientKey: '10.5.0.2',
      lang: 'es',
      read: behind.db,
    });
    assert.deepEqual(fromBehind, fromPrimary);
  });
});

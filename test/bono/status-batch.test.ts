import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CitizenStatus,
  citizenStatus,
  type LookupLimits,
  type PersonTriple,
} from '../../src/bono/index.ts';
import type { Sql } from '../../src/db/database.ts';
import { seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * Look-ups that arrive together are counted and read together (issue #17, src/bono/status.ts): one
 * statement for a batch, each look-up in it counted as if sent after the ones before it. What a
 * batch answers must be what the same look-ups sent one after another answer.
 */

const at = new Date('2021-02-01T15:00:00Z');
const limits: LookupLimits = {
  perClient: 50,
  perCiAndClient: 3,
  windowSeconds: 900,
  lockSeconds: 900,
  perCi: 6,
  ciWindowSeconds: 86_400,
  ciLockSeconds: 86_400,
};

/** `db`, counting the statements sent through it. */
function counting(db: Sql): { sql: Sql; statements: () => number } {
  let n = 0;
  const sql = new Proxy(db, {
    get(target, prop) {
      if (prop === 'query')
        return (text: string, params?: readonly unknown[]) => {
          n++;
          return target.query(text, params);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { sql, statements: () => n };
}

const outcomes = (answers: CitizenStatus[]) => answers.map((a) => a.outcome);

describe('citizen look-ups that arrive together', () => {
  let t: TestDatabase;
  let persons: PersonTriple[];
  before(async () => {
    t = await createTestDatabase();
    await seedCountryWithRound(t.db, t.dir, 1_200);
    persons = (
      await t.db.query<{ ci: string; c: string; dob: string }>(
        `SELECT ci_number AS ci, complemento AS c, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM person p
         WHERE (SELECT count(*) FROM person q WHERE q.ci_number = p.ci_number) = 1
         ORDER BY id LIMIT 40`,
      )
    ).map((r) => ({ ciNumber: r.ci, complemento: r.c, dateOfBirth: r.dob }));
    assert.equal(persons.length, 40);
    // The round's calendar is read once per process, by the first look-up that shows it.
    await citizenStatus(t.db, persons[39]!, { at, clientKey: '10.7.9.9', lang: 'es', limits });
  });
  after(() => t.dispose());

  it('are answered by one statement for the batch, as each would be alone', async () => {
    const { sql, statements } = counting(t.db);
    const together = await Promise.all(
      persons.map((p) => citizenStatus(sql, p, { at, clientKey: '10.7.0.1', lang: 'es', limits })),
    );
    assert.equal(statements(), 1, 'one statement for 40 look-ups sent at once');
    const alone: CitizenStatus[] = [];
    for (const p of persons)
      alone.push(await citizenStatus(t.db, p, { at, clientKey: '10.7.0.2', lang: 'es', limits }));
    assert.deepEqual(together, alone);
    assert.ok(together.every((a) => a.outcome === 'found'));
  });

  it('count each look-up of a batch after the ones before it: guesses lock out a right triple sent after them', async () => {
    const [owner, other] = [persons[0]!, persons[1]!];
    const wrong = (day: number) => ({ ...owner, dateOfBirth: `1901-01-0${day}` });
    // From one address, in this order: another person's right triple, three wrong dates of birth
    // for the owner's CI (its limit at one address), then the owner's right one.
    const burst = [other, wrong(1), wrong(2), wrong(3), owner];
    const { sql, statements } = counting(t.db);
    const answers = await Promise.all(
      burst.map((p) => citizenStatus(sql, p, { at, clientKey: '10.7.1.1', lang: 'es', limits })),
    );
    // One statement reads the counts and finds failures to count; a second counts the batch.
    assert.equal(statements(), 2);
    assert.deepEqual(outcomes(answers), ['found', 'not_found', 'not_found', 'not_found', 'rate_limited']);
    // The same, one after another from a clean address, is answered the same.
    const alone: CitizenStatus['outcome'][] = [];
    for (const p of [persons[2]!, ...burst.slice(1)])
      alone.push((await citizenStatus(t.db, p, { at, clientKey: '10.7.1.2', lang: 'es', limits })).outcome);
    assert.deepEqual(alone, outcomes(answers));
  });

  it('are refused in one statement, without counting, while a key is locked — the right triple too', async () => {
    const owner = persons[3]!;
    const wrong = (day: number) => ({ ...owner, dateOfBirth: `1901-03-0${day}` });
    for (const day of [1, 2, 3])
      await citizenStatus(t.db, wrong(day), { at, clientKey: '10.7.3.1', lang: 'es', limits });
    // The owner's CI is locked at this address; other persons are answered from it.
    const { sql, statements } = counting(t.db);
    const later = new Date(at.getTime() + 1000);
    const answers = await Promise.all(
      [owner, persons[4]!, owner, persons[5]!].map((p) =>
        citizenStatus(sql, p, { at: later, clientKey: '10.7.3.1', lang: 'es', limits }),
      ),
    );
    assert.equal(statements(), 1);
    assert.deepEqual(outcomes(answers), ['rate_limited', 'found', 'rate_limited', 'found']);
    assert.deepEqual(
      answers.filter((a) => a.outcome === 'rate_limited').map((a) => a.retryAfterSeconds),
      [899, 899],
    );
    // Once the lock is served, the owner is answered again.
    const served = new Date(at.getTime() + 901_000);
    const again = await citizenStatus(t.db, owner, { at: served, clientKey: '10.7.3.1', lang: 'es', limits });
    assert.equal(again.outcome, 'found');
  });

  it('are counted together on the primary when their answers are read from another server', async () => {
    const { sql: primary, statements: onPrimary } = counting(t.db);
    const { sql: read, statements: onRead } = counting(t.db);
    const sample = persons.slice(10, 30);
    const answers = await Promise.all(
      [...sample, { ...sample[0]!, dateOfBirth: '1901-02-01' }].map((p) =>
        citizenStatus(primary, p, { at, clientKey: '10.7.2.1', lang: 'en', limits, read }),
      ),
    );
    assert.deepEqual(outcomes(answers), [...sample.map(() => 'found'), 'not_found']);
    assert.equal(onPrimary(), 1, 'one admission for the batch');
    assert.equal(onRead(), 1, 'one read for the found look-ups');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  approveRound,
  citizenStatus,
  createRound,
  type LookupLimits,
  PayoutDesk,
  type PersonTriple,
} from '../../src/bono/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const at = new Date('2021-02-01T15:00:00Z');
const limits: LookupLimits = { perClient: 4, perCi: 3, windowSeconds: 900, lockSeconds: 900 };

describe('citizen status look-up', () => {
  let t: TestDatabase;
  let entitled: PersonTriple;
  let notEntitled: PersonTriple;
  before(async () => {
    t = await createTestDatabase();
    await seedCountry(t.db, t.dir, 1_200);
    const created = new Date('2020-11-30T14:00:00Z');
    await createRound(t.db, { asOf: '2020-12-01', kind: 'regular', actor: 'account:ana', at: created });
    await approveRound(t.db, { roundId: 1, actor: 'account:beto', at: created });
    const triple = async (where: string) => {
      const [r] = await t.db.query<{ ci: string; c: string; dob: string }>(
        `SELECT ci_number AS ci, complemento AS c, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM person p WHERE ${where} ORDER BY id LIMIT 1`,
      );
      return { ciNumber: r!.ci, complemento: r!.c, dateOfBirth: r!.dob };
    };
    entitled = await triple(
      `EXISTS (SELECT 1 FROM bono_entitlement e WHERE e.person_id = p.id AND e.channel = 'counter')`,
    );
    notEntitled = await triple(
      `NOT EXISTS (SELECT 1 FROM bono_entitlement e WHERE e.person_id = p.id) AND date_of_birth < '2002-01-01'`,
    );
  });
  after(() => t.dispose());

  it('tells an entitled citizen why, when and how much, then where they were paid', async () => {
    const s = await citizenStatus(t.db, entitled, { at, clientKey: '10.0.0.1', lang: 'es', limits });
    assert.equal(s.outcome, 'found');
    if (s.outcome !== 'found') return;
    assert.equal(s.eligible, true);
    assert.equal(s.amountCentavos, 100_000n);
    assert.equal(s.collectableToday, true);
    assert.ok(s.reasons.length >= 2 && s.reasons.every((r) => /[a-záéíóúñ]/i.test(r)), s.reasons.join(' | '));
    const desk = new PayoutDesk(t.db);
    await desk.pay({
      bankBic: 'BUNIBOLX',
      idempotencyKey: 'status-test-01',
      person: entitled,
      paymentPoint: 'Agencia Central',
      at,
      actor: 'credential:x',
    });
    await desk.close();
    const paid = await citizenStatus(t.db, entitled, { at, clientKey: '10.0.0.1', lang: 'en', limits });
    assert.equal(paid.outcome === 'found' && paid.payment?.bankName, 'Banco Unión');
    assert.equal(paid.outcome === 'found' && paid.payment?.paymentPoint, 'Agencia Central');
    assert.equal(paid.outcome === 'found' && paid.collectableToday, false);
  });

  it('explains a refusal from the rule trace, in Spanish and English', async () => {
    const es = await citizenStatus(t.db, notEntitled, { at, clientKey: '10.0.0.2', lang: 'es', limits });
    assert.equal(es.outcome === 'found' && es.eligible, false);
    assert.ok(
      es.outcome === 'found' && es.reasons.some((r) => /no cumple|no figura|no tiene/i.test(r)),
      JSON.stringify(es),
    );
    const en = await citizenStatus(t.db, notEntitled, { at, clientKey: '10.0.0.2', lang: 'en', limits });
    assert.notDeepEqual(en.outcome === 'found' && en.reasons, es.outcome === 'found' && es.reasons);
  });

  it('reveals nothing without the full triple and rate-limits guessing', async () => {
    const wrong = { ...entitled, dateOfBirth: '1901-01-01' };
    const unknown = { ciNumber: '98765432', complemento: '', dateOfBirth: '1980-01-01' };
    assert.deepEqual(await citizenStatus(t.db, wrong, { at, clientKey: '10.0.0.3', lang: 'es', limits }), {
      outcome: 'not_found',
    });
    assert.deepEqual(await citizenStatus(t.db, unknown, { at, clientKey: '10.0.0.3', lang: 'es', limits }), {
      outcome: 'not_found',
    });
    // Three failures for one CI lock that CI, even from another address, even with the right date.
    await citizenStatus(t.db, wrong, { at, clientKey: '10.0.0.4', lang: 'es', limits });
    await citizenStatus(t.db, wrong, { at, clientKey: '10.0.0.5', lang: 'es', limits });
    const locked = await citizenStatus(t.db, entitled, { at, clientKey: '10.0.0.6', lang: 'es', limits });
    assert.equal(locked.outcome, 'rate_limited');
    assert.ok(
      locked.outcome === 'rate_limited' && locked.retryAfterSeconds > 0 && locked.retryAfterSeconds <= 900,
    );
    // After the lock, it answers again.
    const later = new Date(at.getTime() + 901_000);
    assert.equal(
      (await citizenStatus(t.db, entitled, { at: later, clientKey: '10.0.0.6', lang: 'es', limits })).outcome,
      'found',
    );
    // A client address that keeps failing on different CIs is locked too.
    for (let i = 0; i < 4; i++)
      await citizenStatus(
        t.db,
        { ciNumber: `5550000${i}`, complemento: '', dateOfBirth: '1970-01-01' },
        { at, clientKey: '10.0.0.9', lang: 'es', limits },
      );
    assert.equal(
      (await citizenStatus(t.db, notEntitled, { at, clientKey: '10.0.0.9', lang: 'es', limits })).outcome,
      'rate_limited',
    );
  });
});

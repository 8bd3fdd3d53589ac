import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CitizenStatus,
  citizenStatus,
  type LookupLimits,
  PayoutDesk,
  type PersonTriple,
} from '../../src/bono/index.ts';
import { seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const at = new Date('2021-02-01T15:00:00Z');
const limits: LookupLimits = {
  perClient: 4,
  perCiAndClient: 3,
  windowSeconds: 900,
  lockSeconds: 900,
  perCi: 6,
  ciWindowSeconds: 86_400,
  ciLockSeconds: 86_400,
};

/** `n` dates of birth to guess, one a day from 1 Jan 1950, with the right one in position `rightAt`. */
function guesses(person: PersonTriple, n: number, rightAt: number): PersonTriple[] {
  const wrong = Array.from({ length: n + 1 }, (_, i) =>
    new Date(Date.UTC(1950, 0, 1 + i)).toISOString().slice(0, 10),
  ).filter((d) => d !== person.dateOfBirth);
  return wrong
    .slice(0, n)
    .map((d, i) => ({ ...person, dateOfBirth: i === rightAt ? person.dateOfBirth : d }));
}

/**
 * The persons the look-ups below explain, as the seeded country (seed 7, 1,200 persons) has them:
 * the first with a counter payment, and the first adult with no entitlement (abroad, on no included
 * group's list). Their reasons are written out in full below.
 */
const ENTITLED: PersonTriple = { ciNumber: '9862774', complemento: '', dateOfBirth: '1999-08-03' };
const NOT_ENTITLED: PersonTriple = { ciNumber: '3049551', complemento: '', dateOfBirth: '1999-10-13' };
const SEEDED_COUNTRY_CHANGED =
  'the seeded country changed: write out the reasons the newly chosen person is given';

const count = (answers: CitizenStatus[], outcome: CitizenStatus['outcome']) =>
  answers.filter((a) => a.outcome === outcome).length;

describe('citizen status look-up', () => {
  let t: TestDatabase;
  let entitled: PersonTriple;
  let notEntitled: PersonTriple;
  /** Entitled persons of their own for the guessing tests, each guessed at by a different scenario. */
  let targets: PersonTriple[];
  before(async () => {
    t = await createTestDatabase();
    await seedCountryWithRound(t.db, t.dir, 1_200);
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
    targets = (
      await t.db.query<{ ci: string; c: string; dob: string }>(
        `SELECT ci_number AS ci, complemento AS c, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM person p
         WHERE EXISTS (SELECT 1 FROM bono_entitlement e WHERE e.person_id = p.id)
           AND (SELECT count(*) FROM person q WHERE q.ci_number = p.ci_number) = 1
           AND ci_number <> $1
         ORDER BY id DESC LIMIT 4`,
        [entitled.ciNumber],
      )
    ).map((r) => ({ ciNumber: r.ci, complemento: r.c, dateOfBirth: r.dob }));
    assert.equal(targets.length, 4);
  });
  after(() => t.dispose());

  it('tells an entitled citizen why, when and how much, then where they were paid', async () => {
    const s = await citizenStatus(t.db, entitled, { at, clientKey: '10.0.0.1', lang: 'es', limits });
    assert.equal(s.outcome, 'found');
    if (s.outcome !== 'found') return;
    assert.equal(s.eligible, true);
    assert.equal(s.amountCentavos, 100_000n);
    assert.equal(s.collectableToday, true);
    assert.deepEqual(entitled, ENTITLED, SEEDED_COUNTRY_CHANGED);
    assert.deepEqual(s.reasons, [
      'Cumple todas las condiciones y no está excluido.',
      'El registro indica residencia en Bolivia.',
      'Tenía 21 años al 16 de septiembre de 2020; se exige tener 18 años o más.',
      'Tenía 21 años al 1 de marzo de 2021; se exige ser menor de 60.',
      'No hay fecha de defunción registrada (regla administrativa de ayni, no de DS 4392).',
      'Pertenece al menos a uno de los grupos beneficiarios.',
      'No figura en ninguna lista de exclusión.',
    ]);
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
    // Being paid changes nothing in why the person is entitled; in English, the same reasons.
    assert.deepEqual(paid.outcome === 'found' && paid.reasons, [
      'Meets every condition and is not excluded.',
      'The registry records residence in Bolivia.',
      'Aged 21 on 16 September 2020; the law requires 18 or over.',
      'Aged 21 on 1 March 2021; must be under 60.',
      'No date of death is recorded (an administrative rule of ayni, not of DS 4392).',
      'Belongs to at least one included group.',
      'Is on no exclusion list.',
    ]);
  });

  it('explains a refusal from the rule trace, in Spanish and English', async () => {
    assert.deepEqual(notEntitled, NOT_ENTITLED, SEEDED_COUNTRY_CHANGED);
    const es = await citizenStatus(t.db, notEntitled, { at, clientKey: '10.0.0.2', lang: 'es', limits });
    assert.equal(es.outcome === 'found' && es.eligible, false);
    // Two conditions fail (residence abroad, no included group); every condition is listed.
    assert.deepEqual(es.outcome === 'found' && es.reasons, [
      'No tiene derecho: al menos una condición no se cumple o está excluido (ver abajo).',
      'El registro indica residencia fuera de Bolivia (ES); el bono es para quienes residen en el país.',
      'Tenía 20 años al 16 de septiembre de 2020; se exige tener 18 años o más.',
      'Tenía 21 años al 1 de marzo de 2021; se exige ser menor de 60.',
      'No hay fecha de defunción registrada (regla administrativa de ayni, no de DS 4392).',
      'No figura en ninguna de las listas de grupos beneficiarios (Bono Universal, Juana Azurduy, discapacidad, IBC, asegurados independientes del SIP).',
      'No figura en ninguna lista de exclusión.',
    ]);
    const en = await citizenStatus(t.db, notEntitled, { at, clientKey: '10.0.0.2', lang: 'en', limits });
    assert.deepEqual(en.outcome === 'found' && en.reasons, [
      'Not eligible: at least one condition is not met, or an exclusion applies (see below).',
      'The registry records residence outside Bolivia (ES); the bono is for residents.',
      'Aged 20 on 16 September 2020; the law requires 18 or over.',
      'Aged 21 on 1 March 2021; must be under 60.',
      'No date of death is recorded (an administrative rule of ayni, not of DS 4392).',
      'Is on none of the included groups’ lists (Bono Universal, Juana Azurduy, disability, IBC, SIP independent insured).',
      'Is on no exclusion list.',
    ]);
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
    // Three failures for one CI from one address lock that CI for that address, even with the
    // right date; the owner at another address still gets the answer.
    for (let i = 0; i < 3; i++)
      await citizenStatus(t.db, wrong, { at, clientKey: '10.0.0.4', lang: 'es', limits });
    const locked = await citizenStatus(t.db, entitled, { at, clientKey: '10.0.0.4', lang: 'es', limits });
    assert.equal(locked.outcome, 'rate_limited');
    assert.ok(
      locked.outcome === 'rate_limited' && locked.retryAfterSeconds > 0 && locked.retryAfterSeconds <= 900,
    );
    assert.equal(
      (await citizenStatus(t.db, entitled, { at, clientKey: '10.0.0.6', lang: 'es', limits })).outcome,
      'found',
    );
    // After the lock, it answers that address again.
    const later = new Date(at.getTime() + 901_000);
    assert.equal(
      (await citizenStatus(t.db, entitled, { at: later, clientKey: '10.0.0.4', lang: 'es', limits })).outcome,
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

  it('300 guesses of one date of birth at once from one address: five are checked, the right one (the 30th) is not', async () => {
    const answers = await Promise.all(
      guesses(targets[0]!, 300, 29).map((p) =>
        citizenStatus(t.db, p, { at, clientKey: '10.1.0.1', lang: 'es' }),
      ),
    );
    assert.equal(answers[29]!.outcome, 'rate_limited', 'the right date of birth, sent after the limit');
    assert.equal(count(answers, 'found'), 0);
    assert.ok(
      count(answers, 'not_found') <= 5,
      `${count(answers, 'not_found')} guesses checked; the limit is 5`,
    );
    assert.equal(count(answers, 'not_found') + count(answers, 'rate_limited'), 300);
  });

  it('failures from elsewhere do not lock the owner out: the right details from a clean address are answered', async () => {
    const owner = targets[1]!;
    for (let i = 0; i < 5; i++) {
      const guess = await citizenStatus(
        t.db,
        { ...owner, dateOfBirth: `1901-01-0${i + 1}` },
        { at, clientKey: '10.2.0.1', lang: 'es' },
      );
      assert.equal(guess.outcome, 'not_found', `guess ${i + 1}`);
    }
    const attacker = await citizenStatus(t.db, owner, { at, clientKey: '10.2.0.1', lang: 'es' });
    assert.equal(attacker.outcome, 'rate_limited', 'the guessing address may not try the right date now');
    const home = await citizenStatus(t.db, owner, { at, clientKey: '10.2.0.2', lang: 'es' });
    assert.equal(home.outcome, 'found', 'the owner, at another address, gets the answer');
  });

  it('guesses spread over 300 addresses at once: no more than the daily bound per CI are checked', async () => {
    const target = targets[2]!;
    const answers = await Promise.all(
      guesses(target, 300, 29).map((p, i) =>
        citizenStatus(t.db, p, { at, clientKey: `10.3.${i >> 8}.${i & 255}`, lang: 'es' }),
      ),
    );
    assert.equal(answers[29]!.outcome, 'rate_limited', 'the right date of birth, sent after the bound');
    assert.equal(count(answers, 'found'), 0);
    assert.ok(
      count(answers, 'not_found') <= 10,
      `${count(answers, 'not_found')} guesses checked; the bound is 10`,
    );
    // The bound holds for the day, for every address: the owner too waits (or asks at a bank or
    // office); the next day the right details are answered again.
    const owner = await citizenStatus(t.db, target, { at, clientKey: '10.3.9.9', lang: 'es' });
    assert.equal(owner.outcome, 'rate_limited');
    assert.ok(
      owner.outcome === 'rate_limited' && owner.retryAfterSeconds > 900 && owner.retryAfterSeconds <= 86_400,
    );
    const tomorrow = new Date(at.getTime() + 86_401_000);
    assert.equal(
      (await citizenStatus(t.db, target, { at: tomorrow, clientKey: '10.3.9.9', lang: 'es' })).outcome,
      'found',
    );
  });
});

describe('the date the bono is explained as of without a round', () => {
  it('is never before the first collection window, so the law is in force on it', async () => {
    const { notBeforeTheBono } = await import('../../src/bono/status.ts');
    const { programmeNamed, tryBind } = await import('../../src/rules/index.ts');
    assert.equal(notBeforeTheBono('2020-11-30'), '2020-12-01');
    assert.equal(notBeforeTheBono('2020-12-01'), '2020-12-01');
    assert.equal(notBeforeTheBono('2021-02-15'), '2021-02-15');
    // A demonstration clock set in 2019: the rules bind on the date explained (they would not in 2019).
    assert.equal(tryBind(programmeNamed('bono'), { date: '2019-06-01' }).ok, false);
    assert.equal(tryBind(programmeNamed('bono'), { date: notBeforeTheBono('2019-06-01') }).ok, true);
  });
});

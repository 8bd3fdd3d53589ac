import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { totalsByCode, verifyLedger } from '../../src/ledger/index.ts';
import {
  coverage,
  DOSE_LEDGER,
  type ReplayReport,
  replay2021,
  stockAt,
} from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The replay of 2021 on a small country: six weeks from 1 Mar 2021 (health workers, then 60+ from
 * 5 Apr) play with the real deliveries scaled to the country; every dose keeps the rules (first doses only to
 * persons the rules admit that day, second doses inside the interval with the series' product, a
 * lot in stock at the site and not expired); the counts of the days add up to the coverage; the
 * ledger balances and each site gave on the ledger the doses it recorded; a re-run plays nothing
 * twice and a longer one continues.
 */

const ACTOR = 'account:replay-test';
const PEOPLE = 20_000;
let t: TestDatabase;
let first: ReplayReport;

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok)
    assert.fail(
      `expected ok, got ${JSON.stringify(r.error, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  return r.value;
}

const now = () => new Date('2026-12-07T12:00:00Z');

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, PEOPLE);
  first = must(await replay2021(t.db, { from: '2021-03-01', to: '2021-04-11', actor: ACTOR, now }));
});

after(async () => {
  await t?.dispose();
});

test('a few weeks play: every day recorded, doses of each kind, the ledger and the sites verified', async () => {
  assert.equal(first.playedNow, 42);
  assert.equal(first.skipped, 0);
  assert.equal(first.days.length, 42);
  assert.deepEqual(first.ledgerProblems, []);
  assert.equal(first.ledgerOk, true);
  const sum = (k: 'first' | 'second' | 'single' | 'booster') => first.days.reduce((s, d) => s + d[k], 0);
  assert.ok(sum('first') > 50, `first doses: ${sum('first')}`);
  assert.ok(sum('second') > 0, `second doses: ${sum('second')}`);
  assert.equal(sum('single'), 0, 'no Janssen before July');
  assert.equal(sum('booster'), 0, 'no booster before October');
  // Sundays closed (the model's open weekdays): 2021-03-07 was a Sunday.
  assert.deepEqual(
    first.days.find((d) => d.day === '2021-03-07'),
    { day: '2021-03-07', first: 0, second: 0, single: 0, booster: 0 },
  );
  // Sinopharm's second doses come 21 days after the first (1 Mar + 21 = 22 Mar), none before.
  assert.equal(
    first.days.filter((d) => d.day < '2021-03-22').reduce((s, d) => s + d.second, 0),
    0,
  );
  // The days add up to the coverage the campaign publishes.
  const byDay = await coverage(t.db, { on: '2021-04-11', by: 'day' });
  const last = byDay.at(-1)!.cumulative!;
  assert.deepEqual(
    { first: last.first, second: last.second, single: last.single, booster: last.booster },
    { first: BigInt(sum('first')), second: BigInt(sum('second')), single: 0n, booster: 0n },
  );
  const ledger = await verifyLedger(t.db);
  assert.deepEqual(ledger.problems, []);
  for (const line of must(await stockAt(t.db))) assert.ok(line.availableDoses >= 0n);
  // Every milestone (the first is 17 May 2021) is past the replay's end: none compared.
  assert.deepEqual(
    first.curve.filter((m) => m.replayed !== null || m.relativeDifference !== null),
    [],
  );
  assert.equal(first.departments.length, 9);
});

test('every dose keeps the rules: eligible on the day, second doses in the interval, lots in date', async () => {
  // First doses before 1 May: only 60+ (La Paz 80+, then 70+ from 12 Apr, 60+ from 19 Apr) in the
  // five departments that opened, on the weekday of their CI in La Paz — or the drawn priority groups.
  const rows = await t.db.query<{ bad: bigint }>(
    `SELECT count(*) AS bad
     FROM vaccination_dose d JOIN registry_person p ON p.id = d.person_id
     WHERE d.dose_number = 1 AND d.given_on < '2021-05-01'
       AND date_part('year', age(d.given_on, p.date_of_birth)) < 18`,
  );
  assert.equal(rows[0]!.bad, 0n, 'no minor had a first dose');
  const early = await t.db.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM vaccination_dose d2
     JOIN vaccination_dose d1 ON d1.person_id = d2.person_id AND d1.dose_number = 1
     WHERE d2.dose_number = 2 AND (d2.given_on < d1.given_on + 21
        OR d2.product <> CASE d1.product WHEN 'sputnik_v_1' THEN 'sputnik_v_2' ELSE d1.product END)`,
  );
  assert.equal(early[0]!.n, 0n, 'every second dose inside its interval, of its series’ product');
  const expired = await t.db.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM vaccination_dose d JOIN vaccination_lot l ON l.id = d.lot_id
     WHERE d.given_on > l.expires_on`,
  );
  assert.equal(expired[0]!.n, 0n, 'no dose from an expired lot');
  // The second doses kept in reserve: every Sinopharm first dose due by 11 Apr had its second.
  const incomplete = await t.db.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM vaccination_dose d1
     WHERE d1.dose_number = 1 AND d1.product = 'sinopharm' AND d1.given_on + 21 <= '2021-04-11'
       AND NOT EXISTS (SELECT 1 FROM vaccination_dose d2 WHERE d2.person_id = d1.person_id AND d2.dose_number = 2)`,
  );
  assert.equal(incomplete[0]!.n, 0n);
  const laPazWrongDay = await t.db.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM vaccination_dose d JOIN registry_person p ON p.id = d.person_id
     WHERE d.dose_number = 1 AND p.department_code = 2 AND d.given_on BETWEEN '2021-04-05' AND '2021-06-30'
       AND date_part('isodow', d.given_on) <> 1 + (right(p.ci_number, 1)::int / 2)`,
  );
  assert.equal(laPazWrongDay[0]!.n, 0n, 'La Paz gave first doses on the weekday of the CI’s last digit');
});

test('the stock balances at every location: the warehouse and the SEDES pass every dose on, no site holds less than nothing, and every dose received is in stock, given or written off', async () => {
  const moved = new Map<string, bigint>();
  for (const total of await totalsByCode(t.db, { ledger: DOSE_LEDGER }))
    moved.set(total.code, (moved.get(total.code) ?? 0n) + total.amount);
  const received = moved.get('vaccination.receipt') ?? 0n;
  assert.ok(received > 0n, 'deliveries received');
  const lines = must(await stockAt(t.db));
  const held = new Map<string, bigint>();
  for (const line of lines) {
    assert.ok(
      line.availableDoses >= 0n,
      `${line.location} holds ${line.availableDoses} of lot ${line.lot.id}`,
    );
    held.set(line.location, (held.get(line.location) ?? 0n) + line.availableDoses);
  }
  // Each day sends the warehouse's doses to the SEDES and theirs to the sites: nothing waits upstream.
  for (const [location, doses] of held)
    if (!location.startsWith('site-')) assert.equal(doses, 0n, `${location} kept ${doses} doses`);
  assert.ok(
    [...held].some(([location, doses]) => location.startsWith('site-replay-') && doses > 0n),
    'the sites hold the doses not given yet',
  );
  const inStock = [...held.values()].reduce((s, n) => s + n, 0n);
  const given = moved.get('vaccination.administered') ?? 0n;
  const writtenOff = (moved.get('vaccination.wasted') ?? 0n) + (moved.get('vaccination.expired') ?? 0n);
  assert.equal(inStock + given + writtenOff, received, 'received = in stock + given + wasted + expired');
  const recorded = await coverage(t.db, { on: '2021-04-11', by: 'day' });
  const doses = recorded.at(-1)!.cumulative!;
  assert.equal(
    given,
    doses.first + doses.second + doses.single + doses.booster,
    'given on the ledger = doses recorded',
  );
});

test('a re-run plays nothing twice, and a longer one continues after the last day played', async () => {
  const again = must(await replay2021(t.db, { from: '2021-03-01', to: '2021-04-11', actor: ACTOR, now }));
  assert.equal(again.playedNow, 0);
  assert.equal(again.skipped, 42);
  assert.deepEqual(again.days, first.days);
  const longer = must(await replay2021(t.db, { from: '2021-03-01', to: '2021-04-18', actor: ACTOR, now }));
  assert.equal(longer.playedNow, 7);
  assert.equal(longer.days.length, 49);
  assert.deepEqual(longer.days.slice(0, 42), first.days);
  assert.equal(longer.ledgerOk, true);
  const before = longer.days.reduce((s, d) => s + d.first + d.second, 0);
  assert.ok(before > first.days.reduce((s, d) => s + d.first + d.second, 0), 'the week added doses');
});

test('a day before the campaign, or an end before the start, is refused', async () => {
  assert.deepEqual(await replay2021(t.db, { from: '2021-01-28', to: '2021-02-01', actor: ACTOR, now }), {
    ok: false,
    error: { code: 'vaccination_input_invalid', field: 'from', problem: 'range' },
  });
  assert.deepEqual(await replay2021(t.db, { from: '2021-03-01', to: '2021-02-01', actor: ACTOR, now }), {
    ok: false,
    error: { code: 'vaccination_input_invalid', field: 'to', problem: 'range' },
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSite, getSite, listSites, siteCapacityOn, updateSite } from '../../src/vaccination/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/** Sites: created with hours, capacity per product and mass days; changed; listed; open or not on a day. */

const ACTOR = 'account:sites-test';
const AT = new Date('2021-04-20T12:00:00Z');
let t: TestDatabase;

before(async () => {
  t = await createTestDatabase();
});
after(() => t.dispose());

test('a pilot site of La Paz: open on its weekdays and its mass days, with its capacity per product', async () => {
  const created = await createSite(
    t.db,
    {
      code: 'lp-upea',
      name: 'UPEA',
      municipalityCode: '020105',
      access: 'walk_in',
      hours: [{ weekday: 1, opensAt: '08:00', closesAt: '16:00' }],
      capacity: { sinopharm: 800, sputnik_v_1: 200 },
      massDays: [
        { day: '2021-04-27', opensAt: '07:00', closesAt: '19:00', note: 'Piloto de vacunación masiva' },
      ],
    },
    ACTOR,
    AT,
  );
  assert.ok(created.ok);
  assert.equal(created.value.departmentCode, 2);
  assert.deepEqual(siteCapacityOn(created.value, '2021-04-26'), { sinopharm: 800, sputnik_v_1: 200 }); // a Monday
  assert.deepEqual(siteCapacityOn(created.value, '2021-04-27'), { sinopharm: 800, sputnik_v_1: 200 }); // mass day
  assert.deepEqual(siteCapacityOn(created.value, '2021-04-28'), {}); // a Wednesday
  assert.deepEqual(created.value.massDays, [
    { day: '2021-04-27', opensAt: '07:00', closesAt: '19:00', note: 'Piloto de vacunación masiva' },
  ]);

  const updated = await updateSite(
    t.db,
    'lp-upea',
    { capacity: { sinopharm: 900 }, access: 'both' },
    ACTOR,
    AT,
  );
  assert.ok(updated.ok);
  assert.deepEqual(updated.value.capacity, { sinopharm: 900 });
  assert.equal(updated.value.access, 'both');
  assert.deepEqual(updated.value.hours, created.value.hours);

  const closed = await updateSite(t.db, 'lp-upea', { active: false }, ACTOR, AT);
  assert.ok(closed.ok);
  assert.deepEqual(siteCapacityOn(closed.value, '2021-04-26'), {});
  assert.deepEqual(
    (await listSites(t.db, { departmentCode: 2 })).map((s) => s.code),
    ['lp-upea'],
  );
  assert.deepEqual(await listSites(t.db, { departmentCode: 3 }), []);
});

test('refusals: a code taken, a municipality unknown or of another department, a product unknown, bad hours', async () => {
  const base = { code: 'cb-x', name: 'Punto', municipalityCode: '030101', access: 'both' as const };
  assert.ok((await createSite(t.db, base, ACTOR, AT)).ok);
  assert.deepEqual(await createSite(t.db, base, ACTOR, AT), {
    ok: false,
    error: { code: 'site_code_taken', site: 'cb-x' },
  });
  assert.deepEqual(await createSite(t.db, { ...base, code: 'cb-y', municipalityCode: '999999' }, ACTOR, AT), {
    ok: false,
    error: { code: 'vaccination_input_invalid', field: 'municipality', problem: 'unknown' },
  });
  assert.deepEqual(await updateSite(t.db, 'cb-x', { municipalityCode: '020101' }, ACTOR, AT), {
    ok: false,
    error: { code: 'vaccination_input_invalid', field: 'municipality', problem: 'mismatch' },
  });
  assert.deepEqual(
    await createSite(t.db, { ...base, code: 'cb-z', capacity: { sputnik_v: 10 } }, ACTOR, AT),
    {
      ok: false,
      error: { code: 'product_unknown', product: 'sputnik_v' },
    },
  );
  assert.deepEqual(
    await createSite(
      t.db,
      { ...base, code: 'cb-w', hours: [{ weekday: 1, opensAt: '16:00', closesAt: '08:00' }] },
      ACTOR,
      AT,
    ),
    { ok: false, error: { code: 'vaccination_input_invalid', field: 'hours', problem: 'format' } },
  );
  assert.deepEqual(await getSite(t.db, 'nowhere'), {
    ok: false,
    error: { code: 'site_not_found', site: 'nowhere' },
  });
});

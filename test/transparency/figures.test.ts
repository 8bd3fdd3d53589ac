import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { residentPopulation } from '../../src/registry/index.ts';
import { figureCsv, loadBonoFigures, loadRegistryFigures } from '../../src/transparency/index.ts';
import { bonoCube, paidByDay } from '../../src/transparency/transparency.repository.ts';
import { figureWords } from '../../src/web/transparency/figure.words.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { FIXTURE_AT, seedTransparencyFixture } from './fixture.ts';

/** The aggregate queries and the published figures on a small fixture (see fixture.ts), on both back ends. */
let t: TestDatabase;

before(async () => {
  t = await createTestDatabase();
  await seedTransparencyFixture(t.db);
});
after(async () => {
  await t.dispose();
});

const lines = (csv: string) => csv.split('\r\n').filter((l) => l !== '');

test('paid by day counts live payments of approved or expired rounds on the Bolivian calendar day', async () => {
  const days = await paidByDay(t.db);
  assert.deepEqual(
    days.map((d) => [d.day, d.persons, d.paidCentavos]),
    [
      ['2020-12-01', 10n, 1_000_000n], // includes 22:30 local on 1 Dec (02:30 UTC on 2 Dec); not the reversed one
      ['2020-12-02', 3n, 300_000n],
      ['2020-12-03', 16n, 1_600_000n],
      ['2021-01-15', 2n, 200_000n],
      ['2021-01-20', 2n, 200_000n],
    ],
  );
});

test('the Bono cube counts each person once, in the latest approved or expired round, never frozen or rejected ones', async () => {
  const cube = await bonoCube(t.db);
  const sum = (pred: (r: (typeof cube)[number]) => boolean) =>
    cube.filter(pred).reduce((s, r) => s + r.persons, 0n);
  assert.equal(
    sum(() => true),
    40n,
  );
  assert.equal(
    sum((r) => r.state === 'paid'),
    33n,
  );
  assert.equal(
    sum((r) => r.state === 'unclaimed'),
    3n,
  );
  assert.equal(
    sum((r) => r.state === 'pending'),
    4n,
  );
  assert.equal(
    sum((r) => r.department === 4 || r.department === 8),
    0n,
    'frozen and rejected rounds count nowhere',
  );
  assert.equal(
    sum((r) => r.department === 9 && r.state === 'pending' && r.band === 'rezagados'),
    1n,
  );
  assert.equal(
    sum((r) => r.paidChannel === 'deposit'),
    5n,
  );
  assert.equal(
    sum((r) => r.plannedChannel === 'deposit'),
    6n,
  );
  const paidCentavos = cube.reduce((s, r) => s + r.paidCentavos, 0n);
  assert.equal(paidCentavos, 3_300_000n);
});

test('registry population counts the living residents of Bolivia by department, every department present', async () => {
  const pop = await residentPopulation(t.db, FIXTURE_AT);
  assert.equal(pop.asOf, '2021-01-25');
  assert.deepEqual(
    [...pop.byDepartment],
    [
      [1, 0n],
      [2, 20n],
      [3, 5n],
      [4, 0n],
      [5, 0n],
      [6, 0n],
      [7, 12n],
      [8, 0n],
      [9, 3n],
    ],
  );
  // Late on 25 Jan in Bolivia is already 26 Jan in UTC: the day is Bolivia's.
  assert.equal((await residentPopulation(t.db, new Date('2021-01-26T03:30:00Z'))).asOf, '2021-01-25');
});

test('Bono figures: small counts show "<5", their complements "x", the rest exactly (CSV)', async () => {
  const bono = await loadBonoFigures(t.db);
  assert.equal(bono.eligible, 40n);
  assert.equal(bono.paid, 33n);
  assert.equal(bono.anyExpired, true);
  assert.equal(bono.anyOpen, true);
  assert.deepEqual(lines(figureCsv(bono.byDepartment, figureWords('es'))), [
    'codigo,departamento,habilitadas,monto_habilitado_bs,pagadas,monto_pagado_bs,porcentaje_pagado',
    '1,Chuquisaca,0,0.00,0,0.00,',
    // La Paz: 2 unclaimed are small, so paid (18) is withheld or 20 − 18 would give them away.
    '2,La Paz,20,20000.00,x,x,x',
    '3,Cochabamba,5,5000.00,<5,x,x',
    '4,Oruro,0,0.00,0,0.00,',
    '5,Potosí,0,0.00,0,0.00,',
    '6,Tarija,0,0.00,0,0.00,',
    // Santa Cruz protects Pando's eligible count in the national total, then its own paid count.
    '7,Santa Cruz,x,x,x,x,x',
    '8,Beni,0,0.00,0,0.00,',
    '9,Pando,<5,x,<5,x,x',
    ',Total,40,40000.00,33,33000.00,82.5',
  ]);
  assert.deepEqual(lines(figureCsv(bono.summary, figureWords('en'))), [
    'indicator,persons,amount_bs,percent_of_eligible',
    'Eligible persons,40,40000.00,',
    'Paid,33,33000.00,82.5',
    'Paid at a counter,28,28000.00,70.0',
    'Paid by account deposit,5,5000.00,12.5',
    'May still collect,<5,x,x',
    'Not collected by the end,<5,x,x',
  ]);
  assert.deepEqual(lines(figureCsv(bono.byChannel, figureWords('es'))), [
    'codigo,canal,asignadas,pagadas,monto_pagado_bs',
    'counter,Pago en ventanilla,34,28,28000.00',
    'deposit,Abono en cuenta,6,5,5000.00',
    ',Total,40,33,33000.00',
  ]);
  assert.deepEqual(lines(figureCsv(bono.byDay, figureWords('es'))), [
    'desde,hasta,pagadas,monto_pagado_bs,pagadas_acumuladas,monto_acumulado_bs,porcentaje_de_habilitadas',
    '2020-12-01,2020-12-01,10,10000.00,10,10000.00,25.0',
    // 2 Dec had 3: joined with 3 Dec; the short tail of January joins that period too.
    '2020-12-02,2021-01-20,23,23000.00,33,33000.00,82.5',
  ]);
  assert.deepEqual(lines(figureCsv(bono.unclaimedByBand, figureWords('es'))), [
    'codigo,grupo_de_edad,no_cobradas,monto_no_cobrado_bs',
    '18-29,18–29 años,<5,x',
    '30-39,30–39 años,<5,x',
    '40-49,40–49 años,0,0.00',
    '50-59,50–59 años,<5,x',
    'rezagados,Sin grupo de edad (rezagados),0,0.00',
    ',Total,<5,x',
  ]);
  const unclaimed = lines(figureCsv(bono.unclaimedByDepartment, figureWords('en')));
  assert.equal(unclaimed[0], 'code,department,not_collected,amount_not_collected_bs');
  assert.equal(unclaimed[2], '2,La Paz,<5,x');
  assert.equal(unclaimed[9], '9,Pando,<5,x');
  assert.equal(unclaimed.at(-1), ',Total,<5,x');
});

test('no published figure lets a count from 1 to 4 be worked out from the others', async () => {
  const bono = await loadBonoFigures(t.db);
  // Every department row: eligible = paid + unclaimed + pending. Pending is not shown, but with
  // eligible, paid and unclaimed all shown it would be; and each column adds up to its total.
  const byDept = new Map(bono.byDepartment.rows.map((r) => [r['code'], r]));
  const unclaimed = new Map(bono.unclaimedByDepartment.rows.map((r) => [r['code'], r]));
  for (const [code, r] of byDept) {
    const shown = [r['eligible'], r['paid'], unclaimed.get(code)!['unclaimed']].filter(
      (v) => typeof v === 'bigint',
    );
    if (shown.length === 3) {
      const [e, p, u] = shown as bigint[];
      const pending = e! - p! - u!;
      assert.ok(pending === 0n || pending >= 5n, `department ${code}: pending ${pending} derivable`);
    }
  }
  for (const key of ['eligible', 'paid']) {
    const values = bono.byDepartment.rows.map((r) => r[key]);
    const hidden = values.filter((v) => typeof v !== 'bigint').length;
    assert.notEqual(hidden, 1, `${key}: a single hidden department equals total minus the others`);
  }
});

test('registry against INE: counts suppressed with their total, INE figures and shares published', async () => {
  const reg = await loadRegistryFigures(t.db, FIXTURE_AT);
  assert.equal(reg.asOf, '2021-01-25');
  assert.equal(reg.persons, 40n);
  const csv = lines(figureCsv(reg.population, figureWords('es')));
  assert.equal(
    csv[0],
    'codigo,departamento,registro,proyeccion_ine,registro_sobre_ine_porcentaje,participacion_registro_porcentaje,participacion_ine_porcentaje',
  );
  assert.equal(csv[1], '1,Chuquisaca,0,654000,0.00,0.0,5.5');
  assert.equal(csv[2], '2,La Paz,20,3023800,0.00,50.0,25.5');
  assert.equal(csv[3], '3,Cochabamba,5,2086900,0.00,12.5,17.6');
  assert.equal(csv[7], '7,Santa Cruz,x,3363400,x,x,28.4', 'Santa Cruz protects Pando');
  assert.equal(csv[9], '9,Pando,<5,158700,x,x,1.3');
  assert.equal(csv[10], ',Total,40,11841900,0.00,100.0,100.0');
});

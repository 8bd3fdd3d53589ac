import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';

/**
 * `ayni vaccination …` end to end, in this process, against a database of its own: a SEDES officer
 * loads the 2021 deliveries, creates a site, moves doses (a retry moves nothing), reads the stock,
 * the next lot and the alerts; a vaccinator may read but not change the stock; refusals print one
 * English line and exit 1.
 */

const PASSWORD = 'correct horse battery';
let cli: CliDatabase;
let tokens: Record<string, string>;
const savedEnv: Record<string, string | undefined> = {};
const sedes = () => asOfficer(tokens['sara.sedes']!);
const vaccinator = () => asOfficer(tokens['vico.vacunador']!);

before(async () => {
  for (const name of ['AYNI_DATA_DIR', 'DATABASE_URL', 'AYNI_CLOCK', 'AYNI_CREDENTIAL'])
    savedEnv[name] = process.env[name];
  cli = await cliDatabase('vaccination');
  delete process.env.AYNI_CLOCK;
  delete process.env.AYNI_CREDENTIAL;
  tokens = await cliOfficers(PASSWORD, {
    admin: ['administrator'],
    'sara.sedes': ['sedes_officer'],
    'vico.vacunador': ['vaccinator'],
  });
});

after(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await cli.dispose();
});

test('a SEDES officer loads the deliveries, opens a site and moves doses; a vaccinator reads', async () => {
  const loaded = await ayni(['vaccination', 'receive', '--deliveries', '--sourced-only'], sedes());
  assert.equal(loaded.code, 0, loaded.err);
  assert.match(loaded.out, /^deliveries received 9 \(4,991,420 doses\), already received 0, left out 14$/);
  const again = await ayni(['vaccination', 'receive', '--deliveries', '--sourced-only'], sedes());
  assert.match(again.out, /deliveries received 0 \(0 doses\), already received 9/);

  const site = await ayni(
    [
      'vaccination',
      'sites',
      'add',
      'lp-umsa',
      '--name',
      'UMSA Monoblock',
      '--municipality',
      '020101',
      '--access',
      'walk_in',
      '--hours',
      '1-5@08:00-16:00',
      '--capacity',
      'janssen=800',
    ],
    sedes(),
  );
  assert.equal(site.code, 0, site.err);
  assert.match(site.out, /^lp-umsa {2}UMSA Monoblock — municipality 020101 \(department 2\), walk_in/);
  assert.match(
    site.out,
    /hours: Mon 08:00–16:00, Tue 08:00–16:00, Wed 08:00–16:00, Thu 08:00–16:00, Fri 08:00–16:00/,
  );

  const lots = await ayni(['vaccination', 'lots', 'list', '--product', 'janssen'], vaccinator());
  assert.equal(lots.code, 0, lots.err);
  const lotId = /^lot (\d+) +janssen +ND-2021-07-11-janssen-covax/.exec(lots.out)?.[1];
  assert.ok(lotId, lots.out);

  const move = (id: string, from: string, to: string, doses: string) =>
    ayni(
      [
        'vaccination',
        'transfer',
        '--id',
        id,
        '--lot',
        lotId,
        '--doses',
        doses,
        '--from',
        from,
        '--to',
        to,
        '--on',
        '2021-07-12',
      ],
      sedes(),
    );
  assert.equal(
    (await move('t-1', 'national-warehouse', 'sedes-2', '100000')).out,
    `moved: 100000 doses of lot ${lotId} from national-warehouse to sedes-2`,
  );
  assert.equal((await move('t-2', 'sedes-2', 'site-lp-umsa', '4000')).code, 0);
  assert.equal(
    (await move('t-2', 'sedes-2', 'site-lp-umsa', '4000')).out,
    `already recorded: 4000 doses of lot ${lotId} from sedes-2 to site-lp-umsa`,
  );
  const short = await move('t-3', 'site-lp-umsa', 'sedes-2', '4001');
  assert.equal(short.code, 1);
  assert.equal(short.err, `ayni: site-lp-umsa holds 4000 doses of lot ${lotId}; 4001 were asked for.`);

  const forbidden = await ayni(
    [
      'vaccination',
      'transfer',
      '--id',
      't-4',
      '--lot',
      lotId,
      '--doses',
      '1',
      '--from',
      'sedes-2',
      '--to',
      'site-lp-umsa',
    ],
    vaccinator(),
  );
  assert.equal(forbidden.code, 1);
  assert.match(forbidden.err, /vaccination\.stock/);

  const stock = await ayni(['vaccination', 'stock', '--location', 'site-lp-umsa'], vaccinator());
  assert.match(stock.out, new RegExp(`^site-lp-umsa +4000 {2}lot ${lotId} +janssen`));
  const next = await ayni(
    ['vaccination', 'stock', '--location', 'site-lp-umsa', '--next', 'janssen', '--on', '2021-07-13'],
    vaccinator(),
  );
  assert.match(next.out, new RegExp(`^next: lot ${lotId} +janssen .*\\(4000 doses at site-lp-umsa\\)$`));
  const history = await ayni(
    ['vaccination', 'stock', '--location', 'sedes-2', '--history', lotId],
    vaccinator(),
  );
  assert.deepEqual(
    history.out.split('\n').map((l) => l.split(/ +/).slice(1, 4)),
    [
      ['transfer', '100000', 'national-warehouse'],
      ['transfer', '-4000', 'site-lp-umsa'],
    ],
  );

  // The Janssen lot expires 180 days after 11 Jul 2021 (vaccination_lot_presentation): 7 Jan 2022.
  const alerts = await ayni(['vaccination', 'alerts', '--on', '2021-12-20'], vaccinator());
  assert.equal(alerts.code, 0, alerts.err);
  assert.match(
    alerts.out,
    new RegExp(`expires in 18 days: 4000 doses at site-lp-umsa, lot ${lotId} +janssen`),
  );

  const products = await ayni(['vaccination', 'products'], vaccinator());
  assert.match(
    products.out,
    /sputnik_v_2 +Sputnik V \(componente 2\) \(Gamaleya\); schedule sputnik_v, component 2/,
  );
});

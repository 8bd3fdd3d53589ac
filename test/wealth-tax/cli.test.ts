import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listAuditEntries } from '../../src/audit/index.ts';
import { openDatabase } from '../../src/db/open.ts';
import { DECLARATION_CSV_HEADER } from '../../src/wealth-tax/index.ts';
import { asOfficer, ayni, type CliDatabase } from '../helpers/cli.ts';
import { type WealthTaxCli, wealthTaxCli } from './cli-fixture.ts';
import { USD_ASSETS } from './fixture.ts';

/**
 * `ayni wealth-tax import|assess|amend|pay|notice|simulate` end to end in this process: each
 * command signs the officer in with its permission (a collector may not import, an officer may
 * not record a payment), prints its result, and what it changes or reads is audited as the
 * officer who signed in.
 */

const PASSWORD = 'wealth tax cli password';
let cli: CliDatabase;
let tokens: Record<string, string>;
let fixture: WealthTaxCli | undefined;
const officer = () => asOfficer(tokens['sin.fiscal']!);
const collector = () => asOfficer(tokens['sin.caja']!);
const analyst = () => asOfficer(tokens['upf.analista']!);

before(async () => {
  fixture = await wealthTaxCli('wealth-tax', {
    nits: ['8100001', '8100002'],
    country: 'CL',
    departmentCode: 3,
    password: PASSWORD,
    officers: {
      admin: ['administrator'],
      'sin.fiscal': ['tax_officer'],
      'sin.caja': ['tax_collector'],
      'upf.analista': ['tax_analyst'],
    },
  });
  ({ cli, tokens } = fixture);
});

after(() => fixture?.dispose());

test('import: read = accepted + rejected, the rejects file with line and reason; a collector may not', async () => {
  const file = path.join(cli.dataDir, 'declaraciones.csv');
  await writeFile(
    file,
    [
      DECLARATION_CSV_HEADER.join(','),
      '8100001,2020,2021-03-20,cli:8100001,,asset,Casa,real_estate,bolivia,,,25000000,,,',
      '8100001,2020,2021-03-20,cli:8100001,,asset,Cuenta,deposits_and_credits,abroad,,USD,2000000,,,',
      '8100009,2020,2021-03-20,cli:8100009,,asset,Casa,real_estate,bolivia,,,1,,,',
    ].join('\n'),
  );
  const rejects = path.join(cli.dataDir, 'rechazos.csv');
  const refused = await ayni(['wealth-tax', 'import', file], collector());
  assert.equal(refused.code, 1);
  assert.match(refused.err, /wealth_tax\.assess/);
  const r = await ayni(['wealth-tax', 'import', file, '--rejects', rejects], officer());
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /read 3 = accepted 2 \+ rejected 1; declarations filed 1/);
  assert.equal(await readFile(rejects, 'utf8'), 'line,nit,reason\n4,8100009,taxpayer_not_found\n');
  const again = await ayni(['wealth-tax', 'import', file], officer());
  assert.match(again.out, /^already imported/);
});

test('assess prints every version and the explanation with the law; amend re-assesses', async () => {
  const a = await ayni(['wealth-tax', 'assess', '--nit', '8100001', '--year', '2020'], officer());
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /version 1 filed 2021-03-20: net fortune Bs 38920000\.00, tax Bs 394880\.00/);
  assert.match(a.out, /Debe pagar Bs 394\.880,00 .*Ley 1357, Art\. 5/);
  const decl = path.join(cli.dataDir, 'rectificatoria.json');
  await writeFile(decl, JSON.stringify({ assets: USD_ASSETS.assets.slice(0, 1) }));
  const nothing = await ayni(
    [
      'wealth-tax',
      'amend',
      '--nit',
      '8100002',
      '--year',
      '2020',
      '--declaration',
      decl,
      '--reason',
      'x',
      '--key',
      'cli:n',
    ],
    officer(),
  );
  assert.equal(nothing.code, 1);
  assert.match(nothing.err, /8100002/);
  const amended = await ayni(
    [
      'wealth-tax',
      'amend',
      '--nit',
      '8100001',
      '--year',
      '2020',
      '--declaration',
      decl,
      '--reason',
      'la cuenta no era suya',
      '--key',
      'cli:8100001:2',
      '--filed-on',
      '2021-03-25',
    ],
    officer(),
  );
  assert.equal(amended.code, 0, amended.err);
  assert.match(amended.out, /amended: version 2, tax Bs 0\.00/);
});

test('pay records once and prints the balance; an officer may not record a payment', async () => {
  const args = [
    'wealth-tax',
    'pay',
    '--nit',
    '8100001',
    '--year',
    '2020',
    '--id',
    'cli:pay:1',
    '--amount',
    '10.00',
  ];
  const denied = await ayni(args, officer());
  assert.equal(denied.code, 1);
  const paid = await ayni(args, collector());
  assert.equal(paid.code, 0, paid.err);
  assert.match(paid.out, /payment recorded: cli:pay:1 Bs 10\.00\n {2}balance: Bs -10\.00/);
  assert.match((await ayni(args, collector())).out, /payment recorded before/);
});

test('notice writes a PDF; simulate needs the analyst', async () => {
  const out = path.join(cli.dataDir, 'aviso.pdf');
  const n = await ayni(
    ['wealth-tax', 'notice', '--nit', '8100001', '--year', '2020', '--kind', 'assessment', '--out', out],
    officer(),
  );
  assert.equal(n.code, 0, n.err);
  assert.equal((await readFile(out)).subarray(0, 5).toString(), '%PDF-');
  assert.equal((await ayni(['wealth-tax', 'simulate', '--households', '100000'], officer())).code, 1);
  const s = await ayni(['wealth-tax', 'simulate', '--households', '100000'], analyst());
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /payers +\d+ +revenue Bs \d+/);
});

test('what the commands did is audited as the officer who signed in', async () => {
  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  try {
    const entries = await listAuditEntries(opened.value, { last: 200 });
    const by = (action: string) => entries.filter((e) => e.action === action).map((e) => e.actor);
    assert.deepEqual(by('wealth_tax_import.completed'), ['account:sin.fiscal']);
    assert.ok(by('wealth_tax_declaration.read').includes('account:sin.fiscal'));
    assert.ok(by('wealth_tax_declaration.amended').includes('account:sin.fiscal'));
    assert.deepEqual(by('wealth_tax_payment.recorded'), ['account:sin.caja']);
    assert.deepEqual(by('wealth_tax_notice.issued'), ['account:sin.fiscal']);
  } finally {
    await opened.value.close();
  }
});

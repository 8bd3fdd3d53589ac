import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listAuditEntries } from '../../src/audit/index.ts';
import { openDatabase } from '../../src/db/open.ts';
import { asOfficer, ayni, type CliDatabase } from '../helpers/cli.ts';
import { type WealthTaxCli, wealthTaxCli } from './cli-fixture.ts';
import { USD_ASSETS } from './fixture.ts';

/**
 * `ayni wealth-tax mandate grant|revoke|list`, `represented [assess|balance|notice]` and `declare` end to end in this
 * process: a tax officer (wealth_tax.assess) grants a taxpayer's mandate to a representative's
 * account; the representative (wealth_tax.represent), signed in with their own account, sees only
 * that taxpayer and files for them; once the officer revokes the mandate the representative sees
 * nobody and is refused with not_mandated. Each command refuses whoever is not signed in or lacks
 * its permission, and what they change is audited as the account that signed in.
 */

const PASSWORD = 'wealth tax mandate cli password';
const MANDATED = '8200001';
const OTHER = '8200002';
let cli: CliDatabase;
let tokens: Record<string, string>;
let declaration: string;
let fixture: WealthTaxCli | undefined;
const officer = () => asOfficer(tokens['sin.fiscal']!);
const collector = () => asOfficer(tokens['sin.caja']!);
const representative = () => asOfficer(tokens['rep.ana']!);

before(async () => {
  fixture = await wealthTaxCli('wealth-tax-mandate', {
    nits: [MANDATED, OTHER],
    country: 'AR',
    departmentCode: 2,
    password: PASSWORD,
    officers: {
      admin: ['administrator'],
      'sin.fiscal': ['tax_officer'],
      'sin.caja': ['tax_collector'],
      'rep.ana': ['tax_representative'],
    },
  });
  ({ cli, tokens } = fixture);
  declaration = path.join(cli.dataDir, 'declaracion.json');
  await writeFile(declaration, JSON.stringify(USD_ASSETS));
});

after(() => fixture?.dispose());

const declare = (nit: string, key: string, extra: string[] = []) => [
  'wealth-tax',
  'declare',
  '--nit',
  nit,
  '--year',
  '2020',
  '--declaration',
  declaration,
  '--key',
  key,
  '--filed-on',
  '2021-03-20',
  ...extra,
];

let mandateId = '';

test('grant: refused unsigned and to a collector; an officer grants and the list shows it in force', async () => {
  const args = [
    'wealth-tax',
    'mandate',
    'grant',
    '--nit',
    MANDATED,
    '--representative',
    'rep.ana',
    '--from',
    '2021-01-01',
  ];
  const unsigned = await ayni(args);
  assert.equal(unsigned.code, 1);
  assert.match(unsigned.err, /needs a signed-in officer holding wealth_tax\.assess/);
  const collectorTried = await ayni(args, collector());
  assert.equal(collectorTried.code, 1);
  assert.match(collectorTried.err, /wealth_tax\.assess/);
  const representativeTried = await ayni(args, representative());
  assert.equal(representativeTried.code, 1);
  assert.match(representativeTried.err, /wealth_tax\.assess/);

  const badDate = await ayni([...args.slice(0, -1), '2021-02-30'], officer());
  assert.equal(badDate.code, 1);
  const unknown = await ayni(
    [
      'wealth-tax',
      'mandate',
      'grant',
      '--nit',
      '8299999',
      '--representative',
      'rep.ana',
      '--from',
      '2021-01-01',
    ],
    officer(),
  );
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /8299999/);

  const granted = await ayni(args, officer());
  assert.equal(granted.code, 0, granted.err);
  const m =
    /^mandate (\d+) granted: NIT 8200001 Contribuyente 8200001 → rep\.ana, from 2021-01-01 to \(open-ended\)$/m.exec(
      granted.out,
    );
  assert.ok(m, granted.out);
  mandateId = m[1]!;

  const listed = await ayni(['wealth-tax', 'mandate', 'list', '--nit', MANDATED], officer());
  assert.equal(listed.code, 0, listed.err);
  assert.match(listed.out, new RegExp(`^${mandateId} +NIT 8200001 .*→ rep\\.ana.* in force$`, 'm'));
  const other = await ayni(['wealth-tax', 'mandate', 'list', '--nit', OTHER], officer());
  assert.equal(other.code, 0, other.err);
  assert.equal(other.out.trim(), 'no mandates');
  assert.equal((await ayni(['wealth-tax', 'mandate', 'list'], representative())).code, 1);
});

test('represented: the representative sees only the mandated taxpayer and files for it, not for another', async () => {
  const wrongRole = await ayni(['wealth-tax', 'represented'], officer());
  assert.equal(wrongRole.code, 1);
  assert.match(wrongRole.err, /wealth_tax\.represent/);
  assert.equal((await ayni(['wealth-tax', 'represented'])).code, 1);

  const seen = await ayni(['wealth-tax', 'represented'], representative());
  assert.equal(seen.code, 0, seen.err);
  assert.equal(seen.out.trim(), 'NIT 8200001  Contribuyente 8200001  until (open-ended)');

  const filed = await ayni(declare(MANDATED, 'rep:8200001:1'), representative());
  assert.equal(filed.code, 0, filed.err);
  assert.match(filed.out, /^filed: version 1, tax Bs 394880\.00, deadline 2021-03-31/);
  assert.match(
    (await ayni(declare(MANDATED, 'rep:8200001:1'), representative())).out,
    /^already filed: version 1/,
  );

  const refused = await ayni(declare(OTHER, 'rep:8200002:1'), representative());
  assert.equal(refused.code, 1);
  assert.match(refused.err, /no mandate in force today from the taxpayer with NIT 8200002/);
  const officerDeclares = await ayni(declare(MANDATED, 'sin:8200001:1'), officer());
  assert.equal(officerDeclares.code, 1);
  assert.match(officerDeclares.err, /wealth_tax\.represent/);
});

test('represented assess|balance|notice: the mandated taxpayer’s year, audited; another taxpayer is not_mandated', async () => {
  const yearArgs = (nit: string) => ['--nit', nit, '--year', '2020'];
  const assessed = await ayni(
    ['wealth-tax', 'represented', 'assess', ...yearArgs(MANDATED)],
    representative(),
  );
  assert.equal(assessed.code, 0, assessed.err);
  assert.match(assessed.out, /^Contribuyente 8200001 — NIT 8200001, 2020$/m);
  assert.match(assessed.out, /^ {2}version 1 filed 2021-03-20: .*tax Bs 394880\.00, deadline 2021-03-31$/m);

  const balance = await ayni(
    ['wealth-tax', 'represented', 'balance', ...yearArgs(MANDATED)],
    representative(),
  );
  assert.equal(balance.code, 0, balance.err);
  assert.match(balance.out, /^tax Bs 394880\.00, charges Bs /m);
  assert.match(balance.out, /^balance: Bs /m);

  const out = path.join(cli.dataDir, 'aviso-representado.html');
  const notice = await ayni(
    ['wealth-tax', 'represented', 'notice', ...yearArgs(MANDATED), '--kind', 'assessment', '--out', out],
    representative(),
  );
  assert.equal(notice.code, 0, notice.err);
  assert.match(notice.out, /aviso-representado\.html$/m);
  assert.match(await readFile(out, 'utf8'), /8200001/);

  for (const command of ['assess', 'balance']) {
    const refused = await ayni(['wealth-tax', 'represented', command, ...yearArgs(OTHER)], representative());
    assert.equal(refused.code, 1, command);
    assert.match(refused.err, /no mandate in force today from the taxpayer with NIT 8200002/);
    const officerTried = await ayni(['wealth-tax', 'represented', command, ...yearArgs(MANDATED)], officer());
    assert.equal(officerTried.code, 1, command);
    assert.match(officerTried.err, /wealth_tax\.represent/);
    assert.equal(
      (await ayni(['wealth-tax', 'represented', command, ...yearArgs(MANDATED)])).code,
      1,
      command,
    );
  }
  const refusedNotice = await ayni(
    ['wealth-tax', 'represented', 'notice', ...yearArgs(OTHER), '--kind', 'assessment', '--out', `${out}.2`],
    representative(),
  );
  assert.equal(refusedNotice.code, 1);
  assert.match(refusedNotice.err, /no mandate in force today from the taxpayer with NIT 8200002/);
});

test('revoke: the representative sees nobody and is refused with not_mandated; a second revoke is refused', async () => {
  assert.equal(
    (await ayni(['wealth-tax', 'mandate', 'revoke', mandateId, '--reason', 'x'], representative())).code,
    1,
  );
  const revoked = await ayni(
    ['wealth-tax', 'mandate', 'revoke', mandateId, '--reason', 'El contribuyente lo revocó'],
    officer(),
  );
  assert.equal(revoked.code, 0, revoked.err);
  assert.match(revoked.out, new RegExp(`^mandate ${mandateId} revoked: NIT 8200001`));
  const again = await ayni(['wealth-tax', 'mandate', 'revoke', mandateId, '--reason', 'otra vez'], officer());
  assert.equal(again.code, 1);
  assert.match(again.err, /revoked already/);
  const missing = await ayni(['wealth-tax', 'mandate', 'revoke', '999999', '--reason', 'x'], officer());
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no mandate number 999999/);

  const listed = await ayni(['wealth-tax', 'mandate', 'list', '--nit', MANDATED], officer());
  assert.match(listed.out, new RegExp(`^${mandateId} .* revoked$`, 'm'));
  const seen = await ayni(['wealth-tax', 'represented'], representative());
  assert.equal(seen.code, 0, seen.err);
  assert.equal(seen.out.trim(), 'no taxpayer has a mandate to you in force today');
  const amend = await ayni(
    declare(MANDATED, 'rep:8200001:2', ['--amend', '--reason', 'corrige la cuenta']),
    representative(),
  );
  assert.equal(amend.code, 1);
  assert.match(amend.err, /no mandate in force today from the taxpayer with NIT 8200001/);
});

test('the mandates are audited as the officer, the filing as the representative', async () => {
  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  try {
    const entries = await listAuditEntries(opened.value, { last: 200 });
    const by = (action: string) => entries.filter((e) => e.action === action).map((e) => e.actor);
    assert.deepEqual(by('wealth_tax_mandate.granted'), ['account:sin.fiscal']);
    assert.deepEqual(by('wealth_tax_mandate.revoked'), ['account:sin.fiscal']);
    assert.deepEqual(by('wealth_tax_declaration.filed'), ['account:rep.ana']);
    // The representative's reads through `represented assess|notice`, as on their pages.
    assert.deepEqual(by('wealth_tax_declaration.read'), ['account:rep.ana']);
    assert.deepEqual(by('wealth_tax_notice.issued'), ['account:rep.ana']);
  } finally {
    await opened.value.close();
  }
});

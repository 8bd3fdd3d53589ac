import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAuditEntries } from '../../src/audit/index.ts';
import { DECLARATION_CSV_HEADER, importDeclarations } from '../../src/wealth-tax/index.ts';
import { AT, failure, must, OFFICER, type WealthTaxFixture, wealthTaxFixture } from './fixture.ts';

/**
 * Importing declarations from CSV and JSON with every import's rules: read = accepted + rejected,
 * rejected lines with their line number and reason (a filing refused whole), one transaction, the
 * same file imported once (a second import answers the first one's counts and files nothing),
 * audited; an unreadable file is refused before anything is counted or written.
 */

let f: WealthTaxFixture;
before(async () => {
  f = await wealthTaxFixture();
  for (const nit of ['1000001', '1000002', '1000003']) await f.filer(nit);
});
after(() => f.dispose());

const H = DECLARATION_CSV_HEADER.join(',');
const CSV = [
  H,
  // Line 2–3: one filing of two items, one in US dollars (accepted).
  '1000001,2020,2021-03-20,imp:1000001:2020,,asset,Casa,real_estate,bolivia,,,25000000,,,',
  '1000001,2020,2021-03-20,imp:1000001:2020,,asset,Cuenta,deposits_and_credits,abroad,,USD,2000000,,,',
  // Line 4: an unknown taxpayer (rejected: taxpayer_not_found).
  '9999999,2020,2021-03-20,imp:9999999:2020,,asset,Casa,real_estate,bolivia,,,1,,,',
  // Lines 5–6: a filing whose second line has a bad date: both lines rejected.
  '1000002,2020,2021-03-20,imp:1000002:2020,,asset,Casa,real_estate,bolivia,,,31000000,,,',
  '1000002,2020,2021-02-30,imp:1000002:2020,,asset,Auto,vehicles,bolivia,,,100000,,,',
  // Line 7: wrong number of fields.
  '1000003,2020,2021-03-20',
  '',
  // Line 9: a filing with a debt (accepted).
  '1000003,2020,2021-03-21,imp:1000003:2020,,asset,Casa,real_estate,bolivia,,,45000000,,,',
  '1000003,2020,2021-03-21,imp:1000003:2020,,debt,Préstamo,asfi_regulated,bolivia,,,2000000,,,',
].join('\n');

test('CSV: read = accepted + rejected, rejects with line and reason, filings assessed', async () => {
  const r = must(await importDeclarations(f.db, { fileName: 'sin.csv', content: CSV }, OFFICER, AT));
  assert.equal(r.replayed, false);
  assert.equal(r.rowsRead, 8);
  assert.equal(r.rowsAccepted, 4);
  assert.equal(r.rowsRejected, 4);
  assert.equal(r.rowsRead, r.rowsAccepted + r.rowsRejected);
  assert.equal(r.declarationsFiled, 2);
  assert.deepEqual(
    r.rejects.map((x) => [x.line, x.reason]),
    [
      [4, 'taxpayer_not_found'],
      [5, 'filing_refused: line 6'],
      [6, 'field_invalid: filed_on'],
      [7, 'csv_field_count: 3 of 15'],
    ],
  );
  // US$ 2 M at 6.96 + Bs 25 M = Bs 38.92 M, assessed as a filing on the web would be.
  const ana = must(await f.read({ nit: '1000001', fortuneYear: 2020, on: '2021-03-20', lang: 'es' }));
  assert.equal(ana.versions[0]!.assessment!.netFortuneCentavos, 3_892_000_000n);
  const debtor = must(await f.read({ nit: '1000003', fortuneYear: 2020, on: '2021-03-21', lang: 'es' }));
  assert.equal(debtor.versions[0]!.assessment!.netFortuneCentavos, 4_300_000_000n);
  const stored = await f.db.query<{ line: number; reason: string }>(
    'SELECT line, reason FROM wealth_tax_import_reject WHERE import_id = $1 ORDER BY line',
    [r.importId],
  );
  assert.deepEqual(
    stored.map((x) => x.line),
    [4, 5, 6, 7],
  );
});

test('the same file again files nothing and answers the first import’s counts', async () => {
  const before = await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM wealth_tax_declaration');
  const again = must(await importDeclarations(f.db, { fileName: 'copia.csv', content: CSV }, OFFICER, AT));
  assert.equal(again.replayed, true);
  assert.deepEqual([again.rowsRead, again.rowsAccepted, again.rowsRejected], [8, 4, 4]);
  assert.equal(again.rejects.length, 4);
  const after = await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM wealth_tax_declaration');
  assert.equal(after[0]!.n, before[0]!.n);
  const runs = await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM wealth_tax_import');
  assert.equal(runs[0]!.n, 1n);
});

test('JSON: an array of filings, lines where each starts; an amendment and a refused one', async () => {
  const json = `[
  {"nit": "1000002", "fortuneYear": 2020, "filedOn": "2021-03-22", "filingKey": "imp:j:1000002",
   "declaration": {"assets": [{"description": "Casa", "category": "real_estate", "location": "bolivia", "market_value": 31000000}]}},
  {"nit": "1000001", "fortuneYear": 2020, "filedOn": "2021-03-25", "filingKey": "imp:j:1000001:2",
   "amendment": true, "reason": "la cuenta era menor",
   "declaration": {"assets": [{"description": "Casa", "category": "real_estate", "location": "bolivia", "market_value": 25000000}]}},
  {"nit": "1000003", "fortuneYear": 2020, "filedOn": "2021-03-25", "filingKey": "imp:j:1000003:2",
   "declaration": {"assets": [{"description": "Yenes", "category": "cash", "location": "abroad", "currency": "JPY", "market_value": 5}]}},
  {"nit": "1000003", "fortuneYear": 2020}
]`;
  const r = must(await importDeclarations(f.db, { fileName: 'sin.json', content: json }, OFFICER, AT));
  assert.deepEqual([r.rowsRead, r.rowsAccepted, r.rowsRejected, r.declarationsFiled], [4, 2, 2, 2]);
  assert.deepEqual(
    r.rejects.map((x) => [x.line, x.reason.split(':')[0]]),
    [
      [7, 'wealth_tax_input_invalid'],
      [9, 'field_invalid'],
    ],
  );
  const ana = must(await f.read({ nit: '1000001', fortuneYear: 2020, on: '2021-03-25', lang: 'es' }));
  assert.equal(ana.versions.length, 2);
  assert.equal(ana.versions[1]!.assessment!.taxCentavos, 0n);
});

test('JSON Lines: one filing per line; an amendment of nothing is refused', async () => {
  const lines = [
    JSON.stringify({
      nit: '1000003',
      fortuneYear: 2021,
      filedOn: '2022-03-01',
      filingKey: 'imp:l:1',
      amendment: true,
      reason: 'x',
      declaration: { assets: [] },
    }),
    'not json',
  ].join('\n');
  await f.residence({ nit: '1000003', fortuneYear: 2021, daysInBolivia: 300 });
  const r = must(await importDeclarations(f.db, { fileName: 'sin.jsonl', content: lines }, OFFICER, AT));
  assert.deepEqual(
    r.rejects.map((x) => [x.line, x.reason]),
    [
      [1, 'nothing_to_amend'],
      [2, 'json_invalid'],
    ],
  );
  assert.equal(r.rowsAccepted, 0);
});

test('an unreadable file is refused whole: nothing counted, nothing written', async () => {
  const runs = async () =>
    (await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM wealth_tax_import'))[0]!.n;
  const before = await runs();
  assert.equal(
    failure(await importDeclarations(f.db, { fileName: 'x.csv', content: 'nit,year\n1,2' }, OFFICER, AT))
      .code,
    'import_header_invalid',
  );
  assert.equal(
    failure(await importDeclarations(f.db, { fileName: 'x.json', content: '[{"a": 1}' }, OFFICER, AT)).code,
    'import_json_invalid',
  );
  assert.equal(
    failure(await importDeclarations(f.db, { fileName: 'x.xlsx', content: 'x' }, OFFICER, AT)).code,
    'import_format_unknown',
  );
  assert.equal(await runs(), before);
});

test('an import is all or nothing: an error mid-way leaves no filing and no import', async () => {
  const count = async (table: string) =>
    (await f.db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;
  const declarations = await count('wealth_tax_declaration');
  const imports = await count('wealth_tax_import');
  // A NUL in a description passes the rules but PostgreSQL's jsonb refuses it: the second filing's
  // insert fails after the first one was written in the same transaction.
  const csv = [
    H,
    '1000002,2021,2022-03-01,imp:aon:1,,asset,Casa,real_estate,bolivia,,,1000,,,',
    '1000001,2021,2022-03-01,imp:aon:2,,asset,Ca\u0000sa,real_estate,bolivia,,,1000,,,',
  ].join('\n');
  await f.residence({ nit: '1000001', fortuneYear: 2021, daysInBolivia: 300 });
  await f.residence({ nit: '1000002', fortuneYear: 2021, daysInBolivia: 300 });
  await assert.rejects(importDeclarations(f.db, { fileName: 'aon.csv', content: csv }, OFFICER, AT));
  assert.equal(await count('wealth_tax_declaration'), declarations);
  assert.equal(await count('wealth_tax_import'), imports);
});

test('each import is in the audit trail with its counts, never the declared items', async () => {
  const entries = (await listAuditEntries(f.db, { last: 500 })).filter(
    (e) => e.action === 'wealth_tax_import.completed',
  );
  assert.equal(entries.length, 3);
  const counts = entries.map((e) => e.after as Record<string, unknown>);
  assert.ok(counts.some((c) => c['rowsRead'] === 8 && c['rowsRejected'] === 4));
  assert.ok(!JSON.stringify(counts).includes('Casa'));
});

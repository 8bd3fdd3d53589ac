import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  type Pain001CreditTransfer,
  type Pain001FileSpec,
  type PreparedCreditTransfer,
  prepareCreditTransfer,
  renderPain001Batch,
  writePain001File,
} from '../../src/interchange/iso20022/pain001.writer.ts';
import { validateXmlFile } from '../../src/interchange/iso20022/xsd.ts';
import { ISO20022_EN } from '../../src/messages/en/iso20022.ts';
import { english, PAIN001_XSD, show } from './testdata.ts';

/**
 * pain.001.001.03 files as banks receive them: generated for 1, 2 and 50,000 transactions and
 * validated against the XSD; the header totals, amounts and identifiers checked independently of
 * the writer by reading the file back; every expected failure leaves no file behind.
 */

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-pain001-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SPEC: Pain001FileSpec = {
  messageId: 'BCH-R1-BNB',
  creationDateTime: '2020-12-01T08:00:00-04:00',
  paymentInformationId: 'BCH-R1-BNB-1',
  requestedExecutionDate: '2020-12-02',
  debtor: {
    name: 'Ministerio de Economía y Finanzas Públicas',
    accountId: '1-4567890',
    agentBic: 'BUNIBOLX',
    initiatingPartyId: 'MEFP-TGN',
  },
  creditorAgent: { bic: 'BNBOBOLX', name: 'Banco Nacional de Bolivia' },
  expectedTransactionCount: 1,
  expectedControlSumCentavos: 100_000n,
  defaultRemittanceText: 'Bono Contra el Hambre DS 4392',
  categoryPurposeCode: 'GOVT',
};

const NAMES = ['Juana Mamani Quispe', 'María Núñez Condori', 'Freddy Choque', 'José Gutiérrez & Hijos'];

function deposit(i: number): Pain001CreditTransfer {
  return {
    endToEndId: `BCH-R1-${String(i).padStart(9, '0')}`,
    amountCentavos: 100_000n,
    creditorName: NAMES[i % NAMES.length]!,
    creditorAccountId: String(3_000_000_000 + i),
    creditorIdentityNumber: i % 2 === 0 ? `${4_000_000 + i}` : undefined,
  };
}

async function* deposits(count: number, of: (i: number) => Pain001CreditTransfer = deposit) {
  for (let i = 1; i <= count; i++) yield of(i);
}

/** What the file says, read with plain regular expressions rather than the writer's own code. */
async function readBack(file: string) {
  const xml = await readFile(file, 'utf8');
  const all = (re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]!);
  const amounts = all(/<InstdAmt Ccy="BOB">([^<]+)<\/InstdAmt>/g);
  return {
    xml,
    headerCount: all(/<NbOfTxs>(\d+)<\/NbOfTxs>/g),
    headerSum: all(/<CtrlSum>([^<]+)<\/CtrlSum>/g),
    endToEndIds: all(/<EndToEndId>([^<]+)<\/EndToEndId>/g),
    amounts,
    sumCentavos: amounts.reduce((sum, a) => sum + BigInt(a.replace('.', '')), 0n),
    transactionLines: xml.split('\n').filter((line) => line.includes('<CdtTrfTxInf>')).length,
  };
}

test('one transaction: a complete file that validates against the XSD', async () => {
  const file = path.join(dir, 'one.xml');
  const written = await writePain001File(file, SPEC, [deposit(1)]);
  assert.ok(written.ok, show(written));
  assert.equal(written.value.transactionCount, 1);
  assert.equal(written.value.controlSumCentavos, 100_000n);
  assert.match(written.value.sha256, /^[0-9a-f]{64}$/);
  const back = await readBack(file);
  assert.equal(written.value.sizeBytes, Buffer.byteLength(back.xml));
  assert.deepEqual(back.headerCount, ['1', '1'], 'GrpHdr and PmtInf');
  assert.deepEqual(back.headerSum, ['1000.00', '1000.00']);
  assert.deepEqual(back.endToEndIds, ['BCH-R1-000000001']);
  assert.match(back.xml, /<Cdtr><Nm>Maria Nunez Condori<\/Nm><\/Cdtr>/);
  assert.match(back.xml, /<DbtrAcct>\s*<Id>\s*<Othr>\s*<Id>1-4567890<\/Id>/);
  assert.match(back.xml, /<Nm>Ministerio de Economia y Finanzas Publicas<\/Nm>/);
  assert.match(back.xml, /<ReqdExctnDt>2020-12-02<\/ReqdExctnDt>/);
  assert.match(back.xml, /<ChrgBr>DEBT<\/ChrgBr>/);
  assert.match(back.xml, /<Ustrd>Bono Contra el Hambre DS 4392<\/Ustrd>/);
  const valid = await validateXmlFile(file, PAIN001_XSD);
  assert.ok(valid.ok, show(valid));
  assert.deepEqual(await readdir(dir), ['one.xml'], 'no .partial left behind');
});

test('two transactions with identity numbers, accents and & in names validate', async () => {
  const file = path.join(dir, 'two.xml');
  const written = await writePain001File(
    file,
    { ...SPEC, expectedTransactionCount: 2, expectedControlSumCentavos: 100_000n + 55_505n },
    [
      { ...deposit(1), creditorIdentityNumber: '4000001-1B' },
      { ...deposit(3), amountCentavos: 55_505n, remittanceText: 'Bono – pago único' },
    ],
  );
  assert.ok(written.ok, show(written));
  const back = await readBack(file);
  assert.deepEqual(back.amounts, ['1000.00', '555.05']);
  assert.deepEqual(back.headerSum, ['1555.05', '1555.05']);
  assert.equal(back.sumCentavos, 155_505n);
  assert.match(
    back.xml,
    /<Nm>Maria Nunez Condori<\/Nm><Id><PrvtId><Othr><Id>4000001-1B<\/Id><SchmeNm><Cd>NIDN<\/Cd>/,
  );
  assert.match(back.xml, /<Nm>Jose Gutierrez \+ Hijos<\/Nm>/);
  assert.match(back.xml, /<Ustrd>Bono - pago unico<\/Ustrd>/);
  // Debtor name, the two names and the remittance line had to change; nothing was cut.
  assert.equal(written.value.transliteratedFieldCount, 4);
  assert.equal(written.value.truncatedFieldCount, 0);
  const valid = await validateXmlFile(file, PAIN001_XSD);
  assert.ok(valid.ok, show(valid));
});

test('unicode mode keeps accents and escapes markup, and still validates', async () => {
  const file = path.join(dir, 'unicode.xml');
  const written = await writePain001File(file, { ...SPEC, textMode: 'unicode' }, [
    { ...deposit(1), creditorName: 'Ñusta <Quispe> & "Cía"' },
  ]);
  assert.ok(written.ok, show(written));
  const back = await readBack(file);
  assert.match(back.xml, /<Nm>Ñusta &lt;Quispe&gt; &amp; &quot;Cía&quot;<\/Nm>/);
  assert.match(back.xml, /<Nm>Ministerio de Economía y Finanzas Públicas<\/Nm>/);
  assert.equal(written.value.sizeBytes, Buffer.byteLength(back.xml), 'size counts bytes, not characters');
  const valid = await validateXmlFile(file, PAIN001_XSD);
  assert.ok(valid.ok, show(valid));
});

test('50,000 transactions stream into one file that validates, one line per transaction', async () => {
  const count = 50_000;
  const file = path.join(dir, 'large.xml');
  const written = await writePain001File(
    file,
    { ...SPEC, expectedTransactionCount: count, expectedControlSumCentavos: BigInt(count) * 100_000n },
    deposits(count),
  );
  assert.ok(written.ok, show(written));
  const back = await readBack(file);
  assert.deepEqual(back.headerCount, ['50000', '50000']);
  assert.deepEqual(back.headerSum, ['50000000.00', '50000000.00']);
  assert.equal(back.endToEndIds.length, count);
  assert.equal(new Set(back.endToEndIds).size, count);
  assert.equal(back.sumCentavos, 5_000_000_000n);
  assert.equal(back.transactionLines, count);
  const valid = await validateXmlFile(file, PAIN001_XSD);
  assert.ok(valid.ok, show(valid));
});

test('a transaction line number in an XSD error points at that transaction', async () => {
  const file = path.join(dir, 'line.xml');
  const written = await writePain001File(
    file,
    { ...SPEC, expectedTransactionCount: 3, expectedControlSumCentavos: 300_000n },
    deposits(3),
  );
  assert.ok(written.ok);
  const lines = (await readFile(file, 'utf8')).split('\n');
  const second = lines.findIndex((line) => line.includes('BCH-R1-000000002'));
  lines[second] = lines[second]!.replace('<Ccy>BOB</Ccy>', '<Ccy>bob</Ccy>');
  await writeFile(file, lines.join('\n'));
  const valid = await validateXmlFile(file, PAIN001_XSD);
  assert.ok(!valid.ok && valid.error.code === 'xsd_invalid', show(valid));
  assert.equal(valid.error.issues[0]?.line, second + 1);
  assert.equal(valid.error.issues[0]?.element, 'Ccy');
});

test('declared totals that differ from the stream fail precisely and leave no file', async () => {
  const file = path.join(dir, 'totals.xml');
  const fewer = await writePain001File(
    file,
    { ...SPEC, expectedTransactionCount: 3, expectedControlSumCentavos: 300_000n },
    deposits(2),
  );
  assert.ok(!fewer.ok && fewer.error.code === 'pain001_totals_mismatch', show(fewer));
  assert.equal(fewer.error.actualTransactionCount, 2);
  assert.equal(fewer.error.actualControlSumCentavos, 200_000n);
  assert.match(english(fewer.error), /declared 3 transactions \/ 3000\.00 BOB, received 2 \/ 2000\.00 BOB/);

  const wrongSum = await writePain001File(
    file,
    { ...SPEC, expectedTransactionCount: 2, expectedControlSumCentavos: 200_001n },
    deposits(2),
  );
  assert.ok(!wrongSum.ok && wrongSum.error.code === 'pain001_totals_mismatch');
  assert.equal(wrongSum.error.actualControlSumCentavos, 200_000n);

  const more = await writePain001File(
    file,
    { ...SPEC, expectedTransactionCount: 2, expectedControlSumCentavos: 200_000n },
    deposits(5),
  );
  assert.ok(!more.ok && more.error.code === 'pain001_transactions_invalid', show(more));
  assert.equal(more.error.actualTransactionCount, 5);
  assert.deepEqual(
    more.error.issues.map((i) => [i.index, i.code]),
    [[2, 'too_many_transactions']],
  );
  assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.startsWith('totals'))), []);
});

test('invalid transactions are all reported with their position, and no file is written', async () => {
  const file = path.join(dir, 'invalid.xml');
  const bad: Pain001CreditTransfer[] = [
    deposit(1),
    { ...deposit(2), endToEndId: 'x'.repeat(36) },
    { ...deposit(3), endToEndId: 'BCH R1 3' },
    deposit(1),
    { ...deposit(5), amountCentavos: 0n },
    { ...deposit(6), creditorName: ' ✓ ' },
    { ...deposit(7), creditorAccountId: 'CA 123' },
    { ...deposit(8), creditorIdentityNumber: '1234567 LP' },
    { ...deposit(9), instructionId: 'BCH-R1-000000001' },
    { ...deposit(10), instructionId: 'BCH-R1-000000001' },
  ];
  const result = await writePain001File(
    file,
    { ...SPEC, expectedTransactionCount: bad.length, expectedControlSumCentavos: 900_000n },
    bad,
  );
  assert.ok(!result.ok && result.error.code === 'pain001_transactions_invalid', show(result));
  assert.deepEqual(
    result.error.issues.map((i) => [i.index, i.code]),
    [
      [1, 'end_to_end_id_invalid'],
      [2, 'end_to_end_id_invalid'],
      [3, 'end_to_end_id_duplicate'],
      [4, 'amount_not_positive'],
      [5, 'creditor_name_empty'],
      [6, 'creditor_account_invalid'],
      [7, 'creditor_identity_invalid'],
      // InstrId defaults to the EndToEndId: the first transaction's InstrId is BCH-R1-000000001.
      [8, 'instruction_id_duplicate'],
      [9, 'instruction_id_duplicate'],
    ],
  );
  assert.equal(result.error.issueCount, 9);
  assert.match(result.error.issues[0]!.message, /is longer than 35 characters/);
  assert.match(english(result.error), /9 transaction issue\(s\), first at input position 2/);
  assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.startsWith('invalid'))), []);
});

test('issues beyond maxReportedIssues are counted, not listed', async () => {
  const result = await writePain001File(
    path.join(dir, 'many.xml'),
    { ...SPEC, expectedTransactionCount: 50, expectedControlSumCentavos: 0n, maxReportedIssues: 3 },
    deposits(50, (i) => ({ ...deposit(i), amountCentavos: 0n })),
  );
  assert.ok(!result.ok && result.error.code === 'pain001_transactions_invalid');
  assert.equal(result.error.issues.length, 3);
  assert.equal(result.error.issueCount, 50);
});

test('invalid file settings are refused before anything is written', async () => {
  const result = await writePain001File(
    path.join(dir, 'spec.xml'),
    {
      ...SPEC,
      messageId: 'BCH R1',
      creationDateTime: '2020-12-01',
      requestedExecutionDate: '2020-02-30',
      debtor: { name: ' ', accountId: '', agentBic: 'UNION' },
      creditorAgent: {},
      expectedTransactionCount: 0,
      expectedControlSumCentavos: -1n,
      defaultRemittanceText: 'x'.repeat(141),
      categoryPurposeCode: 'government',
    },
    [],
  );
  assert.ok(!result.ok && result.error.code === 'pain001_spec_invalid', show(result));
  assert.deepEqual(
    result.error.problems.map((p) => p.split(' ')[0]),
    [
      'messageId',
      'creationDateTime',
      'requestedExecutionDate',
      'debtor',
      'debtor',
      'debtor',
      'creditorAgent',
      'expectedTransactionCount',
      'expectedControlSumCentavos',
      'defaultRemittanceText',
      'categoryPurposeCode',
    ],
  );
  assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.startsWith('spec'))), []);
});

test('an existing file is never replaced unless asked', async () => {
  const file = path.join(dir, 'exists.xml');
  await writeFile(file, 'sent to the bank already');
  const refused = await writePain001File(file, SPEC, [deposit(1)]);
  assert.ok(!refused.ok && refused.error.code === 'pain001_file_exists');
  assert.equal(await readFile(file, 'utf8'), 'sent to the bank already');
  const replaced = await writePain001File(file, SPEC, [deposit(1)], { overwrite: true });
  assert.ok(replaced.ok);
  assert.match(await readFile(file, 'utf8'), /BCH-R1-000000001/);
});

test('a source that throws midway leaves no partial file and the error surfaces', async () => {
  const file = path.join(dir, 'throws.xml');
  async function* failing() {
    yield deposit(1);
    throw new Error('database connection lost');
  }
  await assert.rejects(
    writePain001File(
      file,
      { ...SPEC, expectedTransactionCount: 2, expectedControlSumCentavos: 200_000n },
      failing(),
    ),
    /database connection lost/,
  );
  assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.startsWith('throws'))), []);
});

test('batches from a cursor, single rows and a synchronous list give the same file', async () => {
  const spec = { ...SPEC, expectedTransactionCount: 5, expectedControlSumCentavos: 500_000n };
  async function* batches() {
    yield [deposit(1), deposit(2)];
    yield deposit(3);
    yield [deposit(4), deposit(5)];
  }
  const fromBatches = await writePain001File(path.join(dir, 'batches.xml'), spec, batches());
  const fromRows = await writePain001File(path.join(dir, 'rows.xml'), spec, deposits(5));
  const fromList = await writePain001File(path.join(dir, 'list.xml'), spec, [1, 2, 3, 4, 5].map(deposit));
  assert.ok(fromBatches.ok && fromRows.ok && fromList.ok);
  assert.equal(fromBatches.value.sha256, fromRows.value.sha256);
  assert.equal(fromList.value.sha256, fromRows.value.sha256);
});

test('the same input gives the same bytes (no clock, no randomness)', async () => {
  const a = await writePain001File(path.join(dir, 'same-a.xml'), SPEC, [deposit(1)]);
  const b = await writePain001File(path.join(dir, 'same-b.xml'), SPEC, [deposit(1)]);
  assert.ok(a.ok && b.ok);
  assert.equal(a.value.sha256, b.value.sha256);
});

test('without declared totals the header carries what streamed: the same bytes as declaring them', async () => {
  const { expectedTransactionCount: _count, expectedControlSumCentavos: _sum, ...undeclared } = SPEC;
  const odd = (i: number) => ({ ...deposit(i), amountCentavos: BigInt(100_000 + i) });
  const declared = await writePain001File(
    path.join(dir, 'declared.xml'),
    { ...SPEC, expectedTransactionCount: 3_000, expectedControlSumCentavos: 300_000_000n + 4_501_500n },
    deposits(3_000, odd),
  );
  const file = path.join(dir, 'undeclared.xml');
  const written = await writePain001File(file, undeclared, deposits(3_000, odd));
  assert.ok(declared.ok && written.ok, show(written));
  assert.equal(written.value.transactionCount, 3_000);
  assert.equal(written.value.controlSumCentavos, 304_501_500n);
  assert.equal(written.value.sha256, declared.value.sha256, 'byte for byte the file a declared header gives');
  const back = await readBack(file);
  assert.deepEqual(back.headerCount, ['3000', '3000']);
  assert.deepEqual(back.headerSum, ['3045015.00', '3045015.00']);
  assert.equal(written.value.sizeBytes, Buffer.byteLength(back.xml));
  // The hash is taken after the header was filled in: it must be the hash of the file as it is.
  assert.equal(
    written.value.sha256,
    createHash('sha256')
      .update(await readFile(file))
      .digest('hex'),
  );
  const checked = await validateXmlFile(file, PAIN001_XSD);
  assert.ok(checked.ok, show(checked));
  assert.deepEqual(
    await readdir(dir).then((names) =>
      names.filter((n) => n.startsWith('undeclared') && n !== 'undeclared.xml'),
    ),
    [],
    'no body or partial file is left beside it',
  );
});

test('the header totals have a fixed width, so that the real ones can overwrite a placeholder in place', async () => {
  const { expectedTransactionCount: _count, expectedControlSumCentavos: _sum, ...undeclared } = SPEC;
  const headerOf = async (name: string, n: number) => {
    const file = path.join(dir, name);
    const written = await writePain001File(file, undeclared, deposits(n));
    assert.ok(written.ok, show(written));
    const xml = await readFile(file, 'latin1');
    return xml.slice(0, xml.indexOf('<CdtTrfTxInf>'));
  };
  const one = await headerOf('width-1.xml', 1);
  const many = await headerOf('width-1200.xml', 1_200);
  assert.equal(one.length, many.length, 'same header length for 1 and 1,200 transactions');
  assert.match(many, /<NbOfTxs>1200<\/NbOfTxs> {11}\n/);
  assert.match(many, /<CtrlSum>1200000\.00<\/CtrlSum> {9}\n/);
  assert.match(one, /<NbOfTxs>1<\/NbOfTxs> {14}\n/);
  // The spaces are whitespace between elements: nothing else in the header changes.
  const totalsOut = (header: string) =>
    header.replace(/<NbOfTxs>\d+<\/NbOfTxs> *\n/g, 'N\n').replace(/<CtrlSum>[\d.]+<\/CtrlSum> *\n/g, 'S\n');
  assert.equal(totalsOut(one), totalsOut(many));
});

test('files written back to disk as they stream, several at once, have the bytes and hashes of files that were not', async () => {
  const { expectedTransactionCount: _count, expectedControlSumCentavos: _sum, ...undeclared } = SPEC;
  const odd = (i: number) => ({ ...deposit(i), amountCentavos: BigInt(100_000 + i) });
  // About 5 MB each, flushed a megabyte at a time: a write-back after every flush, from four
  // writers at once (one at a time in all).
  const written = await Promise.all(
    [1, 2, 3, 4].map((k) =>
      writePain001File(path.join(dir, `written-back-${k}.xml`), undeclared, deposits(10_000, odd), {
        writeBackEveryBytes: 16 * 1024,
      }),
    ),
  );
  const plain = await writePain001File(
    path.join(dir, 'not-written-back.xml'),
    undeclared,
    deposits(10_000, odd),
  );
  assert.ok(plain.ok, show(plain));
  for (const [i, result] of written.entries()) {
    assert.ok(result.ok, show(result));
    const bytes = await readFile(path.join(dir, `written-back-${i + 1}.xml`));
    assert.equal(result.value.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(result.value.sha256, plain.value.sha256);
    assert.equal(result.value.transactionCount, 10_000);
  }
});

test('declared totals wider than a pain.001 header holds are refused before anything is written', async () => {
  const file = path.join(dir, 'too-wide.xml');
  const result = await writePain001File(
    file,
    { ...SPEC, expectedTransactionCount: 1, expectedControlSumCentavos: 10n ** 18n },
    [deposit(1)],
  );
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.code, 'pain001_spec_invalid');
  assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.startsWith('too-wide'))), []);
});

test('without declared totals: no transaction is a failure, and a lone total is refused', async () => {
  const { expectedTransactionCount: _count, expectedControlSumCentavos: _sum, ...undeclared } = SPEC;
  const file = path.join(dir, 'empty.xml');
  const empty = await writePain001File(file, undeclared, []);
  assert.ok(!empty.ok && empty.error.code === 'pain001_empty', show(empty));
  const lone = await writePain001File(file, { ...undeclared, expectedTransactionCount: 1 }, [deposit(1)]);
  assert.ok(!lone.ok && lone.error.code === 'pain001_spec_invalid', show(lone));
  assert.match(english(lone.error), /declared together or not at all/);
  assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.startsWith('empty'))), []);
});

test('ascending ids: order is checked instead of remembering ids; out of order, repeated or explicit InstrIds are issues', async () => {
  const spec = { ...SPEC, expectedTransactionCount: 3, expectedControlSumCentavos: 300_000n };
  const inOrder = await writePain001File(path.join(dir, 'asc.xml'), spec, deposits(3), {
    ascendingIds: true,
  });
  const plain = await writePain001File(path.join(dir, 'plain.xml'), spec, deposits(3));
  assert.ok(inOrder.ok && plain.ok, show(inOrder));
  assert.equal(inOrder.value.sha256, plain.value.sha256, 'the same bytes either way');

  const bad = await writePain001File(
    path.join(dir, 'asc-bad.xml'),
    { ...SPEC, expectedTransactionCount: 5, expectedControlSumCentavos: 500_000n },
    [deposit(2), deposit(1), deposit(3), deposit(3), { ...deposit(4), instructionId: 'INSTR-4' }],
    { ascendingIds: true },
  );
  assert.ok(!bad.ok && bad.error.code === 'pain001_transactions_invalid', show(bad));
  assert.deepEqual(
    bad.error.issues.map((i) => [i.index, i.code]),
    [
      [1, 'end_to_end_id_out_of_order'],
      [3, 'end_to_end_id_duplicate'],
      [4, 'instruction_id_invalid'],
    ],
  );
  assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.startsWith('asc-bad'))), []);
});

test('prepared and rendered batches give the bytes of the same transactions given plainly', async () => {
  const { expectedTransactionCount: _count, expectedControlSumCentavos: _sum, ...spec } = SPEC;
  const prepared = (i: number): PreparedCreditTransfer => {
    const p = prepareCreditTransfer(deposit(i));
    assert.ok(p.ok, show(p));
    return p.value;
  };
  const plain = await writePain001File(path.join(dir, 'batch-plain.xml'), spec, deposits(7));
  const asPrepared = await writePain001File(
    path.join(dir, 'batch-prepared.xml'),
    spec,
    [1, 2, 3, 4, 5, 6, 7].map(prepared),
  );
  const first = renderPain001Batch(spec, [1, 2, 3].map(prepared));
  const second = renderPain001Batch(spec, [4, 5, 6, 7].map(prepared));
  assert.ok(first.ok && second.ok);
  assert.equal(first.value.count, 3);
  assert.equal(second.value.sumCentavos, 400_000n);
  const batched = await writePain001File(
    path.join(dir, 'batch-rendered.xml'),
    spec,
    [first.value, second.value],
    {
      ascendingIds: true,
    },
  );
  assert.ok(plain.ok && asPrepared.ok && batched.ok, show(batched));
  assert.equal(asPrepared.value.sha256, plain.value.sha256);
  assert.equal(batched.value.sha256, plain.value.sha256);
  assert.equal(batched.value.transactionCount, 7);

  // Out of order across batches, or a batch out of order within: refused.
  const late = await writePain001File(path.join(dir, 'batch-late.xml'), spec, [second.value, first.value], {
    ascendingIds: true,
  });
  assert.ok(!late.ok && late.error.code === 'pain001_transactions_invalid', show(late));
  assert.deepEqual(
    late.error.issues.map((i) => [i.index, i.code]),
    [[4, 'end_to_end_id_out_of_order']],
  );
  const unsorted = renderPain001Batch(spec, [2, 1].map(prepared));
  assert.ok(!unsorted.ok && unsorted.error.code === 'pain001_batch_out_of_order', show(unsorted));
  assert.match(ISO20022_EN.pain001_batch_out_of_order.detail!(unsorted.error), /comes after/);
  // A batch is for the file it was rendered for.
  await assert.rejects(
    writePain001File(path.join(dir, 'batch-other.xml'), { ...spec }, [first.value], { ascendingIds: true }),
    /another file/,
  );
  assert.deepEqual(
    await readdir(dir).then((names) => names.filter((n) => /^batch-(late|other)/.test(n))),
    [],
  );
});

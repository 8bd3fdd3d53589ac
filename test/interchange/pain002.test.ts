import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { writePain001File } from '../../src/interchange/iso20022/pain001.writer.ts';
import { readPain002File, streamPain002 } from '../../src/interchange/iso20022/pain002.reader.ts';
import {
  classifyStatus,
  type OriginalPain001,
  type Pain002Resolution,
  resolvePain002,
} from '../../src/interchange/iso20022/pain002.resolve.ts';
import { validateXmlFile } from '../../src/interchange/iso20022/xsd.ts';
import { asset, english, fixturesDir, PAIN002_V14_XSD, samplesMissing, show } from './testdata.ts';

/**
 * Every pain.002 sample of the shared test data (all version .03: accepted, and rejected at group,
 * payment and transaction level) and a hand-written .14 fixture, each with the outcome of every
 * original transaction written out explicitly.
 */

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-pain002-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** For the tests that read bank samples; ayni's own fixtures and the XSDs are always there. */
const skip = samplesMissing;

/** [EndToEndId, state, status, level, reason code, first additional info] for every outcome. */
type Expected = [string, string, string | undefined, string, string | undefined, string | undefined][];

function outcomes(resolution: Pain002Resolution): Expected {
  return resolution.outcomes.map((o) => [
    o.endToEndId,
    o.state,
    o.status,
    o.level,
    o.reason?.code,
    o.reason?.additionalInfo[0],
  ]);
}

function original(messageId: string, paymentInformationId: string, endToEndIds: string[]): OriginalPain001 {
  return { messageId, payments: [{ paymentInformationId, endToEndIds }] };
}

test('Nordea group reject: every transaction is rejected with DU01', { skip }, async () => {
  const file = asset('nordea', 'pain_002_v3_group_reject.xml');
  const read = await readPain002File(file);
  assert.ok(read.ok, show(read));
  assert.equal(read.value.group.messageName, 'pain.002.001.03');
  assert.equal(read.value.group.messageId, 'XML990920150810101909283');
  assert.equal(read.value.group.originalMessageId, 'MSGID-PS-TEST-0708-01');
  assert.equal(read.value.group.status, 'RJCT');
  assert.deepEqual(read.value.group.reasons, [
    { code: 'DU01', additionalInfo: ['ISO Duplicate Message ID'] },
  ]);
  assert.deepEqual(read.value.payments, []);
  assert.deepEqual(read.value.transactions, []);

  const resolved = await resolvePain002(file, original('MSGID-PS-TEST-0708-01', 'PMT-1', ['E2E-1', 'E2E-2']));
  assert.ok(resolved.ok, show(resolved));
  assert.deepEqual(outcomes(resolved.value), [
    ['E2E-1', 'rejected', 'RJCT', 'group', 'DU01', 'ISO Duplicate Message ID'],
    ['E2E-2', 'rejected', 'RJCT', 'group', 'DU01', 'ISO Duplicate Message ID'],
  ]);
  assert.deepEqual(resolved.value.counts, { accepted: 0, settled: 0, rejected: 2, pending: 0 });
});

test('Nordea payment reject: every transaction of the block is rejected with its narrative', {
  skip,
}, async () => {
  const file = asset('nordea', 'pain_002_v3_payment_reject.xml');
  const resolved = await resolvePain002(
    file,
    original('MSGID-COM-SCE25-1707-01', 'PMTINFID-COM-SCE25-1707-01', ['E2E-1', 'E2E-2', 'E2E-3']),
  );
  assert.ok(resolved.ok, show(resolved));
  const text = 'CAP Invalid code or combinations in CategoryPurpose or ServiceLevel';
  assert.deepEqual(outcomes(resolved.value), [
    ['E2E-1', 'rejected', 'RJCT', 'payment', 'NARR', text],
    ['E2E-2', 'rejected', 'RJCT', 'payment', 'NARR', text],
    ['E2E-3', 'rejected', 'RJCT', 'payment', 'NARR', text],
  ]);
  assert.equal(resolved.value.groupStatus, undefined);
});

test('Nordea transaction reject: listed transactions keep their reason, the rest fall with the block', {
  skip,
}, async () => {
  const file = asset('nordea', 'pain_002_v3_txn_reject.xml');
  const resolved = await resolvePain002(
    file,
    original('MSGID-950-TEST2-2807-01', 'PMTINFID-950-TEST2-2807-01', [
      'ENDTOENDID-950-TEST2-2807-01',
      'ENDTOENDID-950-TEST2-2807-02',
      'ENDTOENDID-950-TEST2-2807-03',
    ]),
  );
  assert.ok(resolved.ok, show(resolved));
  const text = 'CAP Invalid code or combinations in CategoryPurpose or ServiceLevel';
  assert.deepEqual(outcomes(resolved.value), [
    ['ENDTOENDID-950-TEST2-2807-01', 'rejected', 'RJCT', 'transaction', 'NARR', text],
    ['ENDTOENDID-950-TEST2-2807-02', 'rejected', 'RJCT', 'transaction', 'NARR', text],
    // Not listed, but its payment block is RJCT (without a reason of its own).
    ['ENDTOENDID-950-TEST2-2807-03', 'rejected', 'RJCT', 'payment', undefined, undefined],
  ]);
});

test('Cross River transaction reject: three rejections with the bank narrative, miscased namespace noted', {
  skip,
}, async () => {
  const file = asset('cross_river', 'pain_002_transaction_rejected.xml');
  const resolved = await resolvePain002(
    file,
    original('missing2', 'missing2', ['sanity-10-1-12-1-21', 'example01234567', 'example012345678']),
  );
  assert.ok(resolved.ok, show(resolved));
  assert.deepEqual(outcomes(resolved.value), [
    [
      'sanity-10-1-12-1-21',
      'rejected',
      'RJCT',
      'transaction',
      'NARR',
      'Instruction ID example01234567 already exist',
    ],
    [
      'example01234567',
      'rejected',
      'RJCT',
      'transaction',
      'NARR',
      'Instruction ID example01234567 already exist',
    ],
    [
      'example012345678',
      'rejected',
      'RJCT',
      'transaction',
      'NARR',
      'Instruction ID example012345678 already exist',
    ],
  ]);
  assert.deepEqual(
    resolved.value.notes.map((n) => n.code),
    ['namespace_attribute_miscased'],
  );
});

test('Cross River credit accepted: the listed transaction is accepted, unlisted ones wait (ACTC)', {
  skip,
}, async () => {
  const file = asset('cross_river', 'pain_002_credit_accepted.xml');
  const read = await readPain002File(file);
  assert.ok(read.ok, show(read));
  assert.equal(read.value.group.originalControlSumCentavos, 501n);
  assert.equal(read.value.transactions[0]?.clearingSystemReference, '46456456');
  const resolved = await resolvePain002(
    file,
    original('AMBCD10000000', 'ABCD10000000', ['0000000000000108', '0000000000000109', '0000000000000110']),
  );
  assert.ok(resolved.ok, show(resolved));
  assert.deepEqual(outcomes(resolved.value), [
    ['0000000000000108', 'accepted', 'ACSP', 'transaction', undefined, undefined],
    // ACTC only says the file passed technical validation: not yet an acceptance of the payment.
    ['0000000000000109', 'pending', 'ACTC', 'payment', undefined, undefined],
    ['0000000000000110', 'pending', 'ACTC', 'payment', undefined, undefined],
  ]);
  assert.deepEqual(resolved.value.counts, { accepted: 1, settled: 0, rejected: 0, pending: 2 });
});

test('Cross River batch reject and debit accepted answer pain.008 direct debits: refused for a pain.001', {
  skip,
}, async () => {
  const batch = await readPain002File(asset('cross_river', 'pain_002_batch_rejected.xml'));
  assert.ok(batch.ok, show(batch));
  assert.equal(batch.value.group.status, 'RJCT');
  assert.equal(batch.value.group.originalMessageId, undefined);
  assert.equal(batch.value.group.originalTransactionCount, 0);
  assert.equal(batch.value.group.reasons[0]?.code, 'NARR');
  assert.match(batch.value.group.reasons[0]?.additionalInfo[0] ?? '', /^Error parsing file examplefile\.xml/);
  assert.deepEqual(
    batch.value.warnings.map((w) => w.code),
    ['namespace_attribute_miscased'],
  );

  for (const file of ['pain_002_batch_rejected.xml', 'pain_002_debit_accepted.xml']) {
    const resolved = await resolvePain002(asset('cross_river', file), original('DD1', 'DD1-1', ['DD1-1']), {
      assumeOriginalMessageId: true,
    });
    assert.ok(
      !resolved.ok && resolved.error.code === 'pain002_not_for_credit_transfer',
      `${file}: ${show(resolved)}`,
    );
    assert.match(english(resolved.error), /answers a pain\.008\.001\.02/);
  }
});

test('Goldman accepted: ACCP at transaction level; the other original transaction is not reported', {
  skip,
}, async () => {
  const file = asset('goldman_sachs', 'pain_002_v3_accepted.xml');
  const read = await readPain002File(file);
  assert.ok(read.ok, show(read));
  assert.equal(read.value.transactions[0]?.originalAmountCentavos, 1000n);
  assert.equal(read.value.transactions[0]?.originalCurrency, 'USD');
  assert.equal(read.value.transactions[0]?.accountServicerReference, 'I200820000XXXXX');
  const resolved = await resolvePain002(
    file,
    original('10280093XXXX', '3B-CCY', ['GSDGFKfLURaHb', 'GSDGFKfLURaHc']),
  );
  assert.ok(resolved.ok, show(resolved));
  assert.deepEqual(outcomes(resolved.value), [
    ['GSDGFKfLURaHb', 'accepted', 'ACCP', 'transaction', 'NARR', undefined],
    ['GSDGFKfLURaHc', 'pending', undefined, 'none', undefined, undefined],
  ]);
});

test('Goldman group accepted: ACTC for the whole file keeps every transaction pending', {
  skip,
}, async () => {
  const file = asset('goldman_sachs', 'pain_002_v3_group_accepted.xml');
  const resolved = await resolvePain002(file, original('CLIENT NAME_2023-09-06:04', 'P-1', ['E2E-1']));
  assert.ok(resolved.ok, show(resolved));
  assert.deepEqual(outcomes(resolved.value), [
    ['E2E-1', 'pending', 'ACTC', 'group', undefined, 'File accepted post technical and profile validations'],
  ]);
  assert.deepEqual(
    resolved.value.notes.map((n) => n.code),
    ['original_message_name_unrecognised'],
  );
});

test('Goldman payment accepted: ACCP for the block accepts its eight transactions; padded ids are trimmed', {
  skip,
}, async () => {
  const file = asset('goldman_sachs', 'pain_002_v3_payment_accepted.xml');
  const ids = Array.from({ length: 8 }, (_, i) => `NACHA-${i + 1}`);
  const resolved = await resolvePain002(
    file,
    original('XXX001_20220315_B_DZSOXXXX', 'xxx001220315B000XXXX', ids),
  );
  assert.ok(resolved.ok, show(resolved));
  assert.deepEqual(
    outcomes(resolved.value),
    ids.map((id) => [
      id,
      'accepted',
      'ACCP',
      'payment',
      'NARR',
      'Accepted post profile and tech validations',
    ]),
  );
  assert.deepEqual(resolved.value.counts, { accepted: 8, settled: 0, rejected: 0, pending: 0 });
});

test('pain.002.001.14: settled, rejected with AC04, pending under PART, and an id ayni never sent', async () => {
  const file = path.join(fixturesDir, 'pain002-v14-partial.xml');
  const valid = await validateXmlFile(file, PAIN002_V14_XSD);
  assert.ok(valid.ok, show(valid));
  const resolved = await resolvePain002(
    file,
    original('BCH-R1-BNB', 'BCH-R1-BNB-1', ['BCH-R1-000000001', 'BCH-R1-000000002', 'BCH-R1-000000003']),
  );
  assert.ok(resolved.ok, show(resolved));
  assert.deepEqual(outcomes(resolved.value), [
    ['BCH-R1-000000001', 'accepted', 'ACSC', 'transaction', undefined, undefined],
    ['BCH-R1-000000002', 'rejected', 'RJCT', 'transaction', 'AC04', 'Cuenta 3000000002 cerrada'],
    ['BCH-R1-000000003', 'pending', 'PART', 'payment', undefined, undefined],
  ]);
  assert.equal(resolved.value.outcomes[0]?.settled, true);
  assert.deepEqual(resolved.value.counts, { accepted: 1, settled: 1, rejected: 1, pending: 1 });
  assert.deepEqual(
    resolved.value.unknownTransactions.map((t) => [t.originalEndToEndId, t.status, t.reasons[0]?.code]),
    [['BCH-R1-999999999', 'RJCT', 'AC01']],
  );
  assert.equal(resolved.value.reportMessageId, 'UNI-STS-20201202-0042');
});

test('the stream gives the group first, then each payment before its transactions', async () => {
  const kinds: string[] = [];
  for await (const item of streamPain002(path.join(fixturesDir, 'pain002-v14-partial.xml')))
    kinds.push(item.kind);
  assert.deepEqual(kinds, ['group', 'payment', 'transaction', 'transaction', 'transaction']);
});

test('a report for another message, or naming none, is refused unless the officer assumes it', {
  skip,
}, async () => {
  const other = await resolvePain002(
    asset('nordea', 'pain_002_v3_group_reject.xml'),
    original('BCH-R1-BNB', 'P', ['E']),
  );
  assert.ok(!other.ok && other.error.code === 'pain002_other_message', show(other));
  assert.equal(other.error.reportedOriginalMessageId, 'MSGID-PS-TEST-0708-01');

  const xml = await readFile(asset('nordea', 'pain_002_v3_group_reject.xml'), 'utf8');
  const anonymous = path.join(dir, 'anonymous.xml');
  await writeFile(anonymous, xml.replace(/<OrgnlMsgId>[^<]*<\/OrgnlMsgId>/, ''));
  const refused = await resolvePain002(anonymous, original('BCH-R1-BNB', 'P', ['E']));
  assert.ok(!refused.ok && refused.error.code === 'pain002_original_message_id_missing', show(refused));
  const assumed = await resolvePain002(anonymous, original('BCH-R1-BNB', 'P', ['E']), {
    assumeOriginalMessageId: true,
  });
  assert.ok(assumed.ok, show(assumed));
  assert.deepEqual(outcomes(assumed.value), [
    ['E', 'rejected', 'RJCT', 'group', 'DU01', 'ISO Duplicate Message ID'],
  ]);
  assert.deepEqual(
    assumed.value.notes.map((n) => n.code),
    ['original_message_id_assumed'],
  );
});

test('a transaction accepted inside a rejected group is overruled and noted; repeats are noted', async () => {
  const file = path.join(dir, 'conflict.xml');
  await writeFile(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <ns2:CstmrPmtStsRpt>
    <ns2:GrpHdr><ns2:MsgId>R-1</ns2:MsgId><ns2:CreDtTm>2020-12-02T10:00:00</ns2:CreDtTm></ns2:GrpHdr>
    <ns2:OrgnlGrpInfAndSts>
      <ns2:OrgnlMsgId>M-1</ns2:OrgnlMsgId><ns2:OrgnlMsgNmId>pain.001.001.03</ns2:OrgnlMsgNmId>
      <ns2:OrgnlNbOfTxs>3</ns2:OrgnlNbOfTxs>
      <ns2:GrpSts>RJCT</ns2:GrpSts>
      <ns2:StsRsnInf><ns2:Rsn><ns2:Cd>AM04</ns2:Cd></ns2:Rsn></ns2:StsRsnInf>
    </ns2:OrgnlGrpInfAndSts>
    <ns2:OrgnlPmtInfAndSts>
      <ns2:OrgnlPmtInfId>P-1</ns2:OrgnlPmtInfId>
      <ns2:TxInfAndSts><ns2:OrgnlEndToEndId>E-1</ns2:OrgnlEndToEndId><ns2:TxSts>ACSC</ns2:TxSts></ns2:TxInfAndSts>
      <ns2:TxInfAndSts><ns2:OrgnlEndToEndId>E-2</ns2:OrgnlEndToEndId><ns2:TxSts>XXXX</ns2:TxSts></ns2:TxInfAndSts>
      <ns2:TxInfAndSts><ns2:OrgnlEndToEndId>E-2</ns2:OrgnlEndToEndId><ns2:TxSts>RJCT</ns2:TxSts></ns2:TxInfAndSts>
      <ns2:TxInfAndSts><ns2:OrgnlInstrId>I-9</ns2:OrgnlInstrId><ns2:TxSts>RJCT</ns2:TxSts></ns2:TxInfAndSts>
    </ns2:OrgnlPmtInfAndSts>
  </ns2:CstmrPmtStsRpt>
</ns2:Document>`,
  );
  const resolved = await resolvePain002(file, original('M-1', 'P-1', ['E-1', 'E-2']));
  assert.ok(resolved.ok, show(resolved));
  assert.deepEqual(outcomes(resolved.value), [
    ['E-1', 'rejected', 'RJCT', 'group', 'AM04', undefined],
    ['E-2', 'rejected', 'RJCT', 'group', 'AM04', undefined],
  ]);
  assert.deepEqual(
    resolved.value.notes.map((n) => [n.code, n.line]),
    [
      ['status_unknown', 14],
      ['status_repeated', 15],
      ['end_to_end_id_missing', 16],
      ['count_mismatch', 5],
      ['status_overruled', 13],
    ],
  );
  assert.equal(resolved.value.unknownTransactions.length, 1);
  assert.equal(resolved.value.unknownTransactions[0]?.originalInstructionId, 'I-9');
});

test('files that are not a well-formed pain.002 fail with a precise code', async () => {
  const broken = path.join(dir, 'broken.xml');
  await writeFile(
    broken,
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>\n<GrpHdr></Grp>',
  );
  const malformed = await readPain002File(broken);
  assert.ok(!malformed.ok && malformed.error.code === 'xml_malformed', show(malformed));
  assert.equal(malformed.error.line, 2);

  const camt = path.join(dir, 'camt.xml');
  await writeFile(
    camt,
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.12"><BkToCstmrDbtCdtNtfctn/></Document>',
  );
  const wrong = await readPain002File(camt);
  assert.ok(!wrong.ok && wrong.error.code === 'message_unexpected', show(wrong));

  const headless = path.join(dir, 'headless.xml');
  await writeFile(
    headless,
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt/></Document>',
  );
  const incomplete = await readPain002File(headless);
  assert.ok(!incomplete.ok && incomplete.error.code === 'message_incomplete', show(incomplete));

  const utf16 = path.join(dir, 'utf16.xml');
  await writeFile(utf16, Buffer.from('\ufeff<Document/>', 'utf16le'));
  const encoding = await readPain002File(utf16);
  assert.ok(!encoding.ok && encoding.error.code === 'xml_encoding_unsupported', show(encoding));

  const duplicated = await resolvePain002(
    path.join(fixturesDir, 'pain002-v14-partial.xml'),
    original('M', 'P', ['E', 'E']),
  );
  assert.ok(!duplicated.ok && duplicated.error.code === 'original_invalid', show(duplicated));
});

test('a UTF-8 byte-order mark and an ISO-8859-1 declaration are read correctly', async () => {
  const fixture = await readFile(path.join(fixturesDir, 'pain002-v14-partial.xml'), 'utf8');
  const bom = path.join(dir, 'bom.xml');
  await writeFile(bom, `\ufeff${fixture}`);
  const withBom = await readPain002File(bom);
  assert.ok(withBom.ok, show(withBom));
  assert.equal(withBom.value.transactions.length, 3);

  const latin1 = path.join(dir, 'latin1.xml');
  await writeFile(
    latin1,
    Buffer.from(
      fixture
        .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        .replace('Cuenta 3000000002 cerrada', 'Cuenta cerrada, Unión'),
      'latin1',
    ),
  );
  const read = await readPain002File(latin1);
  assert.ok(read.ok, show(read));
  assert.equal(read.value.group.messageName, 'pain.002.001.14');
  assert.deepEqual(read.value.transactions[1]?.reasons[0]?.additionalInfo, ['Cuenta cerrada, Unión']);

  const ebcdic = path.join(dir, 'ebcdic.xml');
  await writeFile(ebcdic, '<?xml version="1.0" encoding="EBCDIC-CP-US"?><Document/>');
  const refused = await readPain002File(ebcdic);
  assert.ok(!refused.ok && refused.error.code === 'xml_encoding_unsupported', show(refused));
});

test('status codes: acceptance is not settlement, ACTC is not acceptance', () => {
  assert.deepEqual(classifyStatus('ACSC'), { state: 'accepted', settled: true, known: true });
  assert.deepEqual(classifyStatus('ACSP'), { state: 'accepted', settled: false, known: true });
  assert.deepEqual(classifyStatus('ACTC'), { state: 'pending', settled: false, known: true });
  assert.deepEqual(classifyStatus('RJCT'), { state: 'rejected', settled: false, known: true });
  assert.deepEqual(classifyStatus('ZZZZ'), { state: 'pending', settled: false, known: false });
});

test('round trip: a written pain.001 and a generated .14 reply resolve transaction by transaction', async () => {
  const count = 1000;
  const pain001 = path.join(dir, 'round.xml');
  const ids = Array.from({ length: count }, (_, i) => `BCH-R2-${String(i + 1).padStart(7, '0')}`);
  const written = await writePain001File(
    pain001,
    {
      messageId: 'BCH-R2-BSO',
      creationDateTime: '2021-01-04T08:00:00-04:00',
      paymentInformationId: 'BCH-R2-BSO-1',
      requestedExecutionDate: '2021-01-05',
      debtor: {
        name: 'Ministerio de Economia y Finanzas Publicas',
        accountId: '1-4567890',
        agentBic: 'BUNIBOLX',
      },
      creditorAgent: { bic: 'BSOLBOLX' },
      expectedTransactionCount: count,
      expectedControlSumCentavos: BigInt(count) * 100_000n,
    },
    ids.map((endToEndId, i) => ({
      endToEndId,
      amountCentavos: 100_000n,
      creditorName: `Beneficiaria ${i}`,
      creditorAccountId: `70${i}`,
    })),
  );
  assert.ok(written.ok, show(written));
  // The bank rejects every seventh deposit (closed account) and settles the rest.
  const statuses = ids
    .map((id, i) =>
      i % 7 === 0
        ? `<TxInfAndSts><OrgnlEndToEndId>${id}</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf></TxInfAndSts>`
        : `<TxInfAndSts><OrgnlEndToEndId>${id}</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts>`,
    )
    .join('\n');
  const reply = path.join(dir, 'round-reply.xml');
  await writeFile(
    reply,
    `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.14"><CstmrPmtStsRpt>
<GrpHdr><MsgId>BSO-STS-1</MsgId><CreDtTm>2021-01-05T18:00:00-04:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>BCH-R2-BSO</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><OrgnlNbOfTxs>${count}</OrgnlNbOfTxs><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>BCH-R2-BSO-1</OrgnlPmtInfId><PmtInfSts>PART</PmtInfSts>
${statuses}
</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>
`,
  );
  const valid = await validateXmlFile(reply, PAIN002_V14_XSD);
  assert.ok(valid.ok, show(valid));
  const resolved = await resolvePain002(reply, original('BCH-R2-BSO', 'BCH-R2-BSO-1', ids));
  assert.ok(resolved.ok, show(resolved));
  const rejected = Math.ceil(count / 7);
  assert.deepEqual(resolved.value.counts, {
    accepted: count - rejected,
    settled: count - rejected,
    rejected,
    pending: 0,
  });
  assert.deepEqual(resolved.value.notes, []);
  assert.ok(
    resolved.value.outcomes.every(
      (o, i) => o.endToEndId === ids[i] && (o.state === 'rejected') === (i % 7 === 0),
    ),
  );
});

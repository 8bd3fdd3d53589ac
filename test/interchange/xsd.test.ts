import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { writePain001File } from '../../src/interchange/iso20022/pain001.writer.ts';
import {
  findSchema,
  validateIso20022File,
  validateXmlFile,
  validateXmlFiles,
} from '../../src/interchange/iso20022/xsd.ts';
import { asset, english, fixturesDir, PAIN001_XSD, samplesMissing, schemasDir, show } from './testdata.ts';

/**
 * XSD validation against the ISO 20022 schemas vendored with ayni: the bank samples (in
 * shared/testdata) that are valid pass, the four pain.001 samples known to fail (templates with
 * placeholders, and Cross River's files indented with non-breaking spaces) fail with the precise
 * first issue.
 */

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-xsd-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** For the tests that read bank samples; the XSDs are always there. */
const skip = samplesMissing;

for (const [bank, file] of [
  ['example', 'sepa_pain_001_v3.xml'],
  ['example', 'sepa_pain_001_v3_multiple_pmtinf.xml'],
  ['example', 'swift_pain_001_v3.xml'],
] as const) {
  test(`valid bank sample ${bank}/${file} passes the pain.001.001.03 XSD`, { skip }, async () => {
    const result = await validateXmlFile(asset(bank, file), PAIN001_XSD);
    assert.ok(result.ok, show(result));
    assert.equal(result.value.messageName, 'pain.001.001.03');
  });
}

/** The four failing samples and the first thing wrong with each, as xmllint reports it. */
const NEGATIVE: {
  bank: string;
  file: string;
  issueCount: number | 'many';
  first: { line: number; element: string; message: RegExp };
}[] = [
  {
    bank: 'goldman_sachs',
    file: 'pain_001_ach_credit.xml',
    issueCount: 1,
    first: {
      line: 30,
      element: 'ReqdExctnDt',
      message: /^'YYYY-MM-DD' is not a valid value of the atomic type 'ISODate'\.$/,
    },
  },
  {
    bank: 'goldman_sachs',
    file: 'pain_001_v3_sepa.xml',
    issueCount: 5,
    first: { line: 27, element: 'ReqdExctnDt', message: /'YYYY-MM-DD' is not a valid value/ },
  },
  {
    bank: 'cross_river',
    file: 'pain_001_ach_credit.xml',
    issueCount: 'many',
    first: {
      line: 3,
      element: 'Document',
      message: /^Character content other than whitespace is not allowed/,
    },
  },
  {
    bank: 'cross_river',
    file: 'pain_001_rtp_credit.xml',
    issueCount: 'many',
    first: {
      line: 3,
      element: 'Document',
      message: /^Character content other than whitespace is not allowed/,
    },
  },
];

for (const sample of NEGATIVE) {
  test(`placeholder sample ${sample.bank}/${sample.file} fails the XSD at line ${sample.first.line}`, {
    skip,
  }, async () => {
    const result = await validateXmlFile(asset(sample.bank, sample.file), PAIN001_XSD);
    assert.ok(!result.ok && result.error.code === 'xsd_invalid', show(result));
    const first = result.error.issues[0]!;
    assert.equal(first.line, sample.first.line);
    assert.equal(first.element, sample.first.element);
    assert.match(first.message, sample.first.message);
    if (sample.issueCount === 'many')
      assert.ok(result.error.issueCount > 50, String(result.error.issueCount));
    else assert.equal(result.error.issueCount, sample.issueCount);
    assert.match(
      english(result.error),
      new RegExp(`first at line ${sample.first.line} \\(${sample.first.element}\\)`),
    );
  });
}

test('the Goldman SEPA template lists every placeholder with its line and pattern', { skip }, async () => {
  const result = await validateXmlFile(asset('goldman_sachs', 'pain_001_v3_sepa.xml'), PAIN001_XSD);
  assert.ok(!result.ok && result.error.code === 'xsd_invalid');
  assert.deepEqual(
    result.error.issues.map((i) => [i.line, i.element]),
    [
      [27, 'ReqdExctnDt'],
      [33, 'IBAN'],
      [38, 'BIC'],
      [50, 'BIC'],
      [58, 'IBAN'],
    ],
  );
  // Namespaces are removed from messages, regular-expression quantifiers are not.
  assert.match(result.error.issues[2]!.message, /'Bank BIC' is not accepted by the pattern '\[A-Z\]\{6,6\}/);
});

test('Cross River also has an invalid BIC besides its non-breaking-space indentation', { skip }, async () => {
  const result = await validateXmlFile(asset('cross_river', 'pain_001_ach_credit.xml'), PAIN001_XSD, {
    maxReportedIssues: 1000,
  });
  assert.ok(!result.ok && result.error.code === 'xsd_invalid');
  assert.equal(result.error.issues.length, result.error.issueCount);
  assert.ok(result.error.issues.some((i) => i.element === 'BICOrBEI' && /'JOHNDOE99'/.test(i.message)));
});

test('a file that is not well-formed fails with the line and column of the first error', async () => {
  const file = path.join(dir, 'broken.xml');
  await writeFile(
    file,
    '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">\n  <CstmrCdtTrfInitn>\n    <GrpHdr>\n      <MsgId>A</MsgIdx>\n',
  );
  const result = await validateXmlFile(file, PAIN001_XSD);
  assert.ok(!result.ok && result.error.code === 'xml_malformed', show(result));
  assert.equal(result.error.line, 5);
  assert.match(english(result.error), /not well-formed XML/);

  const empty = path.join(dir, 'empty.xml');
  await writeFile(empty, '');
  const none = await validateXmlFile(empty, PAIN001_XSD);
  assert.ok(!none.ok && none.error.code === 'xml_malformed', show(none));
});

test('validateIso20022File finds the XSD from the namespace, or says none is there', async () => {
  const camt054 = await validateIso20022File(
    path.join(fixturesDir, 'camt054-bono-notification.xml'),
    schemasDir,
  );
  assert.ok(camt054.ok, show(camt054));
  assert.equal(camt054.value.messageName, 'camt.054.001.12');
  assert.match(camt054.value.xsdPath, /camt[/\\]camt\.054\.001\.12\.xsd$/);

  const pain002 = await validateIso20022File(path.join(fixturesDir, 'pain002-v14-partial.xml'), schemasDir);
  assert.ok(pain002.ok, show(pain002));
  assert.equal(pain002.value.messageName, 'pain.002.001.14');

  const noNamespace = path.join(dir, 'plain.xml');
  await writeFile(noNamespace, '<Document><A/></Document>');
  const plain = await validateIso20022File(noNamespace, schemasDir);
  assert.ok(!plain.ok && plain.error.code === 'schema_not_found', show(plain));

  assert.equal(await findSchema(schemasDir, 'pain.001.001.03'), PAIN001_XSD);
  assert.equal(await findSchema(schemasDir, 'pain.001.001.12'), undefined, 'not vendored');
  assert.equal(await findSchema(schemasDir, '../etc/passwd'), undefined);
});

test('validateIso20022File on bank samples: a pain.001.001.03 validates, a camt.053 has no XSD', {
  skip,
}, async () => {
  const sample = await validateIso20022File(asset('example', 'swift_pain_001_v3.xml'), schemasDir);
  assert.ok(sample.ok, show(sample));

  const camt053 = await validateIso20022File(asset('nordea', 'example_camt.xml'), schemasDir);
  assert.ok(!camt053.ok && camt053.error.code === 'schema_not_found', show(camt053));
  assert.equal(camt053.error.messageName, 'camt.053.001.02');
});

test('a missing XSD or XML file is an expected failure, not a crash', async () => {
  const noSchema = await validateXmlFile(
    path.join(fixturesDir, 'pain002-v14-partial.xml'),
    path.join(dir, 'none.xsd'),
  );
  assert.ok(!noSchema.ok && noSchema.error.code === 'schema_not_found');
  const noFile = await validateXmlFile(path.join(dir, 'none.xml'), PAIN001_XSD);
  assert.ok(!noFile.ok && noFile.error.code === 'file_unreadable', show(noFile));
});

/** A small pain.001.001.03 file of ayni's own writer, valid against the XSD. */
async function writtenPain001(name: string, transactions: number): Promise<string> {
  const file = path.join(dir, name);
  const written = await writePain001File(
    file,
    {
      messageId: `BCH-${name.replace(/[^A-Za-z0-9]/g, '')}`,
      creationDateTime: '2020-12-01T08:00:00-04:00',
      paymentInformationId: 'BCH-R1-1',
      requestedExecutionDate: '2020-12-02',
      debtor: {
        name: 'Ministerio de Economia y Finanzas Publicas',
        accountId: '1-4567890',
        agentBic: 'BUNIBOLX',
      },
      creditorAgent: { bic: 'BNBOBOLX' },
      defaultRemittanceText: 'Bono Contra el Hambre DS 4392',
    },
    Array.from({ length: transactions }, (_, i) => ({
      endToEndId: `BCH-R1-${String(i + 1).padStart(9, '0')}`,
      amountCentavos: 100_000n,
      creditorName: 'María Núñez Condori',
      creditorAccountId: String(3_000_000_000 + i),
    })),
    { overwrite: true },
  );
  assert.ok(written.ok, show(written));
  return file;
}

test('validateXmlFiles: valid files validate together, in one run or several side by side', async () => {
  const files = [
    await writtenPain001('a.xml', 3),
    await writtenPain001('b.xml', 40),
    await writtenPain001('c.xml', 1),
  ];
  for (const options of [{}, { parallel: 2, maxBytesPerRun: 1 }]) {
    const results = await validateXmlFiles(files, PAIN001_XSD, options);
    assert.equal(results.length, files.length);
    for (const [i, result] of results.entries()) {
      assert.ok(result.ok, show(result));
      assert.equal(result.value.xmlPath, files[i]);
      assert.equal(result.value.messageName, 'pain.001.001.03');
    }
  }
});

test('validateXmlFiles answers for each file what validateXmlFile does: invalid, malformed, missing', async () => {
  const valid = await writtenPain001('valid.xml', 5);
  const xml = await readFile(valid, 'utf8');
  const invalid = path.join(dir, 'invalid.xml');
  await writeFile(invalid, xml.replace('<Ccy>BOB</Ccy>', '<Ccy>BOBX</Ccy>'));
  // Cut short: xmllint's streaming mode may say it validates as well as that it failed to parse.
  const truncated = path.join(dir, 'truncated.xml');
  await writeFile(truncated, xml.slice(0, Math.floor(xml.length / 2)));
  const missing = path.join(dir, 'missing.xml');
  const files = [valid, invalid, valid, truncated, missing];
  for (const options of [{ parallel: 1 }, { parallel: 2, maxBytesPerRun: 1 }]) {
    const results = await validateXmlFiles(files, PAIN001_XSD, options);
    assert.equal(results.length, files.length);
    for (const [i, file] of files.entries())
      assert.deepEqual(
        results[i],
        await validateXmlFile(file, PAIN001_XSD),
        `file ${i} with ${show(options)}`,
      );
    assert.ok(results[0]!.ok && results[2]!.ok);
    assert.ok(!results[1]!.ok && results[1]!.error.code === 'xsd_invalid', show(results[1]));
    assert.ok(!results[3]!.ok && results[3]!.error.code === 'xml_malformed', show(results[3]));
    assert.ok(!results[4]!.ok && results[4]!.error.code === 'file_unreadable', show(results[4]));
  }
  const noSchema = await validateXmlFiles([valid], path.join(dir, 'none.xsd'));
  assert.ok(!noSchema[0]!.ok && noSchema[0]!.error.code === 'schema_not_found', show(noSchema));
});

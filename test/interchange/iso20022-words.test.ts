import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  type Iso20022Failure,
  identifyMessage,
  readCamt054File,
  readPain002File,
  renderPain001Batch,
  validateIso20022File,
  validateXmlFile,
} from '../../src/interchange/iso20022/index.ts';
import { ISO20022_EN } from '../../src/messages/en/iso20022.ts';
import { ISO20022_ES } from '../../src/messages/es/iso20022.ts';
import { describeFailure, type Words } from '../../src/messages/index.ts';
import { ISO20022_STATUS } from '../../src/messages/status/iso20022.ts';
import { schemasDir, show } from './testdata.ts';

/**
 * ISO 20022 failures are values; their words are in src/messages, made from their typed fields.
 * The English words say exactly what the readers, the validator and the writer printed when each
 * failure carried its own English `message`, for every shape of failure they return; Spanish
 * words exist for each and differ from the English. The catalogue is part of ayni's one catalogue
 * (describeFailure), with the same status.
 */

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-iso20022-words-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, content);
  return p;
}

function checkWords(failure: Iso20022Failure, english: string): void {
  const en = ISO20022_EN[failure.code] as Words<Iso20022Failure>;
  const es = ISO20022_ES[failure.code] as Words<Iso20022Failure>;
  assert.equal(en.detail!(failure), english, show(failure));
  assert.ok(es.detail!(failure).length > 10, show(failure));
  assert.notEqual(es.detail!(failure), english, show(failure));
  assert.ok(ISO20022_STATUS[failure.code] >= 400, failure.code);
  assert.deepEqual(describeFailure(failure, 'en'), {
    status: ISO20022_STATUS[failure.code],
    title: en.title,
    detail: english,
  });
}

function failureOf(result: { ok: boolean; error?: Iso20022Failure }): Iso20022Failure {
  assert.ok(!result.ok && result.error, show(result));
  return result.error;
}

const PAIN002 = 'urn:iso:std:iso:20022:tech:xsd:pain.002.001.03';
const CAMT054 = 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.02';

type Reader = (filePath: string) => Promise<{ ok: boolean; error?: Iso20022Failure }>;

/** Files a reader refuses: the reader, the file's name and content, and what it printed. */
const REFUSED_FILES: [Reader, string, string | Buffer, string][] = [
  [readPain002File, 'broken.xml', '<Document><a></Document>', 'not well-formed XML: unexpected close tag.'],
  [
    readPain002File,
    'utf16.xml',
    Buffer.from([0xff, 0xfe, 0x3c, 0]),
    'the file is UTF-16; ISO 20022 files are UTF-8',
  ],
  [
    readPain002File,
    'cp1252.xml',
    '<?xml version="1.0" encoding="windows-1252"?><Document/>',
    'the file declares encoding windows-1252; only UTF-8 (the ISO 20022 norm) and ISO-8859-1 are read',
  ],
  [
    readPain002File,
    'camt.xml',
    `<Document xmlns="${CAMT054}"/>`,
    'the file is a camt.054.001.02, not a pain.002 status report',
  ],
  [
    readPain002File,
    'empty.xml',
    `<Document xmlns="${PAIN002}"/>`,
    'the file has no CstmrPmtStsRpt element: it is not a pain.002',
  ],
  [
    readPain002File,
    'nogroup.xml',
    `<Document xmlns="${PAIN002}"><CstmrPmtStsRpt></CstmrPmtStsRpt></Document>`,
    'the pain.002 has no OrgnlGrpInfAndSts (original group information)',
  ],
  [
    readCamt054File,
    'pain.xml',
    `<Document xmlns="${PAIN002}"/>`,
    'the file is a pain.002.001.03, not a camt.054 notification (nor a camt.052/053)',
  ],
  [
    readCamt054File,
    'nocamt.xml',
    `<Document xmlns="${CAMT054}"/>`,
    'the file has no BkToCstmrDbtCdtNtfctn (nor BkToCstmrStmt/BkToCstmrAcctRpt) element',
  ],
];

test('the English words of every failure say what it printed before', async () => {
  const failures: [Iso20022Failure, string][] = [];
  const missing = path.join(dir, 'absent.xml');
  const identity = await identifyMessage(missing);
  assert.ok(!('rootName' in identity));
  failures.push([identity, `${missing} cannot be read`]);
  const blank = await identifyMessage(await file('blank.xml', '   '));
  assert.ok(!('rootName' in blank));
  failures.push([blank, 'no root element in the first 3 bytes']);
  for (const [read, name, content, english] of REFUSED_FILES)
    failures.push([failureOf(await read(await file(name, content))), english]);
  failures.push([
    failureOf(await validateXmlFile(missing, path.join(dir, 'absent.xsd'))),
    `cannot read the XSD ${path.join(dir, 'absent.xsd')}`,
  ]);
  const plain = await file('plain.xml', '<Document/>');
  failures.push([
    failureOf(await validateIso20022File(plain, schemasDir)),
    `the root element of ${plain} names no ISO 20022 namespace`,
  ]);
  failures.push([
    failureOf(
      await validateIso20022File(await file('other.xml', `<Document xmlns="${PAIN002}9"/>`), schemasDir),
    ),
    `no XSD for pain.002.001.039 in ${schemasDir}`,
  ]);
  // The bono's deposit export refuses a schema path with the validator's failure (one shape).
  failures.push([
    { code: 'schema_not_found', reason: 'not_at_path', schemaPath: 'xsd', messageName: 'pain.001.001.03' },
    'No pain.001.001.03 XSD at xsd: name the .xsd file or a folder holding pain/pain.001.001.03.xsd.',
  ]);
  failures.push([failureOf(renderPain001Batch({} as never, [])), 'a batch holds at least one transaction']);
  for (const [f, english] of failures) checkWords(f, english);
  const codes = new Set(failures.map(([f]) => f.code));
  for (const code of [
    'file_unreadable',
    'xml_malformed',
    'xml_encoding_unsupported',
    'message_unexpected',
    'message_incomplete',
    'schema_not_found',
    'pain001_batch_empty',
  ])
    assert.ok(codes.has(code as Iso20022Failure['code']), code);
});

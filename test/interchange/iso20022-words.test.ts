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
import type { Words } from '../../src/messages/index.ts';
import { ISO20022_STATUS } from '../../src/messages/status/iso20022.ts';
import { schemasDir, show } from './testdata.ts';

/**
 * ISO 20022 failures are worded in src/messages from their typed fields. Until the bono words them
 * from there, each failure still carries `message`, the English it printed before: the English
 * words must say exactly the same, for every shape of failure the readers, the validator and the
 * writer return. Spanish words exist for each and differ from the English.
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

function checkWords(failure: Iso20022Failure): void {
  const en = ISO20022_EN[failure.code] as Words<Iso20022Failure>;
  const es = ISO20022_ES[failure.code] as Words<Iso20022Failure>;
  assert.equal(en.detail!(failure), failure.message, show(failure));
  assert.ok(es.detail!(failure).length > 10, show(failure));
  assert.notEqual(es.detail!(failure), failure.message, show(failure));
  assert.ok(ISO20022_STATUS[failure.code] >= 400, failure.code);
}

function failureOf(result: { ok: boolean; error?: Iso20022Failure }): Iso20022Failure {
  assert.ok(!result.ok && result.error, show(result));
  return result.error;
}

const PAIN002 = 'urn:iso:std:iso:20022:tech:xsd:pain.002.001.03';
const CAMT054 = 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.02';

test('the English words of every failure say what its message says', async () => {
  const failures: Iso20022Failure[] = [];
  const missing = path.join(dir, 'absent.xml');
  const identity = await identifyMessage(missing);
  assert.ok(!('rootName' in identity));
  failures.push(identity);
  failures.push(failureOf(await readPain002File(await file('broken.xml', '<Document><a></Document>'))));
  const blank = await identifyMessage(await file('blank.xml', '   '));
  assert.ok(!('rootName' in blank));
  failures.push(blank);
  failures.push(
    failureOf(await readPain002File(await file('utf16.xml', Buffer.from([0xff, 0xfe, 0x3c, 0])))),
  );
  failures.push(
    failureOf(
      await readPain002File(
        await file('cp1252.xml', '<?xml version="1.0" encoding="windows-1252"?><Document/>'),
      ),
    ),
  );
  failures.push(failureOf(await readPain002File(await file('camt.xml', `<Document xmlns="${CAMT054}"/>`))));
  failures.push(failureOf(await readPain002File(await file('empty.xml', `<Document xmlns="${PAIN002}"/>`))));
  failures.push(
    failureOf(
      await readPain002File(
        await file(
          'nogroup.xml',
          `<Document xmlns="${PAIN002}"><CstmrPmtStsRpt></CstmrPmtStsRpt></Document>`,
        ),
      ),
    ),
  );
  failures.push(failureOf(await readCamt054File(await file('pain.xml', `<Document xmlns="${PAIN002}"/>`))));
  failures.push(failureOf(await readCamt054File(await file('nocamt.xml', `<Document xmlns="${CAMT054}"/>`))));
  failures.push(failureOf(await validateXmlFile(missing, path.join(dir, 'absent.xsd'))));
  const plain = await file('plain.xml', '<Document/>');
  failures.push(failureOf(await validateIso20022File(plain, schemasDir)));
  failures.push(
    failureOf(
      await validateIso20022File(await file('other.xml', `<Document xmlns="${PAIN002}9"/>`), schemasDir),
    ),
  );
  failures.push(failureOf(renderPain001Batch({} as never, [])));
  for (const f of failures) checkWords(f);
  const codes = new Set(failures.map((f) => f.code));
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

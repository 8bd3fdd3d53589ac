import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UNMATCHED_REASONS } from '../../src/bono/index.ts';
import { bankReplyWords, describeUnmatchedReason } from '../../src/messages/index.ts';
import { csvExportLine, splitCsvLine } from '../../src/shared/csv.ts';
import { LANGS } from '../../src/shared/lang.ts';
import { wordedUnmatchedList } from '../../src/web/backoffice/unmatched-download.ts';

/** The unmatched list holds reason codes; the download words them in the reader's language. */
describe('unmatched list download', () => {
  let dir: string;
  let file: string;
  const hostile = '=HYPERLINK("http://x.test")';

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ayni-unmatched-'));
    file = path.join(dir, 'status-import-1-unmatched.csv');
    const lines = [
      'line,reason,content',
      csvExportLine(['12', 'no_deposit_sent', hostile]),
      csvExportLine(['', 'entry_without_details', '']),
      csvExportLine(['40', 'payment_block_not_in_deposit_file', '']),
      csvExportLine(['41', 'a_code_of_another_version', 'E2E-9']),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const lang of LANGS)
    it(`words every reason (${lang}), keeps the header, the lines and the neutralised ids`, async () => {
      let text = '';
      for await (const piece of wordedUnmatchedList(file, lang)) text += piece;
      const lines = text.trimEnd().split('\n');
      assert.equal(lines[0], 'line,reason,content', 'the header stays the stable column names');
      const rows = lines.slice(1).map((l) => splitCsvLine(l)!);
      const words = bankReplyWords(lang).unmatchedReasons;
      assert.deepEqual(rows, [
        ['12', words.no_deposit_sent, `'${hostile}`],
        ['', words.entry_without_details, ''],
        ['40', words.payment_block_not_in_deposit_file, ''],
        ['41', 'a_code_of_another_version', 'E2E-9'],
      ]);
    });

  it('every reason code has words in every language, and Spanish differs from English', () => {
    for (const code of UNMATCHED_REASONS) {
      const es = describeUnmatchedReason(code, 'es');
      assert.notEqual(es, code);
      assert.notEqual(es, describeUnmatchedReason(code, 'en'));
    }
  });
});

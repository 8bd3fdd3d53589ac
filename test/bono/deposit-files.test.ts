import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportDeposits } from '../../src/bono/deposit-export.ts';
import type { ExportDepositsResult } from '../../src/bono/deposit-export.types.ts';
import { importStatus } from '../../src/bono/reconcile.ts';
import { splitCsvLine } from '../../src/shared/csv.ts';
import { camt054Xml, pain002Xml } from '../helpers/bank-replies.ts';
import { okValue } from '../helpers/result.ts';
import { type BonoFixture, createBonoFixture } from './fixtures.ts';

/**
 * The files of account deposits: pain.001 files carry names and accounts, so they and their
 * folders are private; a bank reply's statuses about deposits ayni never sent are counted, the
 * first 100 kept for the page, and every one listed in a private file as the reply is read.
 */

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;
const UNMATCHED = 50_000;
const unknownId = (i: number) => `B9F9P${String(i).padStart(10, '0')}`;

/** The rows of an unmatched list: line in the reply, reason, EndToEndId. */
async function listed(file: string): Promise<string[][]> {
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  assert.equal(lines[0], 'line,reason,content');
  return lines.slice(1).map((l) => splitCsvLine(l)!);
}

describe('bono deposit files', () => {
  let f: BonoFixture;
  let dataDir: string;
  let exported: ExportDepositsResult;
  const at = new Date('2020-12-03T15:00:00Z');

  before(async () => {
    f = await createBonoFixture({ persons: 12, depositEvery: 2 });
    dataDir = path.join(f.dir, 'data');
  });
  after(async () => {
    await f?.dispose();
  });

  it('writes each pain.001 0600 into folders it creates 0700', async () => {
    const outDir = path.join(dataDir, 'deposits');
    exported = okValue(
      await exportDeposits(f.db, { roundId: f.round.id, outDir, at: f.at, actor: f.officer }),
    );
    assert.ok(exported.files.length > 0);
    assert.equal(await modeOf(outDir), 0o700, 'the deposits folder');
    assert.equal(await modeOf(dataDir), 0o700, 'its parent, created with it');
    for (const file of exported.files) assert.equal(await modeOf(file.path), 0o600, file.path);
  });

  it('a pain.002 with 50,000 EndToEndIds ayni never sent: 100 kept, all listed in a 0600 file', async () => {
    const file = exported.files[0]!;
    const reply = path.join(f.dir, 'unmatched-pain002.xml');
    await writeFile(
      reply,
      pain002Xml({
        messageId: 'STS-UNMATCHED-1',
        originalMessageId: file.messageId,
        groupStatus: 'PART',
        payment: { id: `${file.messageId}-1`, status: 'PART' },
        transactions: Array.from({ length: UNMATCHED }, (_, i) => ({
          endToEndId: unknownId(i),
          status: 'ACSC',
          acceptedAt: '2020-12-03T08:30:00-04:00',
        })),
      }),
    );
    const unmatchedDir = path.join(dataDir, 'status-imports');
    const r = okValue(await importStatus(f.db, { filePath: reply, at, actor: f.officer, unmatchedDir }));
    assert.equal(r.unmatched, UNMATCHED);
    assert.equal(r.accepted, 0);
    assert.equal(r.unmatchedEndToEndIds.length, 100, 'the first 100 in memory');
    assert.deepEqual(r.unmatchedEndToEndIds.slice(0, 2), [unknownId(0), unknownId(1)]);
    assert.ok(r.unmatchedFile, 'the result says where the full list is');
    assert.equal(path.dirname(r.unmatchedFile), unmatchedDir);
    const rows = await listed(r.unmatchedFile);
    assert.equal(rows.length, UNMATCHED, 'the file holds every one');
    assert.deepEqual(
      rows.map((row) => row[2]),
      Array.from({ length: UNMATCHED }, (_, i) => unknownId(i)),
    );
    assert.ok(
      rows.every((row) => Number(row[0]) > 0),
      'each with its line in the reply',
    );
    // Why, as a code (the download words it in the reader's language): not in the file it answers.
    assert.deepEqual([...new Set(rows.map((row) => row[1]))], ['not_in_deposit_file']);
    assert.equal(await modeOf(r.unmatchedFile), 0o600);
    assert.equal(await modeOf(unmatchedDir), 0o700);

    // Imported again: nothing changes, and the result still points at the list.
    const again = okValue(await importStatus(f.db, { filePath: reply, at, actor: f.officer, unmatchedDir }));
    assert.ok(again.alreadyImported);
    assert.equal(again.unmatchedFile, r.unmatchedFile);
  });

  it('a camt.054 with 50,000 unmatched entries and one hostile id: listed in full, neutralised', async () => {
    const hostile = '=HYPERLINK("http://x.test")';
    const reply = path.join(f.dir, 'unmatched-camt054.xml');
    await writeFile(
      reply,
      camt054Xml('NTF-UNMATCHED-1', [
        {
          endToEndId: hostile,
          creditDebit: 'DBIT',
          status: 'BOOK',
          amount: '1000.00',
          bookingDate: '2020-12-03',
        },
        ...Array.from({ length: UNMATCHED - 1 }, (_, i) => ({
          endToEndId: unknownId(i),
          creditDebit: 'DBIT' as const,
          status: 'BOOK' as const,
          amount: '1000.00',
          bookingDate: '2020-12-03',
        })),
      ]),
    );
    const unmatchedDir = path.join(dataDir, 'status-imports');
    const r = okValue(await importStatus(f.db, { filePath: reply, at, actor: f.officer, unmatchedDir }));
    assert.equal(r.unmatched, UNMATCHED);
    assert.equal(r.unmatchedEndToEndIds.length, 100);
    assert.ok(r.unmatchedFile);
    const text = await readFile(r.unmatchedFile, 'utf8');
    assert.ok(text.includes(`"'=HYPERLINK(""http://x.test"")"`), 'a formula from the bank is neutralised');
    const rows = await listed(r.unmatchedFile);
    assert.equal(rows.length, UNMATCHED);
    assert.equal(rows[0]![2], `'${hostile}`);
    assert.deepEqual([...new Set(rows.map((row) => row[1]))], ['no_deposit_sent']);
    assert.equal(rows.at(-1)![2], unknownId(UNMATCHED - 2));
    assert.equal(await modeOf(r.unmatchedFile), 0o600);
  });

  it('a reply that matches everything writes no list', async () => {
    const file = exported.files[0]!;
    const reply = path.join(f.dir, 'matched-pain002.xml');
    await writeFile(
      reply,
      pain002Xml({ messageId: 'STS-ALL-1', originalMessageId: file.messageId, groupStatus: 'ACTC' }),
    );
    const r = okValue(
      await importStatus(f.db, {
        filePath: reply,
        at,
        actor: f.officer,
        unmatchedDir: path.join(dataDir, 'status-imports'),
      }),
    );
    assert.equal(r.unmatched, 0);
    assert.equal(r.unmatchedFile, null);
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listAuditEntries, verifyAuditChain } from '../../src/audit/index.ts';
import {
  addEvent,
  type CaseReader,
  EvidenceStore,
  importEvidence,
  manifestRows,
  openInvestigation,
  verifyCaseCustody,
  WHOLE_READ_BYTES,
} from '../../src/cases/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * The evidence import in groups (both back ends): a group's files stored first (outside the
 * transaction, idempotent by content), then recorded in one transaction with one batch of audit
 * entries. A row the record step refuses is rejected with its line and reason while the rest of
 * its group is recorded; a crash between the two steps records nothing of the group and the next
 * run reuses the stored files; a re-import adds nothing; every item's custody chain verifies.
 */

let t: TestDatabase;
let store: EvidenceStore;
const at = new Date('2021-03-02T12:00:00Z');
const lead: CaseReader = { username: 'ana.investigadora', actor: 'account:ana.investigadora' };
const CODE = 'SINT-LOTE-1';
const collection = {
  by: 'Equipo sintético',
  collectedAt: '2019-11-16T09:00:00-04:00',
  place: 'Sacaba',
  method: 'Recibido',
};
let folder: string;
let eventId: bigint;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** File i's bytes: small text, every fifth one larger than a whole read (streamed). */
function bytesOf(i: number): Buffer {
  const text = Buffer.from(`Acta sintética número ${i}.\n`, 'utf8');
  return i % 5 === 4 ? Buffer.concat([text, Buffer.alloc(WHOLE_READ_BYTES + 1000 * i, i)]) : text;
}

before(async () => {
  t = await createTestDatabase();
  store = new EvidenceStore(path.join(t.dir, 'evidence'));
  okValue(await openInvestigation(t.db, { code: CODE, title: 'Lote', openedOn: '2020-07-01' }, lead, at));
  eventId = okValue(
    await addEvent(
      t.db,
      CODE,
      {
        title: 'Puente',
        eventType: 'protest_repression',
        placeName: 'Sacaba',
        startsAt: new Date('2019-11-15T15:00:00-04:00'),
        endsAt: new Date('2019-11-15T18:00:00-04:00'),
      },
      lead,
      at,
    ),
  ).id;
  folder = path.join(t.dir, 'lote');
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < 12; i++) await writeFile(path.join(folder, `acta-${i}.txt`), bytesOf(i));
});
after(() => t.dispose());

/** The manifest: 12 files, row 6 (line 7) names an event the case does not hold. */
function manifest(): string {
  const lines = ['file,title,kind,media_type,family_code,event_id,collected_by,collected_at,place,method'];
  for (let i = 0; i < 12; i++) {
    const event = i === 5 ? '999999' : i % 3 === 0 ? String(eventId) : '';
    lines.push(`acta-${i}.txt,Acta ${i},document,text/plain,,${event},,,,`);
  }
  return `${lines.join('\n')}\n`;
}

const addedAudits = async () =>
  (await listAuditEntries(t.db, { last: 100_000 })).filter((e) => e.action === 'case_evidence.added');

test('a crash between store and record records nothing of the group; the rerun reuses the stored files', async () => {
  const { rows, rejections } = manifestRows(manifest());
  let groups = 0;
  await assert.rejects(
    importEvidence(t.db, store, CODE, folder, rows, rejections, lead, at, {
      defaultCollection: collection,
      groupRows: 5,
      onGroupStored: () => {
        if (++groups === 2) throw new Error('crash between store and record');
      },
    }),
    /crash between store and record/,
  );
  // The first group (5 files) is recorded, the second group's 5 files are stored but not recorded.
  assert.equal((await addedAudits()).length, 5);
  for (let i = 0; i < 10; i++) assert.ok(await store.has(sha(bytesOf(i))), `file ${i} is stored`);
  assert.equal(await store.has(sha(bytesOf(10))), false, 'the third group was never stored');
  const verified = okValue(await verifyCaseCustody(t.db, store, CODE, undefined, lead));
  assert.equal(verified.length, 5, 'no item recorded for the crashed group');
  assert.ok(verified.every((v) => v.ok));

  const rerun = okValue(
    await importEvidence(t.db, store, CODE, folder, rows, rejections, lead, at, {
      defaultCollection: collection,
      groupRows: 5,
    }),
  );
  assert.equal(rerun.read, 12);
  assert.equal(rerun.alreadyInCase, 5, 'the first group was recorded before the crash');
  assert.equal(rerun.added, 6, 'the crashed group (less its bad row) and the third group');
  assert.equal(rerun.rejected, 1);
  assert.equal(rerun.read, rerun.added + rerun.alreadyInCase + rerun.rejected);
  assert.deepEqual(rerun.rejections, [{ line: 7, file: 'acta-5.txt', reason: 'case_entity_not_found' }]);
  assert.equal((await addedAudits()).length, 11, 'one audit entry per item added, none twice');
  const all = okValue(await verifyCaseCustody(t.db, store, CODE, undefined, lead));
  assert.equal(all.length, 11);
  assert.ok(
    all.every((v) => v.ok && v.entries === 1 && v.blobChecked),
    'each item: its collection, its bytes',
  );
  const audit = await verifyAuditChain(t.db);
  assert.ok(audit.ok, 'the audit chain verifies with the batches in it');
  // No file left half-written in the store's incoming folder.
  assert.deepEqual(await readdir(path.join(t.dir, 'evidence', 'incoming')), []);
});

test('a failing row in a group is rejected with its line and reason; the rest of the group is recorded', async () => {
  const other = path.join(t.dir, 'otro');
  await mkdir(other, { recursive: true });
  const lines = ['file,title,kind,media_type,family_code,event_id,collected_by,collected_at,place,method'];
  for (let i = 0; i < 4; i++) {
    await writeFile(path.join(other, `nota-${i}.txt`), `Nota ${i}\n`);
    lines.push(`nota-${i}.txt,Nota ${i},document,text/plain,,${i === 1 ? '888888' : ''},,,,`);
  }
  lines.push('nota-9.txt,Falta,document,text/plain,,,,,,');
  const { rows, rejections } = manifestRows(`${lines.join('\n')}\n`);
  const outcome = okValue(
    await importEvidence(t.db, store, CODE, other, rows, rejections, lead, at, {
      defaultCollection: collection,
      groupRows: 10,
    }),
  );
  assert.deepEqual(
    { read: outcome.read, added: outcome.added, already: outcome.alreadyInCase, rejected: outcome.rejected },
    { read: 5, added: 3, already: 0, rejected: 2 },
  );
  assert.deepEqual(
    outcome.rejections.map((r) => `${r.line}:${r.reason}`),
    ['3:case_entity_not_found', '6:file_missing'],
  );
  assert.equal(outcome.itemIds.length, 3);
});

test('a re-import adds nothing and writes no new item audit', async () => {
  const { rows, rejections } = manifestRows(manifest());
  const before = (await addedAudits()).length;
  const again = okValue(
    await importEvidence(t.db, store, CODE, folder, rows, rejections, lead, at, {
      defaultCollection: collection,
    }),
  );
  assert.equal(again.added, 0);
  assert.equal(again.alreadyInCase, 11);
  assert.equal(again.rejected, 1);
  assert.equal((await addedAudits()).length, before);
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { listAuditEntries } from '../../src/audit/index.ts';
import {
  addEvidence,
  type CaseReader,
  custodyLog,
  EvidenceStore,
  evidenceItem,
  openInvestigation,
  setTeamMember,
} from '../../src/cases/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * Evidence from a stream (a large file hashed while it is written to the store, never held
 * whole), and the domain read of one item's record: access checked (team, family), the access in
 * the item's custody and, for a restricted item, in the audit trail.
 */

let t: TestDatabase;
let store: EvidenceStore;
const at = new Date('2021-03-02T12:00:00Z');
const reader = (username: string): CaseReader => ({ username, actor: `account:${username}` });
const lead = reader('ana.investigadora');
const family = reader('dora.familia');
const CODE = 'SINT-STREAM-1';
const collection = {
  by: 'Forense',
  place: 'Morgue',
  collectedAt: new Date('2019-11-17T10:00:00Z'),
  method: 'Copia',
};

/** 12 MiB of a PNG signature then a counter pattern, 64 KiB a chunk, made as they are read. */
function bigPng(): { stream: Readable; sha256: string; size: number } {
  const chunks = 192;
  const make = (i: number) => {
    const c = Buffer.alloc(64 * 1024, i % 251);
    if (i === 0) Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(c);
    return c;
  };
  const hash = createHash('sha256');
  for (let i = 0; i < chunks; i++) hash.update(make(i));
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < chunks; i++) yield make(i);
    })(),
  );
  return { stream, sha256: hash.digest('hex'), size: chunks * 64 * 1024 };
}

before(async () => {
  t = await createTestDatabase();
  store = new EvidenceStore(path.join(t.dir, 'evidence'));
  okValue(await openInvestigation(t.db, { code: CODE, title: 'Flujo', openedOn: '2020-07-01' }, lead, at));
  okValue(
    await setTeamMember(
      t.db,
      CODE,
      { username: family.username, teamRole: 'victims_representative', familyCode: 'FAM-01' },
      lead,
      at,
    ),
  );
});
after(() => t.dispose());

test('a 12 MiB file from a stream: hashed while stored, its size and type from the stream, stored once', async () => {
  const big = bigPng();
  const r = okValue(
    await addEvidence(
      t.db,
      store,
      CODE,
      {
        title: 'Video sintético',
        kind: 'video',
        mediaType: 'image/png',
        bytes: big.stream,
        familyCode: 'FAM-02',
        collection,
      },
      lead,
      at,
    ),
  );
  assert.equal(r.item.sha256, big.sha256);
  assert.equal(Number(r.item.byteLength), big.size);
  assert.equal(r.alreadyStored, false);
  assert.equal((r.item.originalMetadata as { byteLength: number }).byteLength, big.size);
  assert.equal((r.item.originalMetadata as { sniffedMediaType: string }).sniffedMediaType, 'image/png');
  assert.deepEqual(await store.check(big.sha256), { ok: true, actualSha256: big.sha256 });
  const again = okValue(
    await addEvidence(
      t.db,
      store,
      CODE,
      { title: 'Copia', kind: 'video', mediaType: 'image/png', bytes: bigPng().stream, collection },
      lead,
      at,
    ),
  );
  assert.equal(again.alreadyStored, true, 'the same bytes are stored once');
});

test('one item’s record through the domain: custody `accessed`, audited when restricted; another family’s is not found', async () => {
  const mine = okValue(
    await addEvidence(
      t.db,
      store,
      CODE,
      {
        title: 'Autopsia FAM-01',
        kind: 'autopsy_report',
        mediaType: 'text/plain',
        bytes: new TextEncoder().encode('AUTOPSIA SINTETICA FAM-01\n'),
        familyCode: 'FAM-01',
        collection,
      },
      lead,
      at,
    ),
  ).item;
  const theirs = okValue(
    await addEvidence(
      t.db,
      store,
      CODE,
      {
        title: 'Autopsia FAM-02',
        kind: 'autopsy_report',
        mediaType: 'text/plain',
        bytes: new TextEncoder().encode('AUTOPSIA SINTETICA FAM-02\n'),
        familyCode: 'FAM-02',
        collection,
      },
      lead,
      at,
    ),
  ).item;
  const read = okValue(await evidenceItem(t.db, CODE, mine.id, family, at, 'revisión de la familia'));
  assert.equal(read.sha256, mine.sha256);
  assert.equal(read.custodySeq, mine.custodySeq + 1, 'the access is a custody entry');
  const log = okValue(await custodyLog(t.db, CODE, mine.id, lead, at));
  const last = log.at(-1)!;
  assert.equal(last.action, 'accessed');
  assert.equal(last.actor, family.actor);
  assert.deepEqual(last.details, { purpose: 'revisión de la familia', what: 'record' });
  const audited = (await listAuditEntries(t.db, { last: 10 })).filter(
    (e) => e.action === 'case_evidence.read' && e.entityId === String(mine.id),
  );
  assert.equal(audited.length, 1);
  assert.equal(audited[0]!.actor, family.actor);

  const other = await evidenceItem(t.db, CODE, theirs.id, family, at, 'x');
  assert.deepEqual(other.ok ? null : other.error, {
    code: 'case_entity_not_found',
    entity: 'item',
    id: String(theirs.id),
  });
  const stranger = await evidenceItem(t.db, CODE, mine.id, reader('eva.ajena'), at, 'x');
  assert.equal(stranger.ok ? 'ok' : stranger.error.code, 'case_not_found');
  const after1 = okValue(await custodyLog(t.db, CODE, theirs.id, lead, at));
  assert.ok(
    !after1.some((e) => e.action === 'accessed' && e.actor === family.actor),
    'a refused read is not logged as an access',
  );
});

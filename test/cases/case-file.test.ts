import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listAuditEntries, verifyAuditChain } from '../../src/audit/index.ts';
import {
  addAct,
  addEvidence,
  addPerson,
  addStatement,
  type CaseReader,
  contradictions,
  EvidenceStore,
  protectPerson,
  readCaseFile,
  readEvidence,
  recordCustody,
  SEED_CASE_CODE,
  seedCaseFile,
  setTeamMember,
  timeline,
  verifyCaseCustody,
  victimsByEventAndCause,
} from '../../src/cases/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * The case file on a real database (both back ends): the synthetic Sacaba/Senkata investigation
 * seeded idempotently; restricted by default (only the team reads it); a protected witness shown
 * by code to everyone without the role; a victims' representative sees only their family's files;
 * evidence stored once by SHA-256, its reads audited and entered in custody; the custody chain
 * verifies, and a changed byte, a dropped entry or a changed file is caught and named.
 */

let t: TestDatabase;
let store: EvidenceStore;
const at = new Date('2021-03-02T12:00:00Z');
const reader = (username: string): CaseReader => ({ username, actor: `account:${username}` });
const lead = reader('ana.investigadora');
const analyst = reader('bruno.analista');
const liaison = reader('carla.fiscalia');
const family = reader('dora.familia');
const stranger = reader('eva.ajena');

before(async () => {
  t = await createTestDatabase();
  store = new EvidenceStore(path.join(t.dir, 'evidence'));
  okValue(await seedCaseFile(t.db, store, lead, at), 'seed');
  okValue(
    await setTeamMember(t.db, SEED_CASE_CODE, { username: analyst.username, teamRole: 'analyst' }, lead, at),
  );
  okValue(
    await setTeamMember(
      t.db,
      SEED_CASE_CODE,
      { username: liaison.username, teamRole: 'prosecutor_liaison' },
      lead,
      at,
    ),
  );
  okValue(
    await setTeamMember(
      t.db,
      SEED_CASE_CODE,
      { username: family.username, teamRole: 'victims_representative', familyCode: 'FAM-SAC-03' },
      lead,
      at,
    ),
  );
});
after(() => t.dispose());

test('the seed is synthetic, shaped like Sacaba and Senkata (10 dead each by firearm), and idempotent', async () => {
  const again = okValue(await seedCaseFile(t.db, store, lead, at));
  assert.equal(again.created, false);
  const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  assert.equal(file.events.length, 2);
  assert.deepEqual(
    file.events.map((e) => e.startsAt.toISOString().slice(0, 10)),
    ['2019-11-15', '2019-11-19'],
  );
  const cells = victimsByEventAndCause(file);
  const totals = cells.filter((c) => c.cause === 'all').map((c) => c.victims);
  assert.deepEqual(totals, [10, 10]);
  const gunshot = cells.filter((c) => c.cause === 'gunshot_wound');
  assert.deepEqual(
    gunshot.map((c) => c.victims),
    [10, 10],
  );
  // Each cell is traceable: 10 autopsies + the statement for Sacaba's first victim.
  assert.equal(gunshot[0]!.sources.length, 11);
  assert.ok(
    file.persons.every((p) => p.withheld || /Sintétic/.test(p.fullName)),
    'only synthetic names',
  );
  const flagged = contradictions(file);
  assert.equal(flagged.filter((c) => c.kind === 'time').length, 2, 'one time contradiction per event');
  const line = timeline(file, file.events[0]!.id);
  assert.equal(line[0]!.kind, 'event_start');
  assert.equal(line.filter((e) => e.kind === 'act').length, 11);
});

test('restricted by default: not on the team is not found; team roles limit what may be recorded', async () => {
  const r = await readCaseFile(t.db, SEED_CASE_CODE, stranger, at);
  assert.deepEqual(r, { ok: false, error: { code: 'case_not_found', investigation: SEED_CASE_CODE } });
  const byAnalyst = await addPerson(t.db, SEED_CASE_CODE, { fullName: 'X', roles: ['witness'] }, analyst, at);
  assert.equal(!byAnalyst.ok && byAnalyst.error.code, 'case_role_refused');
  const teamByLiaison = await setTeamMember(
    t.db,
    SEED_CASE_CODE,
    { username: 'otro', teamRole: 'investigator' },
    liaison,
    at,
  );
  assert.equal(!teamByLiaison.ok && teamByLiaison.error.code, 'case_role_refused');
});

test('a protected witness is shown by code to everyone without the role, by name to the investigator', async () => {
  const asLead = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  const asAnalyst = okValue(await readCaseFile(t.db, SEED_CASE_CODE, analyst, at));
  const seen = asLead.persons.find((p) => p.code === 'T-SAC-01')!;
  assert.equal(seen.withheld, false);
  const hidden = asAnalyst.persons.find((p) => p.code === 'T-SAC-01')!;
  assert.equal(hidden.withheld, true);
  const text = JSON.stringify(asAnalyst, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  assert.ok(!text.includes('Testigo Protegido'), 'the name appears nowhere in the analyst’s view');
  assert.ok(text.includes('T-SAC-01'));
  // Protecting a victim later hides them too; the timeline names them by code.
  const victim = asLead.persons.find((p) => p.code === 'V-SAC-02')!;
  okValue(await protectPerson(t.db, SEED_CASE_CODE, victim.id, true, lead, at));
  const later = okValue(await readCaseFile(t.db, SEED_CASE_CODE, liaison, at));
  const victims = timeline(later, later.events[0]!.id).flatMap((e) => (e.kind === 'act' ? [e.victim] : []));
  assert.ok(victims.includes('V-SAC-02'));
  assert.ok(!victims.includes('Víctima Sintética SAC 02'));
  assert.ok(victims.includes('Víctima Sintética SAC 03'));
  okValue(await protectPerson(t.db, SEED_CASE_CODE, victim.id, false, lead, at));
});

test('a victims’ representative sees only their family’s persons, items and acts', async () => {
  const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, family, at));
  assert.deepEqual(
    file.persons.map((p) => p.code),
    ['V-SAC-03'],
  );
  assert.equal(file.items.length, 1);
  assert.equal(file.items[0]!.familyCode, 'FAM-SAC-03');
  assert.equal(file.acts.length, 1);
  assert.equal(file.statements.length, 0);
  assert.equal(file.team.length, 1);
  const full = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  const other = full.items.find((i) => i.familyCode === 'FAM-SAC-04')!;
  const refused = await readEvidence(t.db, store, SEED_CASE_CODE, other.id, family, at, 'review');
  assert.equal(!refused.ok && refused.error.code, 'case_entity_not_found');
  const own = okValue(
    await readEvidence(t.db, store, SEED_CASE_CODE, file.items[0]!.id, family, at, 'family review'),
  );
  assert.match(new TextDecoder().decode(own.bytes), /AUTOPSIA SINTETICO V-SAC-03/);
});

test('evidence: the same bytes are stored once; a derived item points to its original; reads are audited', async () => {
  const bytes = new TextEncoder().encode('FOTO SINTETICA del puente\n');
  const collection = {
    by: 'Ana',
    place: 'Huayllani',
    collectedAt: new Date('2020-01-10T10:00:00Z'),
    method: 'captura',
  };
  const first = okValue(
    await addEvidence(
      t.db,
      store,
      SEED_CASE_CODE,
      { title: 'Foto', kind: 'photo', mediaType: 'image/jpeg', bytes, collection },
      lead,
      at,
    ),
  );
  const second = okValue(
    await addEvidence(
      t.db,
      store,
      SEED_CASE_CODE,
      { title: 'Foto otra vez', kind: 'photo', mediaType: 'image/jpeg', bytes, collection },
      lead,
      at,
    ),
  );
  assert.equal(first.alreadyStored, false);
  assert.equal(second.alreadyStored, true);
  assert.equal(first.item.sha256, second.item.sha256);
  assert.equal(first.item.restricted, true, 'restricted by default');
  const redacted = okValue(
    await addEvidence(
      t.db,
      store,
      SEED_CASE_CODE,
      {
        title: 'Foto con rostros difuminados',
        kind: 'photo',
        mediaType: 'image/jpeg',
        bytes: new TextEncoder().encode('FOTO SINTETICA difuminada\n'),
        derivedFrom: { itemId: first.item.id, derivation: 'redacted_copy' },
      },
      lead,
      at,
    ),
  );
  assert.equal(redacted.item.originalItemId, first.item.id);
  assert.equal(redacted.item.derivation, 'redacted_copy');
  const before = (await listAuditEntries(t.db, { last: 1 }))[0]!.seq;
  okValue(await readEvidence(t.db, store, SEED_CASE_CODE, first.item.id, liaison, at, 'prosecution review'));
  const reads = (await listAuditEntries(t.db, { last: 5 })).filter(
    (e) => e.seq > before && e.action === 'case_evidence.read',
  );
  assert.equal(reads.length, 1);
  assert.equal(reads[0]!.actor, liaison.actor);
  const verified = okValue(await verifyCaseCustody(t.db, store, SEED_CASE_CODE, first.item.id, lead));
  assert.equal(verified[0]!.ok, true);
  // collected, copied (the redacted copy), accessed
  assert.equal(verified[0]!.ok && verified[0]!.entries, 3);
  assert.ok((await verifyAuditChain(t.db)).ok);
});

test('testimony: consent, language, interpreter; an audio must be audio, the witness a witness', async () => {
  const witness = okValue(
    await addPerson(
      t.db,
      SEED_CASE_CODE,
      { fullName: 'Testigo Sintético Dos', roles: ['witness'] },
      lead,
      at,
    ),
  );
  assert.match(witness.code, /^T-\d{4}$/);
  const noConsent = await addStatement(
    t.db,
    SEED_CASE_CODE,
    {
      witnessPersonId: witness.id,
      takenAt: at,
      placeName: 'Sacaba',
      language: 'qu',
      interviewer: 'Ana',
      consentGiven: false,
      consentScope: 'prosecution',
    },
    lead,
    at,
  );
  assert.deepEqual(noConsent, {
    ok: false,
    error: { code: 'case_input_invalid', field: 'consentScope', problem: 'conflict' },
  });
  const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  const video = file.items.find((i) => i.kind === 'autopsy_report')!;
  const wrongKind = await addStatement(
    t.db,
    SEED_CASE_CODE,
    {
      witnessPersonId: witness.id,
      takenAt: at,
      placeName: 'Sacaba',
      language: 'qu',
      interviewer: 'Ana',
      consentGiven: true,
      consentScope: 'investigation',
      audioItemId: video.id,
    },
    lead,
    at,
  );
  assert.equal(
    !wrongKind.ok && wrongKind.error.code === 'case_input_invalid' && wrongKind.error.field,
    'audioItemId',
  );
  const s = okValue(
    await addStatement(
      t.db,
      SEED_CASE_CODE,
      {
        witnessPersonId: witness.id,
        takenAt: at,
        placeName: 'Sacaba',
        language: 'qu',
        interpreter: 'Intérprete',
        interviewer: 'Ana',
        consentGiven: true,
        consentScope: 'investigation',
      },
      lead,
      at,
    ),
  );
  assert.equal(s.language, 'qu');
  const cause = await addAct(
    t.db,
    SEED_CASE_CODE,
    {
      eventId: file.events[0]!.id,
      actType: 'injury',
      causeOfDeath: 'gunshot_wound',
      source: { kind: 'statement', id: s.id },
    },
    analyst,
    at,
  );
  assert.equal(!cause.ok && cause.error.code === 'case_input_invalid' && cause.error.field, 'causeOfDeath');
});

test('custody: a changed byte, a dropped entry, a dropped last entry and a changed file are each caught and named', async () => {
  const item = okValue(
    await addEvidence(
      t.db,
      store,
      SEED_CASE_CODE,
      {
        title: 'Casquillo (foto)',
        kind: 'photo',
        mediaType: 'image/jpeg',
        bytes: new TextEncoder().encode('FOTO SINTETICA casquillo\n'),
        collection: { by: 'Ana', place: 'Huayllani', collectedAt: at, method: 'fotografía en el lugar' },
      },
      lead,
      at,
    ),
  ).item;
  for (const [action, details] of [
    ['transferred', { from: 'Equipo', to: 'IDIF' }],
    ['analysed', { lab: 'IDIF', result: 'calibre 7.62' }],
    ['transferred', { from: 'IDIF', to: 'Fiscalía' }],
  ] as const)
    okValue(await recordCustody(t.db, SEED_CASE_CODE, item.id, { action, details }, lead, at));
  const verify = async () => okValue(await verifyCaseCustody(t.db, store, SEED_CASE_CODE, item.id, lead))[0]!;
  assert.deepEqual((await verify()).ok, true);
  const unlocked = async (sql: string) =>
    t.db.exec(
      `ALTER TABLE case_custody_entry DISABLE TRIGGER USER; ${sql}; ALTER TABLE case_custody_entry ENABLE TRIGGER USER;`,
    );
  const refused = await t.db
    .query(`UPDATE case_custody_entry SET actor = 'x' WHERE item_id = $1`, [item.id])
    .then(
      () => 'updated',
      () => 'refused',
    );
  assert.equal(refused, 'refused', 'the log is append-only');

  // A changed byte in entry 3's details.
  await unlocked(
    `UPDATE case_custody_entry SET details = '{"lab":"IDIF","result":"calibre 9mm"}'::jsonb WHERE item_id = ${item.id} AND seq = 3`,
  );
  let v = await verify();
  assert.equal(v.ok, false);
  assert.deepEqual(!v.ok && [v.problem.kind, v.problem.seq], ['altered', 3]);
  await unlocked(
    `UPDATE case_custody_entry SET details = '{"lab":"IDIF","result":"calibre 7.62"}'::jsonb WHERE item_id = ${item.id} AND seq = 3`,
  );
  assert.equal((await verify()).ok, true, 'restored, it verifies again');

  // A dropped entry in the middle.
  const [row] = await t.db.query<Record<string, unknown>>(
    'SELECT * FROM case_custody_entry WHERE item_id = $1 AND seq = 2',
    [item.id],
  );
  await unlocked(`DELETE FROM case_custody_entry WHERE item_id = ${item.id} AND seq = 2`);
  v = await verify();
  assert.deepEqual(!v.ok && [v.problem.kind, v.problem.seq], ['removed', 2]);
  assert.match(!v.ok ? v.problem.message : '', /entry 2 is missing/);
  await t.db.query(
    `INSERT INTO case_custody_entry (item_id, seq, recorded_at, actor, action, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [
      row!.item_id,
      row!.seq,
      row!.recorded_at,
      row!.actor,
      row!.action,
      JSON.stringify(row!.details),
      row!.prev_hash,
      row!.hash,
    ],
  );
  assert.equal((await verify()).ok, true);

  // The last entry dropped: the item's head still counts it.
  await unlocked(`DELETE FROM case_custody_entry WHERE item_id = ${item.id} AND seq = 4`);
  v = await verify();
  assert.deepEqual(!v.ok && [v.problem.kind, v.problem.seq], ['removed', 4]);
});

test('custody: a stored file whose bytes changed is named, and is not handed out', async () => {
  const { writeFile, chmod } = await import('node:fs/promises');
  const item = okValue(
    await addEvidence(
      t.db,
      store,
      SEED_CASE_CODE,
      {
        title: 'Acta (sintética)',
        kind: 'document',
        mediaType: 'text/plain',
        bytes: new TextEncoder().encode('ACTA SINTETICA original\n'),
        collection: { by: 'Ana', place: 'Sacaba', collectedAt: at, method: 'entregada' },
      },
      lead,
      at,
    ),
  ).item;
  const file = store.pathOf(item.sha256);
  await chmod(file, 0o644);
  await writeFile(file, 'ACTA SINTETICA cambiada\n');
  const v = okValue(await verifyCaseCustody(t.db, store, SEED_CASE_CODE, item.id, lead))[0]!;
  assert.equal(!v.ok && v.problem.kind, 'blob_altered');
  const read = await readEvidence(t.db, store, SEED_CASE_CODE, item.id, lead, at, 'review');
  assert.equal(!read.ok && read.error.code, 'custody_chain_broken');
});

test('custody under a burst: 40 parallel reads and 20 parallel transfers of one item make one unbroken chain', async () => {
  const added = okValue(
    await addEvidence(
      t.db,
      store,
      SEED_CASE_CODE,
      {
        title: 'Acta de levantamiento',
        kind: 'document',
        mediaType: 'text/plain',
        bytes: new TextEncoder().encode('ACTA SINTETICA para la ráfaga\n'),
        collection: {
          by: 'Ana',
          place: 'Senkata',
          collectedAt: new Date('2019-11-20T09:00:00Z'),
          method: 'entrega',
        },
      },
      lead,
      at,
    ),
  );
  const id = added.item.id;
  const results = await Promise.all([
    ...Array.from({ length: 40 }, () =>
      readEvidence(t.db, store, SEED_CASE_CODE, id, liaison, at, 'revisión'),
    ),
    ...Array.from({ length: 20 }, (_, i) =>
      recordCustody(
        t.db,
        SEED_CASE_CODE,
        id,
        { action: 'transferred', details: { a: `sala ${i}` } },
        lead,
        at,
      ),
    ),
  ]);
  assert.ok(
    results.every((r) => r.ok),
    'every read and transfer is recorded',
  );
  const verified = okValue(await verifyCaseCustody(t.db, store, SEED_CASE_CODE, id, lead));
  assert.equal(verified[0]!.ok, true, 'no entry lost or forked under the burst');
  // collected, 40 accessed, 20 transferred
  assert.equal(verified[0]!.ok && verified[0]!.entries, 61);
  assert.ok((await verifyAuditChain(t.db)).ok);
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { listAuditEntries } from '../../src/audit/index.ts';
import {
  addEvidence,
  addFinding,
  type CaseReader,
  caseReport,
  custodyLog,
  EvidenceStore,
  eventTimeline,
  exportCaseBundle,
  folderRows,
  importEvidence,
  manifestRows,
  readCaseFile,
  renderReportPdf,
  SEED_CASE_CODE,
  seedCaseFile,
  setTeamMember,
  timeline,
  verifyBundle,
} from '../../src/cases/index.ts';
import { caseReportWords } from '../../src/messages/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * The technical report for the prosecutors on the seeded synthetic investigation (both back ends):
 * each finding printed with the SHA-256 and custody state of every item it rests on, the protected
 * witness by code for a reader without the role, the same bytes for the same report (deterministic
 * layout), the printed bundle digest the one `verifyBundle` checks; a broken custody chain is
 * printed as such. Reading a custody log is audited. Bulk import: rows read = added + already in
 * the case + rejected, each rejection with its line, and a second run adds nothing.
 */

const run = promisify(execFile);
const PDFTOTEXT = '/usr/bin/pdftotext';
let t: TestDatabase;
let store: EvidenceStore;
const at = new Date('2021-03-02T12:00:00Z');
const reader = (username: string): CaseReader => ({ username, actor: `account:${username}` });
const lead = reader('ana.investigadora');
const liaison = reader('carla.fiscalia');
const family = reader('dora.familia');

before(async () => {
  t = await createTestDatabase();
  store = new EvidenceStore(path.join(t.dir, 'evidence'));
  okValue(await seedCaseFile(t.db, store, lead, at), 'seed');
  for (const [who, teamRole, familyCode] of [
    [liaison, 'prosecutor_liaison', undefined],
    [family, 'victims_representative', 'FAM-SAC-03'],
  ] as const)
    okValue(
      await setTeamMember(t.db, SEED_CASE_CODE, { username: who.username, teamRole, familyCode }, lead, at),
    );
});
after(() => t.dispose());

async function pdfText(pdf: Buffer, name: string): Promise<string | undefined> {
  if (!existsSync(PDFTOTEXT)) return undefined;
  const file = path.join(t.dir, `${name}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run(PDFTOTEXT, ['-layout', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

test('the report cites every finding’s evidence by id and SHA-256 with its verified custody; the text is in the PDF', async (ctx) => {
  const report = okValue(await caseReport(t.db, store, SEED_CASE_CODE, liaison, at));
  assert.equal(report.findings.length, 2, 'one seeded finding per event');
  assert.equal(report.findings[0]!.sources.length, 11, '10 autopsies and the statement');
  // 2 × (10 autopsies + 1 transcript through the statement).
  assert.equal(report.items.length, 22);
  assert.ok(report.custodyVerified);
  assert.match(report.bundleDigest, /^[0-9a-f]{64}$/);
  const pdf = await renderReportPdf(report, caseReportWords('es'));
  const again = await renderReportPdf(
    okValue(await caseReport(t.db, store, SEED_CASE_CODE, liaison, at)),
    caseReportWords('es'),
  );
  assert.ok(pdf.equals(again), 'the same report renders to the same bytes');
  const text = await pdfText(pdf, 'informe');
  if (text === undefined) {
    ctx.skip('pdftotext (poppler-utils) is not installed: the PDF’s text is not read back');
    return;
  }
  const flat = text.replace(/\s+/g, ' ');
  assert.ok(flat.includes('Informe técnico para el Ministerio Público'));
  assert.ok(flat.includes('Hallazgo 1.'));
  assert.ok(flat.includes('Hallazgo 2.'));
  for (const i of report.items)
    assert.ok(flat.includes(i.item.sha256), `item ${i.item.id}’s SHA-256 is printed`);
  assert.ok(flat.includes(report.bundleDigest), 'the bundle digest is printed');
  assert.ok(flat.includes('Custodia verificada'));
  assert.ok(flat.includes('T-SAC-01 (identidad protegida)'), 'the witness by code');
  assert.ok(!flat.includes('Testigo Protegido'), 'the protected name appears nowhere');
  assert.ok(flat.includes('Copia de account:carla.fiscalia'), 'every page names the reader');
  assert.match(flat, /Página 1 de \d+/);
  const english = await pdfText(await renderReportPdf(report, caseReportWords('en')), 'report');
  assert.ok(english!.replace(/\s+/g, ' ').includes('Finding 1.'));
});

test('the bundle written with the report verifies against the digest the report prints', async () => {
  const dir = path.join(t.dir, 'bundle');
  const r = okValue(await exportCaseBundle(t.db, store, SEED_CASE_CODE, dir, liaison, at));
  assert.equal(r.digest, r.report.bundleDigest);
  const v = await verifyBundle(dir, { expectedDigest: r.report.bundleDigest });
  assert.deepEqual(v.problems, []);
  assert.equal(v.items, 22);
  const audit = await listAuditEntries(t.db, { last: 100_000 });
  const actions = audit.map((e) => e.action);
  assert.ok(actions.includes('case_report.generated'));
  assert.ok(actions.includes('case_bundle.exported'));
});

test('a victims’ representative’s report holds only findings resting on their family’s files', async () => {
  const report = okValue(await caseReport(t.db, store, SEED_CASE_CODE, family, at));
  assert.equal(report.findings.length, 0);
  assert.equal(report.items.length, 0);
});

test('a custody chain that no longer verifies is printed as such in the report', async () => {
  const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  const text = new TextEncoder().encode('Nota sintética: recibo de entrega.\n');
  const added = okValue(
    await addEvidence(
      t.db,
      store,
      SEED_CASE_CODE,
      {
        title: 'Recibo sintético',
        kind: 'document',
        mediaType: 'text/plain',
        bytes: text,
        eventId: file.events[0]!.id,
        collection: { by: 'Equipo', place: 'Sacaba', method: 'Entregado en mano', collectedAt: at },
      },
      lead,
      at,
    ),
  );
  const finding = okValue(
    await addFinding(
      t.db,
      SEED_CASE_CODE,
      {
        title: 'Entrega documentada',
        text: 'El recibo consta.',
        sources: [{ kind: 'item', id: added.item.id }],
      },
      lead,
      at,
    ),
  );
  assert.equal(finding.number, 3);
  // Drop the chain's head back one entry's worth: the stored head no longer matches the log.
  await t.db.query('UPDATE case_evidence_item SET custody_seq = custody_seq + 1 WHERE id = $1', [
    added.item.id,
  ]);
  const report = okValue(await caseReport(t.db, store, SEED_CASE_CODE, lead, at));
  assert.equal(report.custodyVerified, false);
  const broken = report.items.find((i) => i.item.id === added.item.id)!;
  assert.equal(broken.verification.ok, false);
  const flat = (await pdfText(await renderReportPdf(report, caseReportWords('es')), 'roto'))?.replace(
    /\s+/g,
    ' ',
  );
  if (flat !== undefined) {
    assert.ok(flat.includes('CUSTODIA NO VERIFICADA'));
    assert.ok(flat.includes('ATENCIÓN'));
  }
  await t.db.query('UPDATE case_evidence_item SET custody_seq = custody_seq - 1 WHERE id = $1', [
    added.item.id,
  ]);
});

test('reading an item’s custody log writes an audit row naming the item and the head', async () => {
  const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, liaison, at));
  const item = file.items[0]!;
  const before = (await listAuditEntries(t.db, { last: 100_000 })).length;
  const log = okValue(await custodyLog(t.db, SEED_CASE_CODE, item.id, liaison, at));
  assert.ok(log.length >= 1);
  const entries = await listAuditEntries(t.db, { last: 100_000 });
  assert.equal(entries.length, before + 1);
  const row = entries.find((e) => e.action === 'case_custody.read' && e.entityId === String(item.id));
  assert.ok(row, 'the read is audited');
  assert.equal(row.actor, liaison.actor);
  // Someone off the team reads nothing and leaves no read row.
  const stranger = await custodyLog(t.db, SEED_CASE_CODE, item.id, reader('eva.ajena'), at);
  assert.equal(!stranger.ok && stranger.error.code, 'case_not_found');
});

test('bulk import: rows read = added + already in the case + rejected, rejections by line; a rerun adds nothing', async () => {
  const folder = path.join(t.dir, 'lote');
  await mkdir(path.join(folder, 'fotos'), { recursive: true });
  const jpeg = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
  ]);
  await writeFile(path.join(folder, 'fotos', 'puente.jpg'), jpeg);
  await writeFile(path.join(folder, 'acta.txt'), 'Acta sintética de levantamiento.\n');
  await writeFile(path.join(folder, 'copia.txt'), 'Acta sintética de levantamiento.\n');
  const manifest = [
    'file,title,kind,media_type,family_code,event_id,collected_by,collected_at,place,method',
    'fotos/puente.jpg,Foto del puente,photo,,,,,,,',
    'acta.txt,Acta,document,text/plain,,,Fiscal sintético,2019-11-16T10:00:00-04:00,Sacaba,Entregada',
    'copia.txt,Copia del acta,document,text/plain,,,,,,',
    'falta.txt,No existe,document,text/plain,,,,,,',
    '../fuera.txt,Fuera,document,text/plain,,,,,,',
    'acta.txt,Mala clase,arma,text/plain,,,,,,',
    'acta.txt,"comillas,text/plain',
    'acta.txt,pocas,columnas',
    'acta.txt,Fecha mala,document,text/plain,,,Fiscal,ayer,Sacaba,Entregada',
  ].join('\n');
  await writeFile(path.join(folder, 'manifest.csv'), `${manifest}\n`);
  const parsed = manifestRows(`${manifest}\n`);
  const progress: number[] = [];
  const first = okValue(
    await importEvidence(t.db, store, SEED_CASE_CODE, folder, parsed.rows, parsed.rejections, lead, at, {
      defaultCollection: {
        by: 'Equipo sintético',
        collectedAt: '2019-11-16T09:00:00-04:00',
        place: 'Sacaba',
        method: 'Recibido',
      },
      onRow: (c) => progress.push(c.added + c.alreadyInCase + c.rejected),
    }),
  );
  assert.equal(first.read, 9);
  assert.equal(first.added, 2, 'the photo and the act');
  assert.equal(first.alreadyInCase, 1, 'the copy holds the act’s bytes');
  assert.equal(first.rejected, 6);
  assert.equal(first.read, first.added + first.alreadyInCase + first.rejected);
  assert.deepEqual(
    first.rejections.map((r) => `${r.line}:${r.reason}`),
    [
      '5:file_missing',
      '6:file_outside_folder',
      '7:kind_unknown',
      '8:quotes_malformed',
      '9:column_count',
      '10:collected_at_invalid',
    ],
  );
  assert.ok(progress.length === parsed.rows.length && progress.at(-1) === 9, 'progress after every row');
  const second = okValue(
    await importEvidence(t.db, store, SEED_CASE_CODE, folder, parsed.rows, parsed.rejections, lead, at, {
      defaultCollection: {
        by: 'Equipo sintético',
        collectedAt: '2019-11-16T09:00:00-04:00',
        place: 'Sacaba',
        method: 'Recibido',
      },
    }),
  );
  assert.equal(second.added, 0);
  assert.equal(second.alreadyInCase, 3);
  // A folder: every file below it, the manifest itself included; nothing else is added twice.
  const rows = await folderRows(folder);
  assert.deepEqual(
    rows.map((r) => r.file),
    ['acta.txt', 'copia.txt', 'fotos/puente.jpg', 'manifest.csv'],
  );
  const byFolder = okValue(
    await importEvidence(t.db, store, SEED_CASE_CODE, folder, rows, [], lead, at, {
      defaultCollection: {
        by: 'Equipo',
        collectedAt: '2019-11-16T09:00:00-04:00',
        place: 'Sacaba',
        method: 'Recibido',
      },
    }),
  );
  assert.equal(byFolder.added, 1, 'only the manifest is new');
  assert.equal(byFolder.alreadyInCase, 3);
  const audit = (await listAuditEntries(t.db, { last: 100_000 })).filter(
    (e) => e.action === 'case_evidence.imported',
  );
  assert.equal(audit.length, 3);
  // A reader who may not record evidence imports nothing.
  const refused = await importEvidence(t.db, store, SEED_CASE_CODE, folder, rows, [], liaison, at);
  assert.equal(!refused.ok && refused.error.code, 'case_role_refused');
});

test('the event’s timeline read from its own rows equals the one drawn from the whole file, for every role', async () => {
  for (const who of [lead, liaison, family]) {
    const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, who, at));
    for (const event of file.events) {
      const direct = okValue(await eventTimeline(t.db, SEED_CASE_CODE, event.id, who, at));
      assert.deepEqual(direct, timeline(file, event.id), `${who.username}, event ${event.id}`);
    }
  }
  const missing = await eventTimeline(t.db, SEED_CASE_CODE, 999_999n, lead, at);
  assert.equal(!missing.ok && missing.error.code, 'case_entity_not_found');
});

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listAuditEntries } from '../../src/audit/index.ts';
import {
  addEvent,
  addFinding,
  type CaseReader,
  caseReport,
  EvidenceStore,
  publishCaseFile,
  readCaseFile,
  readerRedactor,
  readPublicCase,
  SEED_CASE_CODE,
  seedCaseFile,
  setPersonAlias,
  setTeamMember,
} from '../../src/cases/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * Aliases of a protected witness (issue #21 §3, migration 0068), both back ends: every alias is
 * replaced by the witness's code wherever the full name is — the public version, the restricted
 * viewer and the report for a reader without the role — and is shown only to readers who see the
 * identity; adding and removing are the investigators', audited without the alias itself.
 */

let t: TestDatabase;
let store: EvidenceStore;
const at = new Date('2021-04-12T14:00:00Z');
const reader = (username: string): CaseReader => ({ username, actor: `account:${username}` });
const lead = reader('ana.investigadora');
const analyst = reader('bruno.analista');
const liaison = reader('carla.fiscalia');
const ALIASES = ['el Tito', 'Tito Quispe Mamany'];
let witness: { id: bigint; code: string; fullName: string };

const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
const leaks = (text: string) =>
  [witness.fullName, ...ALIASES].filter((n) => text.toLowerCase().includes(n.toLowerCase()));

before(async () => {
  t = await createTestDatabase();
  store = new EvidenceStore(path.join(t.dir, 'evidence'));
  okValue(await seedCaseFile(t.db, store, lead, at), 'seed');
  for (const [who, teamRole] of [
    [analyst, 'analyst'],
    [liaison, 'prosecutor_liaison'],
  ] as const)
    okValue(await setTeamMember(t.db, SEED_CASE_CODE, { username: who.username, teamRole }, lead, at));
  const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  const p = file.persons.flatMap((x) => (x.protected && !x.withheld ? [x] : []))[0]!;
  witness = { id: p.id, code: p.code, fullName: p.fullName };
});
after(() => t?.dispose());

test('aliases are added once (any case), by investigators only, audited without the alias', async () => {
  for (const alias of ALIASES) {
    const r = okValue(await setPersonAlias(t.db, SEED_CASE_CODE, witness.id, ` ${alias} `, true, lead, at));
    assert.deepEqual(r, { personId: witness.id, alias, changed: true });
  }
  const again = okValue(await setPersonAlias(t.db, SEED_CASE_CODE, witness.id, 'EL TITO', true, lead, at));
  assert.equal(again.changed, false, 'the same alias in another case is the same alias');
  const refused = await setPersonAlias(t.db, SEED_CASE_CODE, witness.id, 'Otro', true, analyst, at);
  assert.equal(!refused.ok && refused.error.code, 'case_role_refused');
  const short = await setPersonAlias(t.db, SEED_CASE_CODE, witness.id, ' x ', true, lead, at);
  assert.equal(!short.ok && short.error.code, 'case_input_invalid');
  const missing = await setPersonAlias(t.db, SEED_CASE_CODE, 999_999n, 'Nadie', true, lead, at);
  assert.equal(!missing.ok && missing.error.code, 'case_entity_not_found');
  const audit = (await listAuditEntries(t.db, { last: 100_000 })).filter((e) =>
    e.action.startsWith('case_person.alias_'),
  );
  assert.equal(audit.length, 2);
  assert.deepEqual(leaks(json(audit)), [], 'the audit trail keeps the code and a hash, never the alias');
  assert.ok(audit.every((e) => (e.after as { person: string }).person === witness.code));
  // Who sees the identity sees the aliases; who does not, neither.
  const byLead = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  assert.deepEqual(
    byLead.aliases.filter((a) => a.personId === witness.id).map((a) => a.alias),
    [...ALIASES].sort(),
  );
  const byLiaison = okValue(await readCaseFile(t.db, SEED_CASE_CODE, liaison, at));
  assert.deepEqual(
    byLiaison.aliases.filter((a) => a.personId === witness.id),
    [],
  );
  assert.deepEqual(leaks(json(byLiaison.persons)), []);
});

test('no alias leaks: public version, restricted viewer, report without the role', async () => {
  const said = `Según el tito (también «TITO  QUISPE MAMANY», ${witness.fullName}), la marcha llegó al puente.`;
  const event = okValue(
    await addEvent(
      t.db,
      SEED_CASE_CODE,
      {
        title: 'Reunión previa',
        eventType: 'protest_repression',
        placeName: 'Sacaba',
        startsAt: new Date('2019-11-15T10:00:00-04:00'),
        endsAt: new Date('2019-11-15T11:00:00-04:00'),
        description: said,
      },
      lead,
      at,
    ),
  );
  const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  const item = file.items[0]!;
  okValue(
    await addFinding(
      t.db,
      SEED_CASE_CODE,
      { title: 'Lo que vio el Tito', text: said, sources: [{ kind: 'item', id: item.id }] },
      lead,
      at,
    ),
  );
  // The public version.
  okValue(await publishCaseFile(t.db, SEED_CASE_CODE, lead, at));
  const published = (await readPublicCase(t.db, SEED_CASE_CODE))!;
  assert.deepEqual(leaks(json(published)), [], 'no name nor alias in the public version');
  const described = published.events.find((e) => e.id === String(event.id))!;
  assert.equal(
    described.description,
    `Según ${witness.code} (también «${witness.code}», ${witness.code}), la marcha llegó al puente.`,
  );
  // The restricted viewer, for a reader without the role and for one with it.
  const redact = okValue(await readerRedactor(t.db, SEED_CASE_CODE, liaison));
  assert.deepEqual(leaks(redact(said)), []);
  assert.equal(okValue(await readerRedactor(t.db, SEED_CASE_CODE, lead))(said), said);
  // The report for a reader without the role.
  const report = okValue(await caseReport(t.db, store, SEED_CASE_CODE, liaison, at));
  assert.ok(report.findings.some((f) => f.title === `Lo que vio ${witness.code}`));
  assert.deepEqual(leaks(json(report)), [], 'no name nor alias in the report without the role');
  const full = okValue(await caseReport(t.db, store, SEED_CASE_CODE, lead, at));
  assert.ok(
    full.findings.some((f) => f.title === 'Lo que vio el Tito'),
    'the investigator reads it as written',
  );
});

test('a removed alias is no longer one of the person’s names; removal is audited', async () => {
  const r = okValue(await setPersonAlias(t.db, SEED_CASE_CODE, witness.id, 'EL TITO', false, lead, at));
  assert.equal(r.changed, true);
  const twice = okValue(await setPersonAlias(t.db, SEED_CASE_CODE, witness.id, 'el Tito', false, lead, at));
  assert.equal(twice.changed, false);
  const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
  assert.deepEqual(
    file.aliases.filter((a) => a.personId === witness.id).map((a) => a.alias),
    ['Tito Quispe Mamany'],
  );
  const removed = (await listAuditEntries(t.db, { last: 100_000 })).filter(
    (e) => e.action === 'case_person.alias_removed',
  );
  assert.equal(removed.length, 1);
  assert.deepEqual(leaks(json(removed)), []);
});

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listAuditEntries } from '../../src/audit/index.ts';
import {
  addEvent,
  type CaseFileView,
  type CaseReader,
  contentSha256,
  EvidenceStore,
  publicContent,
  publishCaseFile,
  readCaseFile,
  readPublicCase,
  SEED_CASE_CODE,
  seedCaseFile,
  setTeamMember,
} from '../../src/cases/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * The public version of a case file, in the domain and the database (issue #21 §6, issue #22):
 * built from the file as an investigator reads it — a protected name is replaced by its code even
 * inside a published text, restricted items and non-victims' names are left out; only the team's
 * investigators publish (an analyst is refused, an officer off the team finds nothing); each
 * publication appends a new version with its content's hash, the public read returns the latest
 * and nothing before the first; the versions cannot be changed or removed; every publication is
 * audited with its version and hash.
 */

let t: TestDatabase;
const at = new Date('2021-04-12T14:00:00Z');
const reader = (username: string): CaseReader => ({ username, actor: `account:${username}` });
const lead = reader('ana.investigadora');
const analyst = reader('bruno.analista');
const stranger = reader('eva.ajena');

before(async () => {
  t = await createTestDatabase();
  okValue(await seedCaseFile(t.db, new EvidenceStore(path.join(t.dir, 'evidence')), lead, at), 'seed');
  okValue(
    await setTeamMember(t.db, SEED_CASE_CODE, { username: analyst.username, teamRole: 'analyst' }, lead, at),
  );
});
after(() => t?.dispose());

describe('what of a file is public (pure)', () => {
  it('replaces protected names by their code, drops restricted items and non-victims’ names', async () => {
    const file: CaseFileView = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
    const witness = file.persons.flatMap((p) => (p.protected && !p.withheld ? [p] : []))[0]!;
    assert.ok(witness, 'the seeded file has a protected witness the investigator sees');
    const named = {
      ...file,
      events: file.events.map((e, i) =>
        i === 0 ? { ...e, description: `Según ${witness.fullName}, la marcha llegó al puente.` } : e,
      ),
      items: [
        ...file.items.map((i) => ({ ...i, restricted: true })),
        {
          ...file.items[0]!,
          id: 999_999n,
          title: `Comunicado público de ${witness.fullName}`,
          restricted: false,
        },
      ],
    };
    const v = publicContent(named);
    const text = JSON.stringify(v);
    assert.ok(!text.includes(witness.fullName), 'the protected name appears nowhere');
    const described = v.events.find((e) => e.id === String(named.events[0]!.id))!;
    assert.match(described.description, new RegExp(`^Según ${witness.code},`));
    assert.deepEqual(
      v.items.map((i) => i.title),
      [`Comunicado público de ${witness.code}`],
    );
    for (const p of v.persons)
      if (p.name !== null) assert.ok(p.roles.includes('victim'), `${p.code} named only as a victim`);
    assert.ok(v.persons.some((p) => p.code === witness.code && p.name === null));
    assert.ok(
      v.persons.some((p) => p.name !== null),
      'a victim who is not protected is named',
    );
  });

  it('the content hash does not depend on the order of keys', async () => {
    const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
    const v = publicContent(file);
    const reordered = Object.fromEntries(Object.entries(v).reverse()) as typeof v;
    assert.equal(contentSha256(reordered), contentSha256(v));
    assert.notEqual(contentSha256({ ...v, title: `${v.title}.` }), contentSha256(v));
  });
});

describe('publishing (database)', () => {
  it('nothing is public before the first publication', async () => {
    assert.equal(await readPublicCase(t.db, SEED_CASE_CODE), null);
    assert.equal(await readPublicCase(t.db, 'NO-EXISTE'), null);
    assert.equal(await readPublicCase(t.db, '../etc/passwd'), null);
  });

  it('only the team’s investigators publish; nothing is written when refused', async () => {
    const byAnalyst = await publishCaseFile(t.db, SEED_CASE_CODE, analyst, at);
    assert.ok(!byAnalyst.ok);
    assert.equal(byAnalyst.error.code, 'case_role_refused');
    const byStranger = await publishCaseFile(t.db, SEED_CASE_CODE, stranger, at);
    assert.ok(!byStranger.ok);
    assert.deepEqual(byStranger.error, { code: 'case_not_found', investigation: SEED_CASE_CODE });
    assert.equal(await readPublicCase(t.db, SEED_CASE_CODE), null);
    const counted = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_public_version');
    assert.equal(counted[0]?.n, 0);
  });

  it('each publication is a new version; the public read returns the latest, redacted', async () => {
    const file = okValue(await readCaseFile(t.db, SEED_CASE_CODE, lead, at));
    const protectedPersons = file.persons.flatMap((p) => (p.protected && !p.withheld ? [p] : []));
    const protectedNames = protectedPersons.map((p) => p.fullName);
    assert.ok(protectedNames.length > 0);

    const v1 = okValue(await publishCaseFile(t.db, SEED_CASE_CODE, lead, at), 'publish 1');
    assert.equal(v1.version, 1);
    assert.equal(v1.publishedAt, at.toISOString());
    const read1 = await readPublicCase(t.db, SEED_CASE_CODE);
    assert.deepEqual(read1, v1, 'read back as published, hash checked');
    assert.deepEqual(
      read1!.items.map((i) => i.id),
      file.items.filter((i) => !i.restricted).map((i) => String(i.id)),
    );

    // A new event whose description names a protected witness: published by code only.
    const later = new Date('2021-05-01T10:00:00Z');
    const event = okValue(
      await addEvent(
        t.db,
        SEED_CASE_CODE,
        {
          title: 'Reunión con familias',
          eventType: file.events[0]!.eventType,
          placeName: 'Sacaba',
          startsAt: new Date('2019-11-20T14:00:00Z'),
          endsAt: new Date('2019-11-20T16:00:00Z'),
          description: `Declaró ${protectedNames[0]} ante el equipo.`,
        },
        lead,
        later,
      ),
    );
    const v2 = okValue(await publishCaseFile(t.db, SEED_CASE_CODE, lead, later), 'publish 2');
    assert.equal(v2.version, 2);
    const read2 = (await readPublicCase(t.db, SEED_CASE_CODE))!;
    assert.equal(read2.version, 2, 'the latest version is shown');
    assert.equal(read2.publishedAt, later.toISOString());
    assert.notEqual(read2.contentSha256, v1.contentSha256);
    const text = JSON.stringify(read2);
    for (const name of protectedNames) assert.ok(!text.includes(name), 'no protected name is published');
    const shown = read2.events.find((e) => e.id === String(event.id))!;
    assert.doesNotMatch(shown.description, new RegExp(protectedNames[0]!));
    assert.equal(shown.description, `Declaró ${protectedPersons[0]!.code} ante el equipo.`);

    const rows = await t.db.query<{ version: number; published_by: string }>(
      'SELECT version, published_by FROM case_public_version ORDER BY version',
    );
    assert.deepEqual(
      rows.map((r) => [r.version, r.published_by]),
      [
        [1, lead.actor],
        [2, lead.actor],
      ],
    );

    const audited = (await listAuditEntries(t.db, { last: 10 })).filter(
      (e) => e.action === 'case_file.published',
    );
    assert.deepEqual(
      audited.map((e) => {
        const a = e.after as { version: number; contentSha256: string; investigation: string };
        return [e.actor, a.investigation, a.version, a.contentSha256];
      }),
      [
        [lead.actor, SEED_CASE_CODE, 1, v1.contentSha256],
        [lead.actor, SEED_CASE_CODE, 2, v2.contentSha256],
      ],
    );
  });

  it('a published version cannot be changed or removed', async () => {
    await assert.rejects(
      t.db.query(`UPDATE case_public_version SET content = '{"format":"x"}'::jsonb`),
      /append-only/,
    );
    await assert.rejects(t.db.query('DELETE FROM case_public_version'), /append-only/);
    assert.equal((await readPublicCase(t.db, SEED_CASE_CODE))!.version, 2);
  });
});

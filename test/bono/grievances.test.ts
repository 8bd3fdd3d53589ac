import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Actor, auditEntriesAfter, auditHead, verifyAuditChain } from '../../src/audit/index.ts';
import {
  addGrievanceNote,
  admitCitizenFiling,
  approveRound,
  createRound,
  decideGrievance,
  fileGrievance,
  getRound,
  grievanceDetail,
  grievanceForCitizen,
  grievanceStats,
  linkGrievancePerson,
  listGrievances,
  normaliseReference,
  replayRound,
  resolveGrievance,
  retrySupplementaryRound,
  startReview,
} from '../../src/bono/index.ts';
import { UserError } from '../../src/shared/errors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertFixture } from '../rules/registry-fixture.ts';

/**
 * Grievances end to end on a small registry and a real approved regular round: a citizen files and
 * follows a claim; the officer reads the rule trace; a corrected date of birth makes a person
 * eligible and gives them a supplementary round of their own (the frozen round untouched, its
 * hash and replay unchanged); rejections; refused transitions; history and audit; what the citizen
 * may and may not see; the queue and time to decision.
 */

const maker: Actor = 'account:ana.maker';
const checker: Actor = 'account:beto.checker';
const officer: Actor = 'account:carla.reclamos';
const approver: Actor = 'account:dario.aprobador';
const citizen: Actor = 'system';

/** Hours after the first filing: every instant in this file is explicit. */
const T0 = Date.parse('2020-12-03T13:00:00Z');
const h = (hours: number) => new Date(T0 + hours * 3_600_000);

const person = (
  ci: string,
  complemento: string,
  dob: string,
  lists: Record<string, Record<string, string>> = {},
) => ({
  facts: {
    attributes: {
      ci_number: ci,
      complemento,
      date_of_birth: dob,
      sex: 'F',
      municipality_code: '020101',
      residence_country: 'BO',
      date_of_death: null,
    },
    lists,
  },
});
const universal = { 'bono-universal': {} };

const P = {
  ok: { ciNumber: '5100001', complemento: '', dateOfBirth: '1980-05-01' },
  /** The registry says 2005 (too young); the citizen's card says 1985. */
  wrong: { ciNumber: '5100002', complemento: '', dateOfBirth: '2005-03-10' },
  wrongTrue: { ciNumber: '5100002', complemento: '', dateOfBirth: '1985-03-10' },
  /** Shares the CI number (issued twice) and is told apart by the complemento. */
  twin: { ciNumber: '5100002', complemento: '1A', dateOfBirth: '1970-02-02' },
  excluded: { ciNumber: '5100003', complemento: '', dateOfBirth: '1975-07-07' },
  paid: { ciNumber: '5100004', complemento: '', dateOfBirth: '1990-01-15' },
  /** Of age, but on no included list when the round was frozen. */
  late: { ciNumber: '5100005', complemento: '', dateOfBirth: '1988-08-08' },
} as const;

const isUserError = (code: string) => (e: unknown) => {
  assert.ok(e instanceof UserError, `expected UserError ${code}, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  return true;
};

describe('bono grievances', () => {
  let t: TestDatabase;
  let ids: Record<keyof typeof P, bigint>;
  let regularId: number;
  let regularHash: string;

  before(async () => {
    t = await createTestDatabase();
    const [ok, wrong, twin, excluded, paid, late] = await insertFixture(t.db, [
      person(P.ok.ciNumber, '', P.ok.dateOfBirth, universal),
      person(P.wrong.ciNumber, '', P.wrong.dateOfBirth, universal),
      person(P.twin.ciNumber, '1A', P.twin.dateOfBirth),
      person(P.excluded.ciNumber, '', P.excluded.dateOfBirth, {
        ...universal,
        'afp-dependent': {
          contributor_type: 'dependiente',
          sector: 'privado',
          last_contribution_period: '2020-08-01',
        },
      }),
      person(P.paid.ciNumber, '', P.paid.dateOfBirth, universal),
      person(P.late.ciNumber, '', P.late.dateOfBirth),
    ]);
    ids = {
      ok: ok!,
      wrong: wrong!,
      wrongTrue: wrong!,
      twin: twin!,
      excluded: excluded!,
      paid: paid!,
      late: late!,
    };
    const frozen = await createRound(t.db, {
      asOf: '2020-11-30',
      kind: 'regular',
      actor: maker,
      at: new Date('2020-11-30T14:00:00Z'),
    });
    const round = await approveRound(t.db, {
      roundId: frozen.id,
      actor: checker,
      at: new Date('2020-11-30T16:00:00Z'),
    });
    assert.equal(round.entitlementCount, 2, 'the regular round holds the two eligible persons');
    regularId = round.id;
    regularHash = round.contentHash;
  });
  after(() => t.dispose());

  // Shared across the steps below, in order.
  let wrongRef = '';
  let wrongId = 0;

  it('one connection may file at most ten grievances an hour from the portal', async () => {
    const at = new Date('2021-02-03T15:00:00Z');
    for (let i = 0; i < 10; i++)
      assert.equal(await admitCitizenFiling(t.db, '10.9.9.9', new Date(at.getTime() + i * 1000)), 0);
    const wait = await admitCitizenFiling(t.db, '10.9.9.9', new Date(at.getTime() + 60_000));
    assert.ok(wait > 3_000 && wait <= 3_540, `wait ${wait} s`);
    assert.equal(
      await admitCitizenFiling(t.db, '10.9.9.8', new Date(at.getTime() + 60_000)),
      0,
      'another address is not affected',
    );
    assert.equal(
      await admitCitizenFiling(t.db, '10.9.9.9', new Date(at.getTime() + 3_601_000)),
      0,
      'an hour later it may file again',
    );
  });

  it('a citizen files a claim with a reference and follows it by reference and CI number', async () => {
    const filed = await fileGrievance(t.db, {
      kind: 'wrong_data',
      person: P.wrongTrue,
      description: 'Mi fecha de nacimiento en el registro está mal: nací en 1985.',
      contact: '70000000',
      filedVia: 'citizen',
      actor: citizen,
      at: h(0),
    });
    assert.deepEqual(
      Object.keys(filed).sort(),
      ['id', 'reference'],
      'nothing says whether the person matched',
    );
    assert.match(filed.reference, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    wrongRef = filed.reference;
    wrongId = filed.id;

    const view = await grievanceForCitizen(t.db, filed.reference, P.wrongTrue.ciNumber);
    assert.ok(view);
    assert.equal(view.status, 'open');
    assert.equal(view.kind, 'wrong_data');
    assert.deepEqual(
      view.events.map((e) => e.action),
      ['filed'],
    );
    assert.equal(view.events[0]!.note, 'Reclamo recibido.');
    // Typed as people type it: lower case, spaces instead of dashes.
    const typed = filed.reference.toLowerCase().replaceAll('-', ' ');
    assert.equal(
      (await grievanceForCitizen(t.db, typed, ` ${P.wrongTrue.ciNumber} `, { lang: 'en' }))?.events[0]?.note,
      'Claim received.',
    );
    // The reference alone, or with another CI number, finds nothing.
    assert.equal(await grievanceForCitizen(t.db, filed.reference, P.ok.ciNumber), null);
    assert.equal(await grievanceForCitizen(t.db, 'AAAA-AAAA-AAAA', P.wrongTrue.ciNumber), null);
    assert.equal(normaliseReference('O0I1-AAAA-AAAA'), null, 'ambiguous letters are not in the alphabet');

    // Unique references over many filings.
    const refs = new Set<string>([filed.reference]);
    for (let i = 0; i < 20; i++) {
      const g = await fileGrievance(t.db, {
        kind: 'not_listed',
        person: { ciNumber: String(6_000_000 + i), complemento: '', dateOfBirth: '1970-01-01' },
        description: 'No figuro.',
        filedVia: 'citizen',
        actor: citizen,
        at: h(0.1),
      });
      refs.add(g.reference);
    }
    assert.equal(refs.size, 21);
  });

  it('the officer sees candidates, links the person and reads the rule trace', async () => {
    await startReview(t.db, { id: wrongId, actor: officer, at: h(1) });
    const unlinked = await grievanceDetail(t.db, wrongId, { at: h(1), lang: 'es' });
    assert.equal(unlinked.person, null, 'the citizen’s triple matches nobody: the registry has another date');
    assert.equal(unlinked.trace, null);
    assert.deepEqual(unlinked.candidates.map((c) => c.id).sort(), [ids.wrong, ids.twin].sort());
    assert.equal(unlinked.ageHours, 1);

    await linkGrievancePerson(t.db, { id: wrongId, personId: ids.wrong, actor: officer, at: h(1.5) });
    await assert.rejects(
      linkGrievancePerson(t.db, { id: wrongId, personId: ids.ok, actor: officer, at: h(1.5) }),
      isUserError('person_not_candidate'),
    );
    const d = await grievanceDetail(t.db, wrongId, { at: h(2), lang: 'es' });
    assert.equal(d.person?.id, ids.wrong);
    assert.equal(d.filedTripleMatches, false);
    assert.ok(d.trace);
    assert.equal(d.trace.date, '2020-11-30', 'evaluated on the regular round’s date');
    assert.equal(d.trace.eligible, false);
    assert.deepEqual(d.trace.failing, ['bono_meets_minimum_age']);
    assert.match(d.trace.text, /✘ Tiene la edad mínima/);
    assert.match(d.trace.text, /Tenía 15 años/);
    assert.match(d.trace.text, /DS 4392/, 'legal references are shown');
    assert.deepEqual(d.entitlements, []);
    assert.deepEqual(d.payments, []);
    const en = await grievanceDetail(t.db, wrongId, { at: h(2), lang: 'en' });
    assert.match(en.trace!.text, /✘ Meets the minimum age/);
  });

  it('a corrected date of birth makes the person eligible: a supplementary round of their own, the frozen round untouched', async () => {
    const historyBefore = await t.db.query('SELECT id FROM person_history');
    const auditFrom = (await auditHead(t.db)).seq;
    const result = await decideGrievance(t.db, {
      id: wrongId,
      decision: 'approve',
      note: 'INTERNAL: certificado SEGIP revisado por Carla',
      citizenNote: 'Corregimos su fecha de nacimiento.',
      correction: { dateOfBirth: P.wrongTrue.dateOfBirth },
      actor: officer,
      at: h(26),
    });
    assert.equal(result.outcome, 'supplementary_round');
    assert.equal(result.eligible, true);
    assert.equal(result.grievance.status, 'approved');
    const roundId = result.roundId!;
    assert.equal(result.grievance.supplementaryRoundId, roundId);

    const supplementary = (await getRound(t.db, roundId))!;
    assert.equal(supplementary.kind, 'supplementary');
    assert.equal(supplementary.status, 'frozen', 'it waits for a second officer');
    assert.equal(supplementary.note, `Reclamo ${wrongRef}`);
    assert.equal(supplementary.asOf, '2020-11-30');
    const rows = await t.db.query<{ person_id: bigint }>(
      'SELECT person_id FROM bono_entitlement WHERE round_id = $1',
      [roundId],
    );
    assert.deepEqual(
      rows.map((r) => r.person_id),
      [ids.wrong],
    );

    // The frozen round: same rows, same hash, and its replay still matches (the correction is undone
    // for the replay from person_history).
    const regular = (await getRound(t.db, regularId))!;
    assert.equal(regular.contentHash, regularHash);
    assert.equal(regular.entitlementCount, 2);
    const replay = await replayRound(t.db, regularId);
    assert.ok(replay.matches, JSON.stringify(replay.differences));

    // The registry row, its history (before and after) and the correction's import run.
    const [p] = await t.db.query<{ date_of_birth: string; updated_import_id: bigint }>(
      'SELECT date_of_birth, updated_import_id FROM person WHERE id = $1',
      [ids.wrong],
    );
    assert.equal(p!.date_of_birth, P.wrongTrue.dateOfBirth);
    const history = await t.db.query<{
      import_id: bigint;
      old_values: Record<string, unknown>;
      new_values: Record<string, unknown>;
      changed_at: Date;
      kind: string;
      file_name: string;
    }>(
      `SELECT h.import_id, h.old_values, h.new_values, h.changed_at, r.kind, r.file_name
       FROM person_history h JOIN import_run r ON r.id = h.import_id WHERE h.person_id = $1`,
      [ids.wrong],
    );
    assert.equal(history.length, historyBefore.length + 1);
    const last = history.at(-1)!;
    assert.equal(last.old_values['date_of_birth'], P.wrong.dateOfBirth);
    assert.equal(last.new_values['date_of_birth'], P.wrongTrue.dateOfBirth);
    assert.equal(last.new_values['municipality_code'], '020101', 'every correctable value is kept');
    assert.equal(last.kind, 'person-correction');
    assert.equal(last.file_name, `grievance ${wrongRef}`);
    assert.equal(last.changed_at.getTime(), h(26).getTime());
    assert.equal(p!.updated_import_id, last.import_id);

    // Audit: the decision, the correction, the re-evaluation, the round and its link, chained.
    const audit = await auditEntriesAfter(t.db, auditFrom, 100);
    assert.deepEqual(
      audit.map((e) => e.action),
      [
        'bono_grievance.approved',
        'person.corrected',
        'bono_grievance.reevaluated',
        'bono_round.frozen',
        'bono_grievance.supplementary_round_created',
      ],
    );
    const corrected = audit.find((e) => e.action === 'person.corrected')!;
    assert.equal(corrected.actor, officer);
    assert.deepEqual(corrected.before, { date_of_birth: P.wrong.dateOfBirth });
    assert.equal((corrected.after as Record<string, unknown>)['date_of_birth'], P.wrongTrue.dateOfBirth);
    assert.equal((await verifyAuditChain(t.db)).ok, true);

    // Events in order, each with its actor.
    const d = await grievanceDetail(t.db, wrongId, { at: h(27), lang: 'es' });
    assert.deepEqual(
      d.events.map((e) => e.action),
      [
        'filed',
        'review_started',
        'person_linked',
        'approved',
        'person_corrected',
        'reevaluated',
        'supplementary_round_created',
      ],
    );
    assert.equal(d.trace?.eligible, true, 'the trace now shows the corrected person eligible');
    assert.equal(d.filedTripleMatches, true);
    assert.equal(d.hoursToDecision, 26);
    assert.equal(d.entitlements.length, 1);
    assert.equal(d.entitlements[0]!.roundStatus, 'frozen');

    // Maker-checker: the officer who decided cannot approve the round; the grievance is resolved only after.
    await assert.rejects(
      approveRound(t.db, { roundId, actor: officer, at: h(27) }),
      isUserError('maker_checker'),
    );
    await assert.rejects(
      resolveGrievance(t.db, { id: wrongId, note: 'hecho', actor: officer, at: h(27) }),
      isUserError('round_not_approved'),
    );
    await assert.rejects(
      retrySupplementaryRound(t.db, { id: wrongId, actor: officer, at: h(27) }),
      isUserError('round_exists'),
    );
    await approveRound(t.db, { roundId, actor: approver, at: h(28) });
    const resolved = await resolveGrievance(t.db, {
      id: wrongId,
      note: `Ronda ${roundId} aprobada`,
      actor: officer,
      at: h(29),
    });
    assert.equal(resolved.status, 'resolved');
  });

  it('a not-listed claim approved without correction re-evaluates: a source list updated since', async () => {
    const filed = await fileGrievance(t.db, {
      kind: 'not_listed',
      person: P.late,
      description: 'Cobré el Bono Universal y no figuro.',
      filedVia: 'officer',
      actor: officer,
      at: h(3),
    });
    // The Bono Universal list arrives again, now with this person (a new snapshot in force).
    const [imp] = await t.db.query<{ id: bigint }>(
      `INSERT INTO import_run (kind, file_name, content_sha256, actor, status) VALUES ('bono-universal', 'bu2.csv', $1, 'test', 'completed') RETURNING id`,
      [randomBytes(32).toString('hex')],
    );
    await t.db.query(
      `INSERT INTO source_bono_universal (import_id, person_id, line_number)
       SELECT $1::bigint, person_id, line_number FROM source_bono_universal
       WHERE import_id = (SELECT import_id FROM source_list_current WHERE list = 'bono-universal')
       UNION ALL SELECT $1::bigint, $2::bigint, 99`,
      [imp!.id.toString(), ids.late.toString()],
    );
    await t.db.query(`UPDATE source_list_current SET import_id = $1 WHERE list = 'bono-universal'`, [
      imp!.id.toString(),
    ]);

    await startReview(t.db, { id: filed.id, actor: officer, at: h(4) });
    const r = await decideGrievance(t.db, {
      id: filed.id,
      decision: 'approve',
      note: 'Figura en la nueva lista del Bono Universal',
      actor: officer,
      at: h(5),
    });
    assert.equal(r.outcome, 'supplementary_round');
    const rows = await t.db.query<{ person_id: bigint }>(
      'SELECT person_id FROM bono_entitlement WHERE round_id = $1',
      [r.roundId],
    );
    assert.deepEqual(
      rows.map((x) => x.person_id),
      [ids.late],
    );
    assert.equal((await getRound(t.db, regularId))!.contentHash, regularHash);

    // Someone already entitled gets no second entitlement.
    const dup = await fileGrievance(t.db, {
      kind: 'not_listed',
      person: P.ok,
      description: 'No sé si figuro.',
      filedVia: 'citizen',
      actor: citizen,
      at: h(5),
    });
    await startReview(t.db, { id: dup.id, actor: officer, at: h(6) });
    const again = await decideGrievance(t.db, {
      id: dup.id,
      decision: 'approve',
      note: 'Ya figura',
      actor: officer,
      at: h(7),
    });
    assert.equal(again.outcome, 'already_entitled');
    assert.equal(again.roundId, null);
  });

  let rejectedId = 0;
  let rejectedRef = '';
  it('the officer rejects a claim when the trace shows an exclusion', async () => {
    const filed = await fileGrievance(t.db, {
      kind: 'not_listed',
      person: P.excluded,
      description: 'No figuro en la lista.',
      filedVia: 'citizen',
      actor: citizen,
      at: h(2),
    });
    rejectedId = filed.id;
    rejectedRef = filed.reference;
    await startReview(t.db, { id: filed.id, actor: officer, at: h(3) });
    const d = await grievanceDetail(t.db, filed.id, { at: h(3), lang: 'es' });
    assert.equal(d.person?.id, ids.excluded, 'the exact triple was linked at filing');
    assert.equal(d.filedTripleMatches, true);
    assert.deepEqual(d.trace?.failing, ['bono_excluded']);
    assert.match(d.trace!.text, /✔ Asegurado dependiente o consultor con aportes en una AFP/);

    await assert.rejects(
      decideGrievance(t.db, {
        id: filed.id,
        decision: 'reject',
        note: 'x',
        correction: { givenNames: 'Otra' },
        actor: officer,
        at: h(4),
      }),
      isUserError('correction_on_reject'),
    );
    await addGrievanceNote(t.db, {
      id: filed.id,
      note: 'INTERNAL: empleador Constructora Illimani, aportes agosto 2020',
      actor: officer,
      at: h(8),
    });
    const r = await decideGrievance(t.db, {
      id: filed.id,
      decision: 'reject',
      note: 'INTERNAL: aportes AFP como dependiente',
      citizenNote: 'Usted figura como aportante dependiente en una AFP.',
      actor: officer,
      at: h(12),
    });
    assert.equal(r.outcome, 'rejected');
    assert.equal(r.grievance.status, 'rejected');
    assert.equal(r.grievance.decidedAt?.getTime(), h(12).getTime());
    const [g] = await t.db.query<{ status: string; decided_at: Date }>(
      'SELECT status, decided_at FROM bono_grievance WHERE id = $1',
      [filed.id],
    );
    assert.equal(g!.status, 'rejected');
    assert.equal(g!.decided_at.getTime(), h(12).getTime());
  });

  it('refuses invalid transitions and invalid input, leaving nothing half done', async () => {
    const filed = await fileGrievance(t.db, {
      kind: 'paid_not_received',
      person: P.paid,
      description: 'Dice que cobré pero no cobré.',
      filedVia: 'citizen',
      actor: citizen,
      at: h(10),
    });
    const id = filed.id;
    await assert.rejects(
      decideGrievance(t.db, { id, decision: 'approve', note: 'x', actor: officer, at: h(11) }),
      isUserError('grievance_not_in_review'),
    );
    await assert.rejects(
      resolveGrievance(t.db, { id, note: 'x', actor: officer, at: h(11) }),
      isUserError('grievance_not_in_review'),
    );
    await startReview(t.db, { id, actor: officer, at: h(11) });
    await assert.rejects(
      startReview(t.db, { id, actor: officer, at: h(11) }),
      isUserError('grievance_in_review'),
    );
    await assert.rejects(
      decideGrievance(t.db, { id, decision: 'approve', note: '  ', actor: officer, at: h(11) }),
      isUserError('note_required'),
    );
    await assert.rejects(
      decideGrievance(t.db, {
        id,
        decision: 'approve',
        note: 'x',
        correction: { dateOfBirth: '1991-01-15' },
        actor: officer,
        at: h(11),
      }),
      isUserError('correction_not_allowed'),
    );
    await assert.rejects(
      decideGrievance(t.db, { id: 999_999, decision: 'reject', note: 'x', actor: officer, at: h(11) }),
      isUserError('grievance_not_found'),
    );
    await assert.rejects(
      fileGrievance(t.db, {
        kind: 'not_listed',
        person: { ciNumber: '0123', complemento: '', dateOfBirth: '1980-01-01' },
        description: 'x',
        filedVia: 'citizen',
        actor: citizen,
        at: h(11),
      }),
      isUserError('person_invalid'),
    );
    await assert.rejects(
      fileGrievance(t.db, {
        kind: 'not_listed',
        person: P.ok,
        description: '   ',
        filedVia: 'citizen',
        actor: citizen,
        at: h(11),
      }),
      isUserError('description_required'),
    );
    await assert.rejects(
      fileGrievance(t.db, {
        kind: 'lost_card' as never,
        person: P.ok,
        description: 'x',
        filedVia: 'citizen',
        actor: citizen,
        at: h(11),
      }),
      isUserError('grievance_kind_invalid'),
    );

    // A claim about someone not linked cannot be approved; bad corrections roll back completely.
    const unlinked = await fileGrievance(t.db, {
      kind: 'wrong_data',
      person: { ciNumber: P.twin.ciNumber, complemento: '1A', dateOfBirth: '1970-02-03' },
      description: 'Mi fecha es otra.',
      filedVia: 'officer',
      actor: officer,
      at: h(11),
    });
    await startReview(t.db, { id: unlinked.id, actor: officer, at: h(11) });
    await assert.rejects(
      decideGrievance(t.db, {
        id: unlinked.id,
        decision: 'approve',
        note: 'x',
        correction: { dateOfBirth: '1970-02-03' },
        actor: officer,
        at: h(12),
      }),
      isUserError('person_not_linked'),
    );
    await linkGrievancePerson(t.db, { id: unlinked.id, personId: ids.twin, actor: officer, at: h(12) });
    const auditBefore = (await auditHead(t.db)).seq;
    for (const [correction, code] of [
      [{ municipalityCode: '999999' }, 'correction_invalid'],
      [{ dateOfBirth: '2030-01-01' }, 'correction_invalid'],
      [{ dateOfDeath: '1960-01-01' }, 'correction_invalid'],
      [{ dateOfBirth: P.twin.dateOfBirth }, 'correction_changes_nothing'],
      [{ nickname: 'x' }, 'correction_field_unknown'],
    ] as const) {
      await assert.rejects(
        decideGrievance(t.db, {
          id: unlinked.id,
          decision: 'approve',
          note: 'x',
          correction: correction as never,
          actor: officer,
          at: h(12),
        }),
        isUserError(code),
      );
    }
    // Moving the twin onto a key another person holds is refused.
    await t.db.query(
      `INSERT INTO person (ci_number, complemento, given_names, first_surname, date_of_birth, sex, municipality_code,
         created_import_id, updated_import_id)
       SELECT ci_number, complemento, 'Otra', 'Persona', '1970-02-03', 'M', municipality_code, created_import_id, created_import_id
       FROM person WHERE id = $1`,
      [ids.twin],
    );
    await assert.rejects(
      decideGrievance(t.db, {
        id: unlinked.id,
        decision: 'approve',
        note: 'x',
        correction: { dateOfBirth: '1970-02-03' },
        actor: officer,
        at: h(12),
      }),
      isUserError('correction_key_taken'),
    );
    const [still] = await t.db.query<{ status: string; decided_at: Date | null }>(
      'SELECT status, decided_at FROM bono_grievance WHERE id = $1',
      [unlinked.id],
    );
    assert.deepEqual(still, { status: 'in_review', decided_at: null });
    const [twin] = await t.db.query<{ date_of_birth: string }>(
      'SELECT date_of_birth FROM person WHERE id = $1',
      [ids.twin],
    );
    assert.equal(twin!.date_of_birth, P.twin.dateOfBirth);
    assert.equal((await auditHead(t.db)).seq, auditBefore, 'a refused decision leaves no audit entry');

    // Decided grievances stay decided.
    await assert.rejects(
      decideGrievance(t.db, { id: rejectedId, decision: 'approve', note: 'x', actor: officer, at: h(13) }),
      isUserError('grievance_already_decided'),
    );
    await assert.rejects(
      resolveGrievance(t.db, { id: rejectedId, note: 'x', actor: officer, at: h(13) }),
      isUserError('grievance_already_decided'),
    );
    await assert.rejects(
      startReview(t.db, { id: rejectedId, actor: officer, at: h(13) }),
      isUserError('grievance_already_decided'),
    );

    // paid_not_received: the finding goes to the bank; no money moves here.
    const [transfersBefore] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ledger_transfer',
    );
    const r = await decideGrievance(t.db, {
      id,
      decision: 'approve',
      note: 'El banco debe revisar',
      actor: officer,
      at: h(40),
    });
    assert.equal(r.outcome, 'handed_to_bank');
    const [transfersAfter] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ledger_transfer',
    );
    assert.equal(transfersAfter!.n, transfersBefore!.n);
    const d = await grievanceDetail(t.db, id, { at: h(41), lang: 'es' });
    assert.equal(d.events.at(-1)!.action, 'handed_to_bank');
    await assert.rejects(
      retrySupplementaryRound(t.db, { id, actor: officer, at: h(41) }),
      isUserError('round_not_applicable'),
    );
  });

  it('the citizen view shows the steps and messages for them, never internal notes, names or ids', async () => {
    const view = (await grievanceForCitizen(t.db, wrongRef, P.wrongTrue.ciNumber))!;
    assert.equal(view.status, 'resolved');
    assert.deepEqual(
      view.events.map((e) => e.action),
      ['filed', 'review_started', 'approved', 'person_corrected', 'supplementary_round_created', 'resolved'],
    );
    assert.equal(
      view.events.find((e) => e.action === 'approved')!.note,
      'Su reclamo fue aceptado. Corregimos su fecha de nacimiento.',
    );
    const text = JSON.stringify(view);
    for (const hidden of ['INTERNAL', 'Carla', 'carla', 'account:', 'Ronda', 'personId', '2005-03-10'])
      assert.ok(!text.includes(hidden), `the citizen view shows ${hidden}: ${text}`);

    const rejected = (await grievanceForCitizen(t.db, rejectedRef, P.excluded.ciNumber, { lang: 'en' }))!;
    assert.equal(rejected.status, 'rejected');
    assert.deepEqual(
      rejected.events.map((e) => e.action),
      ['filed', 'review_started', 'rejected'],
    );
    const rtext = JSON.stringify(rejected);
    assert.ok(!rtext.includes('INTERNAL') && !rtext.includes('Illimani'), rtext);
    assert.match(rtext, /Your claim was rejected\. Usted figura como aportante dependiente/);
  });

  it('lists the queue with ages and reports time to decision', async () => {
    const open = await listGrievances(t.db, { status: 'open', limit: 5, offset: 0, at: h(48) });
    assert.equal(open.total, 20, 'the twenty unreviewed filings');
    assert.equal(open.rows.length, 5);
    assert.ok(open.rows.every((r) => r.status === 'open' && Math.abs(r.ageHours - 47.9) < 1e-9));
    const all = await listGrievances(t.db, { limit: 500, offset: 0, at: h(48) });
    assert.equal(all.total, 26);
    assert.deepEqual(
      all.rows.map((r) => r.filedAt.getTime()),
      all.rows.map((r) => r.filedAt.getTime()).sort((a, b) => a - b),
      'oldest first',
    );
    await assert.rejects(
      listGrievances(t.db, { limit: 501, offset: 0, at: h(48) }),
      isUserError('limit_invalid'),
    );

    // Decided: wrong-data at 26 h, late at 2 h, already-entitled at 2 h, rejected at 10 h, paid at 30 h.
    const stats = await grievanceStats(t.db);
    assert.deepEqual(stats.byStatus, { open: 20, in_review: 1, approved: 3, rejected: 1, resolved: 1 });
    assert.equal(stats.total, 26);
    assert.equal(stats.decided, 5);
    const durations = all.rows.flatMap((r) => (r.hoursToDecision === null ? [] : [r.hoursToDecision]));
    assert.deepEqual(
      durations.sort((a, b) => a - b),
      [2, 2, 10, 26, 30],
    );
    assert.equal(stats.medianHoursToDecision, 10);
    // percentile_cont: position 0.9 × 4 = 3.6 → 26 + 0.6 × (30 − 26).
    assert.ok(Math.abs(stats.p90HoursToDecision! - 28.4) < 1e-9, String(stats.p90HoursToDecision));
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Actor, auditEntriesAfter, auditHead, verifyAuditChain } from '../../src/audit/index.ts';
import {
  addGrievanceNote,
  admitCitizenFiling,
  approveRound,
  createRound,
  type DecideGrievanceInput,
  decideGrievance,
  type FileGrievanceInput,
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
import { describeFailure, pageMessages } from '../../src/messages/index.ts';
import { renderTrace } from '../../src/rules/index.ts';
import type { Result } from '../../src/shared/failure.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertFixture } from '../rules/registry-fixture.ts';

/** A grievance's rule trace as the officer's CLI prints it, every condition included. */
const traceText = (trace: { view: Parameters<typeof renderTrace>[0]; subject: string }, lang: 'es' | 'en') =>
  renderTrace(trace.view, lang, pageMessages(lang).ruleTrace, trace.subject, { full: true });

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

/** A Result as text, for an assertion's message (ids are bigints). */
const show = (r: unknown) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/** The value of a step that must succeed. */
function value<T>(r: Result<T, unknown>): T {
  assert.ok(r.ok, `expected a value, got ${show(r)}`);
  return r.value;
}

/** The failure of a step that must be refused. */
function refused<T, E>(r: Result<T, E>): E {
  assert.ok(!r.ok, `expected a refusal, got ${show(r)}`);
  return r.error;
}

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
    const frozen = value(
      await createRound(t.db, {
        asOf: '2020-11-30',
        kind: 'regular',
        actor: maker,
        at: new Date('2020-11-30T14:00:00Z'),
      }),
    );
    const round = value(
      await approveRound(t.db, {
        roundId: frozen.id,
        actor: checker,
        at: new Date('2020-11-30T16:00:00Z'),
      }),
    );
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
    const filed = value(
      await fileGrievance(t.db, {
        kind: 'wrong_data',
        person: P.wrongTrue,
        description: 'Mi fecha de nacimiento en el registro está mal: nací en 1985.',
        contact: '70000000',
        filedVia: 'citizen',
        actor: citizen,
        at: h(0),
      }),
    );
    assert.deepEqual(
      Object.keys(filed).sort(),
      ['id', 'reference', 'repeat'],
      'nothing says whether the person matched',
    );
    assert.equal(filed.repeat, false);
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
    assert.equal(view.events[0]!.citizenNote, '');
    assert.equal(view.next, null);
    // Typed as people type it: lower case, spaces instead of dashes.
    const typed = filed.reference.toLowerCase().replaceAll('-', ' ');
    assert.equal(
      (await grievanceForCitizen(t.db, typed, ` ${P.wrongTrue.ciNumber} `))?.events[0]?.action,
      'filed',
    );
    // The reference alone, or with another CI number, finds nothing.
    assert.equal(await grievanceForCitizen(t.db, filed.reference, P.ok.ciNumber), null);
    assert.equal(await grievanceForCitizen(t.db, 'AAAA-AAAA-AAAA', P.wrongTrue.ciNumber), null);
    assert.equal(normaliseReference('O0I1-AAAA-AAAA'), null, 'ambiguous letters are not in the alphabet');

    // Unique references over many filings.
    const refs = new Set<string>([filed.reference]);
    for (let i = 0; i < 20; i++) {
      const g = value(
        await fileGrievance(t.db, {
          kind: 'not_listed',
          person: { ciNumber: String(6_000_000 + i), complemento: '', dateOfBirth: '1970-01-01' },
          description: 'No figuro.',
          filedVia: 'citizen',
          actor: citizen,
          at: h(0.1),
        }),
      );
      refs.add(g.reference);
    }
    assert.equal(refs.size, 21);
  });

  it('the officer sees candidates, links the person and reads the rule trace', async () => {
    value(await startReview(t.db, { id: wrongId, actor: officer, at: h(1) }));
    const unlinked = value(await grievanceDetail(t.db, wrongId, { at: h(1), lang: 'es' }));
    assert.equal(unlinked.person, null, 'the citizen’s triple matches nobody: the registry has another date');
    assert.equal(unlinked.trace, null);
    assert.deepEqual(unlinked.candidates.map((c) => c.id).sort(), [ids.wrong, ids.twin].sort());
    assert.equal(unlinked.ageHours, 1);

    value(await linkGrievancePerson(t.db, { id: wrongId, personId: ids.wrong, actor: officer, at: h(1.5) }));
    const notCandidate = refused(
      await linkGrievancePerson(t.db, { id: wrongId, personId: ids.ok, actor: officer, at: h(1.5) }),
    );
    assert.deepEqual(notCandidate, {
      code: 'person_not_candidate',
      personId: ids.ok.toString(),
      personCiNumber: P.ok.ciNumber,
      grievanceCiNumber: P.wrongTrue.ciNumber,
    });
    assert.equal(
      describeFailure(notCandidate, 'en').detail,
      `Person ${ids.ok} has CI ${P.ok.ciNumber}, but the grievance is about CI ${P.wrongTrue.ciNumber}.`,
    );
    const d = value(await grievanceDetail(t.db, wrongId, { at: h(2), lang: 'es' }));
    assert.equal(d.person?.id, ids.wrong);
    assert.equal(d.filedTripleMatches, false);
    assert.ok(d.trace);
    assert.equal(d.trace.date, '2020-11-30', 'evaluated on the regular round’s date');
    assert.equal(d.trace.eligible, false);
    assert.deepEqual(d.trace.failing, ['bono_meets_minimum_age']);
    assert.match(traceText(d.trace, 'es'), /✘ Tiene la edad mínima: no — en contra/);
    assert.match(traceText(d.trace, 'es'), /Tenía 15 años/);
    assert.match(traceText(d.trace, 'es'), /DS 4392/, 'legal references are shown');
    assert.deepEqual(d.entitlements, []);
    assert.deepEqual(d.payments, []);
    const en = value(await grievanceDetail(t.db, wrongId, { at: h(2), lang: 'en' }));
    assert.match(traceText(en.trace!, 'en'), /✘ Meets the minimum age: no — counts against/);
  });

  it('a corrected date of birth makes the person eligible: a supplementary round of their own, the frozen round untouched', async () => {
    const historyBefore = await t.db.query('SELECT id FROM person_history');
    const auditFrom = (await auditHead(t.db)).seq;
    const result = value(
      await decideGrievance(t.db, {
        id: wrongId,
        decision: 'approve',
        note: 'INTERNAL: certificado SEGIP revisado por Carla',
        citizenNote: 'Corregimos su fecha de nacimiento.',
        correction: { dateOfBirth: P.wrongTrue.dateOfBirth },
        actor: officer,
        at: h(26),
      }),
    );
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
    const replay = value(await replayRound(t.db, regularId));
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
    const d = value(await grievanceDetail(t.db, wrongId, { at: h(27), lang: 'es' }));
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
    assert.equal(
      refused(await approveRound(t.db, { roundId, actor: officer, at: h(27) })).code,
      'maker_checker',
    );
    const notApproved = refused(
      await resolveGrievance(t.db, { id: wrongId, note: 'hecho', actor: officer, at: h(27) }),
    );
    assert.deepEqual(notApproved, {
      code: 'round_not_approved',
      roundId,
      roundStatus: 'frozen',
      operation: 'resolve_grievance',
    });
    assert.equal(
      describeFailure(notApproved, 'en').detail,
      `Supplementary round ${roundId} still waits for a second officer's approval; resolve the grievance after it.`,
    );
    assert.deepEqual(
      refused(await retrySupplementaryRound(t.db, { id: wrongId, actor: officer, at: h(27) })),
      {
        code: 'round_exists',
        reference: wrongRef,
        roundId,
        roundStatus: 'frozen',
      },
    );
    value(await approveRound(t.db, { roundId, actor: approver, at: h(28) }));
    const resolved = value(
      await resolveGrievance(t.db, {
        id: wrongId,
        note: `Ronda ${roundId} aprobada`,
        actor: officer,
        at: h(29),
      }),
    );
    assert.equal(resolved.status, 'resolved');
  });

  it('a not-listed claim approved without correction re-evaluates: a source list updated since', async () => {
    const filed = value(
      await fileGrievance(t.db, {
        kind: 'not_listed',
        person: P.late,
        description: 'Cobré el Bono Universal y no figuro.',
        filedVia: 'officer',
        actor: officer,
        at: h(3),
      }),
    );
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

    value(await startReview(t.db, { id: filed.id, actor: officer, at: h(4) }));
    const r = value(
      await decideGrievance(t.db, {
        id: filed.id,
        decision: 'approve',
        note: 'Figura en la nueva lista del Bono Universal',
        actor: officer,
        at: h(5),
      }),
    );
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
    const dup = value(
      await fileGrievance(t.db, {
        kind: 'not_listed',
        person: P.ok,
        description: 'No sé si figuro.',
        filedVia: 'citizen',
        actor: citizen,
        at: h(5),
      }),
    );
    value(await startReview(t.db, { id: dup.id, actor: officer, at: h(6) }));
    const again = value(
      await decideGrievance(t.db, {
        id: dup.id,
        decision: 'approve',
        note: 'Ya figura',
        actor: officer,
        at: h(7),
      }),
    );
    assert.equal(again.outcome, 'already_entitled');
    assert.equal(again.roundId, null);
  });

  let rejectedId = 0;
  let rejectedRef = '';
  it('the officer rejects a claim when the trace shows an exclusion', async () => {
    const filed = value(
      await fileGrievance(t.db, {
        kind: 'not_listed',
        person: P.excluded,
        description: 'No figuro en la lista.',
        filedVia: 'citizen',
        actor: citizen,
        at: h(2),
      }),
    );
    rejectedId = filed.id;
    rejectedRef = filed.reference;
    value(await startReview(t.db, { id: filed.id, actor: officer, at: h(3) }));
    const d = value(await grievanceDetail(t.db, filed.id, { at: h(3), lang: 'es' }));
    assert.equal(d.person?.id, ids.excluded, 'the exact triple was linked at filing');
    assert.equal(d.filedTripleMatches, true);
    assert.deepEqual(d.trace?.failing, ['bono_excluded']);
    // An exclusion that applies counts against the person: ✘ and said so, though its value is «sí».
    assert.match(
      traceText(d.trace!, 'es'),
      /✘ Asegurado dependiente o consultor con aportes en una AFP: sí — en contra/,
    );

    assert.deepEqual(
      refused(
        await decideGrievance(t.db, {
          id: filed.id,
          decision: 'reject',
          note: 'x',
          correction: { givenNames: 'Otra' },
          actor: officer,
          at: h(4),
        }),
      ),
      { code: 'correction_on_reject' },
    );
    value(
      await addGrievanceNote(t.db, {
        id: filed.id,
        note: 'INTERNAL: empleador Constructora Illimani, aportes agosto 2020',
        actor: officer,
        at: h(8),
      }),
    );
    const r = value(
      await decideGrievance(t.db, {
        id: filed.id,
        decision: 'reject',
        note: 'INTERNAL: aportes AFP como dependiente',
        citizenNote: 'Usted figura como aportante dependiente en una AFP.',
        actor: officer,
        at: h(12),
      }),
    );
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
    const filed = value(
      await fileGrievance(t.db, {
        kind: 'paid_not_received',
        person: P.paid,
        description: 'Dice que cobré pero no cobré.',
        filedVia: 'citizen',
        actor: citizen,
        at: h(10),
      }),
    );
    const id = filed.id;
    // Each refused step below differs from a valid one in one thing; the rest is this.
    const decide = (input: Partial<DecideGrievanceInput> & { id: number }) =>
      decideGrievance(t.db, { decision: 'approve', note: 'x', actor: officer, at: h(12), ...input });
    const fileWith = (input: Partial<FileGrievanceInput>) =>
      fileGrievance(t.db, {
        kind: 'not_listed',
        person: P.ok,
        description: 'x',
        filedVia: 'citizen',
        actor: citizen,
        at: h(11),
        ...input,
      });
    const notInReview = refused(await decide({ id }));
    assert.deepEqual(notInReview, {
      code: 'grievance_not_in_review',
      grievanceId: id,
      reference: filed.reference,
      grievanceStatus: 'open',
      step: 'decide',
      allowed: ['in_review'],
    });
    // The English words are the sentence the CLI prints.
    assert.equal(
      describeFailure(notInReview, 'en').detail,
      `Grievance ${filed.reference} is open; it cannot be decided (only when in_review). Start the review first.`,
    );
    assert.equal(
      describeFailure(notInReview, 'es').detail,
      'Este reclamo todavía no está en revisión: inicie la revisión primero.',
    );
    assert.equal(
      refused(await resolveGrievance(t.db, { id, note: 'x', actor: officer, at: h(11) })).code,
      'grievance_not_in_review',
    );
    value(await startReview(t.db, { id, actor: officer, at: h(11) }));
    assert.equal(
      describeFailure(refused(await startReview(t.db, { id, actor: officer, at: h(11) })), 'en').detail,
      `Grievance ${filed.reference} is in_review; it cannot go into review (only when open). It is already being reviewed.`,
    );
    assert.deepEqual(refused(await decide({ id, note: ' ' })), {
      code: 'note_required',
      note: 'decision_reason',
    });
    assert.deepEqual(refused(await decide({ id, correction: { dateOfBirth: '1991-01-15' } })), {
      code: 'correction_not_allowed',
    });
    assert.deepEqual(refused(await decide({ id: 999_999, decision: 'reject' })), {
      code: 'grievance_not_found',
      grievanceId: 999_999,
    });
    assert.deepEqual(
      refused(await fileWith({ person: { ciNumber: '0123', complemento: '', dateOfBirth: '1980-01-01' } })),
      { code: 'person_invalid', field: 'identity_card', reason: 'ci_number "0123" must not start with 0' },
    );
    assert.deepEqual(refused(await fileWith({ description: ' ' })), { code: 'description_required' });
    assert.deepEqual(refused(await fileWith({ kind: 'lost_card' as never })), {
      code: 'grievance_kind_invalid',
      kind: 'lost_card',
      kinds: ['not_listed', 'wrong_data', 'paid_not_received'],
    });

    // A claim about someone not linked cannot be approved; bad corrections roll back completely.
    const unlinked = value(
      await fileGrievance(t.db, {
        kind: 'wrong_data',
        person: { ciNumber: P.twin.ciNumber, complemento: '1A', dateOfBirth: '1970-02-03' },
        description: 'Mi fecha es otra.',
        filedVia: 'officer',
        actor: officer,
        at: h(11),
      }),
    );
    value(await startReview(t.db, { id: unlinked.id, actor: officer, at: h(11) }));
    assert.deepEqual(refused(await decide({ id: unlinked.id, correction: { dateOfBirth: '1970-02-03' } })), {
      code: 'person_not_linked',
      grievanceId: unlinked.id,
      reference: unlinked.reference,
      ciNumber: P.twin.ciNumber,
    });
    value(
      await linkGrievancePerson(t.db, { id: unlinked.id, personId: ids.twin, actor: officer, at: h(12) }),
    );
    const auditBefore = (await auditHead(t.db)).seq;
    for (const [correction, code] of [
      [{ municipalityCode: '999999' }, 'correction_invalid'],
      [{ dateOfBirth: '2030-01-01' }, 'correction_invalid'],
      [{ dateOfDeath: '1960-01-01' }, 'correction_invalid'],
      [{ dateOfBirth: P.twin.dateOfBirth }, 'correction_changes_nothing'],
      [{ nickname: 'x' }, 'correction_field_unknown'],
    ] as const) {
      assert.equal(refused(await decide({ id: unlinked.id, correction: correction as never })).code, code);
    }
    // Moving the twin onto a key another person holds is refused.
    const [other] = await t.db.query<{ id: bigint }>(
      `INSERT INTO person (ci_number, complemento, given_names, first_surname, date_of_birth, sex, municipality_code,
         created_import_id, updated_import_id)
       SELECT ci_number, complemento, 'Otra', 'Persona', '1970-02-03', 'M', municipality_code, created_import_id, created_import_id
       FROM person WHERE id = $1 RETURNING id`,
      [ids.twin],
    );
    assert.deepEqual(refused(await decide({ id: unlinked.id, correction: { dateOfBirth: '1970-02-03' } })), {
      code: 'correction_key_taken',
      otherPersonId: other!.id.toString(),
      ciNumber: P.twin.ciNumber,
      complemento: '1A',
      dateOfBirth: '1970-02-03',
    });
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
    assert.deepEqual(refused(await decide({ id: rejectedId })), {
      code: 'grievance_already_decided',
      grievanceId: rejectedId,
      reference: rejectedRef,
      grievanceStatus: 'rejected',
      step: 'decide',
      allowed: ['in_review'],
    });
    assert.equal(
      refused(await resolveGrievance(t.db, { id: rejectedId, note: 'x', actor: officer, at: h(13) })).code,
      'grievance_already_decided',
    );
    assert.equal(
      refused(await startReview(t.db, { id: rejectedId, actor: officer, at: h(13) })).code,
      'grievance_already_decided',
    );

    // paid_not_received: the finding goes to the bank; no money moves here.
    const [transfersBefore] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ledger_transfer',
    );
    const r = value(
      await decideGrievance(t.db, {
        id,
        decision: 'approve',
        note: 'El banco debe revisar',
        actor: officer,
        at: h(40),
      }),
    );
    assert.equal(r.outcome, 'handed_to_bank');
    const [transfersAfter] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ledger_transfer',
    );
    assert.equal(transfersAfter!.n, transfersBefore!.n);
    const d = value(await grievanceDetail(t.db, id, { at: h(41), lang: 'es' }));
    assert.equal(d.events.at(-1)!.action, 'handed_to_bank');
    const notApplicable = refused(await retrySupplementaryRound(t.db, { id, actor: officer, at: h(41) }));
    assert.deepEqual(notApplicable, {
      code: 'round_not_applicable',
      reference: filed.reference,
      kind: 'paid_not_received',
      personLinked: true,
    });
    assert.equal(
      describeFailure(notApplicable, 'en').detail,
      `Grievance ${filed.reference} does not lead to a supplementary round (it is a paid_not_received claim).`,
    );
  });

  it('the citizen view shows the steps and messages for them, never internal notes, names or ids', async () => {
    const view = (await grievanceForCitizen(t.db, wrongRef, P.wrongTrue.ciNumber))!;
    assert.equal(view.status, 'resolved');
    assert.deepEqual(
      view.events.map((e) => e.action),
      [
        'filed',
        'review_started',
        'approved',
        'person_corrected',
        'reevaluated',
        'supplementary_round_created',
        'round_approved',
        'resolved',
      ],
    );
    assert.equal(
      view.events.find((e) => e.action === 'approved')!.citizenNote,
      'Corregimos su fecha de nacimiento.',
    );
    const text = JSON.stringify(view);
    for (const hidden of ['INTERNAL', 'Carla', 'carla', 'account:', 'Ronda', 'personId', '2005-03-10'])
      assert.ok(!text.includes(hidden), `the citizen view shows ${hidden}: ${text}`);

    const rejected = (await grievanceForCitizen(t.db, rejectedRef, P.excluded.ciNumber))!;
    assert.equal(rejected.status, 'rejected');
    assert.deepEqual(
      rejected.events.map((e) => e.action),
      ['filed', 'review_started', 'rejected'],
    );
    const rtext = JSON.stringify(rejected);
    assert.ok(!rtext.includes('INTERNAL') && !rtext.includes('Illimani'), rtext);
    assert.equal(
      rejected.events.find((e) => e.action === 'rejected')!.citizenNote,
      'Usted figura como aportante dependiente en una AFP.',
      'the officer’s message to the citizen; the page words the step from its catalogue',
    );
  });

  it('lists the queue with ages and reports time to decision', async () => {
    const open = value(await listGrievances(t.db, { status: 'open', limit: 5, offset: 0, at: h(48) }));
    assert.equal(open.total, 20, 'the twenty unreviewed filings');
    assert.equal(open.rows.length, 5);
    assert.ok(open.rows.every((r) => r.status === 'open' && Math.abs(r.ageHours - 47.9) < 1e-9));
    const all = value(await listGrievances(t.db, { limit: 500, offset: 0, at: h(48) }));
    assert.equal(all.total, 26);
    assert.deepEqual(
      all.rows.map((r) => r.filedAt.getTime()),
      all.rows.map((r) => r.filedAt.getTime()).sort((a, b) => a - b),
      'oldest first',
    );
    const limit = refused(await listGrievances(t.db, { limit: 501, offset: 0, at: h(48) }));
    assert.deepEqual(limit, { code: 'limit_invalid', maxLimit: 500 });
    assert.equal(describeFailure(limit, 'en').detail, 'A page holds 1 to 500 grievances.');

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

  // After the queue counts above: the grievances filed here are not in them.
  it('the same grievance sent again, in turn or at once, is one claim with one reference', async () => {
    const someone = { ciNumber: '7100001', complemento: '', dateOfBirth: '1966-06-06' };
    const rowsOf = async (ci: string) =>
      (
        await t.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM bono_grievance WHERE ci_number = $1',
          [ci],
        )
      )[0]!.n;
    const fileAs = (input: Partial<FileGrievanceInput>) =>
      fileGrievance(t.db, {
        kind: 'not_listed',
        person: someone,
        description: 'No figuro en la lista.',
        contact: '71111111',
        filedVia: 'citizen',
        actor: citizen,
        at: h(100),
        ...input,
      });

    const head = await auditHead(t.db);
    const first = value(await fileAs({}));
    assert.equal(first.repeat, false);
    // A second tap an hour later, with other spacing and another contact: the same claim.
    const again = value(
      await fileAs({ description: '  No figuro   en la\nlista. ', contact: '', at: h(101) }),
    );
    assert.deepEqual(again, { ...first, repeat: true });
    assert.equal(await rowsOf(someone.ciNumber), 1, 'no second row');
    assert.deepEqual(
      (await auditEntriesAfter(t.db, head.seq, 100)).map((e) => e.action),
      ['bono_grievance.filed'],
      'one audit entry',
    );
    const view = await grievanceForCitizen(t.db, first.reference, someone.ciNumber);
    assert.deepEqual(
      view?.events.map((e) => e.action),
      ['filed'],
    );

    // Another description, another kind, another complemento: each a claim of its own.
    const other = value(await fileAs({ description: 'Mi nombre está mal escrito.', at: h(102) }));
    const otherKind = value(await fileAs({ kind: 'wrong_data', at: h(102) }));
    const otherPerson = value(await fileAs({ person: { ...someone, complemento: '1B' }, at: h(102) }));
    for (const g of [other, otherKind, otherPerson]) {
      assert.equal(g.repeat, false);
      assert.notEqual(g.reference, first.reference);
    }
    assert.equal(await rowsOf(someone.ciNumber), 4);

    // More than a day after the first, it is filed again.
    const nextDay = value(await fileAs({ at: h(124.5) }));
    assert.equal(nextDay.repeat, false);
    assert.notEqual(nextDay.reference, first.reference);

    // Once under review, a grievance is no longer "still open": the same words file a new one.
    value(await startReview(t.db, { id: nextDay.id, actor: officer, at: h(125) }));
    const afterReview = value(await fileAs({ at: h(126) }));
    assert.equal(afterReview.repeat, false);
    assert.equal(await rowsOf(someone.ciNumber), 6);

    // Five identical filings at once (two processes' worth of connections): one row, one reference.
    const together = { ciNumber: '7100002', complemento: '', dateOfBirth: '1977-07-07' };
    const five = await Promise.all(Array.from({ length: 5 }, () => fileAs({ person: together, at: h(130) })));
    const filedTogether = five.map(value);
    assert.equal(new Set(filedTogether.map((g) => g.reference)).size, 1);
    assert.equal(filedTogether.filter((g) => !g.repeat).length, 1, 'one filed, four repeats');
    assert.equal(await rowsOf(together.ciNumber), 1);
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });
});

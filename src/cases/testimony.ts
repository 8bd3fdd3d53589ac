import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import { eventById, insertStatement, itemById, personById } from './case.repository.ts';
import { type CaseReader, membership } from './case-access.ts';
import type { CasesFailure } from './cases.failures.ts';
import { CONSENT_SCOPES, type ConsentScope, type Statement } from './cases.types.ts';

/**
 * Testimony (issue #21 §3): a witness's statement with their consent, its language, the
 * interpreter, the interviewer, and its audio or transcript as evidence items. A protected
 * witness's identity is withheld wherever the statement is shown (case-access.ts personView):
 * the statement points to the person, never copies their name.
 */

type Invalid = Extract<CasesFailure, { code: 'case_input_invalid' }>;
const invalid = (field: string, problem: Invalid['problem']): Result<never, CasesFailure> =>
  fail({ code: 'case_input_invalid', field, problem });

export interface StatementInput {
  witnessPersonId: bigint;
  /** The event the witness speaks of (one of the investigation's). */
  eventId?: bigint;
  takenAt: Date;
  placeName: string;
  /** ISO 639 code: es, qu (Quechua), ay (Aymara), gn (Guaraní) … */
  language: string;
  interpreter?: string;
  interviewer: string;
  consentGiven: boolean;
  consentScope: string;
  summary?: string;
  audioItemId?: bigint;
  transcriptItemId?: bigint;
}

/**
 * Records a statement about an event. The witness must be a person of the investigation in the
 * witness role, the event one of the investigation's; an
 * audio must be an audio or video item, a transcript a transcript or document item, both of the
 * same investigation.
 *
 * @example await addStatement(db, 'GIEI-2019', { witnessPersonId: 4n, takenAt, placeName: 'Sacaba', language: 'qu', interpreter: 'Intérprete 1', interviewer: 'ana', consentGiven: true, consentScope: 'prosecution' }, reader, now)
 */
export async function addStatement(
  db: Database,
  code: string,
  input: StatementInput,
  reader: CaseReader,
  at: Date,
): Promise<Result<Statement, CasesFailure>> {
  if (Number.isNaN(input.takenAt.getTime())) return invalid('takenAt', 'format');
  const place = input.placeName.trim();
  if (place === '' || place.length > 300) return invalid('placeName', place === '' ? 'missing' : 'range');
  if (!/^[a-z]{2,3}$/.test(input.language)) return invalid('language', 'format');
  const interviewer = input.interviewer.trim();
  if (interviewer === '' || interviewer.length > 200) return invalid('interviewer', 'missing');
  const interpreter = input.interpreter?.trim() || null;
  if (interpreter !== null && interpreter.length > 200) return invalid('interpreter', 'range');
  if (!(CONSENT_SCOPES as readonly string[]).includes(input.consentScope))
    return invalid('consentScope', 'format');
  if (!input.consentGiven && input.consentScope !== 'none') return invalid('consentScope', 'conflict');
  const summary = (input.summary ?? '').trim();
  if (summary.length > 10_000) return invalid('summary', 'range');
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_evidence');
    if (!m.ok) return passOn(m);
    const id = m.value.investigation.id;
    const witness = await personById(tx, id, input.witnessPersonId);
    if (!witness)
      return fail({ code: 'case_entity_not_found', entity: 'person', id: String(input.witnessPersonId) });
    if (!witness.roles.includes('witness')) return invalid('witnessPersonId', 'conflict');
    if (input.eventId !== undefined && !(await eventById(tx, id, input.eventId)))
      return fail({ code: 'case_entity_not_found', entity: 'event', id: String(input.eventId) });
    for (const [field, itemId, kinds] of [
      ['audioItemId', input.audioItemId, ['audio', 'video']],
      ['transcriptItemId', input.transcriptItemId, ['transcript', 'document']],
    ] as const) {
      if (itemId === undefined) continue;
      const item = await itemById(tx, itemId);
      if (!item || item.investigationId !== id)
        return fail({ code: 'case_entity_not_found', entity: 'item', id: String(itemId) });
      if (!(kinds as readonly string[]).includes(item.kind)) return invalid(field, 'conflict');
    }
    const statement = await insertStatement(
      tx,
      {
        investigationId: id,
        witnessPersonId: witness.id,
        eventId: input.eventId ?? null,
        takenAt: input.takenAt,
        placeName: place,
        language: input.language,
        interpreter,
        interviewer,
        consentGiven: input.consentGiven,
        consentScope: input.consentScope as ConsentScope,
        summary,
        audioItemId: input.audioItemId ?? null,
        transcriptItemId: input.transcriptItemId ?? null,
      },
      reader.actor,
      at,
    );
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_statement.recorded',
      entityType: 'case_statement',
      entityId: statement.id,
      after: {
        investigation: code,
        witness: witness.code,
        eventId: statement.eventId,
        language: statement.language,
        interpreted: interpreter !== null,
        consentScope: statement.consentScope,
        audioItemId: statement.audioItemId,
        transcriptItemId: statement.transcriptItemId,
      },
    });
    return ok(statement);
  });
}

import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import { entityExists, lockInvestigation } from './case.repository.ts';
import { type CaseReader, membership } from './case-access.ts';
import type { CasesFailure } from './cases.failures.ts';
import type { Source } from './cases.types.ts';
import { type Finding, findingsOf, insertFinding } from './finding.repository.ts';

export type { Finding } from './finding.repository.ts';

/** A finding cites at most this many sources (the report prints each with its custody). */
export const MAX_FINDING_SOURCES = 200;

export interface FindingInput {
  title: string;
  text: string;
  /** The evidence items and statements it rests on, in the order the report cites them. */
  sources: readonly Source[];
  /** The finding this one corrects (a finding is never edited). */
  supersedes?: bigint;
}

/**
 * Records a finding of the technical report (issue #21 §6): the team's statement, numbered in
 * order, resting on at least one source of the same investigation. Investigators and analysts
 * record findings (`record_analysis`); the change is audited.
 *
 * @example await addFinding(db, 'SINT-2019', { title: 'Causa de muerte', text: '…', sources: [{ kind: 'item', id: 7n }] }, reader, now)
 */
export async function addFinding(
  db: Database,
  code: string,
  input: FindingInput,
  reader: CaseReader,
  at: Date,
): Promise<Result<Finding, CasesFailure>> {
  const title = input.title.trim();
  const text = input.text.trim();
  if (title === '') return fail({ code: 'case_input_invalid', field: 'title', problem: 'missing' });
  if (title.length > 300) return fail({ code: 'case_input_invalid', field: 'title', problem: 'range' });
  if (text === '') return fail({ code: 'case_input_invalid', field: 'text', problem: 'missing' });
  if (text.length > 10_000) return fail({ code: 'case_input_invalid', field: 'text', problem: 'range' });
  if (input.sources.length === 0)
    return fail({ code: 'case_input_invalid', field: 'sources', problem: 'missing' });
  if (input.sources.length > MAX_FINDING_SOURCES)
    return fail({ code: 'case_input_invalid', field: 'sources', problem: 'range' });
  const seen = new Set(input.sources.map((s) => `${s.kind}:${s.id}`));
  if (seen.size !== input.sources.length)
    return fail({ code: 'case_input_invalid', field: 'sources', problem: 'conflict' });
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_analysis');
    if (!m.ok) return passOn(m);
    const id = m.value.investigation.id;
    for (const s of input.sources)
      if (!(await entityExists(tx, id, s.kind, s.id)))
        return fail({ code: 'case_entity_not_found', entity: s.kind, id: String(s.id) });
    await lockInvestigation(tx, id);
    if (input.supersedes !== undefined) {
      const earlier = (await findingsOf(tx, id)).some((f) => f.id === input.supersedes);
      if (!earlier)
        return fail({ code: 'case_entity_not_found', entity: 'finding', id: String(input.supersedes) });
    }
    const finding = await insertFinding(
      tx,
      id,
      { title, text, sources: input.sources, supersedes: input.supersedes ?? null },
      reader.actor,
      at,
    );
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_finding.recorded',
      entityType: 'case_finding',
      entityId: finding.id,
      after: {
        investigation: code,
        number: finding.number,
        title: finding.title,
        sources: finding.sources.map((s) => `${s.kind}:${s.id}`),
        supersedes: finding.supersedes,
      },
    });
    return ok(finding);
  });
}

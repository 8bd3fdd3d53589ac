import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { GrievanceStatus } from './bono.types.ts';
import type { GrievanceFailure, GrievanceNoteKind, GrievanceStep } from './grievance.failures.ts';
import { insertEvent, lockGrievance } from './grievance.repository.ts';
import type { Grievance } from './grievance.types.ts';

/** What every step of a grievance's life shares: the lock, the status check, notes, the event and its audit entry. */

const NOTE_MAX = 4000;

/**
 * Thrown only inside `inTransaction`, to roll back a transaction whose step ended in a failure: a
 * failure returned from the callback would commit what the step wrote before it (a decision is
 * recorded before the registry refuses its correction). Private to this file: `inTransaction`
 * always catches it and returns the failure it carries.
 */
class StepRefused extends Error {
  constructor(readonly failure: GrievanceFailure) {
    super(failure.code);
    this.name = 'StepRefused';
  }
}

/**
 * Runs a step in one transaction: commits when it gives a value, rolls everything back when it
 * gives a failure (nothing is left half done), and returns that failure.
 *
 * @example return inTransaction(db, async (tx) => { const g = await lockedGrievance(tx, id); if (!g.ok) return g; … });
 */
export async function inTransaction<T>(
  db: Database,
  fn: (tx: Sql) => Promise<Result<T, GrievanceFailure>>,
): Promise<Result<T, GrievanceFailure>> {
  try {
    return ok(
      await db.transaction(async (tx) => {
        const r = await fn(tx);
        if (!r.ok) throw new StepRefused(r.error);
        return r.value;
      }),
    );
  } catch (error) {
    if (error instanceof StepRefused) return fail(error.failure);
    throw error;
  }
}

/**
 * The grievance, locked until the transaction ends so two officers cannot both act on it;
 * `grievance_not_found` when there is no such grievance.
 *
 * @example const g = await lockedGrievance(tx, 12); if (!g.ok) return g;
 */
export async function lockedGrievance(tx: Sql, id: number): Promise<Result<Grievance, GrievanceFailure>> {
  const g = await lockGrievance(tx, id);
  return g ? ok(g) : fail({ code: 'grievance_not_found', grievanceId: id });
}

/**
 * The refusal of a step the grievance's status does not allow, saying what would; null when it is allowed.
 *
 * @example const refused = refuseUnless(g, ['in_review'], 'decide'); if (refused) return fail(refused); // grievance_not_in_review when g is open
 */
export function refuseUnless(
  g: Grievance,
  allowed: readonly GrievanceStatus[],
  step: GrievanceStep,
): GrievanceFailure | null {
  if (allowed.includes(g.status)) return null;
  const code =
    g.status === 'approved' || g.status === 'rejected' || g.status === 'resolved'
      ? 'grievance_already_decided'
      : g.status === 'open'
        ? 'grievance_not_in_review'
        : 'grievance_in_review';
  return { code, grievanceId: g.id, reference: g.reference, grievanceStatus: g.status, step, allowed };
}

/**
 * A note trimmed and checked: present when `required`, at most 4,000 characters.
 *
 * @example cleanNote('  Llamé al banco ', true, 'note') // { ok: true, value: 'Llamé al banco' }
 */
export function cleanNote(
  note: string | undefined,
  required: boolean,
  what: GrievanceNoteKind,
): Result<string, GrievanceFailure> {
  const n = (note ?? '').trim();
  if (required && n === '') return fail({ code: 'note_required', note: what });
  if (n.length > NOTE_MAX) return fail({ code: 'note_too_long', maxLength: NOTE_MAX });
  return ok(n);
}

/**
 * One step: the event and its audit entry, in the caller's transaction.
 *
 * @example await step(tx, g, { action: 'noted', actor: 'account:ana', at: new Date(), note: 'Llamé al banco' });
 */
export async function step(
  tx: Sql,
  g: Grievance,
  s: {
    action: string;
    actor: Actor;
    at: Date;
    note?: string;
    data?: Record<string, unknown>;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await insertEvent(tx, {
    grievanceId: g.id,
    at: s.at,
    actor: s.actor,
    action: s.action,
    ...(s.note !== undefined ? { note: s.note } : {}),
    ...(s.data !== undefined ? { data: s.data } : {}),
  });
  await appendAudit(tx, {
    at: s.at,
    actor: s.actor,
    action: `bono_grievance.${s.action}`,
    entityType: 'bono_grievance',
    entityId: g.id,
    ...(s.before !== undefined ? { before: s.before } : {}),
    after: s.after ?? { reference: g.reference, ...(s.data ?? {}), ...(s.note ? { note: s.note } : {}) },
  });
}

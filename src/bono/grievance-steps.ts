import { type Actor, appendAudit } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { UserError } from '../shared/errors.ts';
import type { GrievanceStatus } from './bono.types.ts';
import { insertEvent, lockGrievance } from './grievance.repository.ts';
import type { Grievance } from './grievance.types.ts';

/** What every step of a grievance's life shares: the lock, the status check, notes, the event and its audit entry. */

const NOTE_MAX = 4000;

/**
 * The refusal for a grievance that does not exist.
 *
 * @example throw grievanceNotFound(12) // UserError grievance_not_found
 */
export function grievanceNotFound(id: number): UserError {
  return new UserError('grievance_not_found', `There is no grievance ${id}.`, { grievanceId: id });
}

/**
 * The grievance, locked until the transaction ends so two officers cannot both act on it; refused
 * when there is no such grievance.
 *
 * @example const g = await lockedGrievance(tx, 12);
 */
export async function lockedGrievance(tx: Sql, id: number): Promise<Grievance> {
  const g = await lockGrievance(tx, id);
  if (!g) throw grievanceNotFound(id);
  return g;
}

/**
 * Refuses a step the grievance's status does not allow, saying what would.
 *
 * @example refuseUnless(g, ['in_review'], 'be decided') // throws grievance_not_in_review when g is open
 */
export function refuseUnless(g: Grievance, allowed: readonly GrievanceStatus[], verb: string): void {
  if (allowed.includes(g.status)) return;
  const code =
    g.status === 'approved' || g.status === 'rejected' || g.status === 'resolved'
      ? 'grievance_already_decided'
      : g.status === 'open'
        ? 'grievance_not_in_review'
        : 'grievance_in_review';
  const hint =
    g.status === 'open'
      ? ' Start the review first.'
      : g.status === 'in_review'
        ? ' It is already being reviewed.'
        : '';
  throw new UserError(
    code,
    `Grievance ${g.reference} is ${g.status}; it cannot ${verb} (only when ${allowed.join(' or ')}).${hint}`,
    { grievanceId: g.id, status: g.status },
  );
}

/**
 * A note trimmed and checked: present when `required`, at most 4,000 characters.
 *
 * @example cleanNote('  Llamé al banco ', true, 'the note') // 'Llamé al banco'
 */
export function cleanNote(note: string | undefined, required: boolean, what: string): string {
  const n = (note ?? '').trim();
  if (required && n === '')
    throw new UserError('note_required', `Write ${what}: it is kept with the grievance.`);
  if (n.length > NOTE_MAX) throw new UserError('note_too_long', `A note has at most ${NOTE_MAX} characters.`);
  return n;
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

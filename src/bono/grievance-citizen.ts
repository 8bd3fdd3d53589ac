import type { Sql } from '../db/database.ts';
import type { Lang } from '../shared/lang.ts';
import type { GrievanceKind, GrievanceStatus } from './bono.types.ts';
import { grievanceByReference, listEvents } from './grievance.repository.ts';
import { normaliseReference } from './grievance-reference.ts';

/**
 * The steps a citizen sees, with the message each one shows. Anything else (links to a registry
 * person, internal notes, re-evaluations, a refused round) stays inside the office.
 */
export const CITIZEN_MESSAGES: Readonly<Record<string, Record<Lang, string>>> = {
  filed: { es: 'Reclamo recibido.', en: 'Claim received.' },
  review_started: {
    es: 'Un funcionario está revisando su reclamo.',
    en: 'An officer is reviewing your claim.',
  },
  person_corrected: {
    es: 'Sus datos en el registro fueron corregidos.',
    en: 'Your data in the registry were corrected.',
  },
  approved: { es: 'Su reclamo fue aceptado.', en: 'Your claim was accepted.' },
  rejected: { es: 'Su reclamo fue rechazado.', en: 'Your claim was rejected.' },
  supplementary_round_created: {
    es: 'Se preparó su pago en una ronda complementaria; falta la aprobación de un segundo funcionario.',
    en: 'Your payment was prepared in a supplementary round; a second officer must still approve it.',
  },
  handed_to_bank: {
    es: 'Su caso pasó al banco para revisar el pago registrado.',
    en: 'Your case was passed to the bank to review the recorded payment.',
  },
  resolved: { es: 'Reclamo cerrado.', en: 'Claim closed.' },
};

export interface CitizenGrievanceView {
  reference: string;
  kind: GrievanceKind;
  status: GrievanceStatus;
  filedAt: Date;
  decidedAt: Date | null;
  /** Steps meant for the citizen, oldest first; `note` is the message for them (never an internal note). */
  events: { at: Date; action: string; note: string }[];
}

/**
 * A grievance as its citizen follows it: found by reference and CI number together (either alone
 * finds nothing), with the citizen-visible steps only. Null when they do not match, without saying
 * which part was wrong.
 *
 * @example await grievanceForCitizen(db, 'K7QM-3HXA-PW9C', '4567890') // { status: 'in_review', events: [...] }
 */
export async function grievanceForCitizen(
  sql: Sql,
  reference: string,
  ciNumber: string,
  opts: { lang?: Lang } = {},
): Promise<CitizenGrievanceView | null> {
  const ref = normaliseReference(reference);
  if (!ref) return null;
  const g = await grievanceByReference(sql, ref, ciNumber.trim());
  if (!g) return null;
  const lang = opts.lang ?? 'es';
  const events = (await listEvents(sql, g.id)).flatMap((e) => {
    const message = CITIZEN_MESSAGES[e.action];
    if (!message) return [];
    const forCitizen = typeof e.data?.['citizenNote'] === 'string' ? (e.data['citizenNote'] as string) : '';
    return [
      { at: e.at, action: e.action, note: forCitizen ? `${message[lang]} ${forCitizen}` : message[lang] },
    ];
  });
  return {
    reference: g.reference,
    kind: g.kind,
    status: g.status,
    filedAt: g.filedAt,
    decidedAt: g.decidedAt,
    events,
  };
}

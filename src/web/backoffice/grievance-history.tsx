import type { Child } from 'hono/jsx';
import type { GrievanceEvent } from '../../bono/index.ts';
import {
  type AnyFailure,
  describeFailure,
  formatDate,
  isFailureCode,
  pageMessages,
} from '../../messages/index.ts';
import { parseIsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import { href, OFFICE } from './backoffice.page.ts';

/**
 * A step of a grievance's history as an officer reads it: the step's name and what it recorded,
 * worded from the catalogue — a correction's fields before and after, a re-evaluation's outcome, a
 * payment handed to the bank, a refused round's reason in the reader's language — never the code
 * or the recorded JSON. Officers' own notes are shown as they wrote them; notes ayni wrote itself
 * (in one language, for the logs) are not.
 */

type Words = ReturnType<typeof pageMessages>['grievances'];
type EventCode = Exclude<keyof Words['events'], 'other'>;

/** Steps whose note an officer wrote (the decision's reason, a closing note, a free note). */
const OFFICER_NOTES: ReadonlySet<string> = new Set(['approved', 'rejected', 'resolved', 'noted']);

/**
 * The name of a step.
 *
 * @example eventName('person_corrected', 'es') // 'Datos del registro corregidos'
 */
export function eventName(action: string, lang: Lang): string {
  const events = pageMessages(lang).grievances.events;
  return action in events ? events[action as EventCode] : events.other;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;

/** A recorded value of a corrected field: a date written out, an empty or cleared one said so. */
function fieldValue(field: string, value: unknown, lang: Lang, words: Words): string {
  const v = text(value);
  if (v === undefined || v === '')
    return field === 'date_of_death' ? words.eventData.stillAlive : words.eventData.empty;
  const date = field.startsWith('date_') ? parseIsoDate(v) : undefined;
  return date ? formatDate(date, lang) : v;
}

/** The recorded facts of a step, as lines of text (or a link), in the reader's language. */
function eventFacts(e: GrievanceEvent, lang: Lang, words: Words): Child[] {
  const d = e.data ?? {};
  const w = words.eventData;
  const lines: Child[] = [];
  switch (e.action) {
    case 'person_linked': {
      const id = text(d['personId']);
      if (id) lines.push(w.linkedTo(id));
      break;
    }
    case 'person_corrected': {
      const before = (d['before'] ?? {}) as Record<string, unknown>;
      const after = (d['after'] ?? {}) as Record<string, unknown>;
      for (const field of Object.keys(after)) {
        const name =
          field in words.fields ? words.fields[field as keyof Words['fields']] : words.fields.other;
        lines.push(
          w.change(
            name,
            fieldValue(field, before[field], lang, words),
            fieldValue(field, after[field], lang, words),
          ),
        );
      }
      const run = text(d['importId']);
      if (run) lines.push(<a href={href(lang, `${OFFICE}/importaciones/${run}`)}>{w.correctionRun(run)}</a>);
      break;
    }
    case 'reevaluated': {
      const date = parseIsoDate(text(d['date']) ?? '');
      if (date)
        lines.push(
          w.reevaluated(formatDate(date, lang), d['eligible'] === true ? w.eligibleYes : w.eligibleNo),
        );
      const outcome = text(d['outcome']);
      if (outcome)
        lines.push(outcome in w.outcomes ? w.outcomes[outcome as keyof typeof w.outcomes] : w.outcomes.other);
      break;
    }
    case 'handed_to_bank': {
      const payment = text(d['paymentId']);
      const channel = text(d['channel']);
      lines.push(
        payment
          ? w.handedPayment(
              payment,
              channel === 'counter' || channel === 'deposit' ? words.channels[channel] : words.channels.other,
              text(d['bankBic']) ?? words.nothing,
              text(d['transferId']) ?? words.nothing,
            )
          : w.handedNoPayment,
      );
      break;
    }
    case 'supplementary_round_created': {
      const round = text(d['roundId']);
      const asOf = parseIsoDate(text(d['asOf']) ?? '');
      if (round)
        lines.push(
          <a href={href(lang, `${OFFICE}/rondas/${round}`)}>
            {w.roundCreated(round, asOf ? formatDate(asOf, lang) : words.nothing)}
          </a>,
        );
      break;
    }
    case 'supplementary_round_refused': {
      // createRound's refusal is kept as the failure value; an unexpected error only as its code.
      const refusal = d['refusal'] as { code?: unknown } | undefined;
      lines.push(
        typeof refusal?.code === 'string' && isFailureCode(refusal.code)
          ? describeFailure(refusal as AnyFailure, lang).detail
          : w.roundError,
      );
      break;
    }
  }
  const forCitizen = text(d['citizenNote']);
  if (forCitizen) lines.push(w.forCitizen(forCitizen));
  return lines;
}

/**
 * The note cell of a step: the officer's note when an officer wrote it, then what the step
 * recorded, one line each.
 *
 * @example <EventNote event={e} lang="es" />
 */
export function EventNote({ event: e, lang }: { event: GrievanceEvent; lang: Lang }) {
  const words = pageMessages(lang).grievances;
  const known = e.action in words.events;
  const lines: Child[] = [
    ...(e.note && (OFFICER_NOTES.has(e.action) || !known) ? [e.note] : []),
    ...eventFacts(e, lang, words),
  ];
  if (lines.length === 0) return <>{words.nothing}</>;
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}

import type { Sql } from '../db/database.ts';
import {
  type BoundProgramme,
  bind,
  evaluate,
  formatter,
  loadPersonFacts,
  programmeNamed,
  type TraceNode,
  type TraceView,
  traceView,
} from '../rules/index.ts';
import { type IsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import type { Lang } from '../shared/lang.ts';
import { regularRoundDate } from './grievance.repository.ts';
import type { RegistryPerson } from './grievance.types.ts';
import { notBeforeTheBono } from './status.ts';

export interface GrievanceTrace {
  /** The date the bono's rules were evaluated on: the regular round's, or the day of `at` before any round. */
  date: IsoDate;
  eligible: boolean;
  /** Conditions that keep the person out (unmet conditions, or an exclusion that applies). */
  failing: string[];
  /** What was decided, what decided it and every condition, for the page to word (src/web/components/rule-trace.tsx). */
  view: TraceView;
  /** Who the trace is about, in the officer's language. */
  subject: string;
  nodes: TraceNode[];
}

/**
 * The date a person's eligibility is judged on: the regular round's, since that is where they were missed.
 *
 * @example await evaluationDate(db, new Date()) // '2020-11-30'
 */
export async function evaluationDate(sql: Sql, at: Date): Promise<IsoDate> {
  // Without a round, today — but never before the bono (`bind` would refuse a date before the law).
  return (await regularRoundDate(sql))?.asOf ?? notBeforeTheBono(toIsoDateInBolivia(at));
}

/**
 * Evaluates the bono's rules for one registry person, with the trace an officer reads.
 *
 * @example (await traceOf(db, person, '2020-11-30', 'es')).failing // ['bono_meets_minimum_age']
 */
export async function traceOf(
  sql: Sql,
  person: RegistryPerson,
  date: IsoDate,
  lang: Lang,
): Promise<GrievanceTrace> {
  const bono = programmeNamed('bono');
  const bound: BoundProgramme = bind(bono, { date });
  const { facts } = await loadPersonFacts(sql, {
    ciNumber: person.ciNumber,
    complemento: person.complemento,
    dateOfBirth: person.dateOfBirth,
  });
  const ev = evaluate(bound, facts);
  const nodes = ev.trace();
  const eligible = ev.value('bono_eligible') === true;
  const failing = ev
    .traceOf('bono_eligible')
    .children.filter(
      (n) => n.type === 'bool' && (n.variable === 'bono_excluded' ? n.value === true : n.value !== true),
    )
    .map((n) => n.variable);
  const f = formatter(lang);
  const ci = `CI ${person.ciNumber}${person.complemento ? `-${person.complemento}` : ''}`;
  const subject =
    lang === 'es'
      ? `Persona: ${ci}, fecha de nacimiento ${f.date(person.dateOfBirth)} (registro)`
      : `Person: ${ci}, born ${f.date(person.dateOfBirth)} (registry)`;
  return { date, eligible, failing, view: traceView(bound, nodes), subject, nodes };
}

import type { Sql } from '../db/database.ts';
import { listValuesByName } from '../registry/index.ts';
import {
  type BoundProgramme,
  bind,
  bono,
  type Decision,
  decisionOf,
  evaluate,
  type Facts,
  personFacts,
} from '../rules/index.ts';
import { type IsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { throttleRefusals } from '../shared/metrics.ts';
import type { Channel, PersonTriple } from './bono.types.ts';
import { toStanding } from './payout.repository.ts';
import { collectionRefusal, roundCalendar } from './payout-standing.ts';
import {
  type AdmitKey,
  type Admitted,
  admitAndLookUp,
  admitLookUp,
  type LookupRow,
  lookedUpPerson,
  lookUp,
} from './status.repository.ts';

/**
 * "¿Soy beneficiario?": a citizen gives CI number, complemento and date of birth and learns whether
 * they are entitled and why (the rule trace in plain language), their window, the amount, and
 * whether they were paid (when, where). Nothing is revealed without the full triple: a wrong
 * triple gets the same answer whether or not the CI exists.
 *
 * Failed look-ups are limited so dates of birth cannot be guessed (docs/security.md gives the
 * numbers and why): per client address, per CI number at one address, and per CI number from all
 * addresses together over a day — the bound on guessing that spreading guesses over many addresses
 * cannot escape. The owner's own details from an address that has not been guessing are answered
 * while only the per-address limits of other addresses are reached. Each look-up is counted before
 * it is answered (`bono_lookup_admit`, migration 0035), so a burst of guesses sent at once gets no
 * more answers than guesses sent one after another.
 *
 * Look-ups arriving together are counted together (issue #17): the look-ups that arrive while
 * earlier ones are in flight are counted by one statement, each in turn as if sent one after
 * another, and — without a replica — read by the same statement; a busy server pays a statement
 * per batch rather than two per look-up. A batch in which nobody guesses (every triple names its
 * person, or is refused while its keys are locked) writes nothing: its statement reads its keys'
 * counts once, after their locks, and the sequence is worked out here; a batch with a failure to
 * count is counted look-up by look-up in a second statement (status.repository.ts).
 */

export type CitizenStatus =
  | {
      outcome: 'found';
      eligible: boolean;
      /** Plain-language reasons from the rule trace, in the requested language: the decision, then each condition. */
      reasons: string[];
      /** The same, with what decided it first and whether each condition counts for or against. */
      why: Decision;
      amountCentavos: bigint | null;
      band: string | null;
      windowOpensOn: IsoDate | null;
      windowClosesOn: IsoDate | null;
      deadline: IsoDate | null;
      rezagados: { opensOn: IsoDate; closesOn: IsoDate } | null;
      /** Whether they may collect at a counter today. */
      collectableToday: boolean;
      channel: Channel | null;
      depositAccountMasked: string | null;
      bankName: string | null;
      depositInFlight: boolean;
      payment: { paidAt: Date; bankName: string; paymentPoint: string; channel: Channel } | null;
      expired: boolean;
    }
  | { outcome: 'not_found' }
  | { outcome: 'rate_limited'; retryAfterSeconds: number };

export interface LookupLimits {
  /** Failed look-ups allowed per client address, whatever the CI, within `windowSeconds`. */
  perClient: number;
  /** Failed look-ups allowed per CI number from one client address within `windowSeconds`. */
  perCiAndClient: number;
  windowSeconds: number;
  lockSeconds: number;
  /**
   * Failed look-ups allowed per CI number from all addresses together within `ciWindowSeconds`:
   * what bounds guessing a date of birth from many addresses.
   */
  perCi: number;
  ciWindowSeconds: number;
  ciLockSeconds: number;
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  perClient: 20,
  perCiAndClient: 5,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  perCi: 10,
  ciWindowSeconds: 24 * 3600,
  ciLockSeconds: 24 * 3600,
};

/** The keys a look-up is counted under: its client address, its CI number there, its CI number anywhere. */
function keysOf(person: PersonTriple, client: string, limits: LookupLimits): AdmitKey[] {
  return [
    {
      key: `client:${client}`,
      limit: limits.perClient,
      window: limits.windowSeconds,
      lock: limits.lockSeconds,
    },
    {
      key: `ci:${person.ciNumber}@${client}`,
      limit: limits.perCiAndClient,
      window: limits.windowSeconds,
      lock: limits.lockSeconds,
    },
    {
      key: `ci-day:${person.ciNumber}`,
      limit: limits.perCi,
      window: limits.ciWindowSeconds,
      lock: limits.ciLockSeconds,
    },
  ];
}

/**
 * The first day the bono's rules are explained as of without a round: the first collection window
 * (DS 4392's payments began on 1 December 2020). A clock set earlier (a demonstration, AYNI_CLOCK)
 * explains them as of that day, never before the law's parameters take effect.
 */
const FIRST_EXPLAINED_DATE: IsoDate = '2020-12-01';

/** @example notBeforeTheBono('2020-11-20') // '2020-12-01' */
export function notBeforeTheBono(date: IsoDate): IsoDate {
  return date < FIRST_EXPLAINED_DATE ? FIRST_EXPLAINED_DATE : date;
}

const masked = (account: string) => `••••${account.slice(-4)}`;

/**
 * The rules as bound at each date a look-up explains them as of (a handful of dates). `bind`, not
 * `tryBind`: the date is never before the law — a round's date was bound when it was frozen
 * (createRound refuses a date before the law), and without a round it is today, never before the
 * first collection window (citizenStatus), which the law's parameters precede — so a refusal is a bug.
 */
const boundAt = new Map<string, BoundProgramme>();
function bonoAsOf(date: IsoDate): BoundProgramme {
  let bound = boundAt.get(date);
  if (!bound) {
    bound = bind(bono, { date });
    if (boundAt.size < 64) boundAt.set(date, bound);
  }
  return bound;
}

/**
 * The variables the explanation of `bono_eligible` may look at, per bound programme: the ones its
 * formula reads, and theirs — or null when one reads a parent's variables or a collection, which
 * this does not follow (then nothing is cached).
 */
const shapeVariables = new WeakMap<BoundProgramme, string[] | null>();
function variablesOfTheDecision(bound: BoundProgramme): string[] | null {
  let variables = shapeVariables.get(bound);
  if (variables !== undefined) return variables;
  variables = [];
  const pending = ['bono_eligible'];
  while (pending.length > 0 && variables !== null) {
    const name = pending.pop()!;
    if (variables.includes(name)) continue;
    variables.push(name);
    const reads = bound.variable(name).def.reads;
    if (reads.parentVariables?.length || reads.collections?.length) variables = null;
    else pending.push(...(reads.variables ?? []));
  }
  shapeVariables.set(bound, variables);
  return variables;
}

/**
 * Explanations already written, by decision shape (issue #17): the date the rules are explained
 * as of, the language and the value of every variable the explanation looks at — and, within a
 * shape, the attributes the explanations' words read (a country of residence, a date of death),
 * noted as they are read. Most citizens' answers share a shape with thousands of others (the same
 * outcome for the same reasons, the same ages), and writing the words costs more than evaluating
 * the values. Bounded: when full, it starts again.
 */
interface Shape {
  /** The attributes the words of this shape were seen to read, sorted. */
  attributes: string[];
  decisions: Map<string, Decision>;
}
const shapes = new Map<string, Shape>();
const MAX_SHAPES = 10_000;

const keyPart = (v: unknown) => (typeof v === 'bigint' ? `${v}n` : JSON.stringify(v ?? null));

/** The conditions of eligibility as the citizen reads them: the decision, what decided it, each condition. */
function reasonsOf(facts: Facts, asOf: IsoDate, lang: 'es' | 'en'): Decision {
  const bound = bonoAsOf(asOf);
  const variables = variablesOfTheDecision(bound);
  if (!variables) return decisionOf(evaluate(bound, facts), 'bono_eligible', lang);
  let key = `${asOf}|${lang}`;
  const ev = evaluate(bound, facts);
  for (const v of variables) key += `|${keyPart(ev.value(v))}`;
  const attributesKey = (names: readonly string[]) =>
    names.map((a) => keyPart(facts.attributes[a])).join('|');
  let shape = shapes.get(key);
  const known = shape?.decisions.get(attributesKey(shape.attributes));
  if (known) return known;
  // A shape not written yet: evaluated again with its attributes watched (most look-ups never get
  // here, and a watched read costs several plain ones), and the attributes read while `reading` —
  // after every value above is evaluated, only the words read them — noted.
  const read = new Set<string>();
  let reading = false;
  const attributes = new Proxy(facts.attributes, {
    get(target, name, receiver) {
      if (reading && typeof name === 'string') read.add(name);
      return Reflect.get(target, name, receiver);
    },
  });
  const watched = evaluate(bound, { ...facts, attributes });
  for (const v of variables) watched.value(v);
  reading = true;
  const decision = decisionOf(watched, 'bono_eligible', lang);
  reading = false;
  if (!shape) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shape = { attributes: [], decisions: new Map() };
    shapes.set(key, shape);
  }
  if ([...read].some((a) => !shape.attributes.includes(a))) {
    // Words of this shape that read more than seen so far: the entries keyed without it go.
    shape.attributes = [...new Set([...shape.attributes, ...read])].sort();
    shape.decisions.clear();
  }
  shape.decisions.set(attributesKey(shape.attributes), decision);
  return decision;
}

/** The facts the rules read, as loadPersonFacts (src/rules/rules.repository.ts) builds them. */
function factsOf(r: LookupRow): Facts {
  const { person, lists } = lookedUpPerson(r);
  return personFacts(person, listValuesByName(lists));
}

/**
 * The citizen's status, or `not_found` / `rate_limited`. The look-up is counted first (`admit`): a
 * found look-up writes nothing; one that names nobody counts as a failure of its client address
 * and its CI number, and past a limit look-ups are refused before anything is looked up.
 *
 * Scale-out (issue #22, docs/scaling.md): the admission is one small statement (a batch's) on `sql`, which must
 * be the primary (it takes the keys' advisory locks and counts failures, so a burst spread over
 * any number of app processes is counted as one sequence); everything the answer shows is read
 * from `options.read` — a replica under the lag bound (`readerFor`) — when given. A person the
 * primary admitted as found but whom a lagging replica does not have yet (added to the registry
 * within the lag bound) is read again from the primary, so a replica never turns a found person
 * into `not_found`.
 *
 * @example await citizenStatus(app.db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' }, { at: new Date(), clientKey: '10.0.0.7', lang: 'es', read: readerFor(app, c) })
 */
export async function citizenStatus(
  sql: Sql,
  person: PersonTriple,
  options: { at: Date; clientKey: string; lang: 'es' | 'en'; limits?: LookupLimits; read?: Sql },
): Promise<CitizenStatus> {
  const limits = options.limits ?? DEFAULT_LOOKUP_LIMITS;
  const admission = { at: options.at, person, keys: keysOf(person, options.clientKey, limits) };
  // Without a replica, the admission and the read are one statement for the whole batch.
  const together = options.read === undefined || options.read === sql;
  let admitted: Admitted;
  let r: LookupRow | null = null;
  let read = options.read ?? sql;
  if (together) {
    const answer = await admitAndLookUp(sql, admission);
    admitted = answer;
    r = answer.row;
  } else {
    admitted = await admitLookUp(sql, admission);
  }
  if (!admitted.admitted) {
    throttleRefusals.inc({ limit: 'citizen_lookup' });
    const until = admitted.refusedUntil ?? options.at;
    const wait = Math.ceil((until.getTime() - options.at.getTime()) / 1000);
    return { outcome: 'rate_limited', retryAfterSeconds: Math.max(1, wait) };
  }
  if (!admitted.found) return { outcome: 'not_found' };
  if (r === null || r.person_id === null) r = await lookUp(read, person);
  if (r.person_id === null && read !== sql) {
    read = sql;
    r = await lookUp(sql, person);
  }
  // The person was removed from the registry since `admit` saw them (a correction): nobody to show.
  if (r.person_id === null) return { outcome: 'not_found' };
  const s = toStanding(r);
  const today = toIsoDateInBolivia(options.at);
  // The rules are explained as the round applied them; with no round yet, as of today.
  const asOf = r.as_of ?? notBeforeTheBono(today);
  const why = reasonsOf(factsOf(r), asOf, options.lang);
  const reasons = [why.decision, ...why.conditions].map((c) => c.text).filter((t) => t.trim() !== '');
  const calendar = s.roundId === null ? null : await roundCalendar(read, s.roundId);
  const entitled = s.roundId !== null;
  return {
    outcome: 'found',
    eligible: entitled,
    reasons,
    why,
    amountCentavos: s.amountCentavos,
    band: s.band,
    windowOpensOn: s.opensOn,
    windowClosesOn: s.closesOn,
    deadline: s.deadline,
    rezagados: calendar
      ? { opensOn: calendar.rezagados.opensOn, closesOn: calendar.rezagados.closesOn }
      : null,
    collectableToday:
      entitled &&
      !s.payment &&
      !s.depositInFlight &&
      calendar !== null &&
      collectionRefusal(s, calendar, today) === null,
    channel: s.channel,
    depositAccountMasked: r.account_number ? masked(r.account_number) : null,
    bankName: r.deposit_bank,
    depositInFlight: s.depositInFlight,
    payment: s.payment
      ? {
          paidAt: s.payment.paidAt,
          bankName: r.paid_bank ?? s.payment.bankBic,
          paymentPoint: s.payment.paymentPoint,
          channel: s.payment.channel,
        }
      : null,
    expired: s.roundStatus === 'expired' && !s.payment,
  };
}

import type { Sql } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { batchedRead } from '../db/read-batcher.ts';
import { SOURCE_LISTS } from '../registry/index.ts';
import { type BoundProgramme, bind, bono, evaluate, type Facts, type Scalar } from '../rules/index.ts';
import { type IsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { throttleRefusals } from '../shared/metrics.ts';
import type { Channel, PersonTriple } from './bono.types.ts';
import { LATEST_ENTITLEMENT, STANDING_COLUMNS, type StandingRow, toStanding } from './payout.repository.ts';
import { collectionRefusal, roundCalendar } from './payout-standing.ts';

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
 * it is answered, in one database call (`bono_lookup_admit`, migration 0035), so a burst of guesses
 * sent at once gets no more answers than guesses sent one after another.
 */

export type CitizenStatus =
  | {
      outcome: 'found';
      eligible: boolean;
      /** Plain-language reasons from the rule trace, in the requested language. */
      reasons: string[];
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

/** One call that counts a look-up before it is answered (migration 0035 says how). */
const ADMIT = prepared(
  `SELECT is_admitted, is_found, refused_until
   FROM bono_lookup_admit($1::timestamptz, $2::text[], $3::int[], $4::float8[], $5::float8[], $6::text, $7::text, $8::date)`,
);

/**
 * Counts the look-up under its three keys unless one is locked, and says whether its triple names
 * a person; a triple that names nobody is counted as a failure under every key.
 */
async function admit(
  sql: Sql,
  person: PersonTriple,
  client: string,
  at: Date,
  limits: LookupLimits,
): Promise<{ admitted: boolean; found: boolean; refusedUntil: Date | null }> {
  const keys = [
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
  const [row] = await sql.query<{ is_admitted: boolean; is_found: boolean; refused_until: Date | null }>(
    ADMIT,
    [
      at,
      keys.map((k) => k.key),
      keys.map((k) => k.limit),
      keys.map((k) => k.window),
      keys.map((k) => k.lock),
      person.ciNumber,
      person.complemento,
      person.dateOfBirth,
    ],
  );
  if (!row) throw new Error('bono_lookup_admit returned no row');
  return { admitted: row.is_admitted, found: row.is_found, refusedUntil: row.refused_until };
}

const masked = (account: string) => `••••${account.slice(-4)}`;

/** The rules as bound at each date a look-up explains them as of (a handful of dates). */
const boundAt = new Map<string, BoundProgramme>();
function bonoAsOf(date: IsoDate): BoundProgramme {
  let bound = boundAt.get(date);
  if (!bound) {
    bound = bind(bono, { date });
    if (boundAt.size < 64) boundAt.set(date, bound);
  }
  return bound;
}

/** The conditions of eligibility as the citizen reads them: the decision, then each condition. */
function reasonsOf(facts: Facts, asOf: IsoDate, lang: 'es' | 'en'): string[] {
  return evaluate(bonoAsOf(asOf), facts)
    .reasons('bono_eligible', lang)
    .filter((s) => s.trim() !== '');
}

/**
 * Everything a look-up shows, in one round trip (a look-up used to take six), for a batch of
 * look-ups at once (ReadBatcher: under load, one query serves the look-ups that arrived while the
 * previous ones ran). Per look-up `q.i`: the person's standing, the registry facts and source-list
 * rows the rule trace is evaluated from (the same columns and rows as loadPersonFacts of src/rules
 * reads), the date the round applied the rules as of, and the banks' names. Only look-ups already
 * admitted (`admit`) with a triple that names a person are sent here.
 */
const LOOKUP = prepared(
  `SELECT q.i::int AS i, s.*
   FROM unnest($1::text[], $2::text[], $3::date[])
        WITH ORDINALITY AS q(ci_number, complemento, date_of_birth, i)
   LEFT JOIN LATERAL (
     SELECT ${STANDING_COLUMNS},
            p.ci_number, p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.sex,
            p.municipality_code::text AS municipality_code, p.department_code::int AS department_code,
            p.residence_country::text AS residence_country, to_char(p.date_of_death, 'YYYY-MM-DD') AS date_of_death,
            to_char(COALESCE(e.as_of, (SELECT r.as_of FROM bono_round r WHERE r.kind = 'regular'
              AND r.status IN ('approved', 'expired') ORDER BY r.id DESC LIMIT 1)), 'YYYY-MM-DD') AS as_of,
            e.account_number,
            (SELECT k.name FROM bono_bank k WHERE k.bic = e.bank_bic) AS deposit_bank,
            (SELECT k.name FROM bono_bank k JOIN bono_payment b ON k.bic = b.bank_bic
             WHERE b.person_id = p.id AND b.reversed_at IS NULL) AS paid_bank,
            ${SOURCE_LISTS.map(
              (list, i) =>
                `(SELECT jsonb_build_object(${list.extra.map((c) => `'${c.name}', l.${c.name}`).join(', ')})
                  FROM ${list.table} l WHERE l.person_id = p.id
                  AND l.import_id = (SELECT import_id FROM source_list_current WHERE list = '${list.name}')) AS l${i}`,
            ).join(',\n            ')}
     FROM person p
     ${LATEST_ENTITLEMENT}
     WHERE p.ci_number = q.ci_number AND p.complemento = q.complemento AND p.date_of_birth = q.date_of_birth) s
     ON true
   ORDER BY q.i`,
);

/** One look-up query for many persons: one row per person, in their order. */
function lookUpMany(sql: Sql, persons: PersonTriple[]): Promise<LookupRow[]> {
  return sql.query<LookupRow>(LOOKUP, [
    persons.map((p) => p.ciNumber),
    persons.map((p) => p.complemento),
    persons.map((p) => p.dateOfBirth),
  ]);
}

const lookUp = batchedRead(lookUpMany);

type LookupRow = StandingRow & {
  i: number;
  ci_number: string;
  complemento: string;
  date_of_birth: string;
  sex: string;
  municipality_code: string;
  department_code: number;
  residence_country: string;
  date_of_death: string | null;
  as_of: string | null;
  account_number: string | null;
  deposit_bank: string | null;
  paid_bank: string | null;
} & Record<`l${number}`, Record<string, Scalar> | null>;

/** The facts the rules read, as loadPersonFacts (src/rules/rules.repository.ts) builds them. */
function factsOf(r: LookupRow): Facts {
  const lists: Record<string, Record<string, Scalar>> = {};
  SOURCE_LISTS.forEach((list, i) => {
    const values = r[`l${i}`];
    if (values) lists[list.name] = values;
  });
  return {
    attributes: {
      ci_number: r.ci_number,
      complemento: r.complemento,
      date_of_birth: r.date_of_birth,
      sex: r.sex,
      municipality_code: r.municipality_code,
      department_code: r.department_code,
      residence_country: r.residence_country,
      date_of_death: r.date_of_death,
    },
    lists,
  };
}

/**
 * The citizen's status, or `not_found` / `rate_limited`. The look-up is counted first (`admit`): a
 * found look-up writes nothing; one that names nobody counts as a failure of its client address
 * and its CI number, and past a limit look-ups are refused before anything is looked up.
 *
 * @example await citizenStatus(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' }, { at: new Date(), clientKey: '10.0.0.7', lang: 'es' })
 */
export async function citizenStatus(
  sql: Sql,
  person: PersonTriple,
  options: { at: Date; clientKey: string; lang: 'es' | 'en'; limits?: LookupLimits },
): Promise<CitizenStatus> {
  const limits = options.limits ?? DEFAULT_LOOKUP_LIMITS;
  const admitted = await admit(sql, person, options.clientKey, options.at, limits);
  if (!admitted.admitted) {
    throttleRefusals.inc({ limit: 'citizen_lookup' });
    const until = admitted.refusedUntil ?? options.at;
    const wait = Math.ceil((until.getTime() - options.at.getTime()) / 1000);
    return { outcome: 'rate_limited', retryAfterSeconds: Math.max(1, wait) };
  }
  if (!admitted.found) return { outcome: 'not_found' };
  const r = await lookUp(sql, person);
  // The person was removed from the registry since `admit` saw them (a correction): nobody to show.
  if (r.person_id === null) return { outcome: 'not_found' };
  const s = toStanding(r);
  const today = toIsoDateInBolivia(options.at);
  // The rules are explained as the round applied them; with no round yet, as of today.
  const asOf = r.as_of ?? (today < '2020-12-01' ? '2020-12-01' : today);
  const reasons = reasonsOf(factsOf(r), asOf, options.lang);
  const calendar = s.roundId === null ? null : await roundCalendar(sql, s.roundId);
  const entitled = s.roundId !== null;
  return {
    outcome: 'found',
    eligible: entitled,
    reasons,
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

import type { Sql } from '../db/database.ts';
import { bind, bono, evaluate, loadPersonFacts, type TraceNode } from '../rules/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Channel, PersonTriple } from './bono.types.ts';
import { toIsoDateInBolivia } from './calendar.ts';
import { collectionRefusal, roundCalendar, standingOf } from './payouts.ts';

/**
 * "¿Soy beneficiario?": a citizen gives CI number, complemento and date of birth and learns whether
 * they are entitled and why (the rule trace in plain language), their window, the amount, and
 * whether they were paid (when, where). Nothing is revealed without the full triple: a wrong
 * triple gets the same answer whether or not the CI exists. Failed look-ups are counted per client
 * address and per CI number; past the limit the look-up is refused for a while, so dates of birth
 * cannot be guessed.
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
  /** Failed look-ups allowed per client address within the window. */
  perClient: number;
  /** Failed look-ups allowed per CI number within the window (someone guessing a date of birth). */
  perCi: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  perClient: 20,
  perCi: 5,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
};

const clientKey = (k: string) => `client:${k}`;
const ciKey = (ci: string) => `ci:${ci}`;

async function lockedFor(sql: Sql, keys: string[], at: Date): Promise<number> {
  const rows = await sql.query<{ until: Date }>(
    'SELECT locked_until AS until FROM bono_lookup_throttle WHERE key = ANY($1::text[]) AND locked_until > $2',
    [keys, at],
  );
  if (rows.length === 0) return 0;
  const until = Math.max(...rows.map((r) => new Date(r.until).getTime()));
  return Math.ceil((until - at.getTime()) / 1000);
}

async function countFailure(
  sql: Sql,
  key: string,
  limit: number,
  at: Date,
  limits: LookupLimits,
): Promise<void> {
  await sql.query(
    `INSERT INTO bono_lookup_throttle AS t (key, failures, window_started_at, locked_until)
     VALUES ($1, 1, $2::timestamptz, CASE WHEN 1 >= $3::int THEN $2::timestamptz + make_interval(secs => $5::float8) END)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at < $2::timestamptz - make_interval(secs => $4::float8) THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN t.window_started_at < $2::timestamptz - make_interval(secs => $4::float8) THEN $2::timestamptz ELSE t.window_started_at END,
       locked_until = CASE
         WHEN t.window_started_at >= $2::timestamptz - make_interval(secs => $4::float8) AND t.failures + 1 >= $3::int THEN $2::timestamptz + make_interval(secs => $5::float8)
         ELSE t.locked_until END`,
    [key, at, limit, limits.windowSeconds, limits.lockSeconds],
  );
}

const masked = (account: string) => `••••${account.slice(-4)}`;

/** The conditions of eligibility as the citizen reads them: the decision, then each condition. */
function reasonsOf(node: TraceNode, lang: 'es' | 'en'): string[] {
  return [node.explanation[lang], ...node.children.map((c) => c.explanation[lang])].filter(
    (s) => s.trim() !== '',
  );
}

/**
 * The citizen's status, or `not_found` / `rate_limited`.
 *
 * @example await citizenStatus(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' }, { at: new Date(), clientKey: '10.0.0.7', lang: 'es' })
 */
export async function citizenStatus(
  sql: Sql,
  person: PersonTriple,
  options: { at: Date; clientKey: string; lang: 'es' | 'en'; limits?: LookupLimits },
): Promise<CitizenStatus> {
  const limits = options.limits ?? DEFAULT_LOOKUP_LIMITS;
  const keys = [clientKey(options.clientKey), ciKey(person.ciNumber)];
  const wait = await lockedFor(sql, keys, options.at);
  if (wait > 0) return { outcome: 'rate_limited', retryAfterSeconds: wait };
  const s = await standingOf(sql, person);
  if (s.personId === null) {
    await countFailure(sql, keys[0]!, limits.perClient, options.at, limits);
    await countFailure(sql, keys[1]!, limits.perCi, options.at, limits);
    return { outcome: 'not_found' };
  }
  const today = toIsoDateInBolivia(options.at);
  const [round] =
    s.roundId === null
      ? await sql.query<{ as_of: string }>(
          `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of FROM bono_round WHERE kind = 'regular' AND status IN ('approved', 'expired') ORDER BY id DESC LIMIT 1`,
        )
      : await sql.query<{ as_of: string }>(
          `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of FROM bono_round WHERE id = $1`,
          [s.roundId],
        );
  // The rules are explained as the round applied them; with no round yet, as of today.
  const asOf = round?.as_of ?? (today < '2020-12-01' ? '2020-12-01' : today);
  const { facts } = await loadPersonFacts(sql, person);
  const trace = evaluate(bind(bono, { date: asOf }), facts).traceOf('bono_eligible');
  const reasons = reasonsOf(trace, options.lang);
  const bankRows =
    s.roundId === null
      ? []
      : await sql.query<{
          account_number: string | null;
          deposit_bank: string | null;
          paid_bank: string | null;
        }>(
          `SELECT e.account_number, db.name AS deposit_bank, pb.name AS paid_bank
           FROM bono_entitlement e
           LEFT JOIN bono_bank db ON db.bic = e.bank_bic
           LEFT JOIN bono_bank pb ON pb.bic = $3
           WHERE e.round_id = $1 AND e.person_id = $2`,
          [s.roundId, s.personId.toString(), s.payment?.bankBic ?? null],
        );
  const bank = bankRows[0];
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
    depositAccountMasked: bank?.account_number ? masked(bank.account_number) : null,
    bankName: bank?.deposit_bank ?? null,
    depositInFlight: s.depositInFlight,
    payment: s.payment
      ? {
          paidAt: s.payment.paidAt,
          bankName: bank?.paid_bank ?? s.payment.bankBic,
          paymentPoint: s.payment.paymentPoint,
          channel: s.payment.channel,
        }
      : null,
    expired: s.roundStatus === 'expired' && !s.payment,
  };
}

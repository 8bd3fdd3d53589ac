import { assert } from '../shared/assert.ts';

/**
 * Statistical disclosure control for every public figure (pages, charts and CSV files).
 *
 * The rule: a count from 1 to 4 is never published; it is shown as "<5" and its amount is withheld
 * ("x"), because a group that small can point at a person. Zero is published: nobody is in it.
 * `publishCount` is the one function that applies the threshold; `suppressCounts` applies it to a
 * set of related counts and then withholds further counts ("x") wherever a small one could
 * otherwise be worked out by subtraction (a department's count from the national total and the
 * other departments). See README.md beside this file.
 */

/** Counts below this (and above zero) are suppressed. */
export const SUPPRESSION_THRESHOLD = 5n;

/** What a suppressed count shows, on pages and in CSV files alike. */
export const SMALL_MARK = '<5';

/** What a withheld value shows: the amount of a small count, or a count hidden to protect one. */
export const WITHHELD_MARK = 'x';

/**
 * A complementary count at least this large leaves a reader who knows only that it is not "<5"
 * (so at least 5) unable to narrow a hidden small count below the whole range 1–4:
 * hidden small + complement ≥ 1 + 8 = 9, and 9 − 5 = 4.
 */
const PROTECTING_COUNT = 8n;

/**
 * The disclosure rule, the one place that decides: a count from 1 to 4 becomes "<5"; 0 and counts
 * of 5 or more are published as they are.
 *
 * @example publishCount(4n) // '<5'; publishCount(5n) // 5n; publishCount(0n) // 0n
 */
export function publishCount(count: bigint): bigint | typeof SMALL_MARK {
  assert(count >= 0n, `a count cannot be negative: ${count}`);
  return count > 0n && count < SUPPRESSION_THRESHOLD ? SMALL_MARK : count;
}

/** A count to publish, with the amount of money it stands for when it has one. */
export interface CountCell {
  count: bigint;
  amountCentavos?: bigint;
}

/** `total` is the sum of `parts`: knowing all but one of them gives away the last. */
export interface SumRelation {
  total: string;
  parts: readonly string[];
}

/** A count as it may be published. */
export type PublishedCell =
  | { state: 'shown'; count: bigint; amountCentavos: bigint | null }
  /** 1–4: shows "<5"; its amount is withheld. */
  | { state: 'small' }
  /** Withheld so that a small count elsewhere cannot be derived. */
  | { state: 'withheld' };

/**
 * Applies the rule to a set of counts bound by sums (a table with its total, a total split by
 * department and by channel, eligible = paid + unclaimed + pending). Each count 1–4 is "small";
 * then, while some sum has exactly one hidden member, one more member of it is withheld: the
 * smallest part of at least 8 if there is one (see PROTECTING_COUNT), else the largest part, the
 * total only when no part can serve. Zero counts are never withheld: hiding a zero protects nothing.
 * Cells hidden this way lose their amount too. Every relation must add up (a bug otherwise).
 *
 * Limits: this protects against exact recovery through the sums it is given; it is the usual
 * cell-suppression heuristic, not an optimal solver, and it knows nothing of sums it is not told.
 *
 * @example
 *   suppressCounts({ a: { count: 3n }, b: { count: 40n }, c: { count: 9n }, t: { count: 52n } },
 *     [{ total: 't', parts: ['a', 'b', 'c'] }])
 *   // a: small, c: withheld (the smallest part ≥ 8), b and t shown
 */
export function suppressCounts(
  cells: Readonly<Record<string, CountCell>>,
  relations: readonly SumRelation[],
): Map<string, PublishedCell> {
  const cell = (key: string): CountCell => {
    const c = cells[key];
    assert(c !== undefined, `suppression relation names an unknown cell: ${key}`);
    return c;
  };
  for (const r of relations) {
    const sum = r.parts.reduce((s, k) => s + cell(k).count, 0n);
    assert(
      sum === cell(r.total).count,
      `counts do not add up: ${r.total} = ${cell(r.total).count}, parts ${sum}`,
    );
  }

  const hidden = new Map<string, 'small' | 'withheld'>();
  for (const [key, c] of Object.entries(cells))
    if (publishCount(c.count) === SMALL_MARK) hidden.set(key, 'small');

  // Each pass either withholds one more cell or ends; there are finitely many cells.
  const limit = Object.keys(cells).length + 1;
  for (let pass = 0; ; pass++) {
    assert(pass <= limit, 'suppression did not settle');
    let changed = false;
    for (const r of relations) {
      const members = [r.total, ...r.parts];
      if (members.filter((k) => hidden.has(k)).length !== 1) continue;
      const open = r.parts.filter((k) => !hidden.has(k) && cell(k).count > 0n);
      const choice = pickComplement(open, cell) ?? (cell(r.total).count > 0n ? r.total : undefined);
      // A lone hidden member with every other member zero cannot happen: its total would be as small.
      assert(choice !== undefined && !hidden.has(choice), `no cell can protect the hidden one in ${r.total}`);
      hidden.set(choice, 'withheld');
      changed = true;
    }
    if (!changed) break;
  }

  const out = new Map<string, PublishedCell>();
  for (const [key, c] of Object.entries(cells)) {
    const h = hidden.get(key);
    out.set(
      key,
      h === undefined
        ? { state: 'shown', count: c.count, amountCentavos: c.amountCentavos ?? null }
        : { state: h },
    );
  }
  return out;
}

function pickComplement(open: readonly string[], cell: (k: string) => CountCell): string | undefined {
  let smallestProtecting: string | undefined;
  let largest: string | undefined;
  for (const k of open) {
    const n = cell(k).count;
    if (n >= PROTECTING_COUNT && (smallestProtecting === undefined || n < cell(smallestProtecting).count))
      smallestProtecting = k;
    if (largest === undefined || n > cell(largest).count) largest = k;
  }
  return smallestProtecting ?? largest;
}

/** A period of consecutive days and what was paid in it. */
export interface Period {
  from: string;
  to: string;
  count: bigint;
  amountCentavos: bigint;
}

/**
 * Groups a daily series (days in order, each with a count above zero) into periods of at least
 * 5 each, so a daily chart and its running total need no suppression mark at all: a day with 1–4
 * is joined to the days after it until the period reaches 5; a short run at the end is joined to
 * the period before it. Only a series whose whole total is 1–4 keeps one small period, which the
 * caller publishes as "<5". The sum of the periods is the sum of the days.
 *
 * @example
 *   groupSmallDays([{ day: '2020-12-01', count: 2n, amountCentavos: 200n }, { day: '2020-12-02', count: 9n, amountCentavos: 900n }])
 *   // [{ from: '2020-12-01', to: '2020-12-02', count: 11n, amountCentavos: 1100n }]
 */
export function groupSmallDays(
  days: readonly { day: string; count: bigint; amountCentavos: bigint }[],
): Period[] {
  const periods: Period[] = [];
  let open: Period | undefined;
  let previous = '';
  for (const d of days) {
    assert(d.count > 0n, `a day in the series has no payments: ${d.day}`);
    assert(d.day > previous, `days out of order at ${d.day}`);
    previous = d.day;
    if (open === undefined) open = { from: d.day, to: d.day, count: 0n, amountCentavos: 0n };
    open.to = d.day;
    open.count += d.count;
    open.amountCentavos += d.amountCentavos;
    if (open.count >= SUPPRESSION_THRESHOLD) {
      periods.push(open);
      open = undefined;
    }
  }
  if (open !== undefined) {
    const last = periods.at(-1);
    if (last === undefined) periods.push(open);
    else {
      last.to = open.to;
      last.count += open.count;
      last.amountCentavos += open.amountCentavos;
    }
  }
  return periods;
}

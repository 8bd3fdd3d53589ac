import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type CountCell,
  groupSmallDays,
  publishCount,
  type SumRelation,
  suppressCounts,
} from '../../src/transparency/index.ts';

/** The disclosure rule and the suppression built on it: pure functions, no database. */

test('publishCount: 1–4 become "<5" on both sides of the threshold; 0 and 5+ are published', () => {
  assert.equal(publishCount(0n), 0n);
  assert.equal(publishCount(1n), '<5');
  assert.equal(publishCount(4n), '<5');
  assert.equal(publishCount(5n), 5n);
  assert.equal(publishCount(6n), 6n);
  assert.equal(publishCount(1_000_000n), 1_000_000n);
  assert.throws(() => publishCount(-1n), /negative/);
});

test('a small count in a table with a total gets a complement: the smallest part of at least 8', () => {
  const cells = {
    a: { count: 3n, amountCentavos: 300n },
    b: { count: 40n, amountCentavos: 4000n },
    c: { count: 9n, amountCentavos: 900n },
    d: { count: 6n, amountCentavos: 600n },
    z: { count: 0n, amountCentavos: 0n },
    t: { count: 58n, amountCentavos: 5800n },
  };
  const out = suppressCounts(cells, [{ total: 't', parts: ['a', 'b', 'c', 'd', 'z'] }]);
  assert.deepEqual(out.get('a'), { state: 'small' });
  assert.deepEqual(out.get('c'), { state: 'withheld' }, 'c (9) protects a; d (6) is too small to');
  assert.deepEqual(out.get('b'), { state: 'shown', count: 40n, amountCentavos: 4000n });
  assert.deepEqual(out.get('d'), { state: 'shown', count: 6n, amountCentavos: 600n });
  assert.deepEqual(out.get('z'), { state: 'shown', count: 0n, amountCentavos: 0n }, 'zero stays zero');
  assert.deepEqual(out.get('t'), { state: 'shown', count: 58n, amountCentavos: 5800n });
});

test('without a part of 8 or more, the largest part protects; two small parts protect each other', () => {
  const one = suppressCounts({ a: { count: 2n }, b: { count: 5n }, c: { count: 7n }, t: { count: 14n } }, [
    { total: 't', parts: ['a', 'b', 'c'] },
  ]);
  assert.equal(one.get('c')?.state, 'withheld');
  assert.equal(one.get('b')?.state, 'shown');
  const two = suppressCounts({ a: { count: 2n }, b: { count: 3n }, c: { count: 70n }, t: { count: 75n } }, [
    { total: 't', parts: ['a', 'b', 'c'] },
  ]);
  assert.equal(two.get('a')?.state, 'small');
  assert.equal(two.get('b')?.state, 'small');
  assert.equal(two.get('c')?.state, 'shown', 'two hidden cells: neither can be derived alone');
});

test('suppression spreads through linked sums until none has a single hidden member', () => {
  // Rows e = p + u, and column totals. u1 = 2 is small; it makes row 1 withhold p1 and the
  // unclaimed column withhold u2; p1 makes the paid column withhold p2. Row 2 then has two hidden.
  const cells: Record<string, CountCell> = {
    e1: { count: 30n },
    p1: { count: 28n },
    u1: { count: 2n },
    e2: { count: 50n },
    p2: { count: 40n },
    u2: { count: 10n },
    e: { count: 80n },
    p: { count: 68n },
    u: { count: 12n },
  };
  const relations: SumRelation[] = [
    { total: 'e1', parts: ['p1', 'u1'] },
    { total: 'e2', parts: ['p2', 'u2'] },
    { total: 'p', parts: ['p1', 'p2'] },
    { total: 'u', parts: ['u1', 'u2'] },
    { total: 'e', parts: ['e1', 'e2'] },
    { total: 'e', parts: ['p', 'u'] },
  ];
  const out = suppressCounts(cells, relations);
  const hidden = [...out].filter(([, c]) => c.state !== 'shown').map(([k]) => k);
  assert.deepEqual(hidden.sort(), ['p1', 'p2', 'u1', 'u2']);
  for (const r of relations) {
    const n = [r.total, ...r.parts].filter((k) => out.get(k)!.state !== 'shown').length;
    assert.notEqual(n, 1, `${r.total}: exactly one hidden member could be derived`);
  }
});

test('relations that do not add up are a bug and throw', () => {
  assert.throws(
    () => suppressCounts({ a: { count: 1n }, t: { count: 2n } }, [{ total: 't', parts: ['a'] }]),
    /do not add up/,
  );
  assert.throws(
    () => suppressCounts({ t: { count: 2n } }, [{ total: 't', parts: ['nope'] }]),
    /unknown cell/,
  );
});

test('property: no sum ever has exactly one hidden member, shown cells keep their values, small cells are hidden', () => {
  const table = fc.record({
    rows: fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 2 }), {
      minLength: 1,
      maxLength: 9,
    }),
  });
  fc.assert(
    fc.property(table, ({ rows }) => {
      // A department × {paid, unclaimed} table with row totals, column totals and a grand total.
      const cells: Record<string, CountCell> = {};
      const relations: SumRelation[] = [];
      let grand = 0n;
      const col = [0n, 0n];
      rows.forEach((r, i) => {
        const [p, u] = r.map(BigInt) as [bigint, bigint];
        cells[`p${i}`] = { count: p, amountCentavos: p * 100_000n };
        cells[`u${i}`] = { count: u, amountCentavos: u * 100_000n };
        cells[`e${i}`] = { count: p + u, amountCentavos: (p + u) * 100_000n };
        relations.push({ total: `e${i}`, parts: [`p${i}`, `u${i}`] });
        col[0]! += p;
        col[1]! += u;
        grand += p + u;
      });
      cells['p'] = { count: col[0]! };
      cells['u'] = { count: col[1]! };
      cells['e'] = { count: grand };
      relations.push({ total: 'p', parts: rows.map((_, i) => `p${i}`) });
      relations.push({ total: 'u', parts: rows.map((_, i) => `u${i}`) });
      relations.push({ total: 'e', parts: rows.map((_, i) => `e${i}`) });
      relations.push({ total: 'e', parts: ['p', 'u'] });
      const out = suppressCounts(cells, relations);
      for (const [key, c] of Object.entries(cells)) {
        const p = out.get(key)!;
        if (c.count > 0n && c.count < 5n) assert.equal(p.state, 'small', key);
        if (c.count === 0n) assert.equal(p.state, 'shown', `${key}: zero is never hidden`);
        if (p.state === 'shown') assert.equal(p.count, c.count);
      }
      for (const r of relations) {
        const n = [r.total, ...r.parts].filter((k) => out.get(k)!.state !== 'shown').length;
        assert.notEqual(n, 1, `${r.total} = ${r.parts.join(' + ')} has one hidden member`);
      }
    }),
    { numRuns: 300 },
  );
});

test('groupSmallDays joins days with 1–4 to the following ones and a short tail to the period before', () => {
  const day = (d: string, n: number) => ({ day: d, count: BigInt(n), amountCentavos: BigInt(n) * 100_000n });
  assert.deepEqual(
    groupSmallDays([
      day('2020-12-01', 10),
      day('2020-12-02', 3),
      day('2020-12-03', 16),
      day('2021-01-15', 2),
      day('2021-01-20', 2),
    ]),
    [
      { from: '2020-12-01', to: '2020-12-01', count: 10n, amountCentavos: 1_000_000n },
      { from: '2020-12-02', to: '2021-01-20', count: 23n, amountCentavos: 2_300_000n },
    ],
  );
  assert.deepEqual(groupSmallDays([day('2020-12-01', 2), day('2020-12-02', 3), day('2020-12-03', 5)]), [
    { from: '2020-12-01', to: '2020-12-02', count: 5n, amountCentavos: 500_000n },
    { from: '2020-12-03', to: '2020-12-03', count: 5n, amountCentavos: 500_000n },
  ]);
  assert.deepEqual(groupSmallDays([day('2020-12-01', 1), day('2020-12-05', 2)]), [
    { from: '2020-12-01', to: '2020-12-05', count: 3n, amountCentavos: 300_000n },
  ]);
  assert.deepEqual(groupSmallDays([]), []);
  assert.throws(() => groupSmallDays([day('2020-12-02', 5), day('2020-12-01', 5)]), /out of order/);
});

test('property: periods partition the days, sum to the total and only a whole total under 5 is small', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 40 }), (counts) => {
      const days = counts.map((n, i) => ({
        day: new Date(Date.UTC(2020, 11, 1 + i)).toISOString().slice(0, 10),
        count: BigInt(n),
        amountCentavos: BigInt(n) * 7n,
      }));
      const periods = groupSmallDays(days);
      const total = counts.reduce((s, n) => s + n, 0);
      assert.equal(
        periods.reduce((s, p) => s + Number(p.count), 0),
        total,
      );
      assert.equal(
        periods.reduce((s, p) => s + Number(p.amountCentavos), 0),
        total * 7,
      );
      for (const p of periods) if (periods.length > 1 || total >= 5) assert.ok(p.count >= 5n);
      for (let i = 1; i < periods.length; i++) assert.ok(periods[i]!.from > periods[i - 1]!.to);
      if (days.length > 0) {
        assert.equal(periods[0]!.from, days[0]!.day);
        assert.equal(periods.at(-1)!.to, days.at(-1)!.day);
      }
    }),
    { numRuns: 300 },
  );
});

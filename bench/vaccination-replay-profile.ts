/**
 * Profile of the replay of 2021 (src/vaccination/replay.ts) by statement: the bench country of
 * `--people` persons copied (bench/vaccination-kit.ts), the replay played `--from`…`--to` with
 * every statement of each day's transaction timed by what it is (the three stages' INSERTs, the
 * stock reads, the ledger's moves, the rest), and the time of each kind printed per month, so
 * that a statement whose cost grows with the doses given shows as its month's column growing.
 *
 *   node --import tsx bench/vaccination-replay-profile.ts [--people 100000] [--from 2021-01-29]
 *        [--to 2021-12-31] [--server postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * `--explain 2021-05-20,2021-09-15`: on those days, each stage's statement is first run under
 * EXPLAIN (ANALYZE, BUFFERS) inside a savepoint rolled back, and its plan printed.
 *
 * It prints the curve and each day's doses as well, to compare a change's curve with the one before.
 */
import type { Sql } from '../src/db/database.ts';
import { addDays } from '../src/shared/dates.ts';
import { type ReplayDay, replay2021 } from '../src/vaccination/index.ts';
import { arg, flag } from './country.ts';
import { benchCopy } from './vaccination-kit.ts';

const PEOPLE = Number(arg('people', '100000'));
const FROM = arg('from', '2021-01-29');
const TO = arg('to', '2021-12-31');
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');

/** What a statement is, by the tables it names. */
function kindOf(text: string): string {
  if (text.includes('INSERT INTO vaccination_dose')) {
    if (text.includes('DELETE FROM vaccination_replay_second_due')) return 'second';
    if (text.includes('DELETE FROM vaccination_replay_booster_due')) return 'booster';
    if (text.includes('DELETE FROM vaccination_replay_candidate')) return 'first';
  }
  if (text.includes('vaccination_replay_second_due')) return 'reserve';
  if (text.includes('ledger')) return 'ledger';
  if (text.includes('vaccination_stock') || text.includes('stock')) return 'stock';
  return 'other';
}

const EXPLAIN = new Set(arg('explain', '').split(',').filter(Boolean));
let today = '';

const copy = await benchCopy(PEOPLE, 'replayprof', SERVER, 4);
const { db } = copy;
let spent = new Map<string, number>();
const transaction = db.transaction.bind(db);
db.transaction = <T>(fn: (tx: Sql) => Promise<T>) =>
  transaction((tx) => {
    const query = tx.query.bind(tx);
    const timed: Sql = Object.create(tx);
    timed.query = async <R>(text: string, params?: readonly unknown[]) => {
      const k0 = kindOf(text);
      if (EXPLAIN.has(today) && ['first', 'second', 'booster'].includes(k0)) {
        await query('SAVEPOINT profile');
        const plan = await query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
        await query('ROLLBACK TO SAVEPOINT profile');
        console.log(`plan of ${k0} on ${today}:\n${plan.map((p) => p['QUERY PLAN']).join('\n')}`);
      }
      const t = performance.now();
      try {
        return await query<R>(text, params);
      } finally {
        const k = kindOf(text);
        spent.set(k, (spent.get(k) ?? 0) + performance.now() - t);
      }
    };
    return fn(timed);
  });

let month = '';
let monthStart = performance.now();
let monthDoses = 0;
const doses = (d: ReplayDay) => d.first + d.second + d.single + d.booster;
const cpu0 = process.cpuUsage();
const print = () => {
  const parts = [...spent.entries()].sort().map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}`);
  console.log(
    `  ${month}: ${((performance.now() - monthStart) / 1000).toFixed(1)} s, ${monthDoses} doses; ${parts.join(', ')}`,
  );
};
const t0 = performance.now();
const r = await replay2021(db, {
  from: FROM,
  to: TO,
  actor: 'account:bench',
  now: () => new Date('2026-12-07T12:00:00Z'),
  progress: (d) => {
    today = addDays(d.day, 1);
    const m = d.day.slice(0, 7);
    if (m !== month) {
      if (month !== '') print();
      month = m;
      monthStart = performance.now();
      monthDoses = 0;
      spent = new Map();
    }
    monthDoses += doses(d);
  },
});
print();
if (!r.ok) throw new Error(`replay refused: ${JSON.stringify(r.error)}`);
const cpu = process.cpuUsage(cpu0);
const recorded = r.value.days.reduce((s, d) => s + doses(d), 0);
console.log(
  `replay on ${PEOPLE} persons: ${((performance.now() - t0) / 1000).toFixed(1)} s, node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${recorded} doses, ledger ${r.value.ledgerOk ? 'verified' : 'NOT verified'}`,
);
for (const c of r.value.curve) console.log(`  curve ${c.on} ${c.measure} ${c.replayed}`);
for (const d of r.value.days) console.log(`  day ${d.day} ${d.first} ${d.second} ${d.single} ${d.booster}`);
await copy.finish(flag('keep'));

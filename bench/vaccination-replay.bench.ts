/**
 * Benchmark: the replay of 2021 (`ayni vaccination replay`, src/vaccination/replay.ts) on the bench
 * country.
 *
 *   node --import tsx bench/vaccination-replay.bench.ts [--people 100000] [--from 2021-01-29]
 *        [--to 2021-12-31] [--server postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * The country of `--people` persons (bench/country.ts: generated with seed 11 and imported once
 * into `ayni_bench_country_<people>`, kept) is copied into `ayni_bench_replay_<people>` (CREATE
 * DATABASE … TEMPLATE), so every run starts without doses; the replay plays `--from`…`--to`, and
 * the bench prints the time of the whole replay and of each month, the doses recorded, the doses
 * per second, the time of the closing verification (the whole ledger and each site's doses), the
 * curve beside the published milestones, and the database's size. The copy is dropped unless
 * `--keep`.
 */
import { type ReplayDay, replay2021 } from '../src/vaccination/index.ts';
import { arg, flag, seconds } from './country.ts';
import { benchCopy } from './vaccination-kit.ts';

const PEOPLE = Number(arg('people', '100000'));
const FROM = arg('from', '2021-01-29');
const TO = arg('to', '2021-12-31');
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');

const copy = await benchCopy(PEOPLE, 'replay', SERVER, 10);
const { db } = copy;

let month = '';
let monthStart = performance.now();
let monthDoses = 0;
const months: { month: string; seconds: string; doses: number }[] = [];
const doses = (d: ReplayDay) => d.first + d.second + d.single + d.booster;
const t0 = performance.now();
const r = await replay2021(db, {
  from: FROM,
  to: TO,
  actor: 'account:bench',
  now: () => new Date('2026-12-07T12:00:00Z'),
  progress: (d) => {
    const m = d.day.slice(0, 7);
    if (m !== month) {
      if (month !== '') {
        months.push({ month, seconds: seconds(monthStart), doses: monthDoses });
        // As it goes, so that a run of hours can be followed in its log.
        console.log(
          `  played ${month}: ${seconds(monthStart)} s, ${monthDoses.toLocaleString('en')} doses (${new Date().toISOString()})`,
        );
      }
      month = m;
      monthStart = performance.now();
      monthDoses = 0;
    }
    monthDoses += doses(d);
  },
});
const total = (performance.now() - t0) / 1000;
months.push({ month, seconds: seconds(monthStart), doses: monthDoses });
if (!r.ok) throw new Error(`replay refused: ${JSON.stringify(r.error)}`);
const report = r.value;
const recorded = report.days.reduce((s, d) => s + doses(d), 0);
const [size] = await db.query<{ size: string }>(
  'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
);
console.log(
  `replay ${FROM} → ${TO} on ${PEOPLE.toLocaleString('en')} persons (${report.registryResidents.toLocaleString('en')} residents): ${total.toFixed(1)} s, ${recorded.toLocaleString('en')} doses, ${(recorded / total).toFixed(0)} doses/s, ledger ${report.ledgerOk ? 'verified' : `NOT verified: ${report.ledgerProblems.join('; ')}`}, database ${size!.size}`,
);
for (const m of months) console.log(`  ${m.month}: ${m.seconds} s, ${m.doses.toLocaleString('en')} doses`);
for (const c of report.curve)
  console.log(
    `  ${c.on} ${c.measure.padEnd(8)} published ${c.published.toLocaleString('en').padStart(10)} replayed ${(c.replayed ?? 0).toLocaleString('en').padStart(10)} ${c.relativeDifference === null ? '' : `${(c.relativeDifference * 100).toFixed(1)}%`}`,
  );
for (const d of report.departments)
  console.log(
    `  ${d.name.padEnd(12)} first doses: published ${(d.publishedShare * 100).toFixed(1)}%, replayed ${d.replayedShare === null ? '—' : `${(d.replayedShare * 100).toFixed(1)}%`}`,
  );
await copy.finish(flag('keep'));

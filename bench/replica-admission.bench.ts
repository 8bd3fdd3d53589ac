/**
 * Benchmark (issue #22): what the citizen look-up costs the primary once its read is on a replica.
 * The look-up is two statements (src/bono/status.ts): the admission (`bono_lookup_admit`, on the
 * primary: the guessing limits' advisory locks and counts) and the read of everything the answer
 * shows (on a replica). This runs each one alone, one after another on one connection, for the same
 * found persons, and prints the CPU the PostgreSQL backend spent per statement (from /proc, so
 * that other work on the machine does not count) and the wall time.
 *
 *   node --import tsx bench/replica-admission.bench.ts [--people 100000] [--count 3000]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres]
 *
 * On the bench country of bench/replica-lookups.bench.ts (`ayni_bench_scale_country_<people>`).
 */
import { readFileSync } from 'node:fs';
import { admitLookUp, lookUp } from '../src/bono/status.repository.ts';
import { DEFAULT_LOOKUP_LIMITS } from '../src/bono/status.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { arg } from './country.ts';

const people = Number(arg('people', '100000'));
const count = Number(arg('count', '3000'));
const server = new URL(arg('server', 'postgres://postgres@127.0.0.1:5432/postgres'));
server.pathname = `/${arg('database', `ayni_bench_scale_country_${people}`)}`;

const cpuMs = (pid: number) => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};

const db = await openPostgres(server.toString(), 1);
try {
  const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
  const persons = (
    await db.query<{ ci: string; c: string; dob: string }>(
      `SELECT ci_number AS ci, complemento AS c, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM person
       WHERE id % 3 = 1 LIMIT $1`,
      [count],
    )
  ).map((p) => ({ ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob }));
  const l = DEFAULT_LOOKUP_LIMITS;
  const at = new Date('2021-02-01T15:00:00Z');
  const admit = (p: (typeof persons)[number], i: number) =>
    admitLookUp(db, {
      at,
      person: p,
      keys: [
        {
          key: `client:10.8.${i >> 8}.${i & 255}`,
          limit: l.perClient,
          window: l.windowSeconds,
          lock: l.lockSeconds,
        },
        {
          key: `ci:${p.ciNumber}@10.8.${i >> 8}.${i & 255}`,
          limit: l.perCiAndClient,
          window: l.windowSeconds,
          lock: l.lockSeconds,
        },
        { key: `ci-day:${p.ciNumber}`, limit: l.perCi, window: l.ciWindowSeconds, lock: l.ciLockSeconds },
      ],
    });
  const measure = async (
    label: string,
    run: (p: (typeof persons)[number], i: number) => Promise<unknown>,
  ) => {
    for (const [i, p] of persons.slice(0, 200).entries()) await run(p, i); // warm-up: plans, caches
    const c0 = cpuMs(pid);
    const t0 = performance.now();
    for (const [i, p] of persons.entries()) await run(p, i);
    const ms = performance.now() - t0;
    const cpu = cpuMs(pid) - c0;
    console.log(
      `${label}: ${persons.length} statements, backend CPU ${((cpu * 1000) / persons.length).toFixed(0)} µs each, wall ${((ms * 1000) / persons.length).toFixed(0)} µs each`,
    );
  };
  console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  for (let round = 0; round < 2; round++) {
    await measure('admission (bono_lookup_admit, primary)', admit);
    await measure('read (the answer, replica)', (p) => lookUp(db, p));
  }
} finally {
  await db.close();
}

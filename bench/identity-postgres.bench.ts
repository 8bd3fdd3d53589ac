/**
 * Benchmark: identity resolution on the PostgreSQL path of a real import (issue #23) — a messy
 * source list imported by `runImport` into a registry of `--people` persons: staging, the exact
 * match, then for the rows naming nobody exactly the SQL blocking of identity.repository.ts, EM,
 * scoring and the decisions (linked by score / queued / rejected), the snapshot written, all in
 * the import's one transaction. Prints rows per minute of the whole import, the time of each
 * phase, read = linked exactly + linked by score + queued + rejected, and the precision and recall
 * of the links by score against the errors it injected.
 *
 *   node --import tsx bench/identity-postgres.bench.ts [--people 11700000] [--rows 1000000] [--server URL] [--fresh]
 *
 * The registry (`ayni_bench_identity_<people>`, kept between runs) holds synthetic persons with
 * names (random 7-digit CI numbers, 2 % with a complemento, dates of birth 1930–2002). The list
 * (bono-universal's format: CI, complemento, date of birth) is `--rows` persons drawn from it, a
 * third with one injected error each (two CI digits transposed, a digit off, the first digit
 * dropped, day and month exchanged, the complemento left out) and 5 % strangers.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Sql } from '../src/db/database.ts';
import { seededRandom } from '../src/registry/identity/model.ts';
import { personImportSpec, runImport, sourceImportSpec, syncGeography } from '../src/registry/index.ts';
import { arg, flag, imported, seconds } from './country.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

const AS_OF = '2021-03-01';
const people = Number(arg('people', '11700000'));
const rows = Number(arg('rows', '1000000'));
const server = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const work = path.join(os.tmpdir(), 'ayni-bench', `identity-${people}`);
await mkdir(work, { recursive: true });
const name = `ayni_bench_identity_${people}`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const admin = new pg.Client({ connectionString: server });
await admin.connect();
if (flag('fresh')) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0)
  await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const url = new URL(server);
url.pathname = `/${name}`;
const db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir: work });
await syncGeography(db);

const random = seededRandom(2026);
const pad = (n: number) => String(n).padStart(2, '0');
const GIVEN = [
  'ana',
  'maria',
  'juan',
  'jose',
  'luis',
  'rosa',
  'carmen',
  'pedro',
  'elena',
  'victor',
  'lucia',
  'mario',
];
const SURNAMES = [
  'quispe',
  'mamani',
  'choque',
  'condori',
  'flores',
  'vargas',
  'rojas',
  'apaza',
  'ticona',
  'copa',
];
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;

const [{ n: present } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person');
if (present !== people) {
  if (present !== 0) throw new Error(`${name} holds ${present} persons, not ${people}: run with --fresh`);
  const file = path.join(work, 'persons.csv');
  const t0 = performance.now();
  const out = createWriteStream(file);
  out.write(
    'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death\n',
  );
  const seen = new Set<string>();
  let written = 0;
  while (written < people) {
    const ci = String(1_000_000 + Math.floor(random() * 8_999_999));
    const complemento = random() < 0.02 ? '1A' : '';
    const dob = `${1930 + Math.floor(random() * 73)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;
    const key = `${ci}|${complemento}|${dob}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const line = `${ci},${complemento},LP,${pick(GIVEN)},${pick(SURNAMES)},${pick(SURNAMES)},${dob},${random() < 0.5 ? 'F' : 'M'},020101,BO,\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
    written++;
  }
  await new Promise<void>((r) => out.end(() => r()));
  seen.clear();
  console.log(`registry: generated ${people.toLocaleString('en')} persons in ${seconds(t0)} s`);
  const t1 = performance.now();
  imported(
    await runImport(db, personImportSpec(AS_OF), {
      filePath: file,
      actor: 'bench',
      asOf: AS_OF,
      rejectsDir: path.join(work, 'rejects'),
      now: () => new Date('2020-11-30T13:00:00Z'),
    }),
  );
  await db.exec('ANALYZE person');
  console.log(`registry: imported in ${seconds(t1)} s (load ${load()})`);
} else console.log(`registry: reusing ${people.toLocaleString('en')} persons in ${name}`);

// The list: persons drawn from the registry, a third with one error, 5 % strangers.
const percent = Math.min(100, ((rows * 1.15) / people) * 100);
const drawn = await db.query<{ id: string; ci_number: string; complemento: string; dob: string }>(
  `SELECT id::text, ci_number, complemento, date_of_birth::text AS dob FROM person
   TABLESAMPLE BERNOULLI ($1) REPEATABLE (7) LIMIT $2`,
  [percent, Math.round(rows * 0.95)],
);
/** line number → the person id its row names (errors included); strangers name nobody. */
const truth = new Map<number, string>();
const erred = new Set<number>();
const lines = ['ci_number,complemento,date_of_birth'];
for (const p of drawn) {
  let { ci_number: ci, complemento, dob } = p;
  if (random() < 1 / 3) {
    const kind = Math.floor(random() * 5);
    const at = 1 + Math.floor(random() * (ci.length - 2));
    if (kind === 0 && ci[at] !== ci[at + 1])
      ci = `${ci.slice(0, at)}${ci[at + 1]}${ci[at]}${ci.slice(at + 2)}`;
    else if (kind === 1) ci = `${ci.slice(0, at)}${(Number(ci[at]) + 1) % 10}${ci.slice(at + 1)}`;
    else if (kind === 2 && ci[1] !== '0') ci = ci.slice(1);
    else if (kind === 3 && Number(dob.slice(8, 10)) <= 12 && dob.slice(8, 10) !== dob.slice(5, 7))
      dob = `${dob.slice(0, 4)}-${dob.slice(8, 10)}-${dob.slice(5, 7)}`;
    else if (kind === 4 && complemento !== '') complemento = '';
    if (ci !== p.ci_number || dob !== p.dob || complemento !== p.complemento) erred.add(lines.length + 1);
  }
  lines.push(`${ci},${complemento},${dob}`);
  truth.set(lines.length, p.id);
}
const strangers = rows - drawn.length;
for (let i = 0; i < strangers; i++)
  lines.push(
    `${100_000 + Math.floor(random() * 800_000)},,${1930 + Math.floor(random() * 73)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
  );
const listFile = path.join(work, `list-${rows}.csv`);
await writeFile(listFile, `${lines.join('\n')}\n`);
console.log(
  `list: ${(lines.length - 1).toLocaleString('en')} rows (${erred.size.toLocaleString('en')} with one injected error, ${strangers.toLocaleString('en')} strangers)`,
);

// The import, timed: the phases from the progress callbacks, the whole from the wall clock.
const spec = sourceImportSpec('bono-universal', AS_OF);
if (!spec.ok) throw new Error(JSON.stringify(spec.error));
// With --statements, each statement of the import's transaction is timed: where the time goes.
const statements: Array<{ ms: number; text: string }> = [];
const timed = flag('statements')
  ? new Proxy(db, {
      get(target, key, receiver) {
        if (key !== 'transaction') return Reflect.get(target, key, receiver);
        return <T>(fn: (tx: Sql) => Promise<T>) =>
          target.transaction((tx) =>
            fn({
              queryEach: tx.queryEach.bind(tx),
              exec: tx.exec.bind(tx),
              copyFrom: tx.copyFrom.bind(tx),
              query: async <R>(text: string, params?: readonly unknown[]) => {
                const t = performance.now();
                try {
                  return await tx.query<R>(text, params);
                } finally {
                  statements.push({
                    ms: performance.now() - t,
                    text: text.replace(/\s+/g, ' ').slice(0, 110),
                  });
                }
              },
            } as Sql),
          );
      },
    })
  : db;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const phases: string[] = [];
let last = t0;
let phase = '';
const s = imported(
  await runImport(timed, spec.value, {
    filePath: listFile,
    actor: 'bench',
    asOf: AS_OF,
    rejectsDir: path.join(work, 'rejects'),
    now: () => new Date('2020-11-30T14:00:00Z'),
    onProgress: (p: { phase?: string }) => {
      if (p.phase && p.phase !== phase) {
        const now = performance.now();
        if (phase) phases.push(`${phase} ${((now - last) / 1000).toFixed(1)} s`);
        phase = p.phase;
        last = now;
      }
    },
  }),
);
const wall = (performance.now() - t0) / 1000;
if (phase) phases.push(`${phase} ${((performance.now() - last) / 1000).toFixed(1)} s`);
const cpu = process.cpuUsage(cpu0);

// Quality of the links by score: the person each linked erred row names against the truth.
const linked = await db.query<{ line_number: string; person_id: string }>(
  `SELECT line_number::text, person_id::text FROM identity_link WHERE import_id = $1 AND decided_by = 'model'`,
  [String(s.importId)],
);
let right = 0;
for (const l of linked) if (truth.get(Number(l.line_number)) === l.person_id) right++;
const exact = s.rowsAccepted - s.rowsLinkedByScore;
console.log(
  [
    `import: ${s.rowsRead.toLocaleString('en')} rows in ${wall.toFixed(1)} s = ${Math.round((s.rowsRead / wall) * 60).toLocaleString('en')} rows per minute (load ${load()}; Node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`,
    `  phases: ${phases.join(', ') || 'not reported'}`,
    `  read ${s.rowsRead} = linked exactly ${exact} + linked by score ${s.rowsLinkedByScore} + queued ${s.rowsQueued} + rejected ${s.rowsRejected}`,
    `  links by score: ${linked.length}, right person ${right} (precision ${(linked.length ? right / linked.length : 1).toFixed(4)}); recall of the ${erred.size} erred rows: linked ${(right / Math.max(1, erred.size)).toFixed(4)}, linked or queued ${((right + s.rowsQueued) / Math.max(1, erred.size)).toFixed(4)}`,
  ].join('\n'),
);
if (statements.length > 0) {
  console.log('  slowest statements of the import:');
  for (const st of [...statements].sort((a, b) => b.ms - a.ms).slice(0, 12))
    console.log(`    ${(st.ms / 1000).toFixed(1)} s  ${st.text}`);
}
await db.close();

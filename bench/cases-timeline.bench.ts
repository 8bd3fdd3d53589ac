/**
 * Benchmark: the timeline of one event with 5,000 evidence items (issue #21 §9, target < 200 ms).
 * The synthetic Sacaba/Senkata investigation is seeded, then 5,000 evidence items are attached to
 * the Sacaba event, each the source of one account of an act (killing or injury of one of the
 * event's victims, at a time within the day), set-based in SQL. Measured: `eventTimeline` (src/
 * cases/timeline.ts: the event's rows only, audited) as an analyst reads it — median and 95th
 * percentile of --runs reads after 3 warm-ups — and, for comparison, the whole-file path the
 * analysis page uses (`readCaseFile` + `timeline`).
 *
 *   node --import tsx bench/cases-timeline.bench.ts [--items 5000] [--runs 30]
 *   DATABASE_URL=postgres://… node --import tsx bench/cases-timeline.bench.ts   (a fresh database, dropped after)
 *
 * Without DATABASE_URL it runs on ayni's embedded PostgreSQL in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  EvidenceStore,
  eventTimeline,
  readCaseFile,
  SEED_CASE_CODE,
  seedCaseFile,
  setTeamMember,
  timeline,
} from '../src/cases/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? Number.NaN : Number(process.argv[at + 1]);
  return Number.isFinite(value) ? value : fallback;
}
const ITEMS = flag('items', 5_000);
const RUNS = flag('runs', 30);
const TARGET_MS = 200;
const SERVER = process.env.DATABASE_URL || undefined;

const at = new Date('2021-03-02T12:00:00Z');
const lead = { username: 'ana.investigadora', actor: 'account:ana.investigadora' as const };
const analyst = { username: 'bruno.analista', actor: 'account:bruno.analista' as const };

const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-cases-timeline-'));
const dbName = `ayni_cases_timeline_${process.pid}`;
let url: string | undefined;
if (SERVER) {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(SERVER);
  u.pathname = `/${dbName}`;
  url = u.toString();
}
const db = await openBenchDatabase({ databaseUrl: url, dataDir: dir });
try {
  const migrated = await migrate(db);
  if (!migrated.ok) throw new Error(JSON.stringify(migrated.error));
  const store = new EvidenceStore(path.join(dir, 'evidence'));
  const seeded = await seedCaseFile(db, store, lead, at);
  if (!seeded.ok) throw new Error(JSON.stringify(seeded.error));
  const team = await setTeamMember(
    db,
    SEED_CASE_CODE,
    { username: analyst.username, teamRole: 'analyst' },
    lead,
    at,
  );
  if (!team.ok) throw new Error(JSON.stringify(team.error));
  const [event] = await db.query<{ id: bigint; investigation_id: bigint }>(
    `SELECT e.id, e.investigation_id FROM case_event e JOIN case_investigation i ON i.id = e.investigation_id
      WHERE i.code = $1 ORDER BY e.starts_at LIMIT 1`,
    [SEED_CASE_CODE],
  );
  const t0 = performance.now();
  // 5,000 items of the event (content hashes distinct, custody head at genesis: the timeline does
  // not read custody), then one act per item naming one of the event's victims.
  await db.query(
    `INSERT INTO case_evidence_item (investigation_id, title, kind, media_type, sha256, byte_length,
       custody_seq, custody_hash, event_id, created_by, created_at)
     SELECT $1, 'Foto sintética ' || g, 'photo', 'image/jpeg', encode(sha256(('bench-' || g)::bytea), 'hex'),
            1024 + g, 0, repeat('0', 64), $2, 'bench', $3
       FROM generate_series(1, $4::int) AS g`,
    [event!.investigation_id, event!.id, at, ITEMS],
  );
  await db.query(
    `WITH victims AS (
       SELECT DISTINCT a.victim_person_id AS id FROM case_act a WHERE a.event_id = $2 AND a.victim_person_id IS NOT NULL),
     numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS k FROM victims),
     items AS (
       SELECT id, row_number() OVER (ORDER BY id) AS g FROM case_evidence_item
        WHERE event_id = $2 AND created_by = 'bench')
     INSERT INTO case_act (investigation_id, event_id, act_type, victim_person_id, starts_at, place_name,
       description, source_item_id, created_by, created_at)
     SELECT $1, $2, CASE WHEN items.g % 3 = 0 THEN 'killing' ELSE 'injury' END, numbered.id,
            e.starts_at + (items.g * interval '7 seconds'), e.place_name, 'Según la foto (sintético).',
            items.id, 'bench', $3
       FROM items JOIN numbered ON numbered.n = items.g % numbered.k JOIN case_event e ON e.id = $2`,
    [event!.investigation_id, event!.id, at],
  );
  await db.exec('ANALYZE case_act; ANALYZE case_evidence_item; ANALYZE case_person');
  const [counts] = await db.query<{ items: number; acts: number }>(
    `SELECT (SELECT count(*)::int FROM case_evidence_item WHERE event_id = $1) AS items,
            (SELECT count(*)::int FROM case_act WHERE event_id = $1) AS acts`,
    [event!.id],
  );
  console.log(
    `${SERVER ? 'postgres server' : 'embedded postgres'}: event ${event!.id} holds ${counts!.items} items and ${counts!.acts} acts (loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const measure = async (label: string, once: () => Promise<number>) => {
    for (let i = 0; i < 3; i++) await once();
    const times: number[] = [];
    let entries = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      entries = await once();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!;
    console.log(
      `${label}: ${entries} entries; median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms over ${RUNS} runs`,
    );
    return median;
  };
  const median = await measure('eventTimeline (the event’s rows, audited)', async () => {
    const r = await eventTimeline(db, SEED_CASE_CODE, event!.id, analyst, at);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value.length;
  });
  await measure('readCaseFile + timeline (the whole file, audited)', async () => {
    const r = await readCaseFile(db, SEED_CASE_CODE, analyst, at);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return timeline(r.value, event!.id).length;
  });
  console.log(
    `target < ${TARGET_MS} ms: ${median < TARGET_MS ? 'met' : 'NOT met'} (median ${median.toFixed(1)} ms)`,
  );
} finally {
  await db.close();
  await rm(dir, { recursive: true, force: true });
  if (SERVER) {
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

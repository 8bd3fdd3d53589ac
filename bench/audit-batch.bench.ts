/**
 * Benchmark: appending the audit trail in batches (`appendAuditBatch`, one INSERT of many entries
 * under one lock of the chain's head), as the vaccination desk, the payouts' group commit and the
 * evidence import append it — with the head moved once per statement (migration 0069) against the
 * head moved once per entry (0032's after-row trigger, put back for the comparison), in the same run
 * on the same database.
 *
 *   node --import tsx bench/audit-batch.bench.ts [--server postgres://postgres@127.0.0.1:5432/postgres]
 *        [--batches 50] [--size 100]
 *
 * A database of its own (`ayni_bench_audit_<pid>`), migrated as ayni migrates, dropped afterwards.
 * Prints, per trigger, entries per second and the server backend's CPU per entry (from /proc, the
 * server being local), then checks that the whole chain verifies.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type AuditEntryInput, appendAuditBatch, verifyAuditChain } from '../src/audit/index.ts';
import { arg } from './country.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

const server = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const batches = Number(arg('batches', '50'));
const size = Number(arg('size', '100'));
const name = `ayni_bench_audit_${process.pid}`;

const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const db = await openBenchDatabase({
  databaseUrl: url.toString(),
  dataDir: path.join(os.tmpdir(), 'ayni-bench'),
});

/** CPU seconds of a server backend, from /proc (the server is on this machine). */
function backendCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

let n = 0;
const entry = (): AuditEntryInput => {
  n += 1;
  return {
    at: new Date(Date.UTC(2021, 5, 1, 8) + n * 1000),
    actor: 'cli:bench',
    action: 'vaccination_dose.recorded',
    entityType: 'vaccination_dose',
    entityId: BigInt(n),
    after: { site: 'lp-lote', day: '2021-06-02', person: n, dose: 1, lot: 'SPV-001' },
  };
};

/** CPU seconds of every server backend of the bench database (the pool's connections). */
async function serverCpu(): Promise<number> {
  const rows = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    name,
  ]);
  return rows.rows.reduce((sum, r) => sum + backendCpu(r.pid), 0);
}

async function run(label: string): Promise<void> {
  const cpu0 = await serverCpu();
  const t0 = performance.now();
  for (let b = 0; b < batches; b += 1) {
    // Each batch in its own transaction, as the desks commit them.
    await db.transaction((tx) => appendAuditBatch(tx, Array.from({ length: size }, entry)));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = (await serverCpu()) - cpu0;
  const entries = batches * size;
  console.log(
    `${label}: ${entries} entries in ${batches} batches of ${size}: ${seconds.toFixed(2)} s, ` +
      `${Math.round(entries / seconds)} entries/s, server CPU ${((cpu / entries) * 1e6).toFixed(0)} µs an entry`,
  );
}

await run('head moved per statement (0069)');
await db.exec(`
  DROP TRIGGER audit_entries_move_head ON audit_entry;
  CREATE OR REPLACE FUNCTION bench_audit_entry_moves_head() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash; RETURN NULL; END $$;
  CREATE TRIGGER bench_audit_entry_moves_head AFTER INSERT ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION bench_audit_entry_moves_head();
  CREATE OR REPLACE FUNCTION audit_head_advance_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.seq <> OLD.seq + 1 OR NOT EXISTS (
      SELECT 1 FROM audit_entry WHERE seq = NEW.seq AND hash = NEW.hash AND prev_hash = OLD.hash
    ) THEN
      RAISE EXCEPTION 'the audit head only advances to the entry just appended (from % to %)', OLD.seq, NEW.seq;
    END IF;
    RETURN NEW;
  END $$;`);
await run('head moved per entry (0032, put back)');
const verified = await verifyAuditChain(db);
console.log(`chain: ${JSON.stringify(verified, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
await db.close();
await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.end();

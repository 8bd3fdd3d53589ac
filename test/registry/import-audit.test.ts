import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import {
  type AuditEntry,
  accountActor,
  auditEntriesAfter,
  auditHead,
  cliActor,
  SYSTEM_ACTOR,
  verifyAuditChain,
} from '../../src/audit/index.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { describeFailure } from '../../src/messages/index.ts';
import {
  type ImportSummary,
  personImportSpec,
  runImport,
  sourceImportSpec,
} from '../../src/registry/index.ts';
import { seedIfEmpty } from '../../src/seed.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { signIn } from '../helpers/sign-in.ts';

/**
 * Every import that changes the registry or a source list — from the command line, the back office
 * or the seed, which all run `runImport` — appends exactly one entry to the hash-chained audit
 * trail, in the import's own transaction: who, which file (name and SHA-256), which kind or list,
 * the reference date, the import run and its counts. A failed import records its failure the same
 * way; a file already imported changes nothing and records nothing.
 */

const AS_OF = '2021-03-01';
const CLOCK = new Date('2021-02-15T14:00:00.000Z');
const now = () => CLOCK;
const PERSONS_HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

async function file(name: string, lines: string[]): Promise<string> {
  const filePath = path.join(t.dir, name);
  await writeFile(filePath, `${lines.join('\n')}\n`);
  return filePath;
}

async function sha256Of(filePath: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(filePath))
    .digest('hex');
}

/** The audit entries `work` appended. */
async function entriesDuring(work: () => Promise<unknown>): Promise<AuditEntry[]> {
  const head = await auditHead(t.db);
  await work();
  return auditEntriesAfter(t.db, head.seq, 100);
}

async function assertChainVerifies(): Promise<void> {
  const v = await verifyAuditChain(t.db);
  assert.ok(v.ok, v.ok ? '' : v.problem.message);
}

describe('imports in the audit trail', () => {
  test('a persons import adds one entry: actor, file, hash, reference date, run and counts', async () => {
    const persons = await file('padron.csv', [
      PERSONS_HEADER,
      '1000001,,LP,Ana,Quispe,Mamani,1980-01-01,F,020101,BO,',
      '1000002,,LP,Luis,Choque,,1970-06-15,M,020101,BO,',
      '1000003,,CB,Rosa,Flores,Apaza,1965-03-03,F,030101,BO,',
      '1000004,,CB,Eva,Flores,Apaza,1990-02-30,F,030101,BO,',
    ]);
    let summary: ImportSummary | undefined;
    const entries = await entriesDuring(async () => {
      summary = okValue(
        await runImport(t.db, personImportSpec(AS_OF), {
          filePath: persons,
          actor: cliActor('ana'),
          now,
          asOf: AS_OF,
          rejectsDir: t.dir,
        }),
      );
    });
    assert.equal(summary!.status, 'completed');
    assert.equal(entries.length, 1, 'exactly one audit entry');
    const e = entries[0]!;
    assert.equal(e.action, 'registry.import.completed');
    assert.equal(e.entityType, 'import_run');
    assert.equal(e.entityId, String(summary!.importId));
    assert.equal(e.actor, 'cli:ana');
    assert.equal(e.at.toISOString(), CLOCK.toISOString());
    assert.equal(e.before, null);
    assert.deepEqual(e.after, {
      kind: 'persons',
      fileName: 'padron.csv',
      sha256: await sha256Of(persons),
      encoding: summary!.encoding,
      asOf: AS_OF,
      rowsRead: 4,
      rowsAccepted: 3,
      rowsRejected: 1,
      rowsInserted: 3,
      rowsUpdated: 0,
      rowsUnchanged: 0,
      rowsRemoved: 0,
    });
    await assertChainVerifies();
  });

  test('source lists imported at once, bank accounts among them: one entry each, the chain intact', async () => {
    const banks = await file('cuentas.csv', [
      'ci_number,complemento,date_of_birth,bank_bic,account_number',
      '1000001,,1980-01-01,BUNIBOLX,1000-2345-6789',
      '1000003,,1965-03-03,BUNIBOLX,2000-2345-6789',
      '9999999,,1965-03-03,BUNIBOLX,3000-2345-6789',
    ]);
    const disability = await file('discapacidad.csv', [
      'ci_number,complemento,date_of_birth,degree,disability_type',
      '1000002,,1970-06-15,grave,visual',
    ]);
    const runs: ImportSummary[] = [];
    const entries = await entriesDuring(async () => {
      runs.push(
        ...(await Promise.all([
          runImport(t.db, okValue(sourceImportSpec('bank-accounts', AS_OF)), {
            filePath: banks,
            actor: cliActor('luis'),
            now,
            asOf: AS_OF,
            rejectsDir: t.dir,
          }),
          runImport(t.db, okValue(sourceImportSpec('disability', AS_OF)), {
            filePath: disability,
            actor: accountActor('rosa.flores'),
            now,
            asOf: AS_OF,
            rejectsDir: t.dir,
          }),
        ]).then((imported) => imported.map((r) => okValue(r)))),
      );
    });
    assert.equal(entries.length, 2, 'one entry per import');
    const [bankRun, disabilityRun] = runs;
    const bankEntry = entries.find((e) => e.entityId === String(bankRun!.importId));
    assert.ok(bankEntry, 'the bank-accounts import is recorded');
    assert.equal(bankEntry.action, 'registry.import.completed');
    assert.equal(bankEntry.actor, 'cli:luis');
    assert.deepEqual(bankEntry.after, {
      kind: 'bank-accounts',
      fileName: 'cuentas.csv',
      sha256: await sha256Of(banks),
      encoding: bankRun!.encoding,
      asOf: AS_OF,
      rowsRead: 3,
      rowsAccepted: 2,
      rowsRejected: 1,
      rowsInserted: 2,
      rowsUpdated: 0,
      rowsUnchanged: 0,
      rowsRemoved: 0,
    });
    const disabilityEntry = entries.find((e) => e.entityId === String(disabilityRun!.importId));
    assert.ok(disabilityEntry, 'the disability import is recorded');
    assert.equal(disabilityEntry.actor, 'account:rosa.flores');
    assert.equal((disabilityEntry.after as { kind: string }).kind, 'disability');
    assert.equal((disabilityEntry.after as { rowsAccepted: number }).rowsAccepted, 1);
    await assertChainVerifies();
  });

  test('a file already imported changes nothing and records nothing', async () => {
    const banks = path.join(t.dir, 'cuentas.csv');
    const entries = await entriesDuring(async () => {
      const again = okValue(
        await runImport(t.db, okValue(sourceImportSpec('bank-accounts', AS_OF)), {
          filePath: banks,
          actor: cliActor('luis'),
          now,
          asOf: AS_OF,
          rejectsDir: t.dir,
        }),
      );
      assert.equal(again.status, 'already_imported');
    });
    assert.deepEqual(entries, []);
  });

  test('a failed import (all or nothing) records its failure with the run, file and reason code', async () => {
    const wrong = await file('discapacidad-mal.csv', [
      'ci_number,complemento,date_of_birth,bank_bic,account_number',
      '1000001,,1980-01-01,BUNIBOLX,1000-2345-6789',
    ]);
    const entries = await entriesDuring(async () => {
      const refused = await runImport(t.db, okValue(sourceImportSpec('disability', AS_OF)), {
        filePath: wrong,
        actor: cliActor('luis'),
        now,
        asOf: AS_OF,
        rejectsDir: t.dir,
      });
      assert.ok(!refused.ok && refused.error.code === 'import_header_mismatch');
      assert.match(describeFailure(refused.error, 'en').detail, /header does not match/);
    });
    const [run] = await t.db.query<{ id: bigint; status: string }>(
      `SELECT id, status FROM import_run WHERE file_name = 'discapacidad-mal.csv'`,
    );
    assert.equal(run?.status, 'failed');
    assert.equal(entries.length, 1, 'exactly one audit entry');
    const e = entries[0]!;
    assert.equal(e.action, 'registry.import.failed');
    assert.equal(e.entityType, 'import_run');
    assert.equal(e.entityId, String(run.id));
    assert.equal(e.actor, 'cli:luis');
    const encoding = (e.after as { encoding: string }).encoding;
    assert.deepEqual(e.after, {
      kind: 'disability',
      fileName: 'discapacidad-mal.csv',
      sha256: await sha256Of(wrong),
      encoding,
      asOf: AS_OF,
      error: 'import_header_mismatch',
    });
    await assertChainVerifies();
  });

  test('an import uploaded in the back office is recorded with the officer as its actor', async () => {
    const app: App = {
      config: { ...loadConfig({}), dataDir: t.dir, secureCookies: false },
      db: t.db,
      rejectsDir: path.join(t.dir, 'rejects'),
      now,
      close: async () => {},
    };
    const http = buildHttpApp(app);
    const created = await createAccount(t.db, {
      username: 'ana.oficial',
      displayName: 'Ana',
      roles: ['bono_officer'],
      password: 'correct horse battery staple',
      actor: SYSTEM_ACTOR,
      now: CLOCK,
    });
    assert.ok(created.ok);
    const { cookie, csrf } = await signIn(http, 'ana.oficial', 'correct horse battery staple');
    const content = [
      'ci_number,complemento,date_of_birth,bank_bic,account_number',
      '1000002,,1970-06-15,BUNIBOLX,4000-2345-6789',
      '',
    ].join('\n');
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('tipo', 'bank-accounts');
    form.set('fecha-day', '1');
    form.set('fecha-month', '3');
    form.set('fecha-year', '2021');
    form.set('codificacion', 'auto');
    form.set('archivo', new File([content], 'cuentas-2.csv', { type: 'text/csv' }));
    const head = await auditHead(t.db);
    const started = await http.request('/oficina/importaciones', {
      method: 'POST',
      headers: { cookie },
      body: form,
    });
    assert.equal(started.status, 303);
    // The import runs in the background; its progress page stops refreshing itself when it ends.
    const progress = started.headers.get('location')!;
    let finished = false;
    for (let i = 0; i < 600 && !finished; i++) {
      const html = await (await http.request(progress, { headers: { cookie } })).text();
      finished = !html.includes('http-equiv="refresh"');
      if (!finished) await sleep(50);
    }
    assert.ok(finished, 'the import finished');
    const entries = await auditEntriesAfter(t.db, head.seq, 100);
    assert.equal(entries.length, 1, entries.map((e) => e.action).join(', '));
    const e = entries[0]!;
    assert.equal(e.action, 'registry.import.completed');
    assert.equal(e.actor, 'account:ana.oficial');
    assert.equal(e.at.toISOString(), CLOCK.toISOString(), "stamped by the back office's clock");
    const [run] = await t.db.query<{ id: bigint; actor: string }>(
      `SELECT id, actor FROM import_run WHERE file_name = 'cuentas-2.csv'`,
    );
    assert.equal(e.entityId, String(run!.id));
    assert.equal(run!.actor, 'account:ana.oficial');
    assert.equal((e.after as { kind: string }).kind, 'bank-accounts');
    assert.equal((e.after as { sha256: string }).sha256, createHash('sha256').update(content).digest('hex'));
    assert.equal((e.after as { rowsRemoved: number }).rowsRemoved, 2, 'the previous snapshot had two');
    await assertChainVerifies();
  });

  test('the seed records each of its imports as ayni itself', async () => {
    const seeded = await createTestDatabase();
    try {
      const app: App = {
        config: { ...loadConfig({}), dataDir: seeded.dir },
        db: seeded.db,
        rejectsDir: path.join(seeded.dir, 'rejects'),
        close: async () => {},
      };
      assert.equal(await seedIfEmpty(app, 300, 7, () => {}), true);
      const entries = (await auditEntriesAfter(seeded.db, 0n, 10_000)).filter((e) =>
        e.action.startsWith('registry.import.'),
      );
      const runs = await seeded.db.query<{ id: bigint; kind: string }>(
        `SELECT id, kind FROM import_run WHERE status = 'completed' AND kind <> 'person-correction' ORDER BY id`,
      );
      assert.ok(runs.length > 1, 'persons and source lists were imported');
      assert.deepEqual(
        entries.map((e) => [e.action, e.actor, e.entityId, (e.after as { kind: string }).kind]),
        runs.map((r) => ['registry.import.completed', 'system', String(r.id), r.kind]),
        'one entry per import, in order',
      );
      assert.ok(runs.some((r) => r.kind === 'bank-accounts'));
      const v = await verifyAuditChain(seeded.db);
      assert.ok(v.ok, v.ok ? '' : v.problem.message);
    } finally {
      await seeded.dispose();
    }
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { syncGeography } from '../../src/registry/index.ts';
import { formatBolivianos } from '../../src/shared/money.ts';
import { camt054Xml, pain002Xml } from '../helpers/bank-replies.ts';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';
import { seedCountry } from '../helpers/country.ts';
import { schemasDir } from '../interchange/testdata.ts';

/**
 * The `ayni bono …` commands end to end, run in this process against a database of their own (the
 * CLI opens and closes it on every command; the test reads it back between commands, closing its
 * handle before the next one): accounts for a maker and a checker, a round frozen and approved
 * under maker-checker, deposit files per bank validated against the XSD, a bank's pain.002 and
 * camt.054 reconciled (a repeat changes nothing), the unclaimed report, a grievance, expiry, and
 * the errors an officer gets for bad input.
 *
 * Every command is run by a signed-in officer with the permission the back office asks for: the
 * maker and the checker sign in with the personal credentials they issue themselves (AYNI_CREDENTIAL).
 *
 * The round is of 2020 and the bono's collection periods ended in 2021. The CLI stamps every action
 * with the database's one clock (src/clock.ts); the journey needs time to move on between commands,
 * so `setClock` moves that clock forward (AYNI_CLOCK, applied by the next command and then left
 * running).
 */

/** The database's clock moves to `iso` at the next command, and runs on from there. */
function setClock(iso: string): void {
  process.env.AYNI_CLOCK = iso;
}

const ROUND_DATE = '2020-12-01';
const PASSWORD = 'correct horse battery';
const MAKER = 'ana.oficial';
const CHECKER = 'beto.aprobador';

let cli: CliDatabase;
let roundId: number;
/** The officers' personal credentials, by username. */
let tokens: Record<string, string>;
/** The input of a command the maker, or the checker, runs. */
const maker = () => asOfficer(tokens[MAKER]!);
const checker = () => asOfficer(tokens[CHECKER]!);
const savedEnv: Record<string, string | undefined> = {};

before(async () => {
  for (const name of [
    'AYNI_DATA_DIR',
    'DATABASE_URL',
    'AYNI_CLOCK',
    'AYNI_ISO20022_SCHEMAS',
    'AYNI_CREDENTIAL',
  ])
    savedEnv[name] = process.env[name];
  cli = await cliDatabase('bono');
  delete process.env.AYNI_CLOCK;
  delete process.env.AYNI_CREDENTIAL;
  // The developer's AYNI_ISO20022_SCHEMAS does not apply: exports name --schemas (the vendored XSDs).
  delete process.env.AYNI_ISO20022_SCHEMAS;
  // The registry and every source list, through the import path `ayni registry import` uses.
  await inDb(async (db) => {
    await syncGeography(db);
    await seedCountry(db, cli.dataDir, 2_000);
  });
  setClock('2020-11-30T13:00:00Z');
});

after(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await cli.dispose();
});

/** What a round has paid (live payments) and what it entitles, as counts and centavos. */
async function roundBooks(db: Database, roundId: number) {
  const [paid] = await db.query<{ n: number; total: string }>(
    `SELECT count(*)::int AS n, coalesce(sum(amount_centavos), 0)::text AS total FROM bono_payment
     WHERE round_id = $1 AND reversed_at IS NULL`,
    [roundId],
  );
  const [round] = await db.query<{ n: number; total: string }>(
    'SELECT entitlement_count::int AS n, total_centavos::text AS total FROM bono_round WHERE id = $1',
    [roundId],
  );
  return { paid: paid!, round: round! };
}

/** Reads the CLI's database between commands; the handle is closed before the next command (PGlite). */
async function inDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  assert.ok(opened.ok);
  const db = opened.value;
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const bs = (centavos: bigint | string) => formatBolivianos(BigInt(centavos), 'es');
const lines = (text: string) => text.split('\n');
const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** One pain.001 line the export prints per bank file. */
const FILE_LINE =
  /^([A-Z0-9]{8,11}) +([\d,]+) transfers {2}(Bs [\d.]+,\d\d) {2}(\S+) {2}\(valid against the XSD\)$/;
const count = (text: string) => Number(text.replaceAll(',', ''));

describe('ayni bono commands', () => {
  test('accounts: a bono officer who may also approve (the maker) and an approver (the checker), each with a personal credential', async () => {
    tokens = await cliOfficers(PASSWORD, {
      admin: ['administrator'],
      [MAKER]: ['bono_officer', 'bono_approver'],
      [CHECKER]: ['bono_approver'],
    });
    const list = await ayni(['accounts', 'list'], asOfficer(tokens['admin']!));
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`^${MAKER} +active .* bono_officer,bono_approver `, 'm'));
    assert.match(list.out, new RegExp(`^${CHECKER} +active .* bono_approver `, 'm'));
  });

  test('round create freezes a round; its maker cannot approve it, nor export before approval; the checker approves', async () => {
    setClock('2020-11-30T14:00:00Z');
    const created = await ayni(['bono', 'round', 'create', '--date', ROUND_DATE], maker());
    assert.equal(created.code, 0, created.err);
    const head = /^round (\d+) \(regular\) as of 2020-12-01: frozen$/m.exec(created.out);
    assert.ok(head, created.out);
    roundId = Number(head[1]);
    const totals = /^ {2}entitlements ([\d,]+), total (Bs [\d.]+,\d\d)$/m.exec(created.out);
    assert.ok(totals, created.out);
    const hash = /^ {2}content hash ([0-9a-f]{64})$/m.exec(created.out);
    assert.ok(hash, created.out);
    assert.match(created.out, new RegExp(`^ {2}created by account:${MAKER} at 2020-11-30T14:0`, 'm'));
    assert.match(
      created.out,
      new RegExp(
        `^A second officer approves it: ayni bono round approve ${roundId} --officer <approver>$`,
        'm',
      ),
    );

    const early = await ayni(
      ['bono', 'export-deposits', String(roundId), '--out', path.join(cli.dataDir, 'too-early')],
      maker(),
    );
    assert.equal(early.code, 1);
    assert.equal(
      early.err,
      `ayni: Round ${roundId} is frozen; deposits are exported only for an approved round (a second officer must approve it first).`,
    );
    assert.equal(existsSync(path.join(cli.dataDir, 'too-early')), false, 'nothing is written');

    setClock('2020-11-30T20:00:00Z');
    const own = await ayni(['bono', 'round', 'approve', String(roundId)], maker());
    assert.equal(own.code, 1);
    assert.equal(
      own.err,
      `ayni: account:${MAKER} created round ${roundId} and cannot approve it: a second officer with the bono approver role must.`,
    );
    assert.equal(own.out, '');

    const approved = await ayni(['bono', 'round', 'approve', String(roundId)], checker());
    assert.equal(approved.code, 0, approved.err);
    assert.match(
      approved.out,
      new RegExp(`^round ${roundId} \\(regular\\) as of 2020-12-01: approved$`, 'm'),
    );
    assert.match(approved.out, new RegExp(`^ {2}approved by account:${CHECKER} at 2020-11-30T20:`, 'm'));

    const stored = await inDb(async (db) => {
      const [round] = await db.query<{
        status: string;
        created_by: string;
        decided_by: string;
        entitlement_count: number;
        total: string;
        content_hash: string;
      }>(
        `SELECT status, created_by, decided_by, entitlement_count::int AS entitlement_count,
                total_centavos::text AS total, content_hash FROM bono_round WHERE id = $1`,
        [roundId],
      );
      const [rows] = await db.query<{ n: number; total: string }>(
        `SELECT count(*)::int AS n, coalesce(sum(amount_centavos), 0)::text AS total
         FROM bono_entitlement WHERE round_id = $1`,
        [roundId],
      );
      return { round: round!, rows: rows! };
    });
    assert.equal(stored.round.status, 'approved');
    assert.equal(stored.round.created_by, `account:${MAKER}`);
    assert.equal(stored.round.decided_by, `account:${CHECKER}`);
    assert.equal(stored.round.content_hash, hash[1]);
    assert.ok(stored.rows.n > 100, `a country of 2,000 has entitled persons, got ${stored.rows.n}`);
    assert.equal(count(totals[1]!), stored.rows.n);
    assert.equal(stored.round.entitlement_count, stored.rows.n);
    assert.equal(totals[2], bs(stored.rows.total));
    assert.equal(stored.round.total, stored.rows.total);

    const replay = await ayni(['bono', 'round', 'replay', String(roundId)], checker());
    assert.equal(replay.code, 0, replay.err);
    assert.match(replay.out, new RegExp(`^stored {3}${stored.round.content_hash}$`, 'm'));
    assert.match(replay.out, new RegExp(`^replayed ${stored.round.content_hash}$`, 'm'));
    assert.match(replay.out, new RegExp(`^round ${roundId} replays to its content hash: OK$`, 'm'));
  });

  test('bad input gets one clear line and exit 1', async () => {
    const noRound = await ayni(
      ['bono', 'export-deposits', '999', '--out', path.join(cli.dataDir, 'no-round')],
      maker(),
    );
    assert.equal(noRound.code, 1);
    assert.match(noRound.err, /^ayni: There is no round 999\b/);
    assert.equal(existsSync(path.join(cli.dataDir, 'no-round')), false);

    const noFile = await ayni(['bono', 'import-status', '/nonexistent.xml'], maker());
    assert.equal(noFile.code, 1);
    assert.match(noFile.err, /^ayni: \/nonexistent\.xml cannot be read$/);

    const notANumber = await ayni(['bono', 'round', 'show', 'uno'], checker());
    assert.equal(notANumber.code, 1);
    assert.equal(notANumber.err, 'ayni: "uno" is not a round number.');

    const nobody = await ayni(
      ['bono', 'expire', String(roundId), '--officer', 'nadie', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    assert.equal(nobody.code, 1);
    assert.equal(nobody.err, 'ayni: Wrong username or password.');
    const anonymous = await ayni(['bono', 'expire', String(roundId)]);
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.err, /^ayni: This command needs a signed-in officer holding rounds\.approve/);
  });

  test('a grievance id that is not a number gets one clear line and exit 1', async () => {
    const r = await ayni(['bono', 'grievance', 'show', 'abc'], checker());
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^ayni: .*"abc"/);
  });

  test('export-deposits writes one pain.001 per bank, valid against the XSD, adding up to the deposit entitlements', async () => {
    const out = path.join(cli.dataDir, 'deposits');
    const refused = await ayni(
      ['bono', 'export-deposits', String(roundId), '--out', out, '--schemas', schemasDir],
      checker(),
    );
    assert.equal(refused.code, 1);
    assert.equal(refused.err, `ayni: ${CHECKER} (roles bono_approver) does not hold deposits.manage.`);
    assert.equal(existsSync(out), false, 'nothing is written');

    setClock('2020-12-01T13:00:00Z');
    const r = await ayni(
      ['bono', 'export-deposits', String(roundId), '--out', out, '--schemas', schemasDir],
      maker(),
    );
    assert.equal(r.code, 0, r.err);
    const printed = lines(r.out)
      .filter((l) => !l.startsWith('sent ') && /^[A-Z]/.test(l))
      .map((l) => {
        const m = FILE_LINE.exec(l);
        assert.ok(m, `a file line: ${l}`);
        return { bic: m[1]!, n: count(m[2]!), amount: m[3]!, path: m[4]! };
      });
    const sent = /^sent ([\d,]+) deposits, (Bs [\d.]+,\d\d); skipped (\{[\s\S]*\})$/m.exec(r.out);
    assert.ok(sent, r.out);

    const stored = await inDb(async (db) => ({
      files: await db.query<{
        bank_bic: string;
        file_name: string;
        nb: number;
        sum: string;
        sha256: string;
      }>(
        `SELECT bank_bic, file_name, nb_of_txs::int AS nb, ctrl_sum_centavos::text AS sum, sha256
         FROM bono_deposit_file WHERE round_id = $1 ORDER BY bank_bic`,
        [roundId],
      ),
      entitled: (
        await db.query<{ n: number; total: string }>(
          `SELECT count(*)::int AS n, coalesce(sum(amount_centavos), 0)::text AS total
           FROM bono_entitlement WHERE round_id = $1 AND channel = 'deposit'`,
          [roundId],
        )
      )[0]!,
      deposits: (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bono_deposit WHERE round_id = $1 AND state = 'sent'`,
          [roundId],
        )
      )[0]!.n,
    }));
    assert.ok(stored.files.length >= 2, `one file per bank, got ${stored.files.length}`);
    assert.equal(printed.length, stored.files.length, r.out);
    const byBank = new Map(printed.map((p) => [p.bic, p]));
    assert.equal(byBank.size, printed.length, 'one file per bank');
    for (const f of stored.files) {
      const p = byBank.get(f.bank_bic);
      assert.ok(p, `${f.bank_bic} is printed`);
      assert.equal(p.n, f.nb, f.bank_bic);
      assert.equal(p.amount, bs(f.sum), f.bank_bic);
      assert.equal(p.path, path.join(out, f.file_name));
      assert.equal(await sha256(p.path), f.sha256, `${p.path} is the file recorded`);
    }
    const total = printed.reduce((s, p) => s + p.n, 0);
    assert.ok(stored.entitled.n > 0);
    assert.equal(total, stored.entitled.n, 'every deposit entitlement is sent');
    assert.equal(stored.deposits, stored.entitled.n);
    assert.equal(count(sent[1]!), stored.entitled.n);
    assert.equal(sent[2], bs(stored.entitled.total));
    const skipped = JSON.parse(sent[3]!) as Record<string, number>;
    assert.ok(Object.keys(skipped).includes('collection_period_over'), sent[3]);
    assert.deepEqual(
      Object.entries(skipped).filter(([, n]) => n !== 0),
      [],
      'nothing skipped',
    );
  });

  test('import-status applies a pain.002 once; a repeat says so and changes nothing; other messages are refused', async () => {
    const [file] = await inDb((db) =>
      db.query<{ id: number; bank_bic: string; message_id: string; file_name: string; nb: number }>(
        `SELECT id::int AS id, bank_bic, message_id, file_name, nb_of_txs::int AS nb
         FROM bono_deposit_file WHERE round_id = $1 ORDER BY id LIMIT 1`,
        [roundId],
      ),
    );
    assert.ok(file);
    const replies = path.join(cli.dataDir, 'replies');
    await mkdir(replies, { recursive: true });
    const reply = path.join(replies, `${file.bank_bic}-pain002.xml`);
    await writeFile(
      reply,
      pain002Xml({
        messageId: `STS-${file.bank_bic}-1`,
        originalMessageId: file.message_id,
        groupStatus: 'ACCP',
      }),
    );

    setClock('2020-12-03T14:00:00Z');
    const first = await ayni(['bono', 'import-status', reply], maker());
    assert.equal(first.code, 0, first.err);
    const counts = `pain.002: accepted ${file.nb}, rejected 0, unchanged 0, unmatched 0, conflicts 0`;
    assert.equal(lines(first.out)[0], counts);
    const afterFirst = await inDb(async (db) => ({
      payments: (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bono_payment WHERE round_id = $1 AND channel = 'deposit'`,
          [roundId],
        )
      )[0]!.n,
      states: await db.query<{ state: string; n: number }>(
        'SELECT state, count(*)::int AS n FROM bono_deposit WHERE file_id = $1 GROUP BY state',
        [file.id],
      ),
    }));
    assert.equal(afterFirst.payments, file.nb, 'each accepted deposit is a payment');
    assert.deepEqual(
      afterFirst.states.map((s) => [s.state, s.n]),
      [['accepted', file.nb]],
    );

    const again = await ayni(['bono', 'import-status', reply], maker());
    assert.equal(again.code, 0, again.err);
    const [said, repeated, ...rest] = lines(again.out);
    assert.equal(said, `${file.bank_bic}-pain002.xml was imported before (pain.002); nothing changed.`);
    assert.equal(repeated, counts, 'the earlier import’s figures');
    assert.match(
      rest.join('\n'),
      new RegExp(`This reply was imported on .+, by account:${MAKER} \\(import \\d+\\); nothing changed\\.`),
    );

    // A deposit file is not a bank's reply.
    const wrong = await ayni(
      ['bono', 'import-status', path.join(cli.dataDir, 'deposits', file.file_name)],
      maker(),
    );
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.err,
      /is a pain\.001\.001\.03; import-status reads pain\.002 status reports and camt\.054 notifications\.$/,
    );

    const afterAgain = await inDb(async (db) => ({
      payments: (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bono_payment WHERE round_id = $1', [
          roundId,
        ])
      )[0]!.n,
      imports: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bono_status_import'))[0]!.n,
    }));
    assert.equal(afterAgain.payments, afterFirst.payments, 'no second payment');
    assert.equal(afterAgain.imports, 1, 'one import recorded');
  });

  test('unclaimed and round show report the figures in the database', async () => {
    const report = await ayni(['bono', 'unclaimed', String(roundId)], checker());
    assert.equal(report.code, 0, report.err);
    const [header, ...rows] = lines(report.out);
    assert.equal(header, 'department_code,band,entitled,entitled_bs,paid,paid_bs,unclaimed,unclaimed_bs');
    const cells = rows.map((row) => {
      const [department, band, ...figures] = row.split(',');
      assert.equal(figures.length, 6, row);
      const [entitled, entitledBs, paid, paidBs, unclaimed, unclaimedBs] = figures.map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      assert.equal(unclaimed, entitled - paid, row);
      assert.equal(unclaimedBs, entitledBs - paidBs, row);
      return { key: `${department}:${band}`, entitled, entitledBs, paid, paidBs };
    });
    const stored = await inDb(async (db) => ({
      groups: await db.query<{ key: string; n: number }>(
        `SELECT department_code || ':' || band AS key, count(*)::int AS n FROM bono_entitlement
         WHERE round_id = $1 GROUP BY department_code, band ORDER BY department_code, band`,
        [roundId],
      ),
      ...(await roundBooks(db, roundId)),
      inFlight: (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bono_deposit WHERE round_id = $1 AND state = 'sent'`,
          [roundId],
        )
      )[0]!.n,
    }));
    assert.deepEqual(
      cells.map((c) => [c.key, c.entitled]),
      stored.groups.map((g) => [g.key, g.n]),
      'one row per department and band, with its entitlements',
    );
    const sum = (pick: (c: (typeof cells)[number]) => number) => cells.reduce((s, c) => s + pick(c), 0);
    assert.equal(
      sum((c) => c.entitled),
      stored.round.n,
    );
    assert.equal(sum((c) => c.entitledBs) * 100, Number(stored.round.total));
    assert.equal(
      sum((c) => c.paid),
      stored.paid.n,
    );
    assert.equal(sum((c) => c.paidBs) * 100, Number(stored.paid.total));

    const show = await ayni(['bono', 'round', 'show', String(roundId)], checker());
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, new RegExp(`^round ${roundId} \\(regular\\) as of 2020-12-01: approved$`, 'm'));
    assert.match(
      show.out,
      new RegExp(
        `^ {2}paid at counters 0, by deposit ${stored.paid.n}, deposits in flight ${stored.inFlight}, unpaid ${stored.round.n - stored.paid.n}$`,
        'm',
      ),
    );
  });

  test('grievance file, review, decide, list and show', async () => {
    const [person] = await inDb((db) =>
      db.query<{ ci: string; complemento: string; dob: string }>(
        `SELECT p.ci_number AS ci, p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
         FROM bono_entitlement e JOIN person p ON p.id = e.person_id
         WHERE e.round_id = $1 AND e.channel = 'counter' ORDER BY p.id LIMIT 1`,
        [roundId],
      ),
    );
    assert.ok(person);
    setClock('2020-12-05T14:00:00Z');
    const filed = await ayni(
      [
        'bono',
        'grievance',
        'file',
        '--kind',
        'wrong_data',
        '--ci',
        person.ci,
        ...(person.complemento ? ['--complemento', person.complemento] : []),
        '--dob',
        person.dob,
        '--description',
        'Mi municipio está mal en el registro',
      ],
      maker(),
    );
    assert.equal(filed.code, 0, filed.err);
    const m =
      /^grievance (\d+) filed; the citizen follows it with reference ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})$/.exec(
        filed.out,
      );
    assert.ok(m, filed.out);
    const [, id, reference] = m;

    const undecided = await ayni(
      ['bono', 'grievance', 'decide', id!, '--decision', 'approve', '--note', 'Verificado'],
      maker(),
    );
    assert.equal(undecided.code, 1);
    assert.match(
      undecided.err,
      new RegExp(`^ayni: Grievance ${reference} is open; .* Start the review first\\.$`),
    );

    const review = await ayni(['bono', 'grievance', 'review', id!], maker());
    assert.equal(review.code, 0, review.err);
    assert.equal(review.out, `grievance ${reference} is in_review`);

    const decided = await ayni(
      [
        'bono',
        'grievance',
        'decide',
        id!,
        '--decision',
        'approve',
        '--note',
        'Sus datos son correctos; ya figura en la ronda',
      ],
      maker(),
    );
    assert.equal(decided.code, 0, decided.err);
    // The person already holds an entitlement in the approved round: no supplementary round.
    assert.match(decided.out, /^already_entitled\b/);

    const list = await ayni(['bono', 'grievance', 'list', '--status', 'approved'], maker());
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /^1 grievance\(s\)$/m);
    assert.match(list.out, new RegExp(`^ +${id} {2}${reference} {2}wrong_data +approved +0 h$`, 'm'));

    const show = await ayni(['bono', 'grievance', 'show', id!, '--lang', 'en'], maker());
    assert.equal(show.code, 0, show.err);
    const [title, ...events] = lines(show.out);
    assert.equal(title, `${reference}  wrong_data  approved`);
    assert.deepEqual(
      events.filter((l) => l.startsWith('  2020-')).map((l) => l.split('  ')[2]),
      ['filed', 'review_started', 'approved', 'reevaluated'],
    );
    const blank = events.indexOf('');
    assert.ok(
      blank > 0 &&
        events
          .slice(blank + 1)
          .join('')
          .trim() !== '',
      'the rule trace follows the history',
    );

    const stored = await inDb(async (db) => ({
      grievance: (
        await db.query<{ status: string; linked: boolean }>(
          'SELECT status, person_id IS NOT NULL AS linked FROM bono_grievance WHERE id = $1',
          [Number(id)],
        )
      )[0]!,
      supplementary: (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bono_round WHERE kind = 'supplementary'`,
        )
      )[0]!.n,
    }));
    assert.deepEqual([stored.grievance.status, stored.grievance.linked], ['approved', true]);
    assert.equal(stored.supplementary, 0);
  });

  test('the bono commands read the database’s clock (AYNI_CLOCK moved it), as the web does', async () => {
    const [g] = await inDb((db) =>
      db.query<{ filed_at: Date }>('SELECT filed_at FROM bono_grievance ORDER BY id LIMIT 1'),
    );
    assert.ok(g);
    setClock(new Date(g.filed_at.getTime() + 2 * 3_600_000).toISOString());
    const list = await ayni(['bono', 'grievance', 'list'], maker());
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, / 2 h$/m, 'two hours after filing on the app clock');
    // The next command, without AYNI_CLOCK, goes on from there: one clock, not real time.
    delete process.env.AYNI_CLOCK;
    const again = await ayni(['bono', 'grievance', 'list'], maker());
    assert.match(again.out, / 2 h$/m, 'still about two hours after filing');
    // Moving it back before what the database recorded since is refused.
    setClock(g.filed_at.toISOString());
    const back = await ayni(['bono', 'grievance', 'list'], maker());
    assert.equal(back.code, 1);
    assert.match(back.err, /^ayni: AYNI_CLOCK=\S+ is before the latest change this database records/);
    delete process.env.AYNI_CLOCK;
  });

  test('expire: refused while the collection period runs and while deposits are at the bank; then returns the unclaimed', async () => {
    const open = await ayni(['bono', 'expire', String(roundId)], checker());
    assert.equal(open.code, 1);
    const [last] = await inDb((db) =>
      db.query<{ day: string }>(
        `SELECT to_char(max(deadline), 'YYYY-MM-DD') AS day FROM bono_entitlement WHERE round_id = $1`,
        [roundId],
      ),
    );
    assert.equal(
      open.err,
      `ayni: Round ${roundId} can be collected until ${last!.day}; expire it from the day after.`,
    );

    const dayAfter = new Date(Date.parse(`${last!.day}T13:00:00Z`) + 86_400_000);
    setClock(dayAfter.toISOString());
    const sent = await inDb((db) =>
      db.query<{ e2e: string; amount: string }>(
        `SELECT end_to_end_id AS e2e, amount_centavos::text AS amount FROM bono_deposit
         WHERE round_id = $1 AND state = 'sent' ORDER BY end_to_end_id`,
        [roundId],
      ),
    );
    assert.ok(sent.length >= 2, 'the other banks have not answered');
    const inFlight = await ayni(['bono', 'expire', String(roundId)], checker());
    assert.equal(inFlight.code, 1);
    assert.match(
      inFlight.err,
      new RegExp(`^ayni: ${sent.length} deposit\\(s\\) of round ${roundId} await the bank's reply: import`),
    );

    // The ministry's account statement: every deposit still at a bank booked, but the first, returned (account closed).
    const decimal = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
    const camt = path.join(cli.dataDir, 'replies', 'camt054.xml');
    await writeFile(
      camt,
      camt054Xml(
        'MEF-NTF-0001',
        sent.map((d, i) => ({
          endToEndId: d.e2e,
          amount: decimal(BigInt(d.amount)),
          creditDebit: i === 0 ? 'CRDT' : 'DBIT',
          status: 'BOOK',
          bookingDate: '2020-12-04',
          ...(i === 0 ? { returnReason: 'AC04' } : {}),
        })),
      ),
    );
    const imported = await ayni(['bono', 'import-status', camt], maker());
    assert.equal(imported.code, 0, imported.err);
    assert.deepEqual(lines(imported.out).slice(0, 2), [
      `camt.054: accepted ${sent.length - 1}, rejected 1, unchanged 0, unmatched 0, conflicts 0`,
      '  rejected AC04: 1',
    ]);

    const books = await inDb(async (db) => ({
      ...(await roundBooks(db, roundId)),
    }));
    const expired = await ayni(['bono', 'expire', String(roundId)], checker());
    assert.equal(expired.code, 0, expired.err);
    const unclaimed = books.round.n - books.paid.n;
    const returned = BigInt(books.round.total) - BigInt(books.paid.total);
    assert.equal(
      expired.out,
      `round ${roundId} expired: ${unclaimed.toLocaleString('en')} unclaimed, ${bs(returned)} returned to the funding lines`,
    );
    const [round] = await inDb((db) =>
      db.query<{ status: string }>('SELECT status FROM bono_round WHERE id = $1', [roundId]),
    );
    assert.equal(round!.status, 'expired');

    const twice = await ayni(['bono', 'expire', String(roundId)], checker());
    assert.equal(twice.code, 1);
    assert.equal(twice.err, `ayni: Round ${roundId} is expired; only an approved round expires.`);
  });
});

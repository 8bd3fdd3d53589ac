import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { listAuditEntries } from '../../src/audit/index.ts';
import {
  ensureBonoAccounts,
  inTransitAccountCode,
  PAYABLE_ACCOUNT,
  personPaymentKey,
} from '../../src/bono/bono.accounts.ts';
import { exportDeposits } from '../../src/bono/deposit-export.ts';
import type { ExportDepositsResult } from '../../src/bono/deposit-export.types.ts';
import {
  depositAcceptedTransferId,
  depositEndToEndId,
  depositRejectedTransferId,
  depositsSentTransferId,
  depositTransferId,
} from '../../src/bono/deposit-ids.ts';
import { PayoutDesk } from '../../src/bono/payout-desk.ts';
import { type ImportStatusResult, importStatus } from '../../src/bono/reconcile.ts';
import type { Database, Sql } from '../../src/db/database.ts';
import { validateXmlFile } from '../../src/interchange/iso20022/index.ts';
import {
  BOB_LEDGER,
  createTransfers,
  getAccountsByCode,
  getTransfers,
  verifyLedger,
} from '../../src/ledger/index.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { camt054Xml, pain002Xml } from '../helpers/bank-replies.ts';
import { okValue } from '../helpers/result.ts';
import { CAMT054_XSD, PAIN001_XSD, schemasDir } from '../interchange/testdata.ts';
import { type BonoFixture, createBonoFixture, type FixturePerson } from './fixtures.ts';

/**
 * Account deposits end to end on a real database: export pain.001 files per bank, reconcile
 * pain.002 replies (group, payment and transaction level) and camt.054 notifications, send again
 * what a bank rejected for a curable reason, and keep the ledger balanced throughout. The bank
 * replies are written here for the files just exported, modelled on the bank samples in
 * ../shared/testdata/iso20022/test/assets (Nordea, Goldman Sachs) and on camt.054.001.12.
 */

// --- reading what was exported --------------------------------------------------------------------

interface ParsedFile {
  messageId: string;
  paymentInformationId: string;
  groupCount: number;
  groupSum: string;
  paymentCount: number;
  paymentSum: string;
  transactions: { endToEndId: string; amountCentavos: bigint; account: string; bic: string }[];
}

const one = (text: string, re: RegExp) => {
  const m = re.exec(text);
  assert.ok(m, `no match for ${re}`);
  return m[1]!;
};

async function parseExport(filePath: string): Promise<ParsedFile> {
  const xml = await readFile(filePath, 'utf8');
  const header = xml.slice(0, xml.indexOf('<CdtTrfTxInf>'));
  const pmt = header.slice(header.indexOf('<PmtInf>'));
  const transactions = [...xml.matchAll(/<CdtTrfTxInf>.*?<\/CdtTrfTxInf>/g)].map(([tx]) => ({
    endToEndId: one(tx, /<EndToEndId>([^<]+)</),
    amountCentavos: BigInt(one(tx, /<InstdAmt Ccy="BOB">([0-9.]+)</).replace('.', '')),
    account: one(tx, /<CdtrAcct><Id><Othr><Id>([^<]+)</),
    bic: one(tx, /<CdtrAgt><FinInstnId><BIC>([^<]+)</),
  }));
  return {
    messageId: one(header, /<MsgId>([^<]+)</),
    paymentInformationId: one(pmt, /<PmtInfId>([^<]+)</),
    groupCount: Number(one(header, /<NbOfTxs>(\d+)</)),
    groupSum: one(header, /<CtrlSum>([0-9.]+)</),
    paymentCount: Number(one(pmt, /<NbOfTxs>(\d+)</)),
    paymentSum: one(pmt, /<CtrlSum>([0-9.]+)</),
    transactions,
  };
}

const decimal = (centavos: bigint) => `${centavos / 100n}.${(centavos % 100n).toString().padStart(2, '0')}`;

// --- bank replies -----------------------------------------------------------------------------------

// --- the world around deposits ----------------------------------------------------------------------

/**
 * A counter payout as the bank API records it (the lead's PayoutDesk): a single-phase transfer
 * holding the person's payment key, and its bono_payment row. Returns the ledger's answer.
 */
async function payAtCounter(f: BonoFixture, person: FixturePerson, bic: string, key: string, at: Date) {
  const accounts = await ensureBonoAccounts(f.db, at);
  return f.db.transaction(async (tx) => {
    const id = `bono:counter:${bic}:${key}`;
    const [r] = await createTransfers(tx, [
      {
        id,
        debitAccountId: accounts.payable,
        creditAccountId: accounts.paidByBank.get(bic)!,
        amount: 100_000n,
        ledger: BOB_LEDGER,
        code: 'bono.counter',
        uniqueKey: personPaymentKey(person.id),
        personId: person.id,
        userData64: BigInt(f.round.id),
        userDataText: bic,
        occurredAt: at,
      },
    ]);
    if (r!.result !== 'ok') return r!.result;
    await tx.query(
      `INSERT INTO bono_payment (person_id, round_id, amount_centavos, channel, bank_bic, payment_point, idempotency_key,
         transfer_id, paid_at, recorded_by)
       VALUES ($1, $2, 100000, 'counter', $3, 'agencia central', $4, $5, $6, 'credential:test')`,
      [person.id, f.round.id, bic, key, id, at],
    );
    return 'ok';
  });
}

/** A bank's counter payout request for a fixture person. */
function counterPayout(person: FixturePerson, bankBic: string, idempotencyKey: string, at: Date) {
  return {
    bankBic,
    idempotencyKey,
    person: { ciNumber: person.ciNumber, complemento: person.complemento, dateOfBirth: person.dateOfBirth },
    paymentPoint: 'Agencia Central',
    at,
    actor: 'credential:test' as const,
  };
}

/**
 * The ledger verifies, payable covers everything sent or paid out of it, and each bank's
 * in-transit account holds exactly the deposits at that bank.
 */
async function assertBooksBalanced(db: Database): Promise<void> {
  const verified = await verifyLedger(db);
  assert.ok(
    verified.ok,
    `ledger: ${JSON.stringify(verified, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
  );
  const [payable] = await getAccountsByCode(db, [PAYABLE_ACCOUNT]);
  assert.ok(payable!.creditsPosted - payable!.debitsPosted >= 0n, 'payable went negative');
  assert.equal(payable!.debitsPending, 0n, 'nothing is reserved as pending');
  const open = await db.query<{ bank_bic: string; amount: bigint }>(
    `SELECT bank_bic, sum(amount_centavos)::bigint AS amount FROM bono_deposit WHERE state = 'sent' GROUP BY bank_bic`,
  );
  const openByBank = new Map(open.map((r) => [r.bank_bic, r.amount]));
  const banks = [...(await ensureBonoAccounts(db, new Date('2020-12-01T12:00:00Z'))).inTransitByBank.keys()];
  const inTransit = new Map(
    (await getAccountsByCode(db, banks.map(inTransitAccountCode))).map((a) => [a.code, a]),
  );
  for (const bic of banks) {
    const account = inTransit.get(inTransitAccountCode(bic))!;
    assert.equal(
      account.creditsPosted - account.debitsPosted,
      openByBank.get(bic) ?? 0n,
      `${account.code} holds the deposits at ${bic}`,
    );
  }
}

/**
 * The database with the export's page statement (the one that records bono_deposit rows) run by
 * `page` in its transaction, and every other statement as usual.
 */
function interceptingPageStatement(
  db: Database,
  page: (tx: Sql, text: string, params: readonly unknown[], onRow: (row: unknown) => void) => Promise<void>,
): Database {
  return {
    ...db,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: (text, params) => tx.query(text, params),
          queryEach: (text, params, onRow) =>
            /INSERT INTO bono_deposit \(/.test(text)
              ? page(tx, text, params, onRow as (row: unknown) => void)
              : tx.queryEach(text, params, onRow),
          exec: (text) => tx.exec(text),
          copyFrom: (text, chunks) => tx.copyFrom(text, chunks),
        }),
      ),
  };
}

async function depositsOf(db: Database, personId: bigint) {
  return db.query<{ end_to_end_id: string; state: string; reason_code: string | null; file_id: number }>(
    'SELECT end_to_end_id, state, reason_code, file_id::int AS file_id FROM bono_deposit WHERE person_id = $1 ORDER BY file_id',
    [personId],
  );
}

const count = async (db: Database, table: string) =>
  Number((await db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

// --- the whole cycle ----------------------------------------------------------------------------------

describe('bono deposits: export, reconcile, send again', () => {
  let f: BonoFixture;
  let outDir: string;
  let first: ExportDepositsResult;
  /** The exported transactions by bank, in file order. */
  const byBank = new Map<string, { messageId: string; paymentInformationId: string; e2e: string[] }>();
  const personOf = new Map<string, FixturePerson>();
  const depositors = () => f.persons.filter((p) => p.channel === 'deposit');

  before(async () => {
    f = await createBonoFixture({ persons: 40, depositEvery: 2 });
    outDir = path.join(f.dir, 'deposits');
  });
  after(async () => {
    await f?.dispose();
  });

  it('refuses what is not an approved round, before writing anything', async () => {
    assert.deepEqual(await exportDeposits(f.db, { roundId: 999, outDir, at: f.at, actor: f.officer }), {
      ok: false,
      error: { code: 'round_not_found', roundId: 999 },
    });
    const [frozen] = await f.db.query<{ id: number }>(
      `INSERT INTO bono_round (kind, as_of, status, rules_version, parameters, registry_state, entitlement_count,
         total_centavos, control_totals, content_hash, created_by, created_at)
       VALUES ('supplementary', '2020-11-30', 'frozen', repeat('c', 64), '{}', '{}', 0, 0, '[]', repeat('d', 64),
         'account:ana.maker', $1) RETURNING id::int AS id`,
      [f.at],
    );
    const notApproved = await exportDeposits(f.db, {
      roundId: frozen!.id,
      outDir,
      at: f.at,
      actor: f.officer,
    });
    assert.deepEqual(notApproved, {
      ok: false,
      error: {
        code: 'round_not_approved',
        roundId: frozen!.id,
        roundStatus: 'frozen',
        operation: 'deposit_export',
      },
    });
    assert.ok(!notApproved.ok);
    assert.match(
      describeFailure(notApproved.error, 'en').detail,
      /is frozen; .*a second officer must approve it first/,
    );
    assert.deepEqual(
      await exportDeposits(f.db, {
        roundId: f.round.id,
        outDir,
        at: f.at,
        actor: f.officer,
        batchSize: 50_001,
      }),
      { ok: false, error: { code: 'batch_size_invalid', maxBatchSize: 50_000 } },
    );
    // A schema path holding no pain.001 XSD: the ISO 20022 validator's failure, worded as before.
    const noSchema = path.join(outDir, 'no-schemas');
    const schemaMissing = await exportDeposits(f.db, {
      roundId: f.round.id,
      outDir,
      at: f.at,
      actor: f.officer,
      schemaPath: noSchema,
    });
    assert.deepEqual(schemaMissing, {
      ok: false,
      error: {
        code: 'schema_not_found',
        reason: 'not_at_path',
        schemaPath: noSchema,
        messageName: 'pain.001.001.03',
      },
    });
    assert.ok(!schemaMissing.ok);
    assert.deepEqual(describeFailure(schemaMissing.error, 'en'), {
      status: 400,
      title: 'The XSD for the message is not there.',
      detail: `No pain.001.001.03 XSD at ${noSchema}: name the .xsd file or a folder holding pain/pain.001.001.03.xsd.`,
    });
    assert.equal(await count(f.db, 'bono_deposit_file'), 0);
  });

  it('writes one valid pain.001 per bank with exact totals, and reserves every deposit in the ledger', async () => {
    // Paid at a counter before the export: not sent.
    const paidFirst = depositors()[0]!;
    assert.equal(await payAtCounter(f, paidFirst, 'BNBOBOLX', 'K-0001', f.at), 'ok');

    const phases = new Set<string>();
    first = okValue(
      await exportDeposits(f.db, {
        roundId: f.round.id,
        outDir,
        at: f.at,
        actor: f.officer,
        schemaPath: schemasDir,
        batchSize: 4,
        onProgress: (p) => phases.add(p.phase),
      }),
    );
    assert.deepEqual([...phases], ['counting', 'reserving', 'validating', 'done']);
    assert.equal(first.sent, 19);
    assert.equal(first.sentCentavos, 1_900_000n);
    assert.equal(first.skipped.already_paid, 1);
    assert.equal(
      Object.values(first.skipped).reduce((s, n) => s + n, 0),
      1,
      `skipped: ${JSON.stringify(first.skipped)}`,
    );
    assert.deepEqual(first.files.map((file) => [file.bankBic, file.nbOfTxs]).sort(), [
      ['BMSCBOLX', 6],
      ['BNBOBOLX', 7],
      ['BUNIBOLX', 6],
    ]);

    const allIds: string[] = [];
    for (const file of first.files) {
      // Validated against the XSD by the export itself (schemaPath), before it was recorded.
      assert.ok(file.validated && !file.recovered);
      const bytes = await readFile(file.path);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), file.sha256);
      assert.equal(file.sizeBytes, bytes.length);
      const parsed = await parseExport(file.path);
      const sum = parsed.transactions.reduce((s, t) => s + t.amountCentavos, 0n);
      assert.equal(parsed.messageId, file.messageId);
      assert.equal(parsed.groupCount, parsed.transactions.length);
      assert.equal(parsed.paymentCount, parsed.transactions.length);
      assert.equal(parsed.groupCount, file.nbOfTxs);
      assert.equal(parsed.groupSum, decimal(sum));
      assert.equal(parsed.paymentSum, decimal(sum));
      assert.equal(sum, file.ctrlSumCentavos);
      for (const t of parsed.transactions) {
        assert.match(t.endToEndId, /^B\d+F\d+P\d{10}$/);
        assert.ok(t.endToEndId.length <= 35);
        assert.equal(t.bic, file.bankBic);
        const person = depositors().find((p) => p.accountNumber === t.account)!;
        assert.equal(person.bankBic, file.bankBic, 'each deposit goes to the bank that holds the account');
        personOf.set(t.endToEndId, person);
      }
      allIds.push(...parsed.transactions.map((t) => t.endToEndId));
      byBank.set(file.bankBic, {
        messageId: file.messageId,
        paymentInformationId: parsed.paymentInformationId,
        e2e: parsed.transactions.map((t) => t.endToEndId),
      });
    }
    assert.equal(new Set(allIds).size, 19, 'EndToEndIds are unique across the files');
    assert.ok(!allIds.some((id) => personOf.get(id) === paidFirst));
    assert.deepEqual(
      (await readdir(outDir)).sort(),
      first.files.map((file) => path.basename(file.path)).sort(),
    );

    // The rows and the ledger hold exactly what the files hold: each page's deposits to a bank
    // moved together from payable to the bank's in-transit account, named after the page.
    const rows = await f.db.query<{
      end_to_end_id: string;
      state: string;
      sent_transfer_id: string;
      bank_bic: string;
      round_id: number;
      file_id: number;
      person_id: bigint;
    }>(
      `SELECT end_to_end_id, state, sent_transfer_id, bank_bic, round_id::int AS round_id, file_id::int AS file_id,
         person_id FROM bono_deposit ORDER BY end_to_end_id`,
    );
    assert.deepEqual(
      rows.map((r) => r.end_to_end_id),
      [...allIds].sort(),
    );
    // The page statement builds the ids in SQL: the same as depositEndToEndId says.
    for (const r of rows)
      assert.equal(r.end_to_end_id, depositEndToEndId(r.round_id, r.file_id, r.person_id));
    assert.ok(rows.every((r) => r.state === 'sent'));
    const sentIds = [...new Set(rows.map((r) => r.sent_transfer_id))];
    // 19 deposits read 4 at a time (person order) over three banks: at least 5 pages.
    assert.ok(sentIds.length >= 5 && sentIds.length < 19, `${sentIds.length} sent transfers`);
    const accounts = await ensureBonoAccounts(f.db, f.at);
    const transfers = await getTransfers(f.db, sentIds);
    assert.equal(transfers.length, sentIds.length);
    for (const t of transfers) {
      const members = rows.filter((r) => r.sent_transfer_id === t.id);
      const bic = members[0]!.bank_bic;
      assert.ok(
        members.every((r) => r.bank_bic === bic),
        'a sent transfer is for one bank',
      );
      // Named after the file and the person its page starts after: before the first of them.
      const first = members[0]!.end_to_end_id;
      const [, fileId, firstPerson] = /^B\d+F(\d+)P(\d+)$/.exec(first)!;
      const after = BigInt(t.id.slice(t.id.lastIndexOf('-') + 1));
      assert.equal(t.id, depositsSentTransferId(f.round.id, Number(fileId), after));
      assert.ok(after < BigInt(firstPerson!), `${t.id} starts before ${first}`);
      assert.equal(t.kind, 'single_phase');
      assert.equal(t.amount, 100_000n * BigInt(members.length));
      assert.equal(t.debitAccountId, accounts.payable);
      assert.equal(t.creditAccountId, accounts.inTransitByBank.get(bic));
      assert.equal(t.uniqueKey, null);
      assert.equal(t.userData64, BigInt(f.round.id));
      assert.equal(t.userDataText, bic);
    }
    assert.equal(
      transfers.reduce((sum, t) => sum + t.amount, 0n),
      1_900_000n,
    );
    const files = await f.db.query<{ message_id: string; sha256: string; nb_of_txs: bigint }>(
      'SELECT message_id, sha256, nb_of_txs FROM bono_deposit_file ORDER BY id',
    );
    assert.deepEqual(
      files.map((r) => [r.message_id, r.sha256, Number(r.nb_of_txs)]).sort(),
      first.files.map((file) => [file.messageId, file.sha256, file.nbOfTxs]).sort(),
    );
    const audit = (await listAuditEntries(f.db, { last: 20 })).filter(
      (e) => e.action === 'bono.deposit_file.written',
    );
    assert.equal(audit.length, 3);

    // While a deposit is at the bank the person cannot be paid at a counter.
    const inFlight = personOf.get(byBank.get('BNBOBOLX')!.e2e[0]!)!;
    const desk = new PayoutDesk(f.db);
    try {
      assert.deepEqual(await desk.pay(counterPayout(inFlight, 'BISABOLX', 'K-0002-in-flight', f.at)), {
        ok: false,
        error: { code: 'deposit_in_progress' },
      });
    } finally {
      await desk.close();
    }
    await assertBooksBalanced(f.db);
  });

  it('sends nothing new when run again', async () => {
    const again = okValue(
      await exportDeposits(f.db, { roundId: f.round.id, outDir, at: f.at, actor: f.officer }),
    );
    assert.deepEqual(again.files, []);
    assert.equal(again.sent, 0);
    assert.equal(again.skipped.deposit_open, 19);
    assert.equal(again.skipped.already_paid, 1);
    assert.equal(await count(f.db, 'bono_deposit'), 19);
  });

  let bnboReply: string;
  const importAt = new Date('2020-12-03T15:00:00Z');

  it('applies transaction-level statuses: accepted → paid, rejected → void with the reason, unknown → unmatched', async () => {
    const bnbo = byBank.get('BNBOBOLX')!;
    const [t0, t1, t2, t3, t4] = bnbo.e2e;
    bnboReply = path.join(f.dir, 'bnbo-pain002.xml');
    await writeFile(
      bnboReply,
      pain002Xml({
        messageId: 'BNB-STS-0001',
        originalMessageId: bnbo.messageId,
        groupStatus: 'PART',
        payment: { id: bnbo.paymentInformationId, status: 'PART' },
        transactions: [
          { endToEndId: t0!, status: 'ACSC', acceptedAt: '2020-12-03T08:30:00-04:00' },
          { endToEndId: t1!, status: 'ACCP' },
          { endToEndId: t2!, status: 'RJCT', reason: 'AC04' },
          { endToEndId: t3!, status: 'RJCT', reason: 'MS03' },
          { endToEndId: t4!, status: 'ACTC' },
          { endToEndId: 'B9F9P0000000009', status: 'RJCT', reason: 'AC01' },
        ],
      }),
    );
    const r = okValue(await importStatus(f.db, { filePath: bnboReply, at: importAt, actor: f.officer }));
    assert.equal(r.kind, 'pain.002');
    assert.equal(r.alreadyImported, false);
    assert.equal(r.originalMessageId, bnbo.messageId);
    assert.equal(r.messageId, 'BNB-STS-0001');
    assert.deepEqual(
      [r.accepted, r.rejected, r.unchanged, r.unmatched],
      [2, 2, 3, 1],
      'ACTC and the two unlisted (PART) stay at the bank',
    );
    assert.deepEqual(r.rejectedByReason, { AC04: 1, MS03: 1 });
    assert.deepEqual(r.unmatchedEndToEndIds, ['B9F9P0000000009']);
    assert.equal(r.conflictCount, 0);

    const payments = await f.db.query<{
      person_id: bigint;
      channel: string;
      bank_bic: string;
      idempotency_key: string;
      transfer_id: string;
      paid_at: Date;
      recorded_by: string;
    }>(`SELECT person_id, channel, bank_bic, idempotency_key, transfer_id, paid_at, recorded_by
        FROM bono_payment WHERE channel = 'deposit' ORDER BY idempotency_key`);
    assert.deepEqual(
      payments.map((p) => [
        p.idempotency_key,
        p.bank_bic,
        p.transfer_id,
        p.paid_at.toISOString(),
        p.recorded_by,
      ]),
      [
        [t0, 'BNBOBOLX', depositAcceptedTransferId(t0!), '2020-12-03T12:30:00.000Z', f.officer],
        [t1, 'BNBOBOLX', depositAcceptedTransferId(t1!), importAt.toISOString(), f.officer],
      ],
    );
    assert.equal(payments[0]!.person_id, personOf.get(t0!)!.id);
    const accounts = await ensureBonoAccounts(f.db, importAt);
    const [accepted, rejected] = await getTransfers(f.db, [
      depositAcceptedTransferId(t0!),
      depositRejectedTransferId(t2!),
    ]).then((ts) => [ts.find((t) => t.userDataText === t0), ts.find((t) => t.userDataText === t2)]);
    // Accepted: in-transit → paid at the bank, holding the person's payment key like a counter payout.
    assert.equal(accepted!.debitAccountId, accounts.inTransitByBank.get('BNBOBOLX'));
    assert.equal(accepted!.creditAccountId, accounts.paidByBank.get('BNBOBOLX'));
    assert.equal(accepted!.uniqueKey, personPaymentKey(personOf.get(t0!)!.id));
    assert.equal(accepted!.amount, 100_000n);
    // Rejected: back from in-transit to payable, so the person may be paid at a counter.
    assert.equal(rejected!.debitAccountId, accounts.inTransitByBank.get('BNBOBOLX'));
    assert.equal(rejected!.creditAccountId, accounts.payable);
    assert.equal(rejected!.uniqueKey, null);
    assert.deepEqual(
      (await depositsOf(f.db, personOf.get(t2!)!.id)).map((d) => [d.state, d.reason_code]),
      [['rejected', 'AC04']],
    );
    assert.deepEqual(
      (await depositsOf(f.db, personOf.get(t4!)!.id)).map((d) => d.state),
      ['sent'],
    );

    // The person whose account was rejected may now collect at a counter; the one paid may not.
    assert.equal(await payAtCounter(f, personOf.get(t2!)!, 'BUNIBOLX', 'K-0003', importAt), 'ok');
    assert.equal(
      await payAtCounter(f, personOf.get(t0!)!, 'BUNIBOLX', 'K-0004', importAt),
      'unique_key_exists',
    );
    const audit = (await listAuditEntries(f.db, { last: 5 })).filter(
      (e) => e.action === 'bono.status_import.imported',
    );
    assert.equal(audit.length, 1);
    await assertBooksBalanced(f.db);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = [await count(f.db, 'ledger_transfer'), await count(f.db, 'bono_payment')];
    const r = okValue(
      await importStatus(f.db, {
        filePath: bnboReply,
        at: new Date('2020-12-03T16:00:00Z'),
        actor: f.officer,
      }),
    );
    assert.equal(r.alreadyImported, true);
    assert.deepEqual([r.accepted, r.rejected, r.unchanged, r.unmatched], [2, 2, 3, 1]);
    assert.deepEqual(r.rejectedByReason, { AC04: 1, MS03: 1 });
    assert.deepEqual([await count(f.db, 'ledger_transfer'), await count(f.db, 'bono_payment')], before);
    assert.equal(await count(f.db, 'bono_status_import'), 1);
  });

  it('applies group-level acceptance and payment-level rejection (a transaction reason is kept)', async () => {
    const buni = byBank.get('BUNIBOLX')!;
    const bmsc = byBank.get('BMSCBOLX')!;
    const buniReply = path.join(f.dir, 'buni-pain002.xml');
    await writeFile(
      buniReply,
      pain002Xml({ messageId: 'UNI-STS-0001', originalMessageId: buni.messageId, groupStatus: 'ACCP' }),
    );
    const accepted = okValue(
      await importStatus(f.db, { filePath: buniReply, at: importAt, actor: f.officer }),
    );
    assert.deepEqual(
      [accepted.accepted, accepted.rejected, accepted.unchanged, accepted.unmatched],
      [6, 0, 0, 0],
    );

    const bmscReply = path.join(f.dir, 'bmsc-pain002.xml');
    await writeFile(
      bmscReply,
      pain002Xml({
        messageId: 'BMS-STS-0001',
        originalMessageId: bmsc.messageId,
        payment: { id: bmsc.paymentInformationId, status: 'RJCT', reason: 'FF01' },
        transactions: [{ endToEndId: bmsc.e2e[0]!, status: 'RJCT', reason: 'AC01' }],
      }),
    );
    const rejected = okValue(
      await importStatus(f.db, { filePath: bmscReply, at: importAt, actor: f.officer }),
    );
    assert.deepEqual(
      [rejected.accepted, rejected.rejected, rejected.unchanged, rejected.unmatched],
      [0, 6, 0, 0],
    );
    assert.deepEqual(rejected.rejectedByReason, { AC01: 1, FF01: 5 });
    const returned = await getTransfers(f.db, bmsc.e2e.map(depositRejectedTransferId));
    assert.equal(returned.length, 6);
    await assertBooksBalanced(f.db);
  });

  it('reports an acceptance after a rejection (and the reverse) as a conflict and applies neither', async () => {
    const bnbo = byBank.get('BNBOBOLX')!;
    const [t0, , t2] = bnbo.e2e;
    const contrary = path.join(f.dir, 'bnbo-pain002-contrary.xml');
    await writeFile(
      contrary,
      pain002Xml({
        messageId: 'BNB-STS-0002',
        originalMessageId: bnbo.messageId,
        payment: { id: bnbo.paymentInformationId },
        transactions: [
          { endToEndId: t0!, status: 'RJCT', reason: 'AC04' },
          { endToEndId: t2!, status: 'ACSC' },
        ],
      }),
    );
    const transfersBefore = await count(f.db, 'ledger_transfer');
    const r = okValue(await importStatus(f.db, { filePath: contrary, at: importAt, actor: f.officer }));
    assert.deepEqual([r.accepted, r.rejected, r.unchanged, r.unmatched], [0, 0, 7, 0]);
    assert.equal(r.conflictCount, 2);
    assert.deepEqual(
      r.conflicts.map((c) => [c.endToEndId, c.recorded, c.reported]).sort(),
      [
        [t0, 'accepted', 'rejected'],
        [t2, 'rejected', 'accepted'],
      ].sort(),
    );
    assert.equal(await count(f.db, 'ledger_transfer'), transfersBefore);
    assert.deepEqual(
      (await depositsOf(f.db, personOf.get(t0!)!.id)).map((d) => d.state),
      ['accepted'],
    );
  });

  it('reconciles a camt.054: booked → paid, returned → rejected, pending and other amounts → unchanged', async () => {
    const bnbo = byBank.get('BNBOBOLX')!;
    const [, , , , t4, t5, t6] = bnbo.e2e;
    const camt = path.join(f.dir, 'bnbo-camt054.xml');
    await writeFile(
      camt,
      camt054Xml('BNB-NTF-0001', [
        {
          endToEndId: t4!,
          creditDebit: 'DBIT',
          status: 'BOOK',
          amount: '1000.00',
          bookingDate: '2020-12-04',
        },
        {
          endToEndId: t5!,
          creditDebit: 'DBIT',
          status: 'BOOK',
          amount: '1000.00',
          bookingDate: '2020-12-04',
        },
        {
          endToEndId: t5!,
          creditDebit: 'CRDT',
          status: 'BOOK',
          amount: '1000.00',
          bookingDate: '2020-12-04T11:00:00-04:00',
          returnReason: 'AC06',
        },
        { endToEndId: t6!, creditDebit: 'DBIT', status: 'PDNG', amount: '1000.00' },
        { endToEndId: t6!, creditDebit: 'DBIT', status: 'BOOK', amount: '900.00', bookingDate: '2020-12-04' },
        {
          endToEndId: 'NOTPROVIDED',
          creditDebit: 'CRDT',
          status: 'BOOK',
          amount: '50.00',
          bookingDate: '2020-12-04',
        },
        {
          endToEndId: 'B1F99P0000000001',
          creditDebit: 'DBIT',
          status: 'BOOK',
          amount: '1000.00',
          bookingDate: '2020-12-04',
        },
      ]),
    );
    const valid = await validateXmlFile(camt, CAMT054_XSD);
    assert.ok(valid.ok, inspect(valid));
    const r = okValue(
      await importStatus(f.db, {
        filePath: camt,
        at: new Date('2020-12-05T12:00:00Z'),
        actor: f.officer,
      }),
    );
    assert.equal(r.kind, 'camt.054');
    assert.equal(r.messageId, 'BNB-NTF-0001');
    assert.deepEqual([r.accepted, r.rejected, r.unchanged, r.unmatched], [1, 1, 3, 2]);
    assert.deepEqual(r.rejectedByReason, { AC06: 1 });
    assert.equal(r.conflictCount, 1);
    // The conflict as codes and amounts (the interfaces word it): the bank moved 900.00 of 1000.00.
    assert.deepEqual(r.conflicts[0]!.amounts, { reportedCentavos: 90_000n, sentCentavos: 100_000n });
    assert.equal(r.conflicts[0]!.bank.message, 'camt.054');
    assert.deepEqual(r.unmatchedEndToEndIds, ['B1F99P0000000001']);
    const [paid] = await f.db.query<{ paid_at: Date }>(
      'SELECT paid_at FROM bono_payment WHERE idempotency_key = $1',
      [t4],
    );
    assert.equal(
      paid!.paid_at.toISOString(),
      '2020-12-04T04:00:00.000Z',
      'booking day, from its start in Bolivia',
    );
    assert.deepEqual(
      (await depositsOf(f.db, personOf.get(t5!)!.id)).map((d) => [d.state, d.reason_code]),
      [['rejected', 'AC06']],
    );
    assert.deepEqual(
      (await depositsOf(f.db, personOf.get(t6!)!.id)).map((d) => d.state),
      ['sent'],
    );
    await assertBooksBalanced(f.db);
  });

  let second: ExportDepositsResult;

  it('sends again, under new EndToEndIds, those rejected for a reason a new attempt can cure', async () => {
    second = okValue(
      await exportDeposits(f.db, {
        roundId: f.round.id,
        outDir,
        at: new Date('2020-12-05T14:00:00Z'),
        actor: f.officer,
      }),
    );
    const bnbo = byBank.get('BNBOBOLX')!;
    const bmsc = byBank.get('BMSCBOLX')!;
    // MS03 (BNBO t3) and FF01 (five of BMSC) are sent again; AC04 (paid at a counter since), AC01
    // and AC06 (the account itself) are not.
    assert.deepEqual(second.files.map((file) => [file.bankBic, file.nbOfTxs]).sort(), [
      ['BMSCBOLX', 5],
      ['BNBOBOLX', 1],
    ]);
    assert.deepEqual(second.skipped, {
      already_paid: 11,
      deposit_open: 1,
      collection_period_over: 0,
      bank_not_enabled: 0,
      account_rejected: 2,
      beneficiary_deceased: 0,
      person_missing: 0,
      account_data_invalid: 0,
      paid_meanwhile: 0,
    });
    const resent = [bnbo.e2e[3]!, ...bmsc.e2e.slice(1)].map((e2e) => personOf.get(e2e)!);
    for (const person of resent) {
      const deposits = await depositsOf(f.db, person.id);
      assert.equal(deposits.length, 2);
      assert.equal(deposits[0]!.state, 'rejected');
      assert.equal(deposits[1]!.state, 'sent');
      assert.notEqual(deposits[1]!.end_to_end_id, deposits[0]!.end_to_end_id);
    }
    for (const file of second.files) {
      assert.equal(file.validated, false);
      const checked = await validateXmlFile(file.path, PAIN001_XSD);
      assert.ok(checked.ok, inspect(checked));
      assert.ok(
        !first.files.some((earlier) => earlier.messageId === file.messageId || earlier.path === file.path),
      );
    }
    await assertBooksBalanced(f.db);
  });

  it('reconciles the second files: group-level rejection, payment-level acceptance', async () => {
    const results: ImportStatusResult[] = [];
    for (const file of second.files) {
      const parsed = await parseExport(file.path);
      const reply = path.join(f.dir, `reply-${file.messageId}.xml`);
      await writeFile(
        reply,
        file.bankBic === 'BMSCBOLX'
          ? pain002Xml({
              messageId: 'BMS-STS-0002',
              originalMessageId: file.messageId,
              groupStatus: 'RJCT',
              groupReason: 'NARR',
            })
          : pain002Xml({
              messageId: 'BNB-STS-0003',
              originalMessageId: file.messageId,
              payment: { id: parsed.paymentInformationId, status: 'ACSP' },
            }),
      );
      results.push(
        okValue(
          await importStatus(f.db, {
            filePath: reply,
            at: new Date('2020-12-06T12:00:00Z'),
            actor: f.officer,
          }),
        ),
      );
    }
    const totals = results.map((r) => [r.accepted, r.rejected]).sort();
    assert.deepEqual(totals, [
      [0, 5],
      [1, 0],
    ]);
    assert.deepEqual(results.find((r) => r.rejected > 0)!.rejectedByReason, { NARR: 5 });
    await assertBooksBalanced(f.db);
  });

  it('sends nothing once the collection period is over', async () => {
    const late = okValue(
      await exportDeposits(f.db, {
        roundId: f.round.id,
        outDir,
        at: new Date('2021-03-02T14:00:00Z'),
        actor: f.officer,
      }),
    );
    assert.deepEqual(late.files, []);
    // The five rejected with NARR would be sent again, but their deadline (2021-03-01) has passed;
    // past it, that is also the reason given for the two whose account was rejected.
    assert.equal(late.skipped.collection_period_over, 7);
    assert.equal(late.skipped.account_rejected, 0);
    assert.equal(late.skipped.deposit_open, 1);
    assert.equal(late.skipped.already_paid, 12);
    await assertBooksBalanced(f.db);
  });
});

// --- interruptions and refusals ---------------------------------------------------------------------

describe('bono deposits: crashes, races and wrong files', () => {
  let f: BonoFixture;
  let outDir: string;
  before(async () => {
    f = await createBonoFixture({ persons: 12, depositEvery: 1 });
    outDir = path.join(f.dir, 'deposits');
  });
  after(async () => {
    await f?.dispose();
  });

  it('after an interrupted export, completes the files it reserved and sends nobody twice', async () => {
    const interrupted = new Error('simulated crash after the first page');
    await assert.rejects(
      exportDeposits(f.db, {
        roundId: f.round.id,
        outDir,
        at: f.at,
        actor: f.officer,
        batchSize: 2,
        onProgress: (p) => {
          if (p.phase === 'reserving') throw interrupted;
        },
      }),
      (e: unknown) => e === interrupted,
    );
    // The first page was committed, and the one in flight with it (two pages are reserved at once).
    const reserved = (await f.db.query<{ person_id: bigint }>('SELECT person_id FROM bono_deposit')).length;
    assert.ok(reserved >= 2 && reserved <= 4, `${reserved} reserved`);
    const provisional = await f.db.query<{ sha256: string }>('SELECT sha256 FROM bono_deposit_file');
    assert.ok(
      provisional.every((r) => /^0{64}$/.test(r.sha256)),
      'no file was recorded as written',
    );
    assert.deepEqual(await readdir(outDir), [], 'no partial or temporary file is left');

    const resumed = okValue(
      await exportDeposits(f.db, {
        roundId: f.round.id,
        outDir,
        at: f.at,
        actor: f.officer,
      }),
    );
    const recovered = resumed.files.filter((file) => file.recovered);
    assert.equal(
      recovered.reduce((s, file) => s + file.nbOfTxs, 0),
      reserved,
      'the reserved deposits went into their own files',
    );
    assert.equal(resumed.sent, 12);
    assert.equal(resumed.skipped.deposit_open, reserved, 'counted before the rest was reserved');
    const seen = new Map<string, string>();
    for (const file of resumed.files) {
      const parsed = await parseExport(file.path);
      assert.equal(parsed.groupCount, file.nbOfTxs);
      assert.equal(parsed.groupSum, decimal(file.ctrlSumCentavos));
      for (const t of parsed.transactions) {
        assert.ok(!seen.has(t.account), `account ${t.account} is in two files`);
        seen.set(t.account, file.messageId);
      }
    }
    assert.equal(seen.size, 12);
    const [files] = await f.db.query<{ provisional: bigint; all: bigint }>(
      `SELECT count(*) FILTER (WHERE sha256 = repeat('0', 64)) AS provisional, count(*) AS all FROM bono_deposit_file`,
    );
    assert.equal(Number(files!.provisional), 0, 'every file row is complete (empty ones were removed)');
    assert.equal(Number(files!.all), resumed.files.length);
    await assertBooksBalanced(f.db);
  });

  it('leaves out a person paid between the page statement and the reservation, and still writes exact files', async () => {
    // A fresh round of its own would need a new registry; instead, the deposits of three persons
    // are rejected (MS03, curable: they are sent again), and one of them is paid at a counter
    // while the export runs.
    const target = f.persons.slice(0, 3);
    const reply = path.join(f.dir, 'reject-three.xml');
    const rows = await f.db.query<{ end_to_end_id: string; message_id: string; payment_info_id: string }>(
      `SELECT d.end_to_end_id, f.message_id, f.payment_info_id FROM bono_deposit d JOIN bono_deposit_file f ON f.id = d.file_id
       WHERE d.person_id = ANY($1::bigint[]) ORDER BY d.end_to_end_id`,
      [target.map((p) => p.id.toString())],
    );
    const byFile = new Map<string, typeof rows>();
    for (const r of rows) byFile.set(r.message_id, [...(byFile.get(r.message_id) ?? []), r]);
    for (const [messageId, group] of byFile) {
      await writeFile(
        reply,
        pain002Xml({
          messageId: `STS-${messageId}`,
          originalMessageId: messageId,
          payment: { id: group[0]!.payment_info_id },
          transactions: group.map((r) => ({ endToEndId: r.end_to_end_id, status: 'RJCT', reason: 'MS03' })),
        }),
      );
      okValue(await importStatus(f.db, { filePath: reply, at: f.at, actor: f.officer }));
    }
    // Paid at a counter (the ledger transfer and the payment row, as the desk does, on another
    // connection) after the export's page statement classified and recorded the racer's deposit,
    // before the page's transfer took the payable account: the page is reserved again without them.
    const racer = target[1]!;
    let armed = true;
    const racing = interceptingPageStatement(f.db, async (tx, text, params, onRow) => {
      await tx.queryEach(text, params, onRow);
      if (armed) {
        armed = false;
        assert.equal(await payAtCounter(f, racer, racer.bankBic!, 'RACE-1', f.at), 'ok');
      }
    });

    const r = okValue(
      await exportDeposits(racing, {
        roundId: f.round.id,
        outDir,
        at: new Date('2020-12-03T13:00:00Z'),
        actor: f.officer,
      }),
    );
    assert.equal(r.skipped.paid_meanwhile, 1);
    assert.equal(r.sent, 2);
    for (const file of r.files) {
      const parsed = await parseExport(file.path);
      assert.equal(parsed.groupCount, file.nbOfTxs, 'the header was written from what was reserved');
      assert.equal(parsed.groupSum, decimal(file.ctrlSumCentavos));
      assert.ok(!parsed.transactions.some((t) => t.account === racer.accountNumber));
    }
    assert.deepEqual(
      (await depositsOf(f.db, racer.id)).map((d) => d.state),
      ['rejected'],
      'no deposit row was left for the refused reservation',
    );
    await assertBooksBalanced(f.db);
  });

  it('refuses files it cannot apply, and changes nothing', async () => {
    const [file] = await f.db.query<{ file_name: string }>('SELECT file_name FROM bono_deposit_file LIMIT 1');
    const own = path.join(outDir, file!.file_name);
    const unrecognised = await importStatus(f.db, { filePath: own, at: f.at, actor: f.officer });
    assert.deepEqual(unrecognised, {
      ok: false,
      error: { code: 'status_file_unrecognised', filePath: own, messageName: 'pain.001.001.03' },
    });
    assert.ok(!unrecognised.ok);
    assert.match(
      describeFailure(unrecognised.error, 'en').detail,
      /is a pain\.001\.001\.03; import-status reads/,
    );
    const stranger = path.join(f.dir, 'stranger.xml');
    await writeFile(
      stranger,
      pain002Xml({ messageId: 'X-1', originalMessageId: 'NOT-OURS-1', groupStatus: 'ACCP' }),
    );
    assert.deepEqual(await importStatus(f.db, { filePath: stranger, at: f.at, actor: f.officer }), {
      ok: false,
      error: { code: 'deposit_file_unknown', originalMessageId: 'NOT-OURS-1' },
    });
    const anonymous = path.join(f.dir, 'anonymous.xml');
    await writeFile(anonymous, pain002Xml({ messageId: 'X-2', originalMessageId: '', groupStatus: 'RJCT' }));
    assert.deepEqual(await importStatus(f.db, { filePath: anonymous, at: f.at, actor: f.officer }), {
      ok: false,
      error: { code: 'status_original_unknown' },
    });
    // Cut short: the reader's failure is passed on as the cause, and the CLI's words are still
    // the file's path and what the reader said.
    const truncated = path.join(f.dir, 'truncated.xml');
    await writeFile(
      truncated,
      pain002Xml({ messageId: 'X-3', originalMessageId: 'NOT-OURS-3', groupStatus: 'ACCP' }).slice(0, 300),
    );
    const unreadable = await importStatus(f.db, { filePath: truncated, at: f.at, actor: f.officer });
    assert.ok(!unreadable.ok && unreadable.error.code === 'status_file_unreadable', inspect(unreadable));
    assert.ok('cause' in unreadable.error && unreadable.error.stage === 'read', inspect(unreadable.error));
    const cause = unreadable.error.cause;
    assert.ok(cause.code === 'xml_malformed' && cause.parserMessage !== undefined, inspect(cause));
    assert.equal(
      describeFailure(unreadable.error, 'en').detail,
      `${truncated}: not well-formed XML: ${cause.parserMessage}`,
    );
    const [imports] = await f.db.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM bono_status_import WHERE message_id LIKE 'X-%'`,
    );
    assert.equal(Number(imports!.n), 0);
  });
});

describe('bono deposits: a page whose deposits come out of order', () => {
  it('is asked for again, sorted, as are the pages after it, and the files are in EndToEndId order with exact totals', async () => {
    const f = await createBonoFixture({ persons: 12, depositEvery: 1 });
    try {
      // No plan promises person order: here the unsorted page statement's rows are handed over
      // last first, as a plan could.
      const pageStatements: string[] = [];
      const reversing = interceptingPageStatement(f.db, async (tx, text, params, onRow) => {
        pageStatements.push(text);
        const rows = await tx.query(text, params);
        const sorted = /ORDER BY 2\s*$/.test(text);
        for (const row of sorted ? rows : rows.reverse()) onRow(row);
      });
      const r = okValue(
        await exportDeposits(reversing, {
          roundId: f.round.id,
          outDir: path.join(f.dir, 'deposits'),
          at: f.at,
          actor: f.officer,
          schemaPath: schemasDir,
          batchSize: 4,
        }),
      );
      // Three pages of four; two in flight at once, so the second may have been asked for before
      // the first came back out of order, but not the third.
      const sorted = pageStatements.filter((text) => /ORDER BY 2\s*$/.test(text)).length;
      const unsorted = pageStatements.length - sorted;
      assert.ok(sorted >= 2, `the first page again, and the third, sorted (${sorted} sorted)`);
      assert.ok(unsorted <= 2, `no page after those in flight asked for unsorted (${unsorted} unsorted)`);
      assert.equal(r.sent, 12);
      assert.ok(
        r.files.some((file) => file.nbOfTxs >= 2),
        'some bank has two deposits (else the order could not be wrong)',
      );
      for (const file of r.files) {
        const parsed = await parseExport(file.path);
        const ids = parsed.transactions.map((t) => t.endToEndId);
        assert.deepEqual(ids, [...ids].sort(), 'EndToEndIds ascend');
        assert.equal(parsed.groupCount, file.nbOfTxs);
        assert.equal(parsed.groupSum, decimal(file.ctrlSumCentavos));
      }
      const [deposits] = await f.db.query<{ n: number; persons: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT person_id)::int AS persons FROM bono_deposit',
      );
      assert.deepEqual(deposits, { n: 12, persons: 12 }, 'the first attempt left nothing behind');
      await assertBooksBalanced(f.db);
    } finally {
      await f.dispose();
    }
  });
});

describe('bono deposits: a counter payout racing an export', () => {
  it('is refused when a deposit to the same person commits while the payout waits for the payable', async () => {
    const f = await createBonoFixture({ persons: 4, depositEvery: 2 });
    try {
      const person = f.persons.find((p) => p.channel === 'deposit')!;
      const accounts = await ensureBonoAccounts(f.db, f.at);
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding!: () => void;
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      // An export page by hand: the person's deposit row and its transfer to in-transit, which
      // locks the payable account; not committed until released.
      const exporting = f.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO bono_deposit (end_to_end_id, file_id, round_id, person_id, bank_bic, account_number,
             amount_centavos, sent_transfer_id, state)
           VALUES ($1, 99, $2, $3, $4, $5, 100000, $6, 'sent')`,
          [
            `B${f.round.id}F99P${person.id.toString().padStart(10, '0')}`,
            f.round.id,
            person.id,
            person.bankBic,
            person.accountNumber,
            'bono:deposits-sent:RACE',
          ],
        );
        const [sent] = await createTransfers(tx, [
          {
            id: 'bono:deposits-sent:RACE',
            debitAccountId: accounts.payable,
            creditAccountId: accounts.inTransitByBank.get(person.bankBic!)!,
            amount: 100_000n,
            ledger: BOB_LEDGER,
            code: 'bono.deposits_sent',
            occurredAt: f.at,
          },
        ]);
        assert.equal(sent!.result, 'ok');
        holding();
        await released;
      });
      await held;
      const desk = new PayoutDesk(f.db);
      try {
        // The payout reads no deposit (not committed yet), passes its checks and waits for the lock.
        const paying = desk.pay(counterPayout(person, 'BUNIBOLX', 'K-RACE-0001', f.at));
        for (let i = 0; ; i++) {
          const [waiting] = await f.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (waiting!.n > 0) break;
          assert.ok(i < 100, 'the payout never waited for the payable account');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        release();
        await exporting;
        assert.deepEqual(await paying, { ok: false, error: { code: 'deposit_in_progress' } });
      } finally {
        await desk.close();
      }
      const [payments] = await f.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM bono_payment WHERE person_id = $1',
        [person.id],
      );
      assert.equal(payments!.n, 0, 'the payout was rolled back');
      assert.equal((await getTransfers(f.db, ['bono:counter:BUNIBOLX:K-RACE-0001'])).length, 0);
      await assertBooksBalanced(f.db);
    } finally {
      await f.dispose();
    }
  });
});

describe('bono deposits: exported before migration 0033', () => {
  it('posts or voids the pending transfer each such deposit was reserved with', async () => {
    const f = await createBonoFixture({ persons: 4, depositEvery: 1 });
    try {
      const accounts = await ensureBonoAccounts(f.db, f.at);
      const [accepted, rejected] = f.persons.filter((p) => p.bankBic === f.persons[0]!.bankBic);
      assert.ok(accepted && rejected, 'two depositors at one bank');
      const bic = accepted.bankBic!;
      const e2e = (p: FixturePerson) => `B${f.round.id}F900P${p.id.toString().padStart(10, '0')}`;
      // What the export wrote until 2026-11-30: a pending transfer per deposit, holding the key.
      const reserved = await createTransfers(
        f.db,
        [accepted, rejected].map((p) => ({
          kind: 'pending' as const,
          id: depositTransferId(e2e(p)),
          debitAccountId: accounts.payable,
          creditAccountId: accounts.paidByBank.get(bic)!,
          amount: 100_000n,
          ledger: BOB_LEDGER,
          code: 'bono.deposit',
          uniqueKey: personPaymentKey(p.id),
          personId: p.id,
          userData64: BigInt(f.round.id),
          userDataText: e2e(p),
          occurredAt: f.at,
        })),
      );
      assert.deepEqual(
        reserved.map((r) => r.result),
        ['ok', 'ok'],
      );
      await f.db.query(
        `INSERT INTO bono_deposit_file (id, round_id, bank_bic, message_id, payment_info_id, file_name, sha256,
           nb_of_txs, ctrl_sum_centavos, created_by, created_at)
         OVERRIDING SYSTEM VALUE
         VALUES (900, $1, $2, 'BCH-OLD-900', 'BCH-OLD-900-1', 'old-900.xml', repeat('a', 64), 2, 200000, $3, $4)`,
        [f.round.id, bic, f.officer, f.at],
      );
      for (const p of [accepted, rejected])
        await f.db.query(
          `INSERT INTO bono_deposit (end_to_end_id, file_id, round_id, person_id, bank_bic, account_number,
             amount_centavos, sent_transfer_id, state)
           VALUES ($1, 900, $2, $3, $4, $5, 100000, $6, 'sent')`,
          [e2e(p), f.round.id, p.id, bic, p.accountNumber, depositTransferId(e2e(p))],
        );
      const reply = path.join(f.dir, 'old-reply.xml');
      await writeFile(
        reply,
        pain002Xml({
          messageId: 'STS-OLD-900',
          originalMessageId: 'BCH-OLD-900',
          payment: { id: 'BCH-OLD-900-1' },
          transactions: [
            { endToEndId: e2e(accepted), status: 'ACCP' },
            { endToEndId: e2e(rejected), status: 'RJCT', reason: 'AC04' },
          ],
        }),
      );
      const r = okValue(await importStatus(f.db, { filePath: reply, at: f.at, actor: f.officer }));
      assert.deepEqual([r.accepted, r.rejected, r.unchanged, r.unmatched], [1, 1, 0, 0]);
      const resolved = await getTransfers(f.db, [
        `${depositTransferId(e2e(accepted))}:post`,
        `${depositTransferId(e2e(rejected))}:void`,
      ]);
      assert.deepEqual(resolved.map((t) => t.kind).sort(), ['post_pending', 'void_pending']);
      const [payment] = await f.db.query<{ transfer_id: string; channel: string }>(
        'SELECT transfer_id, channel FROM bono_payment WHERE person_id = $1',
        [accepted.id],
      );
      assert.deepEqual(payment, {
        transfer_id: `${depositTransferId(e2e(accepted))}:post`,
        channel: 'deposit',
      });
      // The rejected person's key is free again: a counter may pay them.
      assert.equal(await payAtCounter(f, rejected, bic, 'K-OLD-0001', f.at), 'ok');
      await assertBooksBalanced(f.db);
    } finally {
      await f.dispose();
    }
  });
});

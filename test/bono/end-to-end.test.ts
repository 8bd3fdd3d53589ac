import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCredential } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { verifyAuditChain } from '../../src/audit/index.ts';
import {
  approveRound,
  createRound,
  expireRound,
  exportDeposits,
  importStatus,
  roundProgress,
  unclaimedReport,
} from '../../src/bono/index.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { validateXmlFile } from '../../src/interchange/iso20022/index.ts';
import { getAccountsByCode, totalsByCode, verifyLedger } from '../../src/ledger/index.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { pain002Xml } from '../helpers/bank-replies.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { PAIN001_XSD } from '../interchange/testdata.ts';

/**
 * Issue 4, "done when", on a seeded country: a round is created and approved by two officers,
 * paid partly at counters through the bank API and partly by deposit files that validate against
 * the XSD, reconciled from pain.002 files, expired after the window, with the ledger balanced.
 */
describe('bono end to end: round → counters and deposits → reconciliation → expiry', () => {
  let t: TestDatabase;
  let http: ReturnType<typeof buildHttpApp>;
  let clock = new Date('2020-11-30T14:00:00Z');
  const tokens: Record<string, string> = {};
  const triples: { ciNumber: string; complemento: string; dateOfBirth: string }[] = [];

  before(async () => {
    t = await createTestDatabase();
    await seedCountry(t.db, t.dir, 2_000);
    const app: App = {
      config: { ...loadConfig({}), dataDir: t.dir, secureCookies: false },
      db: t.db,
      rejectsDir: path.join(t.dir, 'rejects'),
      now: () => clock,
      simulatedClock: true,
      close: async () => {},
    };
    http = buildHttpApp(app);
    for (const bic of ['BUNIBOLX', 'BNBOBOLX']) {
      const c = await createCredential(t.db, {
        organisation: bic,
        roles: ['bank'],
        actor: 'system',
        now: clock,
      });
      assert.ok(c.ok);
      tokens[bic] = c.value.token;
    }
  });
  after(async () => {
    await closeHttpApp(http);
    await t.dispose();
  });

  const pay = (bic: string, key: string, person: (typeof triples)[number]) =>
    http.request('/api/bono/payouts', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens[bic]}`,
        'idempotency-key': key,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ ...person, paymentPoint: 'Agencia Central' }),
    });

  it('runs the whole operation with every centavo accounted for', async () => {
    // 1. Two officers: one freezes, the other approves.
    const round = okValue(
      await createRound(t.db, {
        asOf: '2020-12-01',
        kind: 'regular',
        actor: 'account:ana',
        at: clock,
      }),
    );
    okValue(await approveRound(t.db, { roundId: round.id, actor: 'account:beto', at: clock }));

    // 2. Deposits for everyone with a registered account, in one pain.001 per bank, valid against the XSD.
    clock = new Date('2020-12-01T13:00:00Z');
    const out = path.join(t.dir, 'deposits');
    const exported = okValue(
      await exportDeposits(t.db, {
        roundId: round.id,
        outDir: out,
        at: clock,
        actor: 'account:beto',
      }),
    );
    assert.ok(exported.files.length >= 2, 'one file per bank');
    assert.ok(exported.sent > 10);
    const endToEnd = new Map<string, string[]>();
    for (const f of exported.files) {
      const valid = await validateXmlFile(f.path, PAIN001_XSD);
      assert.ok(valid.ok, `${f.path} is valid pain.001.001.03`);
      const xml = await readFile(f.path, 'utf8');
      endToEnd.set(
        f.messageId,
        [...xml.matchAll(/<EndToEndId>([^<]+)</g)].map((m) => m[1]!),
      );
      assert.equal(endToEnd.get(f.messageId)!.length, f.nbOfTxs);
    }

    // 3. Counters through the bank API, during the windows; a deposit in flight cannot be paid at a counter.
    clock = new Date('2021-02-01T15:00:00Z');
    const counter = await t.db.query<{ ci: string; c: string; dob: string }>(
      `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
       FROM bono_entitlement e JOIN person p ON p.id = e.person_id WHERE e.channel = 'counter' ORDER BY p.id LIMIT 40`,
    );
    for (const [i, p] of counter.entries()) {
      const person = { ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob };
      triples.push(person);
      const r = await pay(
        i % 2 ? 'BNBOBOLX' : 'BUNIBOLX',
        `e2e-counter-${String(i).padStart(4, '0')}`,
        person,
      );
      assert.equal(r.status, 201, await r.text());
    }
    const [inFlight] = await t.db.query<{ ci: string; c: string; dob: string }>(
      `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
       FROM bono_deposit d JOIN person p ON p.id = d.person_id ORDER BY d.end_to_end_id LIMIT 1`,
    );
    const blocked = await pay('BUNIBOLX', 'e2e-blocked-0001', {
      ciNumber: inFlight!.ci,
      complemento: inFlight!.c,
      dateOfBirth: inFlight!.dob,
    });
    assert.equal(blocked.status, 409);
    assert.equal(((await blocked.json()) as { code: string }).code, 'deposit_in_progress');

    // 4. The banks reply: all accepted but the first two of each file, rejected AC04 (closed account).
    let rejectedTriple: { ciNumber: string; complemento: string; dateOfBirth: string } | undefined;
    for (const f of exported.files) {
      const ids = endToEnd.get(f.messageId)!;
      const reply = path.join(t.dir, `${f.bankBic}-pain002.xml`);
      await writeFile(
        reply,
        pain002Xml({
          messageId: `STS-${f.bankBic}`,
          originalMessageId: f.messageId,
          groupStatus: 'PART',
          payment: { id: f.paymentInformationId },
          transactions: ids.map((id, i) =>
            i < 2 ? { endToEndId: id, status: 'RJCT', reason: 'AC04' } : { endToEndId: id, status: 'ACCP' },
          ),
        }),
      );
      const r = okValue(await importStatus(t.db, { filePath: reply, at: clock, actor: 'account:beto' }));
      assert.equal(r.rejected, Math.min(2, ids.length));
      assert.equal(r.accepted, ids.length - Math.min(2, ids.length));
      const again = okValue(await importStatus(t.db, { filePath: reply, at: clock, actor: 'account:beto' }));
      assert.equal(again.alreadyImported, true, 'a second import changes nothing');
      if (!rejectedTriple) {
        const [p] = await t.db.query<{ ci: string; c: string; dob: string }>(
          `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
           FROM bono_deposit d JOIN person p ON p.id = d.person_id WHERE d.end_to_end_id = $1`,
          [ids[0]],
        );
        rejectedTriple = { ciNumber: p!.ci, complemento: p!.c, dateOfBirth: p!.dob };
      }
    }
    // A rejected deposit: the person now collects at a counter.
    const rescued = await pay('BNBOBOLX', 'e2e-rejected-0001', rejectedTriple!);
    assert.equal(rescued.status, 201, await rescued.text());

    const progress = await roundProgress(t.db, round.id);
    assert.equal(progress.paidCounter.count, counter.length + 1);
    assert.equal(progress.depositsInFlight.count, 0);
    assert.ok(progress.paidDeposit.count > 0);

    // 5. After the 90-day limit, what was not collected goes back to the funding lines.
    clock = new Date('2021-03-02T13:00:00Z');
    const expired = okValue(await expireRound(t.db, { roundId: round.id, actor: 'account:beto', at: clock }));
    assert.equal(expired.unclaimed, progress.unpaid.count);
    const report = await unclaimedReport(t.db, round.id);
    assert.equal(
      report.reduce((s, r) => s + r.unclaimedCentavos, 0n),
      expired.returnedCentavos,
    );
    const late = await pay('BUNIBOLX', 'e2e-late-000001', triples[0]!);
    assert.equal(late.status, 409);

    // 6. Every centavo: funded = paid through the banks + returned; nothing left payable; ledger and audit verify.
    // Payable was credited the round's total at approval and, again, each rejected deposit's amount
    // when it came back from in-transit; it paid all of that out or returned it at expiry.
    const [payable] = await getAccountsByCode(t.db, ['bono:entitlements-payable']);
    const [rejected] = await t.db.query<{ total: string }>(
      `SELECT coalesce(sum(amount_centavos), 0)::text AS total FROM bono_deposit WHERE state = 'rejected'`,
    );
    assert.ok(BigInt(rejected!.total) > 0n, 'the scenario has rejected deposits');
    assert.equal(payable!.creditsPosted, round.totalCentavos + BigInt(rejected!.total));
    assert.equal(payable!.debitsPosted, payable!.creditsPosted);
    assert.equal(payable!.debitsPending + payable!.creditsPending, 0n);
    const inTransit = await t.db.query<{ code: string }>(
      `SELECT code FROM ledger_account WHERE code LIKE 'bono:in-transit:%'`,
    );
    for (const account of await getAccountsByCode(
      t.db,
      inTransit.map((a) => a.code),
    ))
      assert.equal(account.creditsPosted, account.debitsPosted, `${account.code} holds nothing at the end`);
    const paid = await t.db.query<{ total: string }>(
      `SELECT coalesce(sum(amount_centavos), 0)::text AS total FROM bono_payment WHERE reversed_at IS NULL`,
    );
    assert.equal(BigInt(paid[0]!.total) + expired.returnedCentavos, round.totalCentavos);
    const totals = await totalsByCode(t.db, {});
    assert.ok(totals.length > 0);
    assert.deepEqual((await verifyLedger(t.db)).problems, []);
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });
});

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import { type AccessEnv, createAccess } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import {
  approveRound,
  createRound,
  decideGrievance,
  exportDeposits,
  fileGrievance,
  importStatus,
  linkGrievancePerson,
  PayoutDesk,
  startReview,
} from '../../src/bono/index.ts';
import { onError, respondToFailure } from '../../src/http/error-handler.ts';
import { formatDate, formatMoney, pageMessages } from '../../src/messages/index.ts';
import { loadConfig } from '../../src/shared/config.ts';
import type { IsoDate } from '../../src/shared/dates.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import { portalRoutes } from '../../src/web/portal/index.ts';
import { pain002Xml } from '../helpers/bank-replies.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { parseHtml, textOf } from '../helpers/html.ts';
import { assertPageLanguage } from '../helpers/page-language.ts';
import { insertFixture } from '../rules/registry-fixture.ts';

/**
 * A grievance followed by its citizen to the end: filed, reviewed, corrected and re-evaluated, a
 * supplementary round frozen by one officer and approved by a second, then paid — at a bank
 * counter for one person, by a deposit the bank confirmed for another. The tracking page
 * (/bono/reclamo/seguimiento) says at each stage what happened and what comes next, with dates,
 * in Spanish and English; it no longer stays at "a second officer must still approve" once the
 * round was approved and the person paid.
 */

const maker = 'account:ana.maker' as const;
const checker = 'account:beto.checker' as const;
const officer = 'account:carla.reclamos' as const;
const approver = 'account:dario.aprobador' as const;

/** A value as text for an assertion's message (amounts are bigints). */
const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));

const universal = { 'bono-universal': {} };
const person = (ci: string, dob: string, lists: Record<string, Record<string, string>>) => ({
  facts: {
    attributes: {
      ci_number: ci,
      complemento: '',
      date_of_birth: dob,
      sex: 'F',
      municipality_code: '020101',
      residence_country: 'BO',
      date_of_death: null,
    },
    lists,
  },
});

/** The registry says 2005 (too young); the card says 1985. One collects at a counter, one has an account. */
const COUNTER = { ci: '5200001', registryDob: '2005-03-10', dob: '1985-03-10' };
const DEPOSIT = { ci: '5200002', registryDob: '2004-06-20', dob: '1984-06-20' };

let t: TestDatabase;
let http: Hono<AccessEnv>;
const ids: { counter: bigint; deposit: bigint } = { counter: 0n, deposit: 0n };

before(async () => {
  t = await createTestDatabase();
  const [, counter, deposit] = await insertFixture(t.db, [
    person('5200009', '1970-01-01', universal),
    person(COUNTER.ci, COUNTER.registryDob, universal),
    person(DEPOSIT.ci, DEPOSIT.registryDob, {
      ...universal,
      'bank-accounts': { bank_bic: 'BUNIBOLX', account_number: '3000000002' },
    }),
  ]);
  ids.counter = counter!;
  ids.deposit = deposit!;
  const regular = await createRound(t.db, {
    asOf: '2020-11-30',
    kind: 'regular',
    actor: maker,
    at: new Date('2020-11-30T14:00:00Z'),
  });
  assert.ok(regular.ok);
  assert.ok(
    (
      await approveRound(t.db, {
        roundId: regular.value.id,
        actor: checker,
        at: new Date('2020-11-30T16:00:00Z'),
      })
    ).ok,
  );

  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const clock = new Date('2021-02-10T15:00:00Z');
  const app: App = {
    config,
    db: t.db,
    rejectsDir: path.join(t.dir, 'rejects'),
    now: () => clock,
    simulatedClock: true,
    close: async () => {},
  };
  const access = createAccess(t.db, { secureCookies: false, now: () => clock, respond: respondToFailure });
  http = new Hono<AccessEnv>();
  http.use('*', access.authenticate, access.csrf);
  http.onError(onError);
  http.route('/', portalRoutes(app, access));
});
after(() => t.dispose());

interface Tracking {
  status: string;
  rows: string[];
  next: string | null;
  text: string;
}

/** The tracking page of a grievance, as the citizen gets it by posting the reference and CI number. */
async function track(reference: string, ci: string, lang: Lang): Promise<Tracking> {
  const res = await http.request(`/bono/reclamo/seguimiento?lang=${lang}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ref: reference, ci }).toString(),
  });
  assert.equal(res.status, 200);
  const html = await res.text();
  const text = assertPageLanguage(html, lang);
  const doc = parseHtml(html);
  return {
    status: textOf(doc.querySelector('[data-testid=status]')),
    rows: doc.querySelectorAll('tbody tr').map((tr) => textOf(tr.querySelectorAll('td')[1])),
    next: doc.querySelector('[data-testid=next]') ? textOf(doc.querySelector('[data-testid=next]')) : null,
    text,
  };
}

/** Files, reviews, links and approves with a corrected date of birth: a supplementary round, frozen. */
async function grievanceToRound(
  p: typeof COUNTER,
  personId: bigint,
  at: Date,
): Promise<{ reference: string; roundId: number }> {
  const filed = await fileGrievance(t.db, {
    kind: 'wrong_data',
    person: { ciNumber: p.ci, complemento: '', dateOfBirth: p.dob as IsoDate },
    description: 'Mi fecha de nacimiento está mal.',
    filedVia: 'citizen',
    actor: 'system',
    at,
  });
  assert.ok(filed.ok, show(filed));
  const id = filed.value.id;
  const later = (hours: number) => new Date(at.getTime() + hours * 3_600_000);
  assert.ok((await startReview(t.db, { id, actor: officer, at: later(1) })).ok);
  assert.ok((await linkGrievancePerson(t.db, { id, personId, actor: officer, at: later(2) })).ok);
  const decided = await decideGrievance(t.db, {
    id,
    decision: 'approve',
    note: 'Certificado de nacimiento revisado.',
    citizenNote: 'Corregimos su fecha de nacimiento.',
    correction: { dateOfBirth: p.dob as IsoDate },
    actor: officer,
    at: later(3),
  });
  assert.ok(decided.ok, show(decided));
  assert.equal(decided.value.outcome, 'supplementary_round');
  return { reference: filed.value.reference, roundId: decided.value.roundId! };
}

async function windowOf(roundId: number, personId: bigint): Promise<{ opensOn: IsoDate; closesOn: IsoDate }> {
  const [row] = await t.db.query<{ opens_on: string; closes_on: string }>(
    `SELECT to_char(opens_on, 'YYYY-MM-DD') AS opens_on, to_char(closes_on, 'YYYY-MM-DD') AS closes_on
     FROM bono_entitlement WHERE round_id = $1 AND person_id = $2`,
    [roundId, personId.toString()],
  );
  assert.ok(row, 'the supplementary round holds the person');
  return { opensOn: row.opens_on as IsoDate, closesOn: row.closes_on as IsoDate };
}

describe('a grievance tracked to its payment', () => {
  it('at a bank counter: awaiting the second officer, approved with the dates to collect, then paid', async () => {
    const { reference, roundId } = await grievanceToRound(
      COUNTER,
      ids.counter,
      new Date('2020-12-20T13:00:00Z'),
    );
    for (const lang of LANGS) {
      const w = pageMessages(lang).portal.follow;
      const frozen = await track(reference, COUNTER.ci, lang);
      assert.equal(frozen.next, w.next.round_awaits_approval, 'the round waits for a second officer');
      assert.ok(frozen.rows.includes(w.reevaluated.supplementary_round_due), 're-evaluated');
      assert.ok(frozen.rows.includes(`${w.events.approved} Corregimos su fecha de nacimiento.`));
      assert.ok(!frozen.rows.includes(w.events.round_approved));
    }

    const approvedAt = new Date('2020-12-21T15:00:00Z');
    assert.ok((await approveRound(t.db, { roundId, actor: approver, at: approvedAt })).ok);
    const window = await windowOf(roundId, ids.counter);
    for (const lang of LANGS) {
      const w = pageMessages(lang).portal.follow;
      const approved = await track(reference, COUNTER.ci, lang);
      assert.equal(
        approved.next,
        w.next.collect(formatDate(window.opensOn, lang), formatDate(window.closesOn, lang)),
      );
      assert.equal(approved.rows.at(-1), w.events.round_approved);
      assert.ok(
        !approved.text.includes(w.next.round_awaits_approval),
        'no longer waits for a second officer',
      );
    }

    // Paid after the approval, inside the person's window.
    const paidOn = window.opensOn;
    assert.ok(
      paidOn > '2020-12-21',
      `the window ${window.opensOn}–${window.closesOn} opens after the approval`,
    );
    const desk = new PayoutDesk(t.db);
    const paid = await desk.pay({
      bankBic: 'BUNIBOLX',
      idempotencyKey: 'tracking-test-0001',
      person: { ciNumber: COUNTER.ci, complemento: '', dateOfBirth: COUNTER.dob as IsoDate },
      paymentPoint: 'Agencia El Prado',
      at: new Date(`${paidOn}T14:15:00Z`),
      actor: 'credential:ak_test',
    });
    await desk.close();
    assert.ok(paid.ok && paid.value.result === 'paid', show(paid));

    for (const lang of LANGS) {
      const w = pageMessages(lang).portal.follow;
      const done = await track(reference, COUNTER.ci, lang);
      assert.equal(done.next, null, 'nothing left to wait for');
      assert.deepEqual(done.rows.slice(-2), [
        w.events.round_approved,
        w.events.paidCounter(formatMoney(100_000n, lang)),
      ]);
      assert.ok(!done.text.includes(w.next.round_awaits_approval));
      // The date of each step is in the row's first cell: the payment's is the day it was paid.
      assert.ok(done.text.includes(formatDate(paidOn, lang)), 'the day it was paid is shown');
    }
  });

  it('by deposit: approved, the deposit in flight, then confirmed by the bank', async () => {
    const { reference, roundId } = await grievanceToRound(
      DEPOSIT,
      ids.deposit,
      new Date('2021-02-03T13:00:00Z'),
    );
    assert.ok(
      (await approveRound(t.db, { roundId, actor: approver, at: new Date('2021-02-04T15:00:00Z') })).ok,
    );
    for (const lang of LANGS) {
      const w = pageMessages(lang).portal.follow;
      assert.equal((await track(reference, DEPOSIT.ci, lang)).next, w.next.deposit);
    }

    const at = new Date('2021-02-05T13:00:00Z');
    const exported = await exportDeposits(t.db, {
      roundId,
      outDir: path.join(t.dir, 'deposits'),
      at,
      actor: checker,
    });
    assert.ok(exported.ok, show(exported));
    const [file] = exported.value.files;
    assert.ok(file, 'one deposit file');
    const endToEnd = [...(await readFile(file.path, 'utf8')).matchAll(/<EndToEndId>([^<]+)</g)].map(
      (m) => m[1]!,
    );
    assert.equal(endToEnd.length, 1);
    const reply = path.join(t.dir, 'reply-pain002.xml');
    await writeFile(
      reply,
      pain002Xml({
        messageId: 'STS-TRACKING-1',
        originalMessageId: file.messageId,
        groupStatus: 'ACCP',
        payment: { id: file.paymentInformationId },
        transactions: [{ endToEndId: endToEnd[0]!, status: 'ACCP' }],
      }),
    );
    const imported = await importStatus(t.db, {
      filePath: reply,
      at: new Date('2021-02-06T14:00:00Z'),
      actor: checker,
    });
    assert.ok(imported.ok && imported.value.accepted === 1, show(imported));

    for (const lang of LANGS) {
      const w = pageMessages(lang).portal.follow;
      const done = await track(reference, DEPOSIT.ci, lang);
      assert.equal(done.next, null);
      assert.deepEqual(done.rows.slice(-2), [
        w.events.round_approved,
        w.events.paidDeposit(formatMoney(100_000n, lang)),
      ]);
    }
  });
});

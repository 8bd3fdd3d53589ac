import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCredential } from '../../src/access/index.ts';
import { verifyAuditChain } from '../../src/audit/index.ts';
import { openDatabase } from '../../src/db/open.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { ROUND_APPROVED_AT, seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type ServerProcess, startServerProcess } from '../helpers/processes.ts';

/**
 * Crash test (issue 4): kill -9 the server in the middle of a payout burst, restart it on the same
 * database, and retry every request with its idempotency key. No acknowledged payout may be lost
 * (its retry returns the same payment) and no person may be paid twice.
 */

/** The server, on the test's database, at the demonstration's clock (inside the payout windows). */
const startChild = (t: TestDatabase) => startServerProcess(t, { AYNI_CLOCK: '2021-02-01T11:00:00-04:00' });

interface Attempt {
  bank: string;
  key: string;
  person: { ciNumber: string; complemento: string; dateOfBirth: string };
}

async function pay(
  url: string,
  token: string,
  a: Attempt,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/api/bono/payouts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'idempotency-key': a.key,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ ...a.person, paymentPoint: 'Caja 3' }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('crash: kill -9 during a payout burst', () => {
  let t: TestDatabase;
  const tokens = new Map<string, string>();
  let attempts: Attempt[] = [];
  let server: ServerProcess | undefined;

  before(async () => {
    t = await createTestDatabase();
    await seedCountryWithRound(t.db, t.dir, 1_500);
    const at = ROUND_APPROVED_AT;
    for (const bic of ['BUNIBOLX', 'BNBOBOLX']) {
      const r = await createCredential(t.db, {
        organisation: bic,
        roles: ['bank'],
        actor: 'system',
        now: at,
      });
      assert.ok(r.ok);
      tokens.set(bic, r.value.token);
    }
    const persons = await t.db.query<{ ci: string; c: string; dob: string }>(
      `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
       FROM bono_entitlement e JOIN person p ON p.id = e.person_id WHERE e.channel = 'counter' ORDER BY p.id LIMIT 240`,
    );
    // Each person is paid by one bank; a quarter of them also by the other bank, at the same time.
    attempts = persons.flatMap((p, i) => {
      const person = { ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob };
      const first = {
        bank: i % 2 ? 'BNBOBOLX' : 'BUNIBOLX',
        key: `crash-a-${String(i).padStart(6, '0')}`,
        person,
      };
      return i % 4 === 0
        ? [
            first,
            { bank: i % 2 ? 'BUNIBOLX' : 'BNBOBOLX', key: `crash-b-${String(i).padStart(6, '0')}`, person },
          ]
        : [first];
    });
    await t.db.close();
  });
  after(async () => {
    server?.child.kill('SIGKILL');
    await t.dispose();
  });

  it('loses no acknowledged payout and pays nobody twice', async () => {
    server = await startChild(t);
    const acked = new Map<string, number>(); // key → payment id acknowledged before the crash
    let killed = false;
    let next = 0;
    const worker = async () => {
      while (!killed && next < attempts.length) {
        const a = attempts[next++]!;
        try {
          const r = await pay(server!.url, tokens.get(a.bank)!, a);
          if (r.status === 201 || r.status === 200)
            acked.set(a.key, (r.body['payment'] as { id: number }).id);
          if (acked.size >= 60 && !killed) {
            killed = true;
            server!.child.kill('SIGKILL');
          }
        } catch {
          // The connection died with the server: this request was not acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.ok(killed, 'the server was killed during the burst');
    const dead = server.child;
    if (dead.exitCode === null && dead.signalCode === null) await new Promise((r) => dead.once('exit', r));
    assert.ok(acked.size >= 60);

    // Restart on the same database and retry everything with the same keys.
    server = await startChild(t);
    const outcome = new Map<string, { status: number; body: Record<string, unknown> }>();
    for (let i = 0; i < attempts.length; i += 16)
      await Promise.all(
        attempts
          .slice(i, i + 16)
          .map(async (a) => outcome.set(a.key, await pay(server!.url, tokens.get(a.bank)!, a))),
      );
    for (const [key, id] of acked) {
      const r = outcome.get(key)!;
      assert.equal(
        r.status,
        200,
        `${key} was acknowledged before the crash; its retry must find it (${JSON.stringify(r.body)})`,
      );
      assert.equal((r.body['payment'] as { id: number }).id, id, `${key} keeps its payment`);
    }
    for (const r of outcome.values()) assert.ok([200, 201, 409].includes(r.status), JSON.stringify(r.body));
    server.child.kill('SIGTERM');
    await new Promise((r) => server!.child.once('exit', r));
    server = undefined;

    const opened = await openDatabase({ databaseUrl: t.url, dataDir: t.dir });
    assert.ok(opened.ok);
    const db = opened.value;
    try {
      const [dup] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT person_id FROM bono_payment WHERE reversed_at IS NULL GROUP BY person_id HAVING count(*) > 1) d',
      );
      assert.equal(dup!.n, 0, 'nobody paid twice');
      const persons = new Set(attempts.map((a) => a.person.ciNumber + a.person.dateOfBirth));
      const [live] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM bono_payment WHERE reversed_at IS NULL',
      );
      assert.equal(live!.n, persons.size, 'every person of the burst is paid exactly once after the retries');
      assert.deepEqual((await verifyLedger(db)).problems, []);
      assert.equal((await verifyAuditChain(db)).ok, true);
    } finally {
      await db.close();
    }
    // dispose() reopens nothing: give it a database handle to close.
    const reopened = await openDatabase({ databaseUrl: t.url, dataDir: t.dir });
    assert.ok(reopened.ok);
    t.db = reopened.value;
  });
});

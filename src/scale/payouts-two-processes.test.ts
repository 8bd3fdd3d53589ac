import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROUND_APPROVED_AT, seedCountryWithRound } from '../../test/helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { type ServerProcess, startServerProcess } from '../../test/helpers/processes.ts';
import { createCredential } from '../access/index.ts';
import { verifyAuditChain } from '../audit/index.ts';
import { openDatabase } from '../db/open.ts';
import { verifyLedger } from '../ledger/index.ts';

/**
 * Two app processes, one database (issue #22): the payout invariants are the database's, not a
 * process's. Every person is paid through both servers at the same moment — by two banks with
 * their own idempotency keys, and for a quarter of them the same request (same bank, same key) sent
 * to both — and afterwards nobody is paid twice, each person has exactly one payment, the same key
 * answered the same payment on both servers, and the ledger and the audit chain verify.
 */

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

describe('two app processes paying the same persons at once', () => {
  let t: TestDatabase;
  const tokens = new Map<string, string>();
  let persons: Attempt['person'][] = [];
  const servers: ServerProcess[] = [];

  before(async () => {
    t = await createTestDatabase();
    await seedCountryWithRound(t.db, t.dir, 1_500);
    for (const bic of ['BUNIBOLX', 'BNBOBOLX']) {
      const r = await createCredential(t.db, {
        organisation: bic,
        roles: ['bank'],
        actor: 'system',
        now: ROUND_APPROVED_AT,
      });
      assert.ok(r.ok);
      tokens.set(bic, r.value.token);
    }
    persons = (
      await t.db.query<{ ci: string; c: string; dob: string }>(
        `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
         FROM bono_entitlement e JOIN person p ON p.id = e.person_id WHERE e.channel = 'counter' ORDER BY p.id LIMIT 160`,
      )
    ).map((p) => ({ ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob }));
    await t.db.close();
    const env = { AYNI_CLOCK: '2021-02-01T11:00:00-04:00' };
    servers.push(await startServerProcess(t, env), await startServerProcess(t, env));
  });
  after(async () => {
    for (const s of servers) s.child.kill('SIGKILL');
    const reopened = await openDatabase({ databaseUrl: t.url, dataDir: t.dir });
    if (reopened.ok) t.db = reopened.value;
    await t.dispose();
  });

  it('pays each person once, answers one key with one payment on both, and the ledger and the audit chain verify', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const sameKey = new Map<string, number[]>();
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    for (let i = 0; i < persons.length; i += 16) {
      await Promise.all(
        persons.slice(i, i + 16).flatMap((person, j) => {
          const n = i + j;
          const first: Attempt = { bank: 'BUNIBOLX', key: `two-a-${String(n).padStart(6, '0')}`, person };
          const second: Attempt = { bank: 'BNBOBOLX', key: `two-b-${String(n).padStart(6, '0')}`, person };
          const both = [
            pay(a.url, tokens.get(first.bank)!, first).then((r) => count(r.status)),
            pay(b.url, tokens.get(second.bank)!, second).then((r) => count(r.status)),
          ];
          if (n % 4 !== 0) return both;
          // The very same request (bank, key) to both processes at once.
          const same: Attempt = { bank: 'BNBOBOLX', key: `two-same-${String(n).padStart(6, '0')}`, person };
          const ids: number[] = [];
          sameKey.set(same.key, ids);
          return [
            ...both,
            ...[a, b].map((s) =>
              pay(s.url, tokens.get(same.bank)!, same).then((r) => {
                count(r.status);
                const payment = r.body['payment'] as { id: number } | undefined;
                if (payment) ids.push(payment.id);
              }),
            ),
          ];
        }),
      );
    }
    for (const status of statuses.keys()) assert.ok([200, 201, 409].includes(status), `status ${status}`);
    assert.equal(statuses.get(201), persons.length, 'one payment made per person');
    for (const [key, ids] of sameKey)
      assert.ok(
        ids.length === 0 || new Set(ids).size === 1,
        `${key}: one payment whichever process answered (${ids})`,
      );

    const opened = await openDatabase({ databaseUrl: t.url, dataDir: t.dir });
    assert.ok(opened.ok);
    const db = opened.value;
    try {
      const [dup] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT person_id FROM bono_payment WHERE reversed_at IS NULL GROUP BY person_id HAVING count(*) > 1) d',
      );
      assert.equal(dup!.n, 0, 'nobody paid twice');
      const [live] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM bono_payment WHERE reversed_at IS NULL',
      );
      assert.equal(live!.n, persons.length);
      assert.deepEqual((await verifyLedger(db)).problems, []);
      assert.equal((await verifyAuditChain(db)).ok, true);
    } finally {
      await db.close();
    }
  });
});

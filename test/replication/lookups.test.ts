import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createCredential } from '../../src/access/index.ts';
import { ROUND_APPROVED_AT, seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type ServerProcess, startServerProcess } from '../helpers/processes.ts';

/**
 * The public's look-ups on a real hot standby, through two app processes (issue #22): the citizen
 * status look-up is admitted on the primary (`bono_lookup_admit`: the guessing limits) and read
 * from the replica; a citizen's own write is read back from the primary (read-your-writes); the
 * certificate verifier's trust list is read from the replica; a burst of 300 guesses sent at once
 * to both processes gets no more answers than 300 sent one after another; /metrics says, per
 * replica, its lag and whether it is in use. Replay is paused on the standby to tell the replica's
 * answer from the primary's. Part of the replication suite: runs with AYNI_TEST_REPLICA_URL.
 */
const replicaServer = process.env.AYNI_TEST_REPLICA_URL;
const skip =
  replicaServer && process.env.DATABASE_URL
    ? false
    : 'AYNI_TEST_REPLICA_URL (a hot standby of DATABASE_URL, scripts/start-standby.sh) and DATABASE_URL are not both set';

interface Triple {
  ciNumber: string;
  complemento: string;
  dateOfBirth: string;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

/** `n` dates of birth to guess, one a day from 1 Jan 1950, with the right one in position `rightAt`. */
function guesses(person: Triple, n: number, rightAt: number): Triple[] {
  const wrong = Array.from({ length: n + 1 }, (_, i) =>
    new Date(Date.UTC(1950, 0, 1 + i)).toISOString().slice(0, 10),
  ).filter((d) => d !== person.dateOfBirth);
  return wrong
    .slice(0, n)
    .map((d, i) => ({ ...person, dateOfBirth: i === rightAt ? person.dateOfBirth : d }));
}

describe('the public look-ups on a hot standby, through two app processes', { skip }, () => {
  let t: TestDatabase;
  let replicaUrl: string;
  /** host:port of the standby, as /metrics names it. */
  let replicaHost: string;
  const servers: ServerProcess[] = [];
  let bankToken: string;
  let monitoringToken: string;
  let persons: Triple[] = [];

  const onStandby = async (sql: string): Promise<unknown[]> => {
    const c = new pg.Client({ connectionString: replicaUrl });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };

  const status = async (url: string, person: Triple, cookie?: string) => {
    const res = await fetch(`${url}/api/bono/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(person),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const metrics = async (url: string) => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${monitoringToken}` } });
    assert.equal(res.status, 200);
    return res.text();
  };
  /** The value of one series in a Prometheus text, or undefined. */
  const sample = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  before(async () => {
    t = await createTestDatabase();
    await seedCountryWithRound(t.db, t.dir, 600);
    for (const [org, role] of [
      ['BUNIBOLX', 'bank'],
      ['MONITOREO', 'monitoring'],
    ] as const) {
      const r = await createCredential(t.db, {
        organisation: org,
        roles: [role],
        actor: 'system',
        now: ROUND_APPROVED_AT,
      });
      assert.ok(r.ok);
      if (role === 'bank') bankToken = r.value.token;
      else monitoringToken = r.value.token;
    }
    persons = (
      await t.db.query<{ ci: string; c: string; dob: string }>(
        `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
         FROM bono_entitlement e JOIN person p ON p.id = e.person_id
         WHERE e.channel = 'counter' AND (SELECT count(*) FROM person q WHERE q.ci_number = p.ci_number) = 1
         ORDER BY p.id LIMIT 4`,
      )
    ).map((p) => ({ ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob }));
    assert.equal(persons.length, 4);
    const u = new URL(replicaServer!);
    u.pathname = new URL(t.url!).pathname;
    replicaUrl = u.toString();
    replicaHost = u.host;
    // The seeded database reaches the standby by replication: wait for its last credential.
    await until('the seeded database on the standby', async () => {
      const rows = await onStandby(`SELECT 1 FROM api_credential WHERE organisation = 'MONITOREO'`);
      return rows.length === 1;
    });
    const env = {
      AYNI_CLOCK: '2021-02-01T11:00:00-04:00',
      DATABASE_READ_URL: replicaUrl,
      // Longer than the tests keep replay paused: the paused standby stays in use.
      AYNI_REPLICA_MAX_LAG_MS: '600000',
    };
    servers.push(await startServerProcess(t, env), await startServerProcess(t, env));
    for (const s of servers)
      await until('the replica in use by each process', async () => {
        const m = await metrics(s.url);
        return sample(m, `ayni_db_replica_in_use{replica="${replicaHost}"}`) === 1;
      });
  });

  after(async () => {
    if (replicaUrl) await onStandby('SELECT pg_wal_replay_resume()').catch(() => {});
    for (const s of servers) s.child.kill('SIGKILL');
    await t?.dispose();
  });

  it("answers a citizen's status from the replica, and a caller's own payout from the primary", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const person = persons[0]!;
    const before = await status(b.url, person);
    assert.equal(before.status, 200);
    assert.equal(before.body['payment'], null);
    const primaryBefore = sample(await metrics(b.url), 'ayni_db_reads_on_primary_total') ?? 0;
    await onStandby('SELECT pg_wal_replay_pause()');
    try {
      const paid = await fetch(`${a.url}/api/bono/payouts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${bankToken}`,
          'idempotency-key': 'replica-lookup-0001',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ ...person, paymentPoint: 'Caja 1' }),
      });
      assert.equal(paid.status, 201);
      const cookie = (paid.headers.get('set-cookie') ?? '').split(';')[0]!;
      assert.match(cookie, /^ayni_leido_desde=[0-9A-F]+%2F[0-9A-F]+$/);
      // Anyone else, on the other process: the replica, which has not replayed the payout.
      const elsewhere = await status(b.url, person);
      assert.equal(elsewhere.status, 200);
      assert.equal(elsewhere.body['payment'], null, 'read from the paused replica');
      // The caller who wrote it, on the other process too: the primary, which has it.
      const mine = await status(b.url, person, cookie);
      assert.equal(mine.status, 200);
      assert.equal((mine.body['payment'] as { paymentPoint: string } | null)?.paymentPoint, 'Caja 1');
      const m = await metrics(b.url);
      assert.equal(sample(m, `ayni_db_replica_in_use{replica="${replicaHost}"}`), 1);
      assert.ok((sample(m, `ayni_db_replica_reads_total{replica="${replicaHost}"}`) ?? 0) >= 2);
      assert.equal(sample(m, 'ayni_db_reads_on_primary_total'), primaryBefore + 1);
      assert.ok((sample(m, `ayni_db_replica_lag_seconds{replica="${replicaHost}"}`) ?? -1) >= 0);
      assert.doesNotMatch(m, /postgres:\/\/|password/i, 'no URL or password in the figures');
    } finally {
      await onStandby('SELECT pg_wal_replay_resume()');
    }
    await until('the replica has the payout', async () => {
      const r = await status(b.url, person);
      return r.body['payment'] !== null;
    });
  });

  it("reads the certificate verifier's trust list from the replica", async () => {
    const [a] = servers as [ServerProcess, ServerProcess];
    const before = sample(await metrics(a.url), `ayni_db_replica_reads_total{replica="${replicaHost}"}`) ?? 0;
    const res = await fetch(`${a.url}/api/certificates/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hc1: 'HC1:NOT-A-CERTIFICATE' }),
    });
    assert.equal(res.status, 422);
    const after = sample(await metrics(a.url), `ayni_db_replica_reads_total{replica="${replicaHost}"}`) ?? 0;
    assert.equal(after, before + 1, 'the trust snapshot was read from the replica');
  });

  it('300 guesses sent at once to both processes get no more answers than 300 sent one after another', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const count = (codes: number[], code: number) => codes.filter((c) => c === code).length;
    const burst = await Promise.all(
      guesses(persons[1]!, 300, 29).map(
        async (p, i) => (await status(i % 2 === 0 ? a.url : b.url, p)).status,
      ),
    );
    const sequential: number[] = [];
    for (const [i, p] of guesses(persons[2]!, 300, 29).entries())
      sequential.push((await status(i % 2 === 0 ? a.url : b.url, p)).status);
    assert.equal(count(sequential, 404), 5, 'one after another: five checked (the limit per CI and address)');
    assert.equal(sequential[29], 429);
    assert.equal(burst[29], 429, 'the right date of birth, sent after the limit, is refused');
    assert.equal(count(burst, 200), 0);
    assert.ok(
      count(burst, 404) <= count(sequential, 404),
      `${count(burst, 404)} guesses checked at once, ${count(sequential, 404)} one after another`,
    );
    assert.equal(count(burst, 404) + count(burst, 429), 300);
    // A person nobody guessed at is answered.
    const owner = await fetch(`${a.url}/api/bono/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(persons[3]),
    });
    assert.equal(owner.status, 200);
  });
});

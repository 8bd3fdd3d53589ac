import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  type AccessSettings,
  authenticateCredential,
  authenticateSession,
  createAccount,
  createCredential,
  csrfTokenMatches,
  DEFAULT_ACCESS_SETTINGS,
  disableAccount,
  enableAccount,
  findAccount,
  listAccounts,
  listCredentials,
  login,
  logout,
  revokeCredential,
  setAccountPassword,
  setAccountRoles,
  unlockAccount,
} from '../../src/access/index.ts';
import { spendPasswordCheck } from '../../src/access/password.ts';
import { cliActor, listAuditEntries, verifyAuditChain } from '../../src/audit/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/** Cheap argon2 parameters: these tests are about the rules around the hash, not its cost. */
const SETTINGS: AccessSettings = {
  ...DEFAULT_ACCESS_SETTINGS,
  password: { ...DEFAULT_ACCESS_SETTINGS.password, argon2: { memoryKiB: 1024, timeCost: 1, parallelism: 1 } },
  lockout: { ...DEFAULT_ACCESS_SETTINGS.lockout, ipMaxFailures: 12 },
};
const ADMIN = cliActor('root');
const PASSWORD = 'correct horse battery';
const T0 = Date.parse('2021-03-01T08:00:00.000Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN);

let t: TestDatabase;
let ipCounter = 0;
/** A fresh client address per scenario, so the per-address counter only matters where tested. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

async function newAccount(username: string, roles = ['bono_officer'], password = PASSWORD) {
  const r = await createAccount(
    t.db,
    { username, displayName: username, roles, password, actor: ADMIN, now: at(0) },
    SETTINGS,
  );
  assert.ok(r.ok, r.ok ? '' : r.error.code);
  return r.value;
}

/** JSON text of anything, bigints included, to search for leaked secrets. */
const text = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v));

async function lastAudit(n = 1) {
  return listAuditEntries(t.db, { last: n });
}

const signIn = (username: string, password: string, minutes: number, clientIp = freshIp()) =>
  login(t.db, { username, password, clientIp, now: at(minutes) }, SETTINGS);

describe('accounts', () => {
  test('create: username normalised, roles in catalogue order, audited without any password material', async () => {
    const a = await newAccount('  Ana.Quispe ', ['auditor', 'bono_officer']);
    assert.equal(a.username, 'ana.quispe');
    assert.deepEqual(a.roles, ['bono_officer', 'auditor']);
    assert.equal(a.disabled, false);
    const [entry] = await lastAudit();
    assert.equal(entry!.action, 'account.created');
    assert.equal(entry!.actor, 'cli:root');
    assert.equal(entry!.entityId, 'ana.quispe');
    assert.deepEqual(entry!.after, {
      username: 'ana.quispe',
      displayName: 'Ana.Quispe',
      roles: ['bono_officer', 'auditor'],
      disabled: false,
    });
    const [row] = await t.db.query<{ password_hash: string }>(
      "SELECT password_hash FROM account WHERE username = 'ana.quispe'",
    );
    assert.match(row!.password_hash, /^\$argon2id\$/);
    const trail = text(await listAuditEntries(t.db, { last: 1000 }));
    assert.ok(!trail.includes('argon2') && !trail.includes(PASSWORD));
  });

  test('create refuses bad input with precise codes', async () => {
    const attempt = (over: Partial<Parameters<typeof createAccount>[1]>) =>
      createAccount(
        t.db,
        {
          username: 'luis.choque',
          displayName: 'Luis',
          roles: ['bono_officer'],
          password: PASSWORD,
          actor: ADMIN,
          now: at(0),
          ...over,
        },
        SETTINGS,
      );
    const code = async (over: Partial<Parameters<typeof createAccount>[1]>) => {
      const r = await attempt(over);
      if (r.ok) return 'ok';
      // The code, then each typed field as name=value: what the failure tells its reader.
      const { code: failed, ...fields } = r.error;
      return [failed, ...Object.entries(fields).map(([k, v]) => `${k}=${v}`)].join(':');
    };
    assert.equal(await code({ username: 'ana.quispe' }), 'username_taken:username=ana.quispe');
    assert.equal(await code({ username: 'x' }), 'username_invalid');
    assert.equal(await code({ username: '1abc' }), 'username_invalid');
    assert.equal(await code({ username: 'ana quispe' }), 'username_invalid');
    assert.equal(await code({ displayName: '  ' }), 'display_name_invalid');
    assert.equal(await code({ roles: [] }), 'no_roles');
    assert.equal(await code({ roles: ['root'] }), 'unknown_role:role=root');
    assert.equal(await code({ roles: ['bank'] }), 'role_not_for_accounts:role=bank');
    assert.equal(await code({ password: 'too short' }), 'password_too_short:minLength=12');
    assert.equal(
      await code({ username: 'luis.choque.mamani', password: 'Luis.Choque.Mamani' }),
      'password_equals_username',
    );
    assert.equal(await code({ password: 'Password1234' }), 'password_common');
    assert.equal(await code({ password: ' '.repeat(12) }), 'password_blank');
    assert.equal(await code({ password: 'aaaaaaaaaaaa' }), 'password_one_character');
    assert.equal(await findAccount(t.db, 'luis.choque'), undefined);
  });

  test('roles change, disable and enable are audited with before and after', async () => {
    await newAccount('rosa.flores');
    const r = await setAccountRoles(t.db, {
      username: 'Rosa.Flores',
      roles: ['bono_approver'],
      actor: ADMIN,
      now: at(1),
    });
    assert.ok(r.ok);
    assert.deepEqual(r.value.roles, ['bono_approver']);
    let [e] = await lastAudit();
    assert.equal(e!.action, 'account.roles_changed');
    assert.deepEqual(e!.before, { roles: ['bono_officer'] });
    assert.deepEqual(e!.after, { roles: ['bono_approver'] });

    const bad = await setAccountRoles(t.db, {
      username: 'rosa.flores',
      roles: ['bank'],
      actor: ADMIN,
      now: at(1),
    });
    assert.equal(bad.ok ? '' : bad.error.code, 'role_not_for_accounts');
    const none = await setAccountRoles(t.db, {
      username: 'nobody.here',
      roles: ['auditor'],
      actor: ADMIN,
      now: at(1),
    });
    assert.equal(none.ok ? '' : none.error.code, 'account_not_found');

    const d = await disableAccount(t.db, { username: 'rosa.flores', actor: ADMIN, now: at(2) });
    assert.ok(d.ok && d.value.disabled);
    [e] = await lastAudit();
    assert.equal(e!.action, 'account.disabled');
    const en = await enableAccount(t.db, { username: 'rosa.flores', actor: ADMIN, now: at(3) });
    assert.ok(en.ok && !en.value.disabled);
    [e] = await lastAudit();
    assert.equal(e!.action, 'account.enabled');
    const names = (await listAccounts(t.db)).map((a) => a.username);
    assert.deepEqual(names, ['ana.quispe', 'rosa.flores']);
  });

  test('nueva, the word of the new-account form address, cannot be a username', async () => {
    const r = await createAccount(
      t.db,
      {
        username: ' Nueva ',
        displayName: 'Nueva',
        roles: ['auditor'],
        password: PASSWORD,
        actor: ADMIN,
        now: at(0),
      },
      SETTINGS,
    );
    assert.deepEqual(r.ok ? null : r.error, { code: 'username_reserved', username: 'nueva' });
    assert.equal(await findAccount(t.db, 'nueva'), undefined);
    // A username that only contains the word is an ordinary one.
    await newAccount('nueva.quispe');
  });

  test('the last enabled administrator can neither be disabled nor lose the role, and nothing is audited', async () => {
    await newAccount('admin.uno', ['administrator']);
    const seq = (await lastAudit())[0]!.seq;
    const refused = { code: 'last_administrator', username: 'admin.uno' };
    const off = await disableAccount(t.db, { username: 'admin.uno', actor: ADMIN, now: at(1) });
    assert.deepEqual(off.ok ? null : off.error, refused);
    const demoted = await setAccountRoles(t.db, {
      username: 'admin.uno',
      roles: ['auditor'],
      actor: ADMIN,
      now: at(1),
    });
    assert.deepEqual(demoted.ok ? null : demoted.error, refused);
    assert.equal((await lastAudit())[0]!.seq, seq, 'a refused change writes no audit entry');
    const still = await findAccount(t.db, 'admin.uno');
    assert.deepEqual([still!.disabled, still!.roles], [false, ['administrator']]);

    // Keeping the role among others is no loss; a disabled second administrator does not count.
    const kept = await setAccountRoles(t.db, {
      username: 'admin.uno',
      roles: ['administrator', 'auditor'],
      actor: ADMIN,
      now: at(2),
    });
    assert.ok(kept.ok);
    await newAccount('admin.dos', ['administrator']);
    assert.ok((await disableAccount(t.db, { username: 'admin.dos', actor: ADMIN, now: at(3) })).ok);
    const again = await disableAccount(t.db, { username: 'admin.uno', actor: ADMIN, now: at(3) });
    assert.equal(again.ok ? '' : again.error.code, 'last_administrator');

    // With a second enabled administrator, either may go.
    assert.ok((await enableAccount(t.db, { username: 'admin.dos', actor: ADMIN, now: at(4) })).ok);
    const now = await setAccountRoles(t.db, {
      username: 'admin.uno',
      roles: ['auditor'],
      actor: ADMIN,
      now: at(5),
    });
    assert.ok(now.ok);
    const last = await disableAccount(t.db, { username: 'admin.dos', actor: ADMIN, now: at(6) });
    assert.equal(last.ok ? '' : last.error.code, 'last_administrator');
  });
});

describe('sign-in, lock-out, sessions', () => {
  test('a correct password opens a session; only the token’s SHA-256 is stored', async () => {
    await newAccount('juan.mamani');
    const r = await signIn('JUAN.MAMANI', PASSWORD, 0, '10.9.9.9');
    assert.ok(r.ok, r.ok ? '' : r.error.code);
    const s = r.value;
    assert.match(s.sessionToken, /^[A-Za-z0-9_-]{43}$/);
    assert.match(s.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(s.sessionToken, s.csrfToken);
    assert.equal(s.idleExpiresAt.toISOString(), at(30).toISOString());
    assert.equal(s.absoluteExpiresAt.toISOString(), at(12 * 60).toISOString());
    const rows = await t.db.query<{ token_sha256: string }>('SELECT token_sha256 FROM account_session');
    const digest = createHash('sha256').update(s.sessionToken).digest('hex');
    assert.deepEqual(
      rows.map((x) => x.token_sha256),
      [digest],
    );
    const dump = text(await t.db.query('SELECT * FROM account_session'));
    assert.ok(!dump.includes(s.sessionToken));
    const [e] = await lastAudit();
    assert.equal(e!.action, 'login.succeeded');
    assert.equal(e!.actor, 'account:juan.mamani');
    assert.deepEqual(e!.after, { clientIp: '10.9.9.9', passwordRehashed: false });
    assert.ok((await findAccount(t.db, 'juan.mamani'))!.lastLoginAt);
  });

  test('wrong password and unknown username fail the same way; only a real account is named in the trail', async () => {
    const wrong = await signIn('juan.mamani', 'not the password', 1);
    const unknown = await signIn('nadie.existe', 'not the password', 1);
    assert.deepEqual(wrong, { ok: false, error: { code: 'invalid_credentials' } });
    assert.deepEqual(unknown, { ok: false, error: { code: 'invalid_credentials' } });
    const [a, b] = await lastAudit(2);
    assert.equal(a!.action, 'login.failed');
    assert.equal(a!.entityId, 'juan.mamani');
    assert.equal((a!.after as { reason: string }).reason, 'wrong_password');
    assert.equal(b!.action, 'login.failed');
    assert.equal(b!.entityId, null);
    assert.equal((b!.after as { reason: string }).reason, 'unknown_username');
    assert.ok(!text(b).includes('nadie.existe'), 'an unknown username is not kept');
    const throttled = await t.db.query<{ key: string }>('SELECT key FROM login_throttle');
    assert.ok(
      throttled.every((r) => !r.key.includes('nadie')),
      'throttle keys hold hashes, not names',
    );
    // Reset the counter for the next test.
    assert.ok((await signIn('juan.mamani', PASSWORD, 1)).ok);
  });

  test('an unknown username costs an argon2 check too, so timing does not reveal it', async () => {
    const timed = { ...SETTINGS, password: DEFAULT_ACCESS_SETTINGS.password };
    await createAccount(
      t.db,
      {
        username: 'tiempo.igual',
        displayName: 'T',
        roles: ['auditor'],
        password: PASSWORD,
        actor: ADMIN,
        now: at(0),
      },
      timed,
    );
    const once = async (username: string, minute: number) => {
      const start = performance.now();
      await login(
        t.db,
        { username, password: 'wrong password!', clientIp: freshIp(), now: at(minute) },
        timed,
      );
      return performance.now() - start;
    };
    await once('nadie.calienta', 2); // the dummy hash is made on first use
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, and the fastest of each kept, so load from other processes hits both alike.
    for (let i = 0; i < 4; i++) {
      known.push(await once('tiempo.igual', 3 + i));
      unknown.push(await once('nadie.tampoco', 3 + i));
    }
    // One argon2id check measured on its own, interleaved with the sign-ins so that load from other
    // processes slows all of them alike: an unknown username must cost at least half of one (a
    // path that skipped it would take a few milliseconds), whatever the machine is doing.
    const direct: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = performance.now();
      await spendPasswordCheck('wrong password!', timed.password.argon2);
      direct.push(performance.now() - start);
    }
    const k = Math.min(...known);
    const u = Math.min(...unknown);
    const a = Math.min(...direct);
    assert.ok(
      u > a * 0.5,
      `unknown ${u.toFixed(1)} ms, one argon2 check ${a.toFixed(1)} ms, known ${k.toFixed(1)} ms`,
    );
    await unlockAccount(t.db, { username: 'tiempo.igual', actor: ADMIN, now: at(8) });
  });

  test('five consecutive failures lock the username for 15 minutes; the lock then expires', async () => {
    await newAccount('luisa.rojas');
    for (let i = 1; i <= 4; i++) {
      const r = await signIn('luisa.rojas', 'wrong password!', 10);
      assert.equal(r.ok ? '' : r.error.code, 'invalid_credentials', `failure ${i}`);
    }
    const fifth = await signIn('luisa.rojas', 'wrong password!', 10);
    assert.deepEqual(fifth, { ok: false, error: { code: 'account_locked', retryAfterMs: 15 * MIN } });
    const [failed, locked] = await lastAudit(2);
    assert.equal(failed!.action, 'login.failed');
    assert.equal(locked!.action, 'account.locked');
    assert.equal(locked!.entityId, 'luisa.rojas');
    assert.equal((locked!.after as { lockedUntil: string }).lockedUntil, at(25).toISOString());

    // The right password does not open a locked account, and attempts during the lock are not
    // counted (no audit entry, no longer lock).
    const seqBefore = (await lastAudit())[0]!.seq;
    const during = await signIn('luisa.rojas', PASSWORD, 24);
    assert.deepEqual(during, { ok: false, error: { code: 'account_locked', retryAfterMs: 1 * MIN } });
    assert.equal((await lastAudit())[0]!.seq, seqBefore);
    const justBefore = await login(
      t.db,
      {
        username: 'luisa.rojas',
        password: PASSWORD,
        clientIp: freshIp(),
        now: new Date(at(25).getTime() - 1),
      },
      SETTINGS,
    );
    assert.equal(justBefore.ok ? '' : justBefore.error.code, 'account_locked');
    const afterwards = await signIn('luisa.rojas', PASSWORD, 25);
    assert.ok(afterwards.ok, 'the lock has expired');
  });

  test('a success resets the count; after an expired lock counting starts again', async () => {
    await newAccount('pedro.vargas');
    for (let i = 0; i < 4; i++) await signIn('pedro.vargas', 'wrong password!', 30);
    assert.ok((await signIn('pedro.vargas', PASSWORD, 30)).ok);
    for (let i = 0; i < 4; i++) {
      const r = await signIn('pedro.vargas', 'wrong password!', 31);
      assert.equal(r.ok ? '' : r.error.code, 'invalid_credentials');
    }
    assert.ok((await signIn('pedro.vargas', PASSWORD, 31)).ok);
  });

  test('an unknown username locks too, so a lock-out does not reveal which usernames exist', async () => {
    for (let i = 0; i < 4; i++) await signIn('no.such.user', 'wrong password!', 40);
    const fifth = await signIn('no.such.user', 'wrong password!', 40);
    assert.equal(fifth.ok ? '' : fifth.error.code, 'account_locked');
    const sixth = await signIn('no.such.user', 'wrong password!', 41);
    assert.deepEqual(sixth, { ok: false, error: { code: 'account_locked', retryAfterMs: 14 * MIN } });
  });

  test('an administrator can lift a lock early', async () => {
    await newAccount('carmen.apaza');
    for (let i = 0; i < 5; i++) await signIn('carmen.apaza', 'wrong password!', 50);
    assert.equal((await signIn('carmen.apaza', PASSWORD, 51)).ok, false);
    const u = await unlockAccount(t.db, { username: 'carmen.apaza', actor: ADMIN, now: at(52) });
    assert.deepEqual(u, { ok: true, value: { failuresCleared: true } });
    assert.equal((await lastAudit())[0]!.action, 'account.unlocked');
    assert.ok((await signIn('carmen.apaza', PASSWORD, 52)).ok);
  });

  test('many failures from one address block it, whatever the usernames; other addresses go on', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 11; i++) {
      const r = await signIn(`spray.${i}`, 'wrong password!', 60, ip);
      assert.equal(r.ok ? '' : r.error.code, 'invalid_credentials', `attempt ${i}`);
    }
    const twelfth = await signIn('spray.11', 'wrong password!', 60, ip);
    assert.deepEqual(twelfth, { ok: false, error: { code: 'too_many_attempts', retryAfterMs: 15 * MIN } });
    const [blocked] = await lastAudit();
    assert.equal(blocked!.action, 'login.address_blocked');
    assert.equal(blocked!.entityId, ip);
    // Even a correct password from that address waits; from another address it works.
    const fromBlocked = await signIn('juan.mamani', PASSWORD, 61, ip);
    assert.equal(fromBlocked.ok ? '' : fromBlocked.error.code, 'too_many_attempts');
    assert.ok((await signIn('juan.mamani', PASSWORD, 61, '192.0.2.78')).ok);
    assert.ok((await signIn('juan.mamani', PASSWORD, 75, ip)).ok, 'the block ends after 15 minutes');
  });

  /** Passwords checked for a username (or from an address): each check records `login.failed` or `login.succeeded`. */
  async function checked(where: { username?: string; clientIp?: string }) {
    const [row] = await t.db.query<{ failed: number; succeeded: number }>(
      `SELECT count(*) FILTER (WHERE action = 'login.failed')::int AS failed,
              count(*) FILTER (WHERE action = 'login.succeeded')::int AS succeeded
       FROM audit_entry
       WHERE ($1::text IS NULL OR entity_id = $1) AND ($2::text IS NULL OR after->>'clientIp' = $2)`,
      [where.username ?? null, where.clientIp ?? null],
    );
    return row!;
  }

  test('100 passwords for one username at once: five are checked, the right one (the 30th) is refused', async () => {
    await newAccount('rafael.burst');
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        signIn('rafael.burst', i === 29 ? PASSWORD : `wrong password ${i}`, 65),
      ),
    );
    const { failed, succeeded } = await checked({ username: 'rafael.burst' });
    assert.equal(succeeded, 0, 'the right password, sent after the limit, is not accepted');
    assert.ok(!answers[29]!.ok, 'the 30th attempt is refused');
    assert.ok(failed <= 5, `${failed} passwords checked; the limit is 5`);
    assert.equal(answers.filter((a) => !a.ok && a.error.code === 'account_locked').length, 100 - failed + 1);
    // The lock holds afterwards as it would after five failures one by one.
    assert.equal((await signIn('rafael.burst', PASSWORD, 66)).ok, false);
    assert.ok((await signIn('rafael.burst', PASSWORD, 81)).ok, 'the lock ends after 15 minutes');
  });

  test('150 failed sign-ins from one address at once: no more than the address limit are checked', async () => {
    const settings: AccessSettings = { ...SETTINGS, lockout: { ...SETTINGS.lockout, ipMaxFailures: 100 } };
    const ip = '198.51.100.150';
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        login(
          t.db,
          // Every username different, so only the address limit applies; the 120th is a real
          // account with its right password.
          i === 119
            ? { username: 'juan.mamani', password: PASSWORD, clientIp: ip, now: at(67) }
            : { username: `spray.burst.${i}`, password: 'wrong password!', clientIp: ip, now: at(67) },
          settings,
        ),
      ),
    );
    const { failed, succeeded } = await checked({ clientIp: ip });
    assert.ok(failed + succeeded <= 100, `${failed + succeeded} passwords checked; the limit is 100`);
    assert.equal(succeeded, 0, 'a right password sent after the limit is not accepted');
    assert.equal(
      answers.filter((a) => !a.ok && a.error.code === 'too_many_attempts').length,
      150 - failed + 1,
    );
  });

  test('right and wrong passwords for the same usernames and addresses at once never deadlock', async () => {
    // Limits out of reach: only the order in which sign-ins take the counters' rows is under test.
    const settings: AccessSettings = {
      ...SETTINGS,
      lockout: { ...SETTINGS.lockout, maxConsecutiveFailures: 1_000_000, ipMaxFailures: 1_000_000 },
    };
    for (const name of ['rosa.orden', 'raul.orden']) await newAccount(name);
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const settled = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          login(
            t.db,
            {
              username: i % 2 === 0 ? 'rosa.orden' : 'raul.orden',
              password: i % 3 === 0 ? 'wrong password!' : PASSWORD,
              clientIp: i % 4 === 0 ? '203.0.113.40' : '203.0.113.41',
              now: at(68),
            },
            settings,
          ),
        ),
      );
      for (const r of settled)
        outcomes.push(r.status === 'fulfilled' ? (r.value.ok ? 'ok' : r.value.error.code) : String(r.reason));
    }
    const failures = outcomes.filter((o) => o !== 'ok' && o !== 'invalid_credentials');
    assert.deepEqual(failures, [], `${failures.length} sign-ins failed with an error`);
  });

  test('a disabled account cannot sign in, even with its password', async () => {
    await newAccount('elena.cruz');
    await disableAccount(t.db, { username: 'elena.cruz', actor: ADMIN, now: at(80) });
    const r = await signIn('elena.cruz', PASSWORD, 80);
    assert.deepEqual(r, { ok: false, error: { code: 'invalid_credentials' } });
    assert.equal(((await lastAudit())[0]!.after as { reason: string }).reason, 'account_disabled');
    await enableAccount(t.db, { username: 'elena.cruz', actor: ADMIN, now: at(81) });
    assert.ok((await signIn('elena.cruz', PASSWORD, 81)).ok);
  });

  test('a hash made with old parameters is replaced at the next sign-in', async () => {
    const old = {
      ...SETTINGS,
      password: { ...SETTINGS.password, argon2: { memoryKiB: 512, timeCost: 1, parallelism: 1 } },
    };
    await createAccount(
      t.db,
      {
        username: 'viejo.hash',
        displayName: 'V',
        roles: ['auditor'],
        password: PASSWORD,
        actor: ADMIN,
        now: at(0),
      },
      old,
    );
    const hashOf = async () =>
      (
        await t.db.query<{ password_hash: string }>(
          "SELECT password_hash FROM account WHERE username = 'viejo.hash'",
        )
      )[0]!.password_hash;
    assert.match(await hashOf(), /m=512,p=1,t=1/);
    const r = await signIn('viejo.hash', PASSWORD, 90);
    assert.ok(r.ok);
    assert.match(await hashOf(), /m=1024,p=1,t=1/);
    assert.equal(
      r.value.account.passwordChangedAt.toISOString(),
      at(0).toISOString(),
      'a rehash is no password change',
    );
    const [e] = await lastAudit();
    assert.equal((e!.after as { passwordRehashed: boolean }).passwordRehashed, true);
    assert.ok((await signIn('viejo.hash', PASSWORD, 91)).ok, 'the new hash verifies');
  });

  test('sessions end after 30 idle minutes; activity is recorded at most once a minute', async () => {
    const r = await signIn('juan.mamani', PASSWORD, 100);
    assert.ok(r.ok);
    const token = r.value.sessionToken;
    const lastSeen = async () =>
      (
        await t.db.query<{ last_seen_at: Date }>(
          'SELECT last_seen_at FROM account_session WHERE token_sha256 = $1',
          [createHash('sha256').update(token).digest('hex')],
        )
      )[0]?.last_seen_at.toISOString();
    const check = (minutes: number) => authenticateSession(t.db, token, at(minutes), SETTINGS);

    const early = await check(100.5);
    assert.ok(early.ok);
    assert.equal(early.value.principal.id, 'juan.mamani');
    assert.equal(early.value.principal.actor, 'account:juan.mamani');
    assert.ok(early.value.principal.permissions.has('rounds.create'));
    assert.equal(await lastSeen(), at(100).toISOString(), 'not written within the first minute');
    assert.ok((await check(129)).ok, 'still valid after 29 idle minutes');
    assert.equal(await lastSeen(), at(129).toISOString());
    assert.ok((await check(158.9)).ok);
    const expired = await check(188.9);
    assert.deepEqual(expired, { ok: false, error: { code: 'session_expired' } });
    assert.equal(await lastSeen(), undefined, 'an expired session is deleted');
  });

  test('sessions end 12 hours after sign-in however busy', async () => {
    const r = await signIn('juan.mamani', PASSWORD, 200);
    assert.ok(r.ok);
    for (let m = 220; m < 200 + 12 * 60; m += 20) {
      assert.ok((await authenticateSession(t.db, r.value.sessionToken, at(m), SETTINGS)).ok, `minute ${m}`);
    }
    const end = await authenticateSession(t.db, r.value.sessionToken, at(200 + 12 * 60), SETTINGS);
    assert.deepEqual(end, { ok: false, error: { code: 'session_expired' } });
  });

  test('unknown or malformed session tokens are expired sessions', async () => {
    for (const token of ['', 'abc', 'x'.repeat(43), `${'y'.repeat(42)}!`]) {
      assert.deepEqual(await authenticateSession(t.db, token, at(0), SETTINGS), {
        ok: false,
        error: { code: 'session_expired' },
      });
    }
  });

  test('the CSRF token is the session’s own', async () => {
    const r = await signIn('juan.mamani', PASSWORD, 300);
    assert.ok(r.ok);
    const s = await authenticateSession(t.db, r.value.sessionToken, at(301), SETTINGS);
    assert.ok(s.ok);
    assert.equal(s.value.csrfToken, r.value.csrfToken);
    assert.equal(csrfTokenMatches(s.value, r.value.csrfToken), true);
    assert.equal(csrfTokenMatches(s.value, undefined), false);
    assert.equal(csrfTokenMatches(s.value, ''), false);
    assert.equal(csrfTokenMatches(s.value, r.value.sessionToken), false);
    assert.equal(csrfTokenMatches(s.value, `${r.value.csrfToken}x`), false);
    const other = await signIn('juan.mamani', PASSWORD, 300);
    assert.ok(other.ok);
    assert.equal(csrfTokenMatches(s.value, other.value.csrfToken), false, 'another session’s token');
  });

  test('sign-out, disabling and a password change end sessions', async () => {
    const a = await signIn('juan.mamani', PASSWORD, 400);
    const b = await signIn('juan.mamani', PASSWORD, 400);
    const c = await signIn('juan.mamani', PASSWORD, 400);
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(
      await logout(t.db, a.value.sessionToken, { actor: 'account:juan.mamani', now: at(401) }),
      true,
    );
    assert.equal((await lastAudit())[0]!.action, 'session.ended');
    assert.equal((await authenticateSession(t.db, a.value.sessionToken, at(401), SETTINGS)).ok, false);
    assert.ok((await authenticateSession(t.db, b.value.sessionToken, at(401), SETTINGS)).ok);

    await setAccountPassword(
      t.db,
      { username: 'juan.mamani', password: 'a brand new passphrase', actor: ADMIN, now: at(402) },
      SETTINGS,
    );
    assert.equal((await authenticateSession(t.db, b.value.sessionToken, at(402), SETTINGS)).ok, false);
    assert.equal((await signIn('juan.mamani', PASSWORD, 403)).ok, false);
    const d = await signIn('juan.mamani', 'a brand new passphrase', 403);
    assert.ok(d.ok);
    await disableAccount(t.db, { username: 'juan.mamani', actor: ADMIN, now: at(404) });
    assert.equal((await authenticateSession(t.db, d.value.sessionToken, at(404), SETTINGS)).ok, false);
    const weak = await setAccountPassword(
      t.db,
      { username: 'juan.mamani', password: 'juan.mamani', actor: ADMIN, now: at(405) },
      SETTINGS,
    );
    assert.equal(weak.ok ? '' : weak.error.code, 'password_too_short');
  });
});

describe('API credentials', () => {
  test('issue, authenticate, record use at most once a minute, revoke', async () => {
    const r = await createCredential(t.db, {
      organisation: 'bunibolx',
      roles: ['bank'],
      description: 'Banco Unión payout API',
      actor: ADMIN,
      now: at(0),
    });
    assert.ok(r.ok, r.ok ? '' : r.error.code);
    const { credential, token } = r.value;
    assert.equal(credential.organisation, 'BUNIBOLX');
    assert.match(token, /^ak_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    assert.ok(token.startsWith(`${credential.id}.`));
    const secret = token.split('.')[1]!;
    const [stored] = await t.db.query<{ secret_sha256: string }>('SELECT secret_sha256 FROM api_credential');
    assert.equal(stored!.secret_sha256, createHash('sha256').update(secret).digest('hex'));
    const [created] = await lastAudit();
    assert.equal(created!.action, 'credential.created');
    assert.ok(!text(created).includes(secret));

    const ok = await authenticateCredential(t.db, `Bearer ${token}`, at(1), SETTINGS);
    assert.ok(ok.ok);
    assert.equal(ok.value.kind, 'credential');
    assert.equal(ok.value.organisation, 'BUNIBOLX');
    assert.equal(ok.value.actor, `credential:${credential.id}`);
    assert.ok(ok.value.permissions.has('payments.pay'));
    assert.ok(!ok.value.permissions.has('rounds.approve'));
    const lastUsed = async () => (await listCredentials(t.db))[0]!.lastUsedAt?.toISOString();
    assert.equal(await lastUsed(), at(1).toISOString());
    await authenticateCredential(t.db, `Bearer ${token}`, at(1.5), SETTINGS);
    assert.equal(await lastUsed(), at(1).toISOString(), 'not rewritten within a minute');
    await authenticateCredential(t.db, `bearer  ${token}`, at(2.5), SETTINGS);
    assert.equal(await lastUsed(), at(2.5).toISOString());

    const refused = async (header: string) =>
      assert.deepEqual(await authenticateCredential(t.db, header, at(3), SETTINGS), {
        ok: false,
        error: { code: 'invalid_credentials' },
      });
    await refused(`Bearer ${credential.id}.${'A'.repeat(43)}`);
    await refused(`Bearer ak_0000000000000000.${secret}`);
    await refused(`Basic ${token}`);
    await refused(token);
    await refused('Bearer ');

    const rv = await revokeCredential(t.db, { id: credential.id, actor: ADMIN, now: at(4) });
    assert.ok(rv.ok && rv.value.revokedAt);
    assert.equal((await lastAudit())[0]!.action, 'credential.revoked');
    await refused(`Bearer ${token}`);
    const again = await revokeCredential(t.db, { id: credential.id, actor: ADMIN, now: at(5) });
    assert.equal(again.ok ? '' : again.error.code, 'credential_already_revoked');
    const missing = await revokeCredential(t.db, { id: 'ak_ffffffffffffffff', actor: ADMIN, now: at(5) });
    assert.equal(missing.ok ? '' : missing.error.code, 'credential_not_found');
  });

  test('a bank is named by its BIC; officer roles are not for credentials', async () => {
    const code = async (organisation: string, roles: string[]) => {
      const r = await createCredential(t.db, { organisation, roles, actor: ADMIN, now: at(0) });
      return r.ok ? 'ok' : r.error.code;
    };
    assert.equal(await code('Banco Union', ['bank']), 'organisation_invalid');
    assert.equal(await code('SEGIP', ['bank']), 'organisation_invalid');
    assert.equal(await code('BNBOBOLXXXX', ['bank']), 'ok');
    assert.equal(await code('CONTRALORIA', ['auditor']), 'ok');
    assert.equal(await code('BUNIBOLX', ['bono_officer']), 'role_not_for_credentials');
    assert.equal(await code('BUNIBOLX', []), 'no_roles');
  });

  test('the whole trail of this file verifies', async () => {
    const v = await verifyAuditChain(t.db);
    assert.ok(v.ok, v.ok ? '' : v.problem.message);
    assert.ok(v.entries > 50n);
  });
});

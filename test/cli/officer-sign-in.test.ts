import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccount } from '../../src/access/index.ts';
import { type App, openApp } from '../../src/app.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { ayni, type CliDatabase, cliDatabase } from '../helpers/cli.ts';
import { seedCountry } from '../helpers/country.ts';
import { type Session as Browser, signIn } from '../helpers/sign-in.ts';

/**
 * Officers sign in at the command line as on the web, and the command checks the permission the
 * web's route checks (src/cli/officer.ts): no sign-in, a wrong password (counted toward the web's
 * lock-out) and a role without the permission are refused; the creator of a round cannot approve
 * it whichever interface each used; what is changed is recorded as the officer, never `cli:…`.
 * The web runs on the same database beside the CLI, as a server would.
 */

const PASSWORD = 'correct horse battery staple';
const MAKER = 'ana.oficial'; // bono_officer and bono_approver: may create, and approve others' rounds
const CHECKER = 'beto.aprobador';
const AUDITOR = 'carla.auditora';
const LOCKED = 'dora.aprobadora';

let cli: CliDatabase;
let app: App;
/** The audit trail's last entry once the country and the accounts are in place. */
let setUp: string;
let http: ReturnType<typeof buildHttpApp>;

function post(url: string, b: Browser | undefined, fields: Record<string, string>) {
  const body = new URLSearchParams({ ...fields, ...(b ? { _csrf: b.csrf } : {}) });
  return http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(b ? { cookie: b.cookie } : {}) },
    body: body.toString(),
  });
}

/** Creates a round on the web (a background job) and follows it to the round's number. */
async function createRoundOnWeb(b: Browser): Promise<number> {
  const started = await post('/oficina/rondas', b, {
    'fecha-day': '1',
    'fecha-month': '12',
    'fecha-year': '2020',
    nota: 'Ronda creada en la web',
  });
  assert.equal(started.status, 303);
  let location = started.headers.get('location')!;
  for (let i = 0; i < 600; i++) {
    const res = await http.request(location, { headers: { cookie: b.cookie } });
    if (res.status === 303) {
      location = res.headers.get('location')!;
      const id = /^\/oficina\/rondas\/(\d+)\?/.exec(location)?.[1];
      assert.ok(id, location);
      return Number(id);
    }
    assert.equal(res.status, 200);
    await res.text();
    await sleep(50);
  }
  assert.fail('the round was not created');
}

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

const roundStatus = (id: number) =>
  inDb(async (db) => {
    const [r] = await db.query<{ status: string; decided_by: string | null }>(
      'SELECT status, decided_by FROM bono_round WHERE id = $1',
      [id],
    );
    return r!;
  });

const withPassword = (password = PASSWORD) => ({ stdin: `${password}\n` });

before(async () => {
  cli = await cliDatabase('officers');
  delete process.env.AYNI_CLOCK;
  delete process.env.AYNI_CREDENTIAL;
  await inDb(async (db) => {
    await seedCountry(db, cli.dataDir, 300);
    for (const [username, roles] of [
      ['admin', ['administrator']],
      [MAKER, ['bono_officer', 'bono_approver']],
      [CHECKER, ['bono_approver']],
      [AUDITOR, ['auditor']],
      [LOCKED, ['bono_approver']],
    ] as const) {
      const r = await createAccount(db, {
        username,
        displayName: username,
        roles,
        password: PASSWORD,
        actor: 'system',
        now: new Date(),
      });
      assert.ok(r.ok, username);
    }
    const [head] = await db.query<{ seq: string }>('SELECT seq::text AS seq FROM audit_head');
    setUp = head!.seq;
  });
  const opened = await openApp({ ...loadConfig(process.env), secureCookies: false });
  assert.ok(opened.ok);
  app = opened.value;
  http = buildHttpApp(app);
});
after(async () => {
  await closeHttpApp(http);
  await app.close();
  await cli.dispose();
});

describe('officers sign in at the command line', () => {
  let webRound: number;

  test('approving without signing in is refused', async () => {
    webRound = await createRoundOnWeb(await signIn(http, MAKER, PASSWORD));
    const r = await ayni(['bono', 'round', 'approve', String(webRound)]);
    assert.equal(r.code, 1, r.out);
    assert.match(
      r.err,
      /^ayni: This command needs a signed-in officer holding rounds\.approve: set AYNI_CREDENTIAL/,
    );
    assert.equal((await roundStatus(webRound)).status, 'frozen');

    // Naming an officer is not signing in: without a password there is nothing to check.
    const named = await ayni(['bono', 'round', 'approve', String(webRound), '--officer', CHECKER]);
    assert.equal(named.code, 1);
    assert.match(
      named.err,
      /type beto\.aprobador's password at a terminal, pipe it in with --password-stdin/,
    );
    assert.equal((await roundStatus(webRound)).status, 'frozen');
  });

  test('a wrong password is refused and counts toward the lock-out the web applies', async () => {
    const approve = ['bono', 'round', 'approve', String(webRound), '--officer', LOCKED, '--password-stdin'];
    const wrong = await ayni(approve, withPassword('not the password at all'));
    assert.equal(wrong.code, 1);
    assert.equal(wrong.err, 'ayni: Wrong username or password.');
    assert.equal((await roundStatus(webRound)).status, 'frozen');
    const failed = await inDb((db) =>
      db.query<{ actor: string; after: { consecutiveFailures: number; clientIp: string | null } }>(
        `SELECT actor, after FROM audit_entry WHERE action = 'login.failed' AND entity_id = $1 ORDER BY seq`,
        [LOCKED],
      ),
    );
    assert.equal(failed.length, 1, 'the failure is recorded as the web records one');
    assert.equal(failed[0]!.after.consecutiveFailures, 1);

    for (let i = 2; i <= 4; i++)
      assert.equal((await ayni(approve, withPassword(`wrong ${i} password!`))).code, 1);
    const fifth = await ayni(approve, withPassword('wrong 5 password!'));
    assert.equal(fifth.code, 1);
    assert.match(fifth.err, /^ayni: Too many failed attempts for this username/);
    // The web refuses the right password now: the same lock-out.
    const web = await post('/oficina/ingresar', undefined, { username: LOCKED, password: PASSWORD });
    assert.equal(web.status, 429);
    // And so does the CLI, even with the right password.
    const right = await ayni(approve, withPassword());
    assert.equal(right.code, 1);
    assert.match(right.err, /Too many failed attempts/);
    assert.equal((await roundStatus(webRound)).status, 'frozen');
  });

  test('an officer without the permission is refused after signing in', async () => {
    const r = await ayni(
      ['bono', 'round', 'approve', String(webRound), '--officer', AUDITOR, '--password-stdin'],
      withPassword(),
    );
    assert.equal(r.code, 1);
    assert.equal(r.err, `ayni: ${AUDITOR} (roles auditor) does not hold rounds.approve.`);
    assert.equal((await roundStatus(webRound)).status, 'frozen');
    // Reading needs the read permission too: the auditor has it, a bono officer's role has not audit.read.
    const audit = await ayni(['audit', 'verify', '--officer', MAKER, '--password-stdin'], withPassword());
    assert.equal(audit.code, 1);
    assert.match(audit.err, /does not hold audit\.read/);
    const verified = await ayni(
      ['audit', 'verify', '--officer', AUDITOR, '--password-stdin'],
      withPassword(),
    );
    assert.equal(verified.code, 0, verified.err);
    assert.match(verified.out, /^audit trail OK/);
  });

  test('the creator cannot approve: created on the web, approved at the command line, and the other way round', async () => {
    const own = await ayni(
      ['bono', 'round', 'approve', String(webRound), '--officer', MAKER, '--password-stdin'],
      withPassword(),
    );
    assert.equal(own.code, 1);
    assert.equal(
      own.err,
      `ayni: account:${MAKER} created round ${webRound} and cannot approve it: a second officer with the bono approver role must.`,
    );
    const rejected = await ayni(
      [
        'bono',
        'round',
        'reject',
        String(webRound),
        '--note',
        'Fecha equivocada',
        '--officer',
        CHECKER,
        '--password-stdin',
      ],
      withPassword(),
    );
    assert.equal(rejected.code, 0, rejected.err);
    assert.match(rejected.out, new RegExp(`^ {2}rejected by account:${CHECKER} at `, 'm'));

    const created = await ayni(
      ['bono', 'round', 'create', '--date', '2020-12-01', '--officer', MAKER, '--password-stdin'],
      withPassword(),
    );
    assert.equal(created.code, 0, created.err);
    const cliRound = Number(/^round (\d+) /m.exec(created.out)?.[1]);
    assert.ok(cliRound > webRound);
    const maker = await signIn(http, MAKER, PASSWORD);
    const onWeb = await post(`/oficina/rondas/${cliRound}/aprobar`, maker, { nota: '' });
    assert.equal(onWeb.status, 409);
    assert.match(await onWeb.text(), new RegExp(`Usted creó la ronda ${cliRound} y no puede aprobarla`));
    assert.equal((await roundStatus(cliRound)).status, 'frozen');

    const checker = await signIn(http, CHECKER, PASSWORD);
    assert.equal(
      (await post(`/oficina/rondas/${cliRound}/aprobar`, checker, { nota: 'Revisada' })).status,
      303,
    );
    assert.deepEqual(await roundStatus(cliRound), { status: 'approved', decided_by: `account:${CHECKER}` });
  });

  test('a personal credential signs an officer in without a password; the trail names the officer', async () => {
    const issued = await ayni(
      [
        'credentials',
        'create',
        '--personal',
        '--description',
        'portátil',
        '--officer',
        AUDITOR,
        '--password-stdin',
      ],
      withPassword(),
    );
    assert.equal(issued.code, 0, issued.err);
    const token = issued.out;
    assert.match(token, /^ak_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    assert.match(issued.err, new RegExp(`personal credential ak_[0-9a-f]{16} of ${AUDITOR}`));

    const env = { env: { AYNI_CREDENTIAL: token } };
    const rounds = await ayni(['bono', 'round', 'list'], env);
    assert.equal(rounds.code, 0, rounds.err);
    assert.match(rounds.out, /approved/);
    // It acts with the account's roles: an auditor approves nothing.
    const approve = await ayni(['bono', 'round', 'approve', '1'], env);
    assert.equal(approve.code, 1);
    assert.equal(approve.err, `ayni: ${AUDITOR} (roles auditor) does not hold rounds.approve.`);
    // It cannot issue another credential (a stolen one must not outlive its revocation).
    const again = await ayni(['credentials', 'create', '--personal'], env);
    assert.equal(again.code, 1);
    assert.match(again.err, /signed in with their password/);
    // Naming someone else with it is refused.
    const other = await ayni(['bono', 'round', 'list', '--officer', CHECKER], env);
    assert.equal(other.code, 1);
    assert.match(other.err, new RegExp(`signs in as account:${AUDITOR}, not as ${CHECKER}`));

    // Every change since the set-up is recorded as an officer: never `cli:…`. (Failed sign-ins
    // are ayni's own entries: who typed is unknown.)
    const actors = await inDb((db) =>
      db.query<{ actor: string; action: string }>(
        `SELECT actor, action FROM audit_entry WHERE seq > $1 AND action NOT IN ('login.failed', 'account.locked')
         ORDER BY seq`,
        [setUp],
      ),
    );
    assert.ok(actors.length > 0);
    for (const e of actors) assert.match(e.actor, /^account:[a-z.]+$/, `${e.action} by ${e.actor}`);
    const decided = actors.filter((e) => e.action.startsWith('bono_round.'));
    assert.deepEqual(
      decided.map((e) => `${e.action} ${e.actor}`),
      [
        `bono_round.frozen account:${MAKER}`,
        `bono_round.rejected account:${CHECKER}`,
        `bono_round.frozen account:${MAKER}`,
        `bono_round.approved account:${CHECKER}`,
      ],
    );

    // Disabled, its account's credential stops working.
    const disabled = await ayni(
      ['accounts', 'disable', AUDITOR, '--officer', 'admin', '--password-stdin'],
      withPassword(),
    );
    assert.equal(disabled.code, 0, disabled.err);
    const refused = await ayni(['bono', 'round', 'list'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /^ayni: AYNI_CREDENTIAL is not a valid credential/);
  });
});

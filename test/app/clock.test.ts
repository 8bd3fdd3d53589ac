import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAccount } from '../../src/access/index.ts';
import { type App, openApp } from '../../src/app.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { ayni, type CliDatabase, cliDatabase } from '../helpers/cli.ts';

/**
 * The database's one clock (src/clock.ts): every process that opens a database — the server, each
 * CLI command — reads the same simulated clock, which runs on from the instant it was set and is
 * not started again by a restart. Each open below is what a separate process does (openApp); the
 * last test runs the web and the CLI side by side.
 */

const CLOCK = '2021-02-01T14:00:00.000Z';
const PASSWORD = 'correct horse battery staple';

let cli: CliDatabase;
const opened: App[] = [];

/** Opens the database as a new process would, with the environment plus `env`. */
async function open(env: Record<string, string | undefined> = {}): Promise<App> {
  const app = await openApp(loadConfig({ ...process.env, ...env }));
  if (!app.ok) assert.fail(`the app did not open: ${JSON.stringify(app.error)}`);
  opened.push(app.value);
  return app.value;
}

before(async () => {
  cli = await cliDatabase('clock');
  delete process.env.AYNI_CLOCK;
});
after(async () => {
  for (const app of opened) await app.close().catch(() => {});
  await cli.dispose();
});

describe('one clock for the database', () => {
  test('two opens read one monotonic clock; opening again with the same AYNI_CLOCK goes on from it', async () => {
    const first = await open({ AYNI_CLOCK: CLOCK });
    const t1 = first.now!();
    assert.ok(t1.getTime() >= Date.parse(CLOCK), t1.toISOString());
    assert.ok(t1.getTime() < Date.parse(CLOCK) + 60_000, 'it starts at AYNI_CLOCK');
    assert.equal(first.simulatedClock, true);

    // A second process, without AYNI_CLOCK in its environment: the database's clock, not real time.
    const second = await open();
    const t2 = second.now!();
    const t3 = first.now!();
    assert.equal(second.simulatedClock, true);
    assert.ok(
      t1 <= t2 && t2 <= t3,
      `one clock: ${t1.toISOString()} ≤ ${t2.toISOString()} ≤ ${t3.toISOString()}`,
    );

    // Stopped and started again with the same environment (npm start twice): it goes on.
    await first.close();
    await second.close();
    const restarted = await open({ AYNI_CLOCK: CLOCK });
    const t4 = restarted.now!();
    assert.ok(
      t4 >= t3,
      `a restart does not start the clock again: ${t4.toISOString()} ≥ ${t3.toISOString()}`,
    );
    await restarted.close();
  });

  test('AYNI_CLOCK moves the clock forward for every process, and never back past a recorded change', async () => {
    const running = await open();
    const at = running.now!();
    const r = await createAccount(running.db, {
      username: 'ana.oficial',
      displayName: 'Ana',
      roles: ['bono_officer'],
      password: PASSWORD,
      actor: 'system',
      now: at,
    });
    assert.ok(r.ok);

    // Back to before that change: refused, and the clock stays where it was.
    const refused = await openApp(loadConfig({ ...process.env, AYNI_CLOCK: '2021-01-01T00:00:00Z' }));
    assert.ok(!refused.ok, 'the app is not opened');
    assert.equal(refused.error.code, 'clock_backwards');
    assert.equal(refused.error.requested, '2021-01-01T00:00:00.000Z');
    assert.ok(Date.parse(refused.error.latestChangeAt) >= Date.parse('2021-01-01T00:00:00Z'));
    assert.match(
      describeFailure(refused.error, 'en').detail,
      /before the latest change this database records/,
    );
    const still = await open();
    assert.ok(still.now!() >= at, 'the refused move changed nothing');

    // Forward: the process that moved it and, once it reads the clock again, one already running.
    const later = '2021-03-01T12:00:00.000Z';
    const mover = await open({ AYNI_CLOCK: later });
    const moved = mover.now!();
    assert.ok(moved.getTime() >= Date.parse(later) && moved.getTime() < Date.parse(later) + 60_000);
    assert.ok(running.now!() < moved, 'a running process has the anchor it read');
    await running.refreshClock?.();
    assert.ok(
      running.now!() >= moved,
      `the running process reads the moved clock: ${running.now!().toISOString()}`,
    );
    for (const app of [running, still, mover]) await app.close();
  });

  test('a demonstration database of before the one clock goes on from its latest change, not from its start', async () => {
    // The database as an earlier ayni left it: the seed's `clock_start`, which every process
    // started its own clock at, and migration 0036 not yet applied.
    const old = await open();
    const [latest] = await old.db.query<{ at: Date }>('SELECT max(recorded_at) AS at FROM audit_entry');
    await old.db.exec(`DELETE FROM app_setting WHERE key = 'clock_anchor';
      DROP INDEX api_credential_account;
      ALTER TABLE api_credential DROP CONSTRAINT api_credential_one_holder,
        DROP CONSTRAINT api_credential_personal_no_roles, DROP COLUMN account_id,
        ALTER COLUMN organisation SET NOT NULL;
      DELETE FROM schema_migration WHERE version = 36;
      INSERT INTO app_setting (key, value) VALUES ('clock_start', '2021-01-15T14:00:00.000Z');`);
    await old.close();

    const upgraded = await open();
    assert.equal(upgraded.simulatedClock, true);
    assert.ok(
      upgraded.now!() >= latest!.at,
      `after the changes it recorded (${latest!.at.toISOString()}), not at its start again: ${upgraded.now!().toISOString()}`,
    );
    await upgraded.close();
  });

  test('a CLI action after a web action is stamped later, on the same simulated clock', async () => {
    const server = await open();
    const http = buildHttpApp(server);
    try {
      // The server has been up a while before the officer acts (a per-process clock would show it).
      await sleep(1_000);
      const web = await http.request('/oficina/ingresar', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          username: 'ana.oficial',
          password: PASSWORD,
          next: '/oficina',
        }).toString(),
      });
      assert.equal(web.status, 303, 'the officer signs in on the web');
      // Then a command, in a process of its own, started with the environment the server had.
      const signIn = await ayni(['accounts', 'list', '--officer', 'ana.oficial', '--password-stdin'], {
        stdin: `${PASSWORD}\n`,
        env: { AYNI_CLOCK: '2021-03-01T12:00:00.000Z' },
      });
      // ana holds no accounts.read: refused, but only after signing in, which the trail records.
      assert.equal(signIn.code, 1);
      const stamps = await server.db.query<{ at: Date; actor: string }>(
        `SELECT recorded_at AS at, actor FROM audit_entry
         WHERE action = 'login.succeeded' AND entity_id = 'ana.oficial' ORDER BY seq`,
      );
      assert.equal(stamps.length, 2, 'one sign-in on the web, then one at the command line');
      const [onWeb, atCli] = stamps as [(typeof stamps)[number], (typeof stamps)[number]];
      assert.ok(
        atCli.at > onWeb.at,
        `the command's sign-in (${atCli.at.toISOString()}) comes after the web's (${onWeb.at.toISOString()})`,
      );
      assert.ok(onWeb.at.getTime() < Date.parse('2022-01-01T00:00:00Z'), 'both on the simulated clock');
    } finally {
      await closeHttpApp(http);
      await server.close();
    }
  });
});

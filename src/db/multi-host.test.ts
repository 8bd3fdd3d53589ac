import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { buildHttpApp } from '../http/server.ts';
import { loadConfig } from '../shared/config.ts';
import { databaseUnavailable, NoServerError } from './availability.ts';
import { openServer, splitHosts } from './multi-host.ts';

/**
 * With no server to write to, a request fails fast with 503 database_unavailable: nothing hangs on
 * a host that is gone (refused) or black-holed (accepts and never answers: the connect timeout).
 * No PostgreSQL server is needed: the hosts here are a closed port and a silent listener.
 */

let silent: net.Server;
let silentPort: number;
const held = new Set<net.Socket>();
before(async () => {
  silent = net.createServer((socket) => {
    held.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
});
after(async () => {
  for (const s of held) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

test('a multi-host URL is split into one URL per host, target_session_attrs taken out', () => {
  assert.deepEqual(splitHosts('postgres://u:p@a:1,b:2/db?target_session_attrs=read-write&sslmode=disable'), {
    urls: ['postgres://u:p@a:1/db?sslmode=disable', 'postgres://u:p@b:2/db?sslmode=disable'],
    writable: true,
  });
  assert.deepEqual(splitHosts('postgres://a:1,b/db'), {
    urls: ['postgres://a:1/db', 'postgres://b/db'],
    writable: false,
  });
  assert.equal(splitHosts('postgres://u@a:1/db?target_session_attrs=read-write'), undefined);
});

test('no host answers: the statement fails within the connect timeout, as database_unavailable', async () => {
  const db = await openServer(
    `postgres://ayni@127.0.0.1:1,127.0.0.1:${silentPort}/ayni?target_session_attrs=read-write`,
    2,
    { connectTimeoutMs: 300 },
  );
  try {
    const started = Date.now();
    const error = await db.query('SELECT 1').then(
      () => assert.fail('no server answers'),
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    assert.ok(error instanceof NoServerError, String(error));
    assert.equal(databaseUnavailable(error), true);
    assert.deepEqual(
      error.hosts.map((h) => h.host),
      ['127.0.0.1:1', `127.0.0.1:${silentPort}`],
    );
    assert.ok(took < 3000, `failed in ${took} ms, not hung`);
  } finally {
    await db.close();
  }
});

test('with the database gone a request is answered 503 database_unavailable with Retry-After, in words, at once', async () => {
  const db = await openServer(`postgres://ayni@127.0.0.1:${silentPort}/ayni`, 2, {
    connectTimeoutMs: 300,
    probe: false,
  });
  try {
    const http = buildHttpApp({
      config: loadConfig({}),
      db,
      rejectsDir: '/nonexistent',
      close: async () => {},
    });
    const started = Date.now();
    const health = await http.request('/health');
    assert.equal(health.status, 503);
    assert.equal(health.headers.get('retry-after'), '5');
    assert.match(await health.text(), /el servicio no puede acceder a sus datos/);
    const page = await http.request('/?lang=en');
    assert.equal(page.status, 503);
    assert.match(await page.text(), /cannot reach its data/);
    assert.ok(Date.now() - started < 5000);
  } finally {
    await db.close();
  }
});

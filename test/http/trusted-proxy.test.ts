import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../src/app.ts';
import { listAuditEntries } from '../../src/audit/index.ts';
import { type RunningServer, startServer } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The server behind a TLS proxy (AYNI_TRUSTED_PROXIES), over real sockets: every connection comes
 * from the proxy's address, so the per-address limits must count the client the proxy forwards in
 * X-Forwarded-For — and only when the proxy is trusted, since a client can write that header too.
 */

let t: TestDatabase;
const servers: RunningServer[] = [];

/** A server on its own port whose configuration trusts `proxies`. */
async function serverTrusting(proxies: string[]): Promise<RunningServer> {
  const config = {
    ...loadConfig({}),
    dataDir: t.dir,
    secureCookies: false as const,
    trustedProxies: proxies,
  };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  const server = await startServer(app, '127.0.0.1', 0);
  servers.push(server);
  return server;
}

before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  for (const s of servers) await s.close();
  await t.dispose();
});

/** A citizen look-up of a CI nobody has (a failure), as forwarded by the proxy for `client`. */
function lookUp(server: RunningServer, ci: string, forwardedFor: string) {
  return fetch(`${server.url}/api/bono/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ ciNumber: ci, dateOfBirth: '1980-01-01' }),
  });
}

describe('behind a trusted proxy', () => {
  test('one client’s failed look-ups lock that client, not every citizen behind the proxy', async () => {
    const server = await serverTrusting(['127.0.0.1', '::1']);
    // The client wrote an X-Forwarded-For of its own; the proxy appended the address it saw.
    const fromA = (ci: string) => lookUp(server, ci, '192.0.2.250, 203.0.113.10');
    for (let i = 0; i < 20; i++) assert.equal((await fromA(`71000${i}`)).status, 404, `failure ${i + 1}`);
    assert.equal((await fromA('7100099')).status, 429, 'client A has reached the per-address limit');
    const fromB = await lookUp(server, '7100098', '203.0.113.11');
    assert.equal(fromB.status, 404, 'client B, behind the same proxy, is still answered');
    // What A wrote on the left is not believed: it cannot pass as another client.
    assert.equal((await lookUp(server, '7100097', '203.0.113.11, 203.0.113.10')).status, 429);
  });

  test('sign-in records the forwarded client, not the proxy', async () => {
    const server = await serverTrusting(['127.0.0.0/8', '::1/128']);
    const res = await fetch(`${server.url}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '2001:DB8::77' },
      body: JSON.stringify({ username: 'nadie.aqui', password: 'not the password at all' }),
    });
    assert.equal(res.status, 401);
    const [entry] = await listAuditEntries(t.db, { last: 1 });
    assert.equal(entry!.action, 'login.failed');
    assert.equal((entry!.after as { clientIp: string }).clientIp, '2001:db8::77');
  });
});

describe('without a trusted proxy', () => {
  test('X-Forwarded-For from a client is ignored: changing it does not escape the limit', async () => {
    const server = await serverTrusting(['10.0.0.0/8']);
    for (let i = 0; i < 20; i++)
      assert.equal((await lookUp(server, `72000${i}`, `198.51.100.${i}`)).status, 404, `failure ${i + 1}`);
    assert.equal((await lookUp(server, '7200099', '198.51.100.200')).status, 429);
  });
});

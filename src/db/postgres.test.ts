import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { openPostgres } from './postgres.ts';

/**
 * A connection lost while a statement runs (the server killed, a network reset: the socket closes
 * without a word from the server) fails that statement and nothing else. Before, a client taken
 * from the pool for a transaction, a COPY or a streamed query had no listener for the error its
 * connection then reports, and the process ended.
 */

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

/**
 * A TCP relay to the test database whose connections can be cut at will. The embedded server
 * listens on a Unix socket only (its folder is the URL's `host` parameter).
 */
async function relay(target: URL) {
  const sockets = new Set<net.Socket>();
  const socketDir = target.searchParams.get('host');
  const port = Number(target.port || 5432);
  const server = net.createServer((client) => {
    const upstream = socketDir
      ? net.connect(path.join(socketDir, `.s.PGSQL.${port}`))
      : net.connect(port, target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.searchParams.delete('host');
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('a connection cut in the middle of a statement fails that statement, not the process', async () => {
  const r = await relay(new URL(t.url));
  const db = await openPostgres(r.url, 3);
  try {
    const slow = 'SELECT g, pg_sleep(0.002) FROM generate_series(1, 2000) g';
    const running = [
      db.queryEach(slow, [], () => {}),
      db.transaction((tx) => tx.queryEach(slow, [], () => {})),
      db.transaction((tx) => tx.query(slow)),
    ];
    await new Promise((resolve) => setTimeout(resolve, 300));
    r.cut();
    const outcomes = await Promise.allSettled(running);
    for (const outcome of outcomes) {
      assert.equal(outcome.status, 'rejected');
      assert.match(String((outcome as PromiseRejectedResult).reason), /terminated|ECONNRESET|closed/i);
    }
    // The broken clients were discarded: the next statements get new connections.
    const [row] = await db.query<{ one: number }>('SELECT 1 AS one');
    assert.equal(row!.one, 1);
    let rows = 0;
    await db.transaction((tx) => tx.queryEach('SELECT g FROM generate_series(1, 10) g', [], () => rows++));
    assert.equal(rows, 10);
  } finally {
    await db.close();
    await r.close();
  }
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Hono } from 'hono';
import pino from 'pino';
import type { AccessEnv } from '../../src/access/index.ts';
import { requestLogging } from '../../src/http/request-log.ts';
import { createLogger } from '../../src/shared/log.ts';

/**
 * The access lines to a file descriptor (the server's standard output) are gathered per turn of the
 * event loop and written at once (src/http/request-log.ts): none is lost, in order, and those still
 * held when the process exits are written on exit.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'ayni-logs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ROOT = path.resolve(import.meta.dirname, '../..');

function appLoggingTo(file: string) {
  const log = createLogger({ level: 'info', destination: pino.destination({ dest: file, sync: true }) });
  const http = new Hono<AccessEnv>();
  http.use('*', ...requestLogging(log));
  http.get('/api/x/:id', (c) => c.text('ok'));
  return http;
}

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('to a file: the lines of one turn in one write, every request, in order, with its id', async () => {
  const file = path.join(dir, 'turn.log');
  const http = appLoggingTo(file);
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await http.request(`/api/x/${i}`, { headers: { 'x-request-id': `req-${i}` } });
    ids.push(res.headers.get('x-request-id')!);
  }
  assert.deepEqual(linesOf(file), [], 'held until the end of the turn');
  await new Promise((done) => setImmediate(done));
  const lines = linesOf(file);
  assert.deepEqual(
    lines.map((l) => l['requestId']),
    ids,
  );
  assert.deepEqual(
    { ...lines[0], time: 0, pid: 0, hostname: '', durationMs: 0 },
    {
      level: 30,
      time: 0,
      pid: 0,
      hostname: '',
      requestId: 'req-0',
      actor: 'anonymous',
      method: 'GET',
      route: '/api/x/:id',
      status: 200,
      durationMs: 0,
      msg: 'request',
    },
  );
});

test('lines still held when the process exits are written', () => {
  const file = path.join(dir, 'exit.log');
  const script = `
    import { Hono } from 'hono';
    import pino from 'pino';
    import { requestLogging } from './src/http/request-log.ts';
    import { createLogger } from './src/shared/log.ts';
    const log = createLogger({ level: 'info', destination: pino.destination({ dest: ${JSON.stringify(file)}, sync: true }) });
    const http = new Hono();
    http.use('*', ...requestLogging(log));
    http.get('/x', (c) => c.text('ok'));
    for (let i = 0; i < 20; i++) await http.request('/x');
    process.exit(0);
  `;
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
  assert.equal(linesOf(file).filter((l) => l['msg'] === 'request').length, 20);
});

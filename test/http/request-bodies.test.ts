import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createAccount, createCredential } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor } from '../../src/audit/index.ts';
import { onError, respondToFailure } from '../../src/http/error-handler.ts';
import { buildHttpApp, startServer } from '../../src/http/server.ts';
import { UploadedFile } from '../../src/routing/body.ts';
import { createRouter, defineRoute } from '../../src/routing/route.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type Session as Officer, signIn } from '../helpers/sign-in.ts';

/**
 * Nothing is read into memory before the caller is known: who is calling, then whether they may,
 * and only then the body — bounded for every route (small for small forms), uploads streamed to
 * disk with their size counted as they arrive. Bodies here are streams that count what the server
 * pulled from them, so "not read" is a number, not a guess about time.
 */

const PASSWORD = 'correct horse battery staple';
const MiB = 1024 * 1024;
/** The upload limit of this test's server (configurable; 200 MB by default). */
const UPLOAD_LIMIT = MiB;

let t: TestDatabase;
let app: App;
let http: ReturnType<typeof buildHttpApp>;

/**
 * A request body of `total` bytes that is produced only as the server pulls it (nothing is queued
 * ahead: highWaterMark 0), starting with `head`; `pulled()` says how much the server has read.
 */
function countedBody(total: number, head: string | Uint8Array = '', chunkBytes = 64 * 1024) {
  const first = typeof head === 'string' ? new TextEncoder().encode(head) : head;
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) {
          controller.close();
          return;
        }
        const part = pulled === 0 && first.length > 0 ? first : new Uint8Array(chunkBytes).fill(0x61);
        pulled += part.length;
        controller.enqueue(part);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** Posts a streamed body without a declared length (as `Transfer-Encoding: chunked` arrives). */
function postStream(url: string, headers: Record<string, string>, body: ReadableStream<Uint8Array>) {
  return http.request(url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
}

const BOUNDARY = '----ayniTestBoundary7MA4YWxkTrZu0gW';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** The start of the import form as a browser sends it: fields, then the file part's header. */
function importFormHead(fields: Record<string, string>, fileName = 'padron.csv'): string {
  let s = '';
  for (const [name, value] of Object.entries(fields))
    s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return `${s}--${BOUNDARY}\r\nContent-Disposition: form-data; name="archivo"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
}

const importFields = (o: Officer) => ({
  _csrf: o.csrf,
  tipo: 'persons',
  'fecha-day': '1',
  'fecha-month': '3',
  'fecha-year': '2021',
  codificacion: 'auto',
});

/** Every file left under the uploads folder (recursively); none when the folder does not exist. */
async function leftUploads(): Promise<string[]> {
  const dir = path.join(t.dir, 'uploads');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

before(async () => {
  t = await createTestDatabase();
  const config = {
    ...loadConfig({}),
    dataDir: t.dir,
    secureCookies: false as const,
    maxUploadBytes: UPLOAD_LIMIT,
  };
  app = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  for (const [username, roles] of [
    ['oficial', ['bono_officer']],
    ['auditora', ['auditor']],
  ] as const) {
    const r = await createAccount(t.db, {
      username,
      displayName: username,
      roles,
      password: PASSWORD,
      actor: 'system',
      now: new Date(),
    });
    assert.ok(r.ok, `account ${username}`);
  }
});
after(async () => {
  await t.dispose();
});

describe('who is calling, allowed?, and only then the body', () => {
  test('an anonymous chunked upload is sent to sign in without a byte of its body read', async () => {
    const body = countedBody(16 * MiB, importFormHead({ tipo: 'persons' }));
    const res = await postStream('/oficina/importaciones', { 'content-type': MULTIPART }, body.stream);
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location')!, /^\/oficina\/ingresar\?/);
    assert.equal(body.pulled(), 0, 'the body was not read');
    assert.deepEqual(await leftUploads(), []);
  });

  test('anonymous chunked posts to a back-office form and to the bank API: refused unread', async () => {
    const form = countedBody(16 * MiB, 'nota=');
    const page = await postStream(
      '/oficina/rondas',
      { 'content-type': 'application/x-www-form-urlencoded' },
      form.stream,
    );
    assert.equal(page.status, 303, 'a page sends the reader to sign in');
    assert.equal(form.pulled(), 0);

    const json = countedBody(16 * MiB, '{"ci":"');
    const api = await postStream('/api/bono/payouts', { 'content-type': 'application/json' }, json.stream);
    assert.equal(api.status, 401);
    assert.equal(((await api.json()) as { code: string }).code, 'authentication_required');
    assert.equal(json.pulled(), 0);
  });

  test('signed in without the permission to import: 403, the upload unread', async () => {
    const auditora = await signIn(http, 'auditora', PASSWORD);
    const body = countedBody(16 * MiB, importFormHead(importFields(auditora)));
    const res = await postStream(
      '/oficina/importaciones',
      { 'content-type': MULTIPART, cookie: auditora.cookie },
      body.stream,
    );
    assert.equal(res.status, 403);
    assert.equal(body.pulled(), 0);
    assert.deepEqual(await leftUploads(), []);
  });

  test('a file part before the form’s CSRF token is refused before the file is written', async () => {
    const oficial = await signIn(http, 'oficial', PASSWORD);
    const { _csrf, ...rest } = importFields(oficial);
    const head = `${importFormHead(rest)}x\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${_csrf}\r\n--${BOUNDARY}--\r\n`;
    const late = countedBody(head.length, head);
    const res = await postStream(
      '/oficina/importaciones',
      { 'content-type': MULTIPART, cookie: oficial.cookie },
      late.stream,
    );
    assert.equal(res.status, 403);
    assert.deepEqual(await leftUploads(), []);

    const wrong = countedBody(4 * MiB, importFormHead({ ...importFields(oficial), _csrf: 'A'.repeat(43) }));
    const refused = await postStream(
      '/oficina/importaciones',
      { 'content-type': MULTIPART, cookie: oficial.cookie },
      wrong.stream,
    );
    assert.equal(refused.status, 403);
    assert.ok(wrong.pulled() < 256 * 1024, `a wrong token stops the upload (read ${wrong.pulled()})`);
    assert.deepEqual(await leftUploads(), []);
  });
});

describe('bounded bodies', () => {
  test('an over-size chunked upload: 413 once the count passes the limit, the file not kept', async () => {
    const oficial = await signIn(http, 'oficial', PASSWORD);
    const body = countedBody(16 * MiB, importFormHead(importFields(oficial)));
    const res = await postStream(
      '/oficina/importaciones',
      { 'content-type': MULTIPART, cookie: oficial.cookie },
      body.stream,
    );
    assert.equal(res.status, 413);
    const html = await res.text();
    assert.match(html, /El archivo pasa de 1 MB/, 'the import form says why, next to the file');
    assert.ok(
      body.pulled() <= UPLOAD_LIMIT + 128 * 1024,
      `reading stopped at the limit (read ${body.pulled()} of ${16 * MiB})`,
    );
    assert.deepEqual(await leftUploads(), [], 'the part written to disk is removed');
  });

  test('a declared Content-Length over the limit is refused before the body is sent', async () => {
    const oficial = await signIn(http, 'oficial', PASSWORD);
    const server = await startServer(app, '127.0.0.1', 0);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${server.url}/oficina/importaciones`, {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': MULTIPART,
            'content-length': String(300 * MiB),
            cookie: oficial.cookie,
          },
        });
        req.on('response', (r) => {
          r.resume();
          resolve(r.statusCode!);
          req.destroy();
        });
        req.on('error', reject);
        req.flushHeaders(); // the headers only: not one byte of the body is ever sent
      });
      assert.equal(status, 413);
    } finally {
      await server.close();
    }
  });

  test('small forms have small limits: a back-office form, the citizen grievance form, the bank API', async () => {
    const oficial = await signIn(http, 'oficial', PASSWORD);
    const form = countedBody(16 * MiB, `_csrf=${oficial.csrf}&nota=`, 4096);
    const page = await postStream(
      '/oficina/rondas',
      { 'content-type': 'application/x-www-form-urlencoded', cookie: oficial.cookie },
      form.stream,
    );
    assert.equal(page.status, 413);
    assert.ok(form.pulled() <= 64 * 1024 + 4096, `a form is read up to 64 KiB (read ${form.pulled()})`);

    const grievance = countedBody(16 * MiB, 'kind=not_listed&description=', 4096);
    const portal = await postStream(
      '/bono/reclamo',
      { 'content-type': 'application/x-www-form-urlencoded' },
      grievance.stream,
    );
    assert.equal(portal.status, 413);
    assert.match(await portal.text(), /demasiado largos/);
    assert.ok(grievance.pulled() <= 64 * 1024 + 4096, `read ${grievance.pulled()}`);

    const credential = await createCredential(t.db, {
      organisation: 'BUNIBOLX',
      roles: ['bank'],
      actor: cliActor('root'),
      now: new Date(),
    });
    assert.ok(credential.ok);
    const json = countedBody(16 * MiB, '{"ci":"', 4096);
    const api = await postStream(
      '/api/bono/payouts',
      {
        'content-type': 'application/json',
        authorization: `Bearer ${credential.value.token}`,
        'idempotency-key': 'request-bodies-test-1',
      },
      json.stream,
    );
    assert.equal(api.status, 413);
    assert.equal(((await api.json()) as { code: string }).code, 'request_too_large');
    assert.ok(
      json.pulled() <= 16 * 1024 + 4096,
      `a bank's JSON is read up to 16 KiB (read ${json.pulled()})`,
    );
  });
});

test('over a socket: an anonymous upload is answered while the client is still sending', async () => {
  const server = await startServer(app, '127.0.0.1', 0);
  const TOTAL = 64 * MiB;
  try {
    const seen = await new Promise<{ status: number; sent: number; finished: boolean }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/oficina/importaciones`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': MULTIPART, 'transfer-encoding': 'chunked' },
      });
      let sent = 0;
      let finished = false;
      let answered = false;
      req.on('response', (r) => {
        answered = true;
        r.resume();
        resolve({ status: r.statusCode!, sent, finished });
        req.destroy();
      });
      req.on('error', (e) => {
        if (!answered) reject(e);
      });
      void (async () => {
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        while (!answered && sent < TOTAL) {
          sent += chunk.length;
          if (!req.write(chunk))
            await new Promise<void>((r) => {
              req.once('drain', r);
              req.once('close', r);
            });
        }
        if (!answered) {
          finished = true;
          req.end();
        }
      })();
    });
    assert.equal(seen.status, 303);
    assert.equal(seen.finished, false, `answered before the client finished (sent ${seen.sent} of ${TOTAL})`);
  } finally {
    await server.close();
  }
});

test('an uploaded file is private while its request holds it, and removed once answered unless kept', async () => {
  const dir = path.join(t.dir, 'probe-uploads');
  const open = async (_c: unknown, next: () => Promise<void>) => next();
  const router = createRouter({
    requirePermission: () => open,
    requireSignedIn: open,
    checkFormCsrf: () => null,
    answerFailure: respondToFailure,
  });
  router.hono.onError(onError);
  let seen: { mode: number; folderMode: number; name: string; size: number } | undefined;
  let kept: UploadedFile | undefined;
  defineRoute(router, {
    method: 'post',
    path: '/api/subir',
    operationId: 'probeUpload',
    summary: { es: 'Subir', en: 'Upload' },
    tags: ['test'],
    access: { public: true },
    request: { form: z.object({ archivo: z.instanceof(UploadedFile), guardar: z.string().optional() }) },
    files: { directory: dir, maxFileBytes: 1024 },
    responses: { 204: { description: 'Received.', empty: true } },
    handler: async (c, { body }) => {
      const file = body.archivo;
      seen = {
        mode: (await stat(file.filePath)).mode & 0o777,
        folderMode: (await stat(path.dirname(file.filePath))).mode & 0o777,
        name: file.name,
        size: file.size,
      };
      if (body.guardar) {
        file.keep();
        kept = file;
      }
      return c.body(null, 204);
    },
  });
  const send = (bytes: number, keep: boolean) => {
    const form = new FormData();
    if (keep) form.set('guardar', '1');
    form.set('archivo', new File([new Uint8Array(bytes).fill(0x61)], '../../etc/Lista año.csv'));
    return router.hono.request('/api/subir', { method: 'POST', body: form });
  };
  const files = async () =>
    (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile());

  assert.equal((await send(1000, false)).status, 204);
  assert.deepEqual(seen, { mode: 0o600, folderMode: 0o700, name: 'Lista año.csv', size: 1000 });
  assert.deepEqual(await files(), [], 'removed once the request was answered');

  assert.equal((await send(10, true)).status, 204);
  assert.equal((await files()).length, 1, 'a kept file outlives its request');
  await kept!.remove();
  assert.deepEqual(await files(), []);

  const over = await send(1025, false);
  assert.equal(over.status, 413);
  assert.equal(((await over.json()) as { code: string }).code, 'request_too_large');
  assert.deepEqual(await files(), [], 'nothing of a refused file is kept');
});

import assert from 'node:assert/strict';
import { createAccount, type Role } from '../../src/access/index.ts';
import type { Database } from '../../src/db/database.ts';
import type { HttpUnderTest, Session } from './sign-in.ts';

/** An officer account with these roles, created by `system`. @example await createOfficer(db, 'oficial', ['bono_officer'], PASSWORD) */
export async function createOfficer(
  db: Database,
  username: string,
  roles: Role[],
  password: string,
): Promise<void> {
  const r = await createAccount(db, {
    username,
    displayName: username,
    roles,
    password,
    actor: 'system',
    now: new Date(),
  });
  assert.ok(r.ok, `account ${username}`);
}

/**
 * Uploads a CSV on the back office's imports page as a browser does (multipart, reference date
 * 1 March 2021, encoding detected); the answer sends the browser to the import's progress page.
 *
 * @example const res = await uploadImport(http, oficial, { kind: 'persons', name: 'padron.csv', content });
 */
export function uploadImport(
  http: HttpUnderTest,
  o: Session,
  file: { kind: string; name: string; content: string },
): Promise<Response> {
  const body = new FormData();
  body.set('_csrf', o.csrf);
  body.set('tipo', file.kind);
  body.set('fecha-day', '1');
  body.set('fecha-month', '3');
  body.set('fecha-year', '2021');
  body.set('codificacion', 'auto');
  body.set('archivo', new File([file.content], file.name, { type: 'text/csv' }));
  return Promise.resolve(
    http.request('/oficina/importaciones', { method: 'POST', headers: { cookie: o.cookie }, body }),
  );
}

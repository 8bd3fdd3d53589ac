import assert from 'node:assert/strict';
import path from 'node:path';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import type { Actor } from '../../src/audit/index.ts';
import {
  type CaseReader,
  evidenceStoreFor,
  SEED_CASE_CODE,
  seedCaseFile,
  setTeamMember,
  type TeamRole,
} from '../../src/cases/index.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type Session, signIn } from '../helpers/sign-in.ts';

/**
 * The case files' tests over HTTP without a browser (test/cases/*-api, test/web/case-*-pages):
 * a test database, the HTTP app on it, an account per person with its role, each signed in
 * through the API, and a call as one of them.
 */

export const BASE = 'http://ayni.test';

export interface CasesHttp {
  t: TestDatabase;
  http: ReturnType<typeof buildHttpApp>;
  sessions: Record<string, Session>;
  /** A request as `who`: JSON body, and the CSRF token on anything but GET. */
  call(who: string, method: string, url: string, body?: unknown): Promise<Response>;
}

/**
 * Opens the database and the app, creates each person's account (`role` by username) with
 * `password`, created by `actor`, runs `prepare` (seeding, with the accounts there), then signs
 * everybody in.
 *
 * @example ({ t, http, sessions, call } = await casesHttp({ ana: 'case_investigator' }, PASSWORD, cliActor('root')));
 */
export async function casesHttp(
  people: Record<string, string>,
  password: string,
  actor: Actor,
  prepare: (t: TestDatabase) => Promise<void> = async () => {},
): Promise<CasesHttp> {
  const t = await createTestDatabase();
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  const http = buildHttpApp(app);
  const sessions: Record<string, Session> = {};
  try {
    await accountsFor(t, http, people, password, actor, prepare, sessions);
  } catch (e) {
    await t.dispose();
    throw e;
  }
  const call = async (who: string, method: string, url: string, body?: unknown) => {
    const s = sessions[who]!;
    const headers: Record<string, string> = { cookie: s.cookie };
    if (method !== 'GET') {
      headers['x-csrf-token'] = s.csrf;
      headers['content-type'] = 'application/json';
    }
    return http.request(`${BASE}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  return { t, http, sessions, call };
}

async function accountsFor(
  t: TestDatabase,
  http: ReturnType<typeof buildHttpApp>,
  people: Record<string, string>,
  password: string,
  actor: Actor,
  prepare: (t: TestDatabase) => Promise<void>,
  sessions: Record<string, Session>,
): Promise<void> {
  for (const [username, role] of Object.entries(people)) {
    const created = await createAccount(t.db, {
      username,
      displayName: username,
      roles: [role],
      password,
      actor,
      now: new Date(),
    });
    assert.ok(created.ok, created.ok ? '' : created.error.code);
  }
  await prepare(t);
  for (const username of Object.keys(people))
    sessions[username] = await signIn(http, username, password, { through: 'api', base: BASE });
}

/**
 * Seeds the synthetic Sacaba/Senkata case file as `investigator` and puts each member on its team
 * (a victims' representative with the family code).
 *
 * @example await seedCaseTeam(t, diana, [['bruno.analista', 'analyst']]);
 */
export async function seedCaseTeam(
  t: TestDatabase,
  investigator: CaseReader,
  members: readonly (readonly [string, TeamRole, string?])[],
): Promise<void> {
  assert.ok((await seedCaseFile(t.db, evidenceStoreFor(t.dir), investigator)).ok);
  for (const [username, teamRole, familyCode] of members) {
    const joined = await setTeamMember(
      t.db,
      SEED_CASE_CODE,
      { username, teamRole, ...(familyCode ? { familyCode } : {}) },
      investigator,
      new Date(),
    );
    assert.ok(joined.ok);
  }
}

/**
 * Opens an investigation over the API as `who` (201) and puts each member on its team (200; a
 * victims' representative with the family code).
 *
 * @example await openCaseOverApi(call, 'ana', 'API-2019', 'Prueba API', [['bruno', 'analyst']]);
 */
export async function openCaseOverApi(
  call: CasesHttp['call'],
  who: string,
  code: string,
  title: string,
  members: readonly (readonly [string, TeamRole, string?])[],
): Promise<void> {
  let res = await call(who, 'POST', '/api/cases', { code, title, openedOn: '2021-01-04' });
  assert.equal(res.status, 201, await res.clone().text());
  for (const [username, teamRole, familyCode] of members) {
    res = await call(who, 'POST', `/api/cases/${code}/team`, { username, teamRole, familyCode });
    assert.equal(res.status, 200, await res.clone().text());
  }
}

import assert from 'node:assert/strict';

/** What a test speaks HTTP to: the app itself (Hono's `app.request`), without a server. */
export interface HttpUnderTest {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** A signed-in officer: the session cookie, and the CSRF token every write must carry. */
export interface Session {
  cookie: string;
  csrf: string;
}

export interface SignInOptions {
  /**
   * The way in: `form`, the back office's sign-in form as a browser posts it (a 303, then the CSRF
   * field of the page it leads to); `api`, POST /api/session/login (the token in the answer).
   */
  through?: 'form' | 'api';
  /** Put before the paths, for an app that routes on a full URL (`http://ayni.test`). */
  base?: string;
}

/**
 * Signs an officer in the way a client does, and fails the test when the sign-in is refused.
 *
 * @example const officer = await signIn(http, 'oficial', PASSWORD);
 * @example const b = await signIn(app, 'user.auditor', PASSWORD, { through: 'api', base: BASE });
 */
export async function signIn(
  http: HttpUnderTest,
  username: string,
  password: string,
  options: SignInOptions = {},
): Promise<Session> {
  const base = options.base ?? '';
  if (options.through === 'api') {
    const res = await http.request(`${base}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    assert.equal(res.status, 200, `${username} signs in: ${await res.clone().text()}`);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie: sessionCookie(res), csrf: csrfToken };
  }
  const res = await http.request(`${base}/oficina/ingresar`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, next: '/oficina' }).toString(),
  });
  assert.equal(res.status, 303, `${username} signs in`);
  const cookie = sessionCookie(res);
  const home = await http.request(`${base}/oficina`, { headers: { cookie } });
  assert.equal(home.status, 200, `${username} sees the back office`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())?.[1];
  assert.ok(csrf, 'a signed-in page carries the CSRF field');
  return { cookie, csrf };
}

/** The `name=value` of the session cookie an answer sets (its attributes dropped), as a browser sends it back. */
function sessionCookie(res: Response): string {
  const setCookie = res.headers.get('set-cookie');
  assert.ok(setCookie, 'a signed-in answer sets the session cookie');
  return setCookie.split(';')[0]!;
}

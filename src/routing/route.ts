import { type Context, type Env, Hono, type MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { z } from 'zod';
import type { Lang } from '../shared/lang.ts';
import { BodyTooLarge, FormRefused, readBoundedBody, readStreamedForm, type UploadedFile } from './body.ts';
import { type BodyKind, isApiPath, langOf, type RequestIssue, type RouteFailure } from './errors.ts';
import { MalformedMultipart, multipartBoundary } from './multipart.ts';

/**
 * Routes are defined once, with everything the server needs to know about them: who may call them,
 * the zod schemas of their input, what they answer. `defineRoute` registers the Hono handler behind
 * the access guard and the validation, and records the definition in the router's registry, from
 * which the OpenAPI document (src/http/api/openapi.ts) and the route × role test
 * (test/http/permissions-matrix.test.ts) are derived. A route that is not in the registry fails
 * that test, so every route goes through here — the pages too.
 *
 * The route kit (src/routing) imports only src/shared, so routes can live next to their domain
 * (src/access/access.routes.ts) as well as in the interfaces (src/http, src/web) without an import
 * cycle. What it needs to know of the application — the Hono environment the access middleware
 * fills in, the names of the permissions — the application declares in `RouteRegister`.
 */

/** The context variables the kit itself reads. */
export interface RouteVariables {
  /**
   * The request's CSRF token can only be in its form: the access middleware left the check to
   * whoever reads the form, after the route's guard (`RouteGuards.checkFormCsrf`).
   */
  csrfInForm: boolean;
}

/**
 * What the application tells the kit about itself, by declaration merging: the Hono environment
 * its middleware sets (`env`, with at least `RouteVariables`) and the names of its permissions
 * (`permission`). src/access declares both (access.middleware.ts), so handlers see the principal
 * with its type and `access: { permission: 'rounds.approve' }` is checked against the permissions
 * that exist, while the kit imports nothing of access.
 *
 * @example declare module '../routing/route.ts' { interface RouteRegister { env: AccessEnv; permission: Permission } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the application (declaration merging)
export interface RouteRegister {}

/** The Hono environment of every route: the application's (`RouteRegister.env`). */
export type RouteEnv = RouteRegister extends { env: infer E extends Env & { Variables: RouteVariables } }
  ? E
  : { Variables: RouteVariables };

/** A permission a route may require: the application's names (`RouteRegister.permission`). */
export type RoutePermission = RouteRegister extends { permission: infer P extends string } ? P : string;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone, any signed-in officer or system, or holders of one permission. */
export type RouteAccess = { public: true } | { signedIn: true } | { permission: RoutePermission };

export interface Localized {
  es: string;
  en: string;
}

/** One documented answer of a route: JSON described by a zod schema, an HTML page, a CSV file … */
export type ResponseSpec =
  | { description: string; schema: z.ZodType }
  /** An expected failure: RFC 9457 problem details (`application/problem+json`), its codes named. */
  | { description: string; problem: true }
  | { description: string; html: true }
  | { description: string; csv: true }
  | { description: string; text: true }
  | { description: string; redirect: true }
  | { description: string; empty: true };

/** The zod schemas of a route's input; each part is validated before the handler runs. */
export interface RequestSpec {
  /** Path parameters (`:id` in the path); every one in the path must be here. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Header names in lower case (`'idempotency-key'`). */
  headers?: z.ZodObject;
  /** A JSON body (`Content-Type: application/json`). */
  body?: z.ZodType;
  /** A form post (urlencoded or multipart): what pages without JavaScript send. */
  form?: z.ZodObject;
}

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;
type BodyOut<R extends RequestSpec> =
  | (R['body'] extends z.ZodType ? z.output<R['body']> : never)
  | (R['form'] extends z.ZodType ? z.output<R['form']> : never);

/** What a handler receives, already validated and typed. */
export interface RouteInput<R extends RequestSpec> {
  params: Out<R['params']>;
  query: Out<R['query']>;
  headers: Out<R['headers']>;
  /** The parsed JSON body or form, whichever the request sent. */
  body: [BodyOut<R>] extends [never] ? undefined : BodyOut<R>;
}

export type RouteHandler<R extends RequestSpec> = (
  c: Context<RouteEnv>,
  input: RouteInput<R>,
) => Response | Promise<Response>;

/**
 * The largest body a route reads into memory unless it says otherwise (`maxBodyBytes`): a form of
 * a few fields — the longest, a grievance's 4,000 characters, is under 48 KiB once percent-encoded —
 * or a small JSON document.
 */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Where a route's form files go, and how large each may be (./body.ts streams them there). */
export interface FileUploads {
  directory: string;
  maxFileBytes: number;
}

export interface RouteSpec<R extends RequestSpec = RequestSpec> {
  method: HttpMethod;
  /** Hono syntax, relative to where the router is mounted: `/rounds/:id{[0-9]+}/approve`. */
  path: string;
  /** Unique in the whole app, camelCase: the name clients generate functions from. */
  operationId: string;
  /**
   * What a page's route is for, a note for whoever reads the code: pages are not in the OpenAPI
   * document, and nothing shows it. An operation the document describes has its summary and
   * description in the API catalogue, by operationId (src/messages/<lang>/api.ts), never here.
   */
  summary?: Localized;
  description?: Localized;
  tags: readonly string[];
  access: RouteAccess;
  /** Keep the route out of the OpenAPI document (pages are kept out anyway); never out of the registry. */
  internal?: boolean;
  request?: R;
  responses: Record<number, ResponseSpec>;
  /**
   * How to answer input that fails validation; by default 400 `request_invalid` listing the issues
   * (JSON under /api/, an error page elsewhere). Sign-in uses it to give a malformed request the
   * same answer as a wrong password.
   */
  onInvalid?: (c: Context<RouteEnv>, issues: RequestIssue[]) => Response | Promise<Response>;
  /**
   * The largest body read into memory, in bytes (DEFAULT_MAX_BODY_BYTES when absent); a larger one
   * is refused (413) as soon as its declared length or the count of what arrived passes it.
   */
  maxBodyBytes?: number;
  /**
   * A multipart form's files are streamed to `directory` as they arrive, never held in memory,
   * each at most `maxFileBytes`; the form's file fields are then `UploadedFile`s (./body.ts),
   * removed once the handler has answered unless it `keep`s them.
   */
  files?: FileUploads;
  /** How to answer a body over the limit; by default 413 `request_too_large` (JSON or a page). */
  onTooLarge?: (c: Context<RouteEnv>, limitBytes: number) => Response | Promise<Response>;
  handler: RouteHandler<R>;
}

/** A route as the registry keeps it: the definition without its functions, at its full path. */
export interface RouteMeta {
  method: HttpMethod;
  /** Full Hono path, as `app.routes` lists it. */
  path: string;
  operationId: string;
  summary?: Localized;
  description?: Localized;
  tags: readonly string[];
  access: RouteAccess;
  internal: boolean;
  request: RequestSpec;
  responses: Record<number, ResponseSpec>;
  /** `api` (errors as JSON, under /api/) or `page` (errors as HTML, sign-in by redirect). */
  surface: 'api' | 'page';
  /** The route answers invalid input itself (`onInvalid`), so it never gives 400 `request_invalid`. */
  customInvalid: boolean;
}

/**
 * The access checks a router puts in front of protected routes (src/access's middleware), and the
 * CSRF check of a token sent in a form, made once the form is read (after the guard).
 */
export interface RouteGuards {
  requirePermission(permission: RoutePermission): MiddlewareHandler<RouteEnv>;
  requireSignedIn: MiddlewareHandler<RouteEnv>;
  /** null when the form may be read on; else the refusal to answer with. */
  checkFormCsrf(c: Context<RouteEnv>, token: unknown): Response | Promise<Response> | null;
  /**
   * How the kit's own failures are answered (input that fails its schema, a body over the limit):
   * the app's one answer for every failure, problem details under /api/ and a page elsewhere.
   */
  answerFailure(c: Context<RouteEnv>, failure: RouteFailure): Response | Promise<Response>;
}

/** A Hono app with its route registry and the access guards its routes use. */
export interface Router {
  readonly hono: Hono<RouteEnv>;
  readonly guards: RouteGuards;
  readonly routes: RouteMeta[];
}

const routers = new WeakMap<Hono<RouteEnv>, Router>();

/**
 * A router over a new (or given) Hono app. Mount the app of a router elsewhere with `mountRoutes`,
 * which carries its registry along.
 *
 * @example const router = createRouter(access); defineRoute(router, { … }); return router.hono;
 */
export function createRouter(guards: RouteGuards, hono: Hono<RouteEnv> = new Hono<RouteEnv>()): Router {
  const router: Router = { hono, guards, routes: [] };
  routers.set(hono, router);
  return router;
}

/**
 * The registry of a Hono app made by `createRouter`: every route defined on it or mounted into it,
 * at its full path. Empty for an app that was not.
 *
 * @example routesOf(buildHttpApp(app)).map((r) => r.operationId)
 */
export function routesOf(hono: Hono<RouteEnv>): readonly RouteMeta[] {
  return routers.get(hono)?.routes ?? [];
}

/**
 * The pattern of the route a request was for (`/api/bono/payouts/:id{[0-9]+}/reversal`), never its
 * address, which may carry a CI number or a reference in its path or query; null when no route
 * matched it (a 404). Middleware that runs for every path (`use('*')`) is no route. What the access
 * log and the request metrics name a request by.
 *
 * @example routePattern(c) // '/api/bono/payouts/:id{[0-9]+}/reversal'
 */
export function routePattern(c: Context): string | null {
  return (
    matchedRoutes(c)
      .filter((r) => r.method !== 'ALL')
      .at(-1)?.path ?? null
  );
}

/** The names of a Hono path's parameters: `/a/:id{[0-9]+}/b/:x` → `['id', 'x']`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

function joinPath(prefix: string, path: string): string {
  const p = prefix.replace(/\/+$/, '');
  if (path === '/' || path === '') return p === '' ? '/' : p;
  return `${p}${path}`;
}

/**
 * Mounts a route group made with `createRouter` under a prefix, with its registry. Define the
 * group's routes before mounting it: routes added afterwards would be served but not registered.
 *
 * @example mountRoutes(router, '/api/session', accessRoutes(app.db, access));
 */
export function mountRoutes(parent: Router, prefix: string, child: Hono<RouteEnv>): void {
  const group = routers.get(child);
  if (!group) {
    throw new Error(
      `The routes mounted at ${prefix} have no registry: make them with createRouter and defineRoute.`,
    );
  }
  parent.hono.route(prefix, child);
  for (const meta of group.routes) {
    const path = joinPath(prefix, meta.path);
    record(parent, { ...meta, path, surface: isApiPath(path) ? 'api' : 'page' });
  }
}

function record(router: Router, meta: RouteMeta): void {
  for (const r of router.routes) {
    if (r.method === meta.method && r.path === meta.path)
      throw new Error(`Route ${meta.method.toUpperCase()} ${meta.path} is defined twice.`);
    if (r.operationId === meta.operationId)
      throw new Error(`operationId ${meta.operationId} is used by ${r.path} and ${meta.path}.`);
  }
  router.routes.push(meta);
}

function guardFor(guards: RouteGuards, access: RouteAccess): MiddlewareHandler<RouteEnv>[] {
  if ('permission' in access) return [guards.requirePermission(access.permission)];
  if ('signedIn' in access) return [guards.requireSignedIn];
  return [];
}

/**
 * Defines a route: registers its Hono handler behind the access guard and input validation, and
 * records it in the router's registry.
 *
 * @example
 *   defineRoute(router, {
 *     method: 'post', path: '/api/rounds/:id{[0-9]+}/approve', operationId: 'approveRound',
 *     tags: ['bono'],
 *     access: { permission: 'rounds.approve' },
 *     request: { params: z.object({ id: z.coerce.number().int() }), body: z.object({ note: z.string().optional() }) },
 *     responses: { 200: { description: 'The approved round', schema: RoundJson } },
 *     handler: async (c, { params, body }) => sendJson(c, await approveRound(db, { roundId: params.id, … })),
 *   });
 */
export function defineRoute<const R extends RequestSpec = Record<never, never>>(
  router: Router,
  spec: RouteSpec<R>,
): void {
  const request: RequestSpec = spec.request ?? {};
  const declared = Object.keys(request.params?.shape ?? {}).sort();
  const inPath = pathParams(spec.path).sort();
  if (declared.join() !== inPath.join()) {
    throw new Error(
      `${spec.operationId}: the path ${spec.path} has parameters [${inPath}] but request.params declares [${declared}].`,
    );
  }
  if (!/^[a-z][A-Za-z0-9]*$/.test(spec.operationId))
    throw new Error(`operationId ${spec.operationId} must be camelCase.`);
  const surface = isApiPath(spec.path) ? 'api' : 'page';
  record(router, {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    ...(spec.summary ? { summary: spec.summary } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    access: spec.access,
    internal: spec.internal ?? false,
    request,
    responses: spec.responses,
    surface,
    customInvalid: spec.onInvalid !== undefined,
  });

  const bodyRules: BodyRules = {
    maxBodyBytes: spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    files: spec.files,
    checkFormCsrf: router.guards.checkFormCsrf,
  };
  // Runs after the route's guard: the body is read only once the caller is known and allowed.
  const handler = async (c: Context<RouteEnv>): Promise<Response> => {
    // The language is read only when a message needs it: this runs on every request.
    let lang: Lang | undefined;
    const langOnce = () => {
      lang ??= langOf(c);
      return lang;
    };
    let parsed: Parsed;
    try {
      parsed = await readInput(c, request, bodyRules, langOnce);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      if (spec.onTooLarge) return spec.onTooLarge(c, error.limitBytes);
      return router.guards.answerFailure(c, { code: 'request_too_large', limitBytes: error.limitBytes });
    }
    if ('refusal' in parsed) return parsed.refusal;
    try {
      if (!parsed.ok) {
        if (spec.onInvalid) return await spec.onInvalid(c, parsed.issues);
        return await router.guards.answerFailure(c, { code: 'request_invalid', issues: parsed.issues });
      }
      return await spec.handler(c, parsed.input as unknown as RouteInput<R>);
    } finally {
      // Uploaded files live as long as the request, unless the handler kept one for a job.
      for (const upload of parsed.uploads) if (!upload.isKept) await upload.remove();
    }
  };
  // Hono's typed overloads cannot follow a middleware list built at run time; the handlers' types are checked above.
  const on = router.hono.on.bind(router.hono) as unknown as (
    method: string,
    path: string,
    ...handlers: MiddlewareHandler<RouteEnv>[]
  ) => void;
  on(spec.method.toUpperCase(), spec.path, ...guardFor(router.guards, spec.access), handler);
}

const ZOD_LOCALES = { es: z.locales.es().localeError, en: z.locales.en().localeError };

/** The input, or the issues with it; the files uploaded either way (to remove); or a refusal. */
type Parsed =
  | { ok: true; input: Record<string, unknown>; uploads: UploadedFile[] }
  | { ok: false; issues: RequestIssue[]; uploads: UploadedFile[] }
  | { refusal: Response | Promise<Response> };

/** How a route reads its body: its limit, its files, and the CSRF check of a token in the form. */
interface BodyRules {
  maxBodyBytes: number;
  files: FileUploads | undefined;
  checkFormCsrf: RouteGuards['checkFormCsrf'];
}

function check(
  schema: z.ZodType | undefined,
  read: () => unknown,
  where: string,
  lang: () => Lang,
  issues: RequestIssue[],
): unknown {
  if (!schema) return where === 'body' ? undefined : {};
  const r = schema.safeParse(read(), { error: (issue) => ZOD_LOCALES[lang()](issue) });
  if (r.success) return r.data;
  for (const i of r.error.issues) {
    issues.push({ path: [where, ...i.path.map(String)].join('.'), code: i.code, message: i.message });
  }
  return undefined;
}

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

/** A form read from memory: urlencoded by hand, multipart by the platform (bounded already). */
async function formOf(bytes: Uint8Array, type: string): Promise<Record<string, unknown>> {
  const form: Record<string, unknown> = Object.create(null);
  // The last value of a repeated field wins, as Hono's parseBody has it.
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    for (const [k, v] of new URLSearchParams(Buffer.from(bytes).toString('utf8'))) form[k] = v;
    return form;
  }
  const data = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  data.forEach((v, k) => {
    form[k] = v;
  });
  return form;
}

type BodyRead =
  | { kind: 'none' }
  | { kind: 'json'; bytes: Uint8Array }
  | { kind: 'form'; form: Record<string, unknown> }
  | { kind: 'malformed' }
  | { kind: 'refused'; refusal: Response | Promise<Response> };

/**
 * Reads the body the route's spec asks for, within the route's limits, and checks a CSRF token
 * sent in a form. A route that takes no body reads none, unless its CSRF token is in a form.
 */
async function readRequestBody(
  c: Context<RouteEnv>,
  request: RequestSpec,
  rules: BodyRules,
  uploads: UploadedFile[],
): Promise<BodyRead> {
  const type = c.req.header('content-type') ?? '';
  const isForm = FORM_TYPE.test(type);
  const csrfInForm = c.get('csrfInForm') === true;
  const wantsJson = request.body !== undefined && /\bjson\b/i.test(type);
  const wantsForm = isForm && (request.form !== undefined || csrfInForm);
  if (!wantsJson && !wantsForm) return { kind: 'none' };
  if (wantsJson) return { kind: 'json', bytes: await readBoundedBody(c, rules.maxBodyBytes) };
  const boundary = rules.files ? multipartBoundary(type) : undefined;
  let form: Record<string, unknown>;
  if (rules.files && boundary !== undefined) {
    let refusal: Response | Promise<Response> | null = null;
    try {
      const streamed = await readStreamedForm(c, boundary, {
        maxBodyBytes: rules.files.maxFileBytes + rules.maxBodyBytes,
        maxFileBytes: rules.files.maxFileBytes,
        maxFieldBytes: rules.maxBodyBytes,
        directory: rules.files.directory,
        // No file is written before the form has shown its CSRF token (pages put it first).
        beforeFile: (fields) => {
          refusal = rules.checkFormCsrf(c, fields[CSRF_FIELD]);
          return refusal === null;
        },
      });
      uploads.push(...Object.values(streamed.files));
      form = { ...streamed.fields, ...streamed.files };
    } catch (error) {
      if (error instanceof FormRefused && refusal) return { kind: 'refused', refusal };
      if (error instanceof MalformedMultipart) return { kind: 'malformed' };
      throw error;
    }
  } else {
    const bytes = await readBoundedBody(c, rules.maxBodyBytes);
    try {
      form = await formOf(bytes, type);
    } catch {
      return { kind: 'malformed' };
    }
  }
  const refusal = rules.checkFormCsrf(c, form[CSRF_FIELD]);
  if (refusal) return { kind: 'refused', refusal };
  return { kind: 'form', form };
}

/** The CSRF token's form field (src/access's CSRF_FIELD: the kit imports nothing of access). */
const CSRF_FIELD = '_csrf';

/**
 * The body's value, checked against the route's schema. Issues with the body as a whole carry
 * their code only (an empty message): the interfaces word them from the catalogues (src/messages),
 * which the kit does not import.
 */
function checkBody(
  request: RequestSpec,
  read: BodyRead,
  type: string,
  lang: () => Lang,
  issues: RequestIssue[],
): unknown {
  if (!request.body && !request.form) return undefined;
  if (read.kind === 'malformed') {
    issues.push({ path: 'body', code: 'invalid_multipart', message: '' });
    return undefined;
  }
  if (request.body && read.kind === 'json') {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(read.bytes));
    } catch {
      issues.push({ path: 'body', code: 'invalid_json', message: '' });
      return undefined;
    }
    return check(request.body, () => json, 'body', lang, issues);
  }
  if (request.form && (FORM_TYPE.test(type) || !request.body)) {
    const form = read.kind === 'form' ? read.form : {};
    return check(request.form, () => form, 'body', lang, issues);
  }
  const expected: BodyKind[] = [
    ...(request.body ? (['json'] as const) : []),
    ...(request.form ? (['form'] as const) : []),
  ];
  issues.push({ path: 'body', code: 'unsupported_media_type', message: '', expected });
  return undefined;
}

async function readInput(
  c: Context<RouteEnv>,
  request: RequestSpec,
  rules: BodyRules,
  lang: () => Lang,
): Promise<Parsed> {
  const issues: RequestIssue[] = [];
  const params = check(request.params, () => c.req.param(), 'params', lang, issues);
  const query = check(request.query, () => c.req.query(), 'query', lang, issues);
  const headers = check(request.headers, () => c.req.header(), 'headers', lang, issues);
  const uploads: UploadedFile[] = [];
  let read: BodyRead;
  try {
    read = await readRequestBody(c, request, rules, uploads);
  } catch (error) {
    for (const upload of uploads) await upload.remove();
    throw error;
  }
  if (read.kind === 'refused') {
    for (const upload of uploads) await upload.remove();
    return { refusal: read.refusal };
  }
  const body = checkBody(request, read, c.req.header('content-type') ?? '', lang, issues);
  if (issues.length > 0) return { ok: false, issues, uploads };
  return { ok: true, input: { params, query, headers, body }, uploads };
}

/**
 * A value made fit for JSON: `bigint` (centavos, ids) becomes a string of digits, because JSON
 * numbers lose precision above 2^53; `Date` becomes its ISO string.
 *
 * @example toJsonValue({ amountCentavos: 100000n }) // { amountCentavos: '100000' }
 */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(stringify(value));
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * Answers JSON, with every `bigint` as a string of digits (document such fields with the
 * `Centavos` schema of src/routing/schemas.ts).
 *
 * @example return sendJson(c, { paid: true, amountCentavos: 100000n }); // {"paid":true,"amountCentavos":"100000"}
 */
export function sendJson(c: Context, value: unknown, status = 200): Response {
  return c.body(stringify(value), status as 200, { 'Content-Type': 'application/json; charset=UTF-8' });
}

import { z } from 'zod';
import {
  CSRF_HEADER,
  type Holder,
  type Permission,
  ROLE_NAMES,
  ROLES,
  roleGrants,
} from '../../access/index.ts';
import {
  type AnyFailure,
  FAILURE_CODES,
  failureStatus,
  failureTitle,
  type OperationWords,
  operationWords,
} from '../../messages/index.ts';
import type { HttpMethod, RouteMeta } from '../../routing/route.ts';
import { ProblemSchema } from '../../routing/schemas.ts';
import { PROBLEM_CONTENT_TYPE, problemType } from '../problem.ts';

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the route registry: the same zod schemas
 * that validate requests describe them here (JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 * Pages (routes answering HTML) and routes marked `internal` stay out of it; they are still in the
 * registry and in the route × role test.
 *
 * @example const doc = buildOpenApi(routesOf(http), { version: '0.1.0' });
 */

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  /** The API's version: the package's. */
  version: string;
}

const METHOD_ORDER: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];
const UNSAFE = new Set<HttpMethod>(['post', 'put', 'patch', 'delete']);

/**
 * Whether a route belongs in the OpenAPI document: not marked internal, and not part of a page's
 * flow — no HTML answer, and outside /api/ no redirect either (a form's POST/redirect/GET). JSON
 * and CSV outside /api/ (the health check, open data) are documented.
 *
 * @example inOpenApi(meta) // false for a page
 */
export function inOpenApi(route: RouteMeta): boolean {
  if (route.internal) return false;
  const responses = Object.values(route.responses);
  if (responses.some((r) => 'html' in r)) return false;
  return route.surface === 'api' || !responses.some((r) => 'redirect' in r);
}

/** What each tag groups, for readers of the document; a tag not listed here is shown bare. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  bono: 'Bono Contra el Hambre: the banks’ counter payouts and the citizens’ status.',
  registry: 'The population registry’s figures (no personal data).',
  session: 'Officers signing in and out; who is asking.',
  system: 'The server itself: health and this document.',
  transparency: 'Public figures and open data, small counts suppressed.',
};

/** Hono path → OpenAPI path: `/rounds/:id{[0-9]+}` → `/rounds/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');
}

/**
 * Converts zod schemas to JSON Schema, collecting the named ones (`.meta({ id })`) under
 * components/schemas so that each is written once.
 */
class SchemaCollector {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const raw = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
    const { $schema: _dialect, $defs, ...root } = raw;
    const defs = Object.entries(($defs ?? {}) as Record<string, Json>).map(
      ([id, def]) => [id, tidy(def, io)] as const,
    );
    const names = new Map(defs.map(([id]) => [id, id]));
    const rename = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rename);
      if (value === null || typeof value !== 'object') return value;
      const out: Json = {};
      for (const [k, v] of Object.entries(value as Json)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
          const id = v.slice('#/$defs/'.length);
          out[k] = `#/components/schemas/${names.get(id) ?? id}`;
        } else out[k] = rename(v);
      }
      return out;
    };
    // The same named schema may differ between a request (input) and an answer (output); answers
    // are converted first (buildOpenApi sees to it), so the plain name goes to the answer's form and
    // the request's becomes `<id>Input`. Renaming one may change another that refers to it: repeat.
    for (let changed = true, rounds = 0; changed && rounds <= defs.length; rounds++) {
      changed = false;
      for (const [id, def] of defs) {
        const name = names.get(id)!;
        const taken = this.components[name];
        if (io === 'input' && name === id && taken && !sameJson(taken, rename(def))) {
          names.set(id, `${id}Input`);
          changed = true;
        }
      }
    }
    for (const [id, def] of defs) {
      const name = names.get(id)!;
      const renamed = rename(def) as Json;
      const taken = this.components[name];
      if (taken && !sameJson(taken, renamed))
        throw new Error(`Two different schemas are named ${name}; give one of them another id.`);
      this.components[name] = renamed;
    }
    return rename(tidy(root, io)) as Json;
  }
}

/**
 * Drops what zod writes that does not help a client: the numeric limits of a plain JS integer, and
 * `additionalProperties: false` on answers (ayni may add a field to an answer; clients must not break).
 */
function tidy(value: unknown, io: 'input' | 'output'): unknown {
  if (Array.isArray(value)) return value.map((v) => tidy(v, io));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if ((k === 'minimum' || k === 'maximum') && Math.abs(Number(v)) === Number.MAX_SAFE_INTEGER) continue;
    if (k === 'additionalProperties' && v === false && io === 'output') continue;
    out[k] = tidy(v, io);
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function parametersOf(route: RouteMeta, schemas: SchemaCollector): Json[] {
  const out: Json[] = [];
  const parts = [
    ['path', route.request.params],
    ['query', route.request.query],
    ['header', route.request.headers],
  ] as const;
  for (const [where, schema] of parts) {
    if (!schema) continue;
    const json = schemas.convert(schema, 'input');
    const required = new Set((json['required'] as string[] | undefined) ?? []);
    for (const [name, prop] of Object.entries((json['properties'] ?? {}) as Record<string, Json>)) {
      const { description, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

/** Which ways of signing in can reach a route: the holders of the roles that grant its permission. */
function holdersOf(route: RouteMeta): Set<Holder> {
  const access = route.access;
  const holders = new Set<Holder>();
  for (const role of ROLE_NAMES) {
    if ('permission' in access && !roleGrants(role, access.permission)) continue;
    for (const h of ROLES[role].holders) holders.add(h);
  }
  return holders;
}

function rolesWith(permission: Permission): string[] {
  return ROLE_NAMES.filter((r) => roleGrants(r, permission));
}

/** A documented operation's words in one language; an operation the catalogue lacks fails the generation. */
function wordsOf(route: RouteMeta, lang: 'es' | 'en'): OperationWords {
  if (route.summary !== undefined || route.description !== undefined)
    throw new Error(
      `${route.operationId}: a documented operation's words are in src/messages/${lang}/api.ts, not in its route`,
    );
  const words = operationWords(route.operationId, lang);
  if (words === undefined)
    throw new Error(
      `${route.operationId}: no summary in src/messages/${lang}/api.ts (every documented operation has its words there)`,
    );
  return words;
}

function operationOf(route: RouteMeta, schemas: SchemaCollector): Json {
  // The words come from the API catalogue (src/messages/<lang>/api.ts), English first.
  const en = wordsOf(route, 'en');
  const es = wordsOf(route, 'es');
  const op: Json = {
    operationId: route.operationId,
    summary: en.summary,
    'x-summary-es': es.summary,
  };
  if (en.description !== undefined || es.description !== undefined) {
    op['description'] = en.description;
    op['x-description-es'] = es.description;
  }
  op['tags'] = [...route.tags];
  const parameters = parametersOf(route, schemas);
  if (parameters.length > 0) op['parameters'] = parameters;
  const { body, form } = route.request;
  if (body || form) {
    const content: Json = {};
    if (body) content['application/json'] = { schema: schemas.convert(body, 'input') };
    if (form) content['application/x-www-form-urlencoded'] = { schema: schemas.convert(form, 'input') };
    op['requestBody'] = { required: true, content };
  }

  const responses: Json = {};
  for (const [status, r] of Object.entries(route.responses)) {
    if ('schema' in r)
      responses[status] = {
        description: r.description,
        content: { 'application/json': { schema: schemas.convert(r.schema, 'output') } },
      };
    else if ('problem' in r)
      responses[status] = {
        description: r.description,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    else if ('csv' in r)
      responses[status] = {
        description: r.description,
        content: { 'text/csv': { schema: { type: 'string' } } },
      };
    else if ('redirect' in r)
      responses[status] = {
        description: r.description,
        headers: { Location: { schema: { type: 'string' } } },
      };
    else responses[status] = { description: r.description };
  }
  const validates = Object.values(route.request).some((s) => s !== undefined);
  if (validates && !route.customInvalid && !responses['400'])
    responses['400'] = { $ref: '#/components/responses/RequestInvalid' };

  const access = route.access;
  if ('public' in access) {
    op['security'] = [];
  } else {
    const holders = holdersOf(route);
    const security: Json[] = [];
    if (holders.has('credential')) security.push({ bearerCredential: [] });
    if (holders.has('account'))
      security.push(UNSAFE.has(route.method) ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] });
    op['security'] = security;
    if (!responses['401']) responses['401'] = { $ref: '#/components/responses/Unauthorized' };
    if (!responses['403'] && ('permission' in access || UNSAFE.has(route.method)))
      responses['403'] = { $ref: '#/components/responses/Forbidden' };
    if ('permission' in access) {
      op['x-permission'] = access.permission;
      op['x-roles'] = rolesWith(access.permission);
    } else op['x-signed-in'] = true;
  }
  responses['default'] = { $ref: '#/components/responses/Error' };
  op['responses'] = responses;
  return op;
}

/** Every code a client may meet, with its status, title in both languages and its problem type. */
function errorCodes(): Json {
  const codes: Json = {};
  for (const code of FAILURE_CODES) {
    codes[code] = {
      status: failureStatus({ code } as AnyFailure),
      type: problemType(code),
      es: failureTitle(code, 'es'),
      en: failureTitle(code, 'en'),
    };
  }
  return codes;
}

const DESCRIPTION = `ayni's HTTP API: the bono's bank and citizen services, the back office's data, the registry's figures.

- **Signing in.** Other systems (banks) send \`Authorization: Bearer ak_<id>.<secret>\` (an API credential issued with \`ayni credentials create\`). Officers sign in at \`POST /api/session/login\`, which sets a session cookie and returns a CSRF token; every POST/PUT/PATCH/DELETE on a session must carry it in the \`${CSRF_HEADER}\` header (or the \`_csrf\` form field). Each operation lists the permission it needs (\`x-permission\`) and the roles that have it (\`x-roles\`).
- **Errors** are RFC 9457 problem details (\`application/problem+json\`): \`{ "type", "title", "status", "detail", "code", … }\`. The \`code\` is stable (branch on it; \`type\` is \`tag:ayni.bo,2026:problem/<code>\`); \`title\` and \`detail\` are in Spanish, or English with \`?lang=en\` or \`Accept-Language: en\`; the failure's own fields are further members (\`issues\` of an invalid request, \`paidElsewhere\` of \`already_paid\`). Every code is listed under \`x-error-codes\`.
- **Money** is an integer number of centavos written as a string of digits (\`"100000"\` is Bs 1,000.00); dates are \`YYYY-MM-DD\`, instants ISO 8601 with a time zone.`;

/**
 * The OpenAPI 3.1 document for the given routes.
 *
 * @example writeFileSync('docs/openapi.json', JSON.stringify(buildOpenApi(routesOf(http), { version }), null, 2));
 */
export function buildOpenApi(routes: readonly RouteMeta[], options: OpenApiOptions): Json {
  const schemas = new SchemaCollector();
  const documented = routes.filter(inOpenApi);
  const problemSchema = schemas.convert(ProblemSchema, 'output');
  for (const r of documented) {
    for (const response of Object.values(r.responses))
      if ('schema' in response) schemas.convert(response.schema, 'output');
  }
  const paths: Record<string, Json> = {};
  const byPath = new Map<string, RouteMeta[]>();
  for (const r of documented) {
    const p = openApiPath(r.path);
    byPath.set(p, [...(byPath.get(p) ?? []), r]);
  }
  for (const p of [...byPath.keys()].sort()) {
    const item: Json = {};
    const list = byPath
      .get(p)!
      .sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
    for (const r of list) item[r.method] = operationOf(r, schemas);
    paths[p] = item;
  }
  const errorResponse = (description: string): Json => ({
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
  });
  const tags = [...new Set(documented.flatMap((r) => r.tags))]
    .sort()
    .map((name) => (TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'ayni',
      version: options.version,
      description: DESCRIPTION,
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/', description: 'The ayni server that serves this document.' }],
    tags,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
      responses: {
        RequestInvalid: errorResponse(
          '`request_invalid`: the request failed validation; `issues` lists each field.',
        ),
        Unauthorized: errorResponse(
          '`authentication_required`, `session_expired` or `invalid_credentials`: no valid credential or session.',
        ),
        Forbidden: errorResponse(
          '`forbidden` (the roles lack the permission) or `csrf_mismatch` (a session request without its CSRF token).',
        ),
        Error: errorResponse(
          'Any other error; see x-error-codes. 500 `internal_error` is a fault of the server.',
        ),
      },
      securitySchemes: {
        bearerCredential: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'ak_<16 hex>.<43 base64url>',
          description:
            'An API credential for another system (a bank), bound to its organisation (the bank’s BIC) and roles: `Authorization: Bearer ak_…`.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'ayni_session',
          description:
            'An officer’s session, set by POST /api/session/login (named `__Host-ayni_session` over HTTPS). HttpOnly, SameSite=Strict.',
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description:
            'The session’s CSRF token (returned by sign-in and by GET /api/session); required with the session cookie on every change.',
        },
      },
    },
    'x-error-codes': errorCodes(),
  };
}

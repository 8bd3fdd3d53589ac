import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { AccessEnv } from '../../access/index.ts';
import { routesOf } from '../../routing/route.ts';
import { buildOpenApi } from './openapi.ts';

/** The package's version, which the OpenAPI document carries as the API's version. */
export const API_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const documents = new WeakMap<Hono<AccessEnv>, Record<string, unknown>>();

/**
 * The OpenAPI document of an app built by `buildHttpApp`, made once per app (its routes do not
 * change after it is built).
 *
 * @example c.json(openApiDocument(http))
 */
export function openApiDocument(http: Hono<AccessEnv>): Record<string, unknown> {
  let doc = documents.get(http);
  if (!doc) {
    doc = buildOpenApi(routesOf(http), { version: API_VERSION });
    documents.set(http, doc);
  }
  return doc;
}

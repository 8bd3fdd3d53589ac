import type { App } from '../app.ts';
import type { Database } from '../db/database.ts';
import { loadConfig } from '../shared/config.ts';
import { openApiDocument } from './api/openapi.document.ts';
import { buildHttpApp } from './server.ts';

/** Where the committed OpenAPI document lives, relative to the repository root. */
export const OPENAPI_FILE = 'docs/openapi.json';

function offline(): never {
  throw new Error(
    'A route module touched the database while its routes were being defined; do that inside the handler.',
  );
}

/**
 * A database that refuses every use: building the HTTP app only defines routes, so the OpenAPI
 * document can be generated without a database (in CI, and by `npm run openapi`).
 */
const OFFLINE_DB: Database = {
  backend: 'embedded',
  query: async () => offline(),
  queryEach: async () => offline(),
  exec: async () => offline(),
  copyFrom: async () => offline(),
  transaction: async () => offline(),
  close: async () => {},
};

/**
 * The OpenAPI document of the full app, as `npm run openapi` writes it to docs/openapi.json and
 * GET /api/openapi.json serves it; the committed file is checked against it by
 * test/http/openapi.test.ts.
 *
 * @example const doc = generateOpenApi();
 */
export function generateOpenApi(): Record<string, unknown> {
  return openApiDocument(buildHttpApp(offlineApp()));
}

/**
 * An App without a database, for building the HTTP app to read its routes (any database use throws).
 *
 * @example routesOf(buildHttpApp(offlineApp()))
 */
export function offlineApp(): App {
  return { config: loadConfig({}), db: OFFLINE_DB, rejectsDir: '', close: async () => {} };
}

/** The document as the committed file holds it (before Biome formats it). */
export function openApiText(doc: Record<string, unknown>): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

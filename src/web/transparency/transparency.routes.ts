import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../../access/index.ts';
import type { App } from '../../app.ts';
import { createRouter, defineRoute } from '../../routing/route.ts';
import { type Lang, pickLang } from '../../shared/lang.ts';
import {
  type BonoFigures,
  type Figure,
  figureCsv,
  loadBonoFigures,
  loadRegistryFigures,
  type RegistryFigures,
} from '../../transparency/index.ts';
import { figureWords } from './figure.words.ts';
import {
  renderBonoPage,
  renderOverviewPage,
  renderRegistryPage,
  TRANSPARENCY_PATHS,
} from './transparency.pages.tsx';

/** How long computed figures are served before they are read again (and what caches may keep). */
const DEFAULT_CACHE_MS = 60_000;

export interface TransparencyOptions {
  /** How long figures are reused between requests; 0 reads them for every request (tests). */
  cacheMs?: number;
}

/** The CSV files, by id, and the figure each is written from. */
const BONO_CSV: ReadonlyMap<string, (b: BonoFigures) => Figure> = new Map([
  ['resumen', (b: BonoFigures) => b.summary],
  ['bono-departamentos', (b: BonoFigures) => b.byDepartment],
  ['bono-dias', (b: BonoFigures) => b.byDay],
  ['bono-canales', (b: BonoFigures) => b.byChannel],
  ['bono-no-cobrado-departamentos', (b: BonoFigures) => b.unclaimedByDepartment],
  ['bono-no-cobrado-edades', (b: BonoFigures) => b.unclaimedByBand],
]);
const REGISTRY_CSV: ReadonlyMap<string, (r: RegistryFigures) => Figure> = new Map([
  ['registro-ine', (r: RegistryFigures) => r.population],
]);

/** Every CSV id the pages link to. */
export const TRANSPARENCY_CSV_IDS: readonly string[] = [...BONO_CSV.keys(), ...REGISTRY_CSV.keys()];

/**
 * Reuses one computation for `ms` after it started; concurrent requests share it, and a failed one
 * is forgotten at once. The dashboards' queries read the whole Bono and registry, so a burst of
 * readers (the press on a payment day) costs one read a minute, not one each.
 */
function reuse<T>(
  ms: number,
  now: () => Date,
  load: (at: Date) => Promise<T>,
): () => Promise<{ at: Date; value: T }> {
  let last: { at: Date; value: Promise<T> } | undefined;
  return async () => {
    const at = now();
    if (last === undefined || at.getTime() - last.at.getTime() >= ms || at.getTime() < last.at.getTime()) {
      const entry = { at, value: load(at) };
      last = entry;
      entry.value.catch(() => {
        if (last === entry) last = undefined;
      });
    }
    const current = last;
    return { at: current.at, value: await current.value };
  };
}

function publicHeaders(c: Context, lang: Lang, maxAgeSeconds: number): void {
  c.header('Content-Language', lang);
  // The same address answers in either language by Accept-Language when ?lang= is absent.
  c.header('Vary', 'Accept-Language');
  c.header('Cache-Control', `public, max-age=${maxAgeSeconds}`);
}

const langOf = (c: Context): Lang => pickLang(c.req.query('lang'), c.req.header('accept-language'));

/**
 * The public transparency pages and their CSV files, with no sign-in: `GET /transparencia`,
 * `/transparencia/bono`, `/transparencia/registro` and `/transparencia/<chart id>.csv`. The paths
 * are absolute, so mount the group at the root. Figures are read at most once a minute (the
 * access clock decides when) and answered with `Cache-Control: public, max-age=60`.
 *
 * @example mountRoutes(router, '/', transparencyRoutes(app, access));
 */
export function transparencyRoutes(
  app: App,
  access: Access,
  options: TransparencyOptions = {},
): Hono<AccessEnv> {
  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  const maxAge = Math.round(cacheMs / 1000);
  const router = createRouter(access);
  // Published aggregates: a replica under the lag bound when there is one (src/db/replicas.ts).
  const bono = reuse(cacheMs, access.now, () => loadBonoFigures(app.reader?.sql() ?? app.db));
  const registry = reuse(cacheMs, access.now, (at) => loadRegistryFigures(app.reader?.sql() ?? app.db, at));
  const pageResponses = { 200: { description: 'An HTML page of aggregate figures.', html: true } } as const;

  defineRoute(router, {
    method: 'get',
    path: TRANSPARENCY_PATHS.overview,
    operationId: 'transparencyOverviewPage',
    summary: {
      es: 'Transparencia: cifras principales (página)',
      en: 'Transparency: headline figures (page)',
    },
    tags: ['pages', 'transparency'],
    access: { public: true },
    responses: pageResponses,
    handler: async (c) => {
      const lang = langOf(c);
      const [b, r] = [await bono(), await registry()];
      publicHeaders(c, lang, maxAge);
      return c.html(renderOverviewPage({ bono: b.value, registry: r.value, at: b.at, lang }));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: TRANSPARENCY_PATHS.bono,
    operationId: 'transparencyBonoPage',
    summary: {
      es: 'Transparencia: Bono Contra el Hambre (página)',
      en: 'Transparency: Bono Contra el Hambre (page)',
    },
    tags: ['pages', 'transparency'],
    access: { public: true },
    responses: pageResponses,
    handler: async (c) => {
      const lang = langOf(c);
      const b = await bono();
      publicHeaders(c, lang, maxAge);
      return c.html(renderBonoPage({ bono: b.value, at: b.at, lang }));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: TRANSPARENCY_PATHS.registry,
    operationId: 'transparencyRegistryPage',
    summary: {
      es: 'Transparencia: registro frente al INE (página)',
      en: 'Transparency: registry against INE (page)',
    },
    tags: ['pages', 'transparency'],
    access: { public: true },
    responses: pageResponses,
    handler: async (c) => {
      const lang = langOf(c);
      const r = await registry();
      publicHeaders(c, lang, maxAge);
      return c.html(renderRegistryPage({ registry: r.value, at: r.at, lang }));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/transparencia/:file{[a-z0-9-]+\\.csv}',
    operationId: 'transparencyCsv',
    summary: {
      es: 'Transparencia: los datos de un gráfico en CSV',
      en: 'Transparency: the data of one chart as CSV',
    },
    description: {
      es: `Archivos: ${TRANSPARENCY_CSV_IDS.map((id) => `${id}.csv`).join(', ')}. Encabezado en español, o en inglés con ?lang=en; "<5" y "x" marcan cifras suprimidas.`,
      en: `Files: ${TRANSPARENCY_CSV_IDS.map((id) => `${id}.csv`).join(', ')}. Header in Spanish, or English with ?lang=en; "<5" and "x" mark suppressed figures.`,
    },
    tags: ['transparency'],
    access: { public: true },
    request: { params: z.object({ file: z.string() }) },
    responses: {
      200: { description: 'The chart’s figures as CSV (RFC 4180, UTF-8), aggregates only.', csv: true },
      404: { description: 'No chart has that name.', html: true },
    },
    handler: async (c, { params }) => {
      const id = params.file.slice(0, -'.csv'.length);
      const lang = langOf(c);
      let figure: Figure | undefined;
      const fromBono = BONO_CSV.get(id);
      const fromRegistry = REGISTRY_CSV.get(id);
      if (fromBono) figure = fromBono((await bono()).value);
      else if (fromRegistry) figure = fromRegistry((await registry()).value);
      if (figure === undefined) return c.notFound();
      publicHeaders(c, lang, maxAge);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${figure.id}.csv"`);
      return c.body(figureCsv(figure, figureWords(lang)));
    },
  });

  return router.hono;
}

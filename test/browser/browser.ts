import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import type { App } from '../../src/app.ts';
import { type RunningServer, startServer } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { schemasDir } from '../interchange/testdata.ts';

/**
 * The browser-test harness: Debian's Chromium driven by playwright-core (no browser download),
 * axe-core for accessibility, screenshots kept as test artefacts, and the full HTTP server over a
 * test database.
 *
 * @example
 *   const browser = await launchBrowser();
 *   if (!browser) return t.skip(SKIP_NO_CHROMIUM);
 *   const page = await browser.newPage(); … await checkAxe(page); await screenshot(page, 'bono-form');
 */

/** Where Debian's `chromium` package puts the browser (`.ci/run` installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SKIP_NO_CHROMIUM = `no browser at ${CHROMIUM_PATH}: install Chromium: apt-get install chromium`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-artifacts', 'screenshots');

/** Whether the browser tests can run here. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Starts headless Chromium with a fresh profile, or returns null when it is not installed (the
 * test then skips with `SKIP_NO_CHROMIUM`). The flags keep Chromium from reaching out to Google's
 * services, which this machine's closed network would refuse many times over; `--no-sandbox`
 * because CI runs as root.
 */
export async function launchBrowser(): Promise<Browser | null> {
  if (!hasChromium()) {
    console.error(`browser tests skipped: ${SKIP_NO_CHROMIUM}`);
    return null;
  }
  // playwright-core gives every launch a new, empty profile of its own and removes it on close.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser context as a citizen's phone sees the portal: a small screen, Spanish, and, unless
 * told otherwise, JavaScript on. `bypassCSP` lets `checkAxe` inject its script into pages whose
 * policy forbids every script (the pages themselves never run one).
 */
export async function newCitizenContext(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; locale?: string } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    locale: options.locale ?? 'es-BO',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    bypassCSP: true,
  });
}

/**
 * A browser context as an officer's desk sees the office pages: a 1280×800 screen, Spanish, and
 * `bypassCSP` so that `checkAxe` can inject its script (the pages themselves run none).
 */
export function newOfficeContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: 'es-BO',
    bypassCSP: true,
  });
}

/**
 * Skips the test when there is no browser (`launchBrowser` returned null); true when it skipped.
 *
 * @example if (skipWithoutBrowser(browser, c)) return;
 */
export function skipWithoutBrowser(browser: Browser | null, c: TestContext): browser is null {
  if (browser) return false;
  c.skip(SKIP_NO_CHROMIUM);
  return true;
}

/**
 * A file's review of its pages: checks a page with axe-core (unless `axe` is false) and keeps its
 * screenshot as `<prefix>-NN-<name>.png`, numbered in the order of the file's reviews.
 *
 * @example const review = reviewer('officer'); … await review(page, 'sign-in');
 */
export function reviewer(prefix: string): (page: Page, name: string, axe?: boolean) => Promise<void> {
  let shot = 0;
  return async (page, name, axe = true) => {
    if (axe) await checkAxe(page, name);
    shot += 1;
    await screenshot(page, `${prefix}-${String(shot).padStart(2, '0')}-${name}`);
  };
}

/** The text of an element as its reader sees it: laid out, hidden parts left out. */
export function shown(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is being checked.
  return locator.innerText();
}

/** A browser test's `after`: closes the browser, the server and the database, those that started. */
export async function closeBrowserTest(
  browser: Browser | null,
  server: { close(): Promise<unknown> } | undefined,
  database: { dispose(): Promise<void> } | undefined,
): Promise<void> {
  await browser?.close();
  if (server) await server.close();
  if (database) await database.dispose();
}

let axeSource: string | undefined;

/** An axe-core violation, as `checkAxe` reports it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/**
 * Runs axe-core on the page (WCAG 2.1 A and AA rules and axe's best practices) and throws with a
 * readable list when there is any violation.
 *
 * @example await checkAxe(page, 'status form')
 */
export async function checkAxe(page: Page, label = page.url()): Promise<void> {
  axeSource ??= await readFile(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (): Promise<AxeViolation[]> => {
    // Runs in the page: axe was injected above; the test's TypeScript has no DOM types.
    const g = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
    };
    const result = await g.axe.run(g.document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  if (violations.length > 0) throw new Error(`axe-core: ${formatViolations(violations, label)}`);
}

/** Violations as lines a person can act on: rule, impact, help, and each offending element. */
export function formatViolations(violations: readonly AxeViolation[], label: string): string {
  const lines = [`${violations.length} accessibility violation(s) on ${label}`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.helpUrl}`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target.join(' ')}`);
      for (const l of n.failureSummary.split('\n')) lines.push(`      ${l}`);
    }
  }
  return lines.join('\n');
}

/** Removes the screenshots a previous run left under a prefix, so the folder shows this run only. */
export async function clearScreenshots(prefix: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const name of await readdir(SCREENSHOT_DIR))
    if (name.startsWith(prefix) && name.endsWith('.png'))
      await rm(path.join(SCREENSHOT_DIR, name), { force: true });
}

/**
 * Saves a full-page screenshot as test-artifacts/screenshots/<name>.png (kept by CI as an
 * artefact; git ignores the folder) and returns its path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Counts the bytes of every response body a page receives, as they came over the network, by the
 * document they belong to: each
 * document opened (a form posted and answered counts as one) and whatever it loads after it. The
 * portal loads nothing else, but a page that did would be weighed whole. Redirects carry no page.
 *
 * @example const w = recordPageWeights(page); … await w.settled(); w.pages() // [{ url: '…/bono', bytes: 9_312 }, …]
 */
export function recordPageWeights(page: Page): PageWeights {
  const documents: { url: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response: Response) => {
    const status = response.status();
    if (status >= 300 && status < 400) return;
    // Register the document synchronously, in the order responses arrive; its bytes come later.
    const entry =
      response.request().resourceType() === 'document'
        ? documents[documents.push({ url: response.url(), bytes: 0 }) - 1]!
        : documents[documents.length - 1];
    if (!entry) return;
    // The sizes come from the network events, so they are known even when the page moved on before
    // its body could be read back.
    pending.push(
      response
        .request()
        .sizes()
        .then(
          (sizes) => {
            entry.bytes += sizes.responseBodySize;
          },
          () => {
            // The request never finished (the context closed first): the entry shows 0 bytes, which
            // the weight check reports as not measured.
          },
        ),
    );
  });
  return {
    pages: () => documents.map((d) => ({ ...d })),
    settled: () => Promise.all(pending).then(() => undefined),
  };
}

export interface PageWeights {
  /** Each document opened, with its bytes and those of what it loaded. */
  pages(): { url: string; bytes: number }[];
  /** Resolves when every body seen so far has been counted. */
  settled(): Promise<void>;
}

/**
 * The whole HTTP server (every route the application mounts) on a free port of 127.0.0.1, over
 * the test database, as `ayni start` runs it. `clock`: the instant the application's clock shows
 * (a simulated clock standing still), so answers that depend on the day are the same on every run;
 * without it, real time.
 *
 * @example const server = await startTestServer(t, { clock: new Date('2021-02-10T15:00:00Z') });
 */
export async function startTestServer(
  t: TestDatabase,
  options: { clock?: Date } = {},
): Promise<RunningServer & { app: App }> {
  const config = {
    ...loadConfig({}),
    dataDir: t.dir,
    httpHost: '127.0.0.1',
    httpPort: 0,
    secureCookies: false as const,
    // Deposit files exported through the pages are validated, as on a configured server.
    iso20022Schemas: schemasDir,
  };
  const clock = options.clock;
  const app: App = {
    config,
    db: t.db,
    rejectsDir: path.join(t.dir, 'rejects'),
    ...(clock ? { now: () => new Date(clock), simulatedClock: true } : {}),
    close: async () => {},
  };
  const server = await startServer(app, '127.0.0.1', 0);
  return { ...server, app };
}

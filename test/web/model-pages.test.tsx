import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../src/access/index.ts';
import { pageMessages } from '../../src/messages/index.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import type { PublicRegistryStatus } from '../../src/transparency/index.ts';
import type { PageContext } from '../../src/web/backoffice/backoffice.page.ts';
import { OfficeHomePage, SignInPage } from '../../src/web/backoffice/session.pages.tsx';
import { pageHtml } from '../../src/web/components/index.ts';
import { ErrorPage } from '../../src/web/error.page.tsx';
import { RegistryStatusPage } from '../../src/web/status.page.tsx';
import { parseHtml, textOf } from '../helpers/html.ts';

/**
 * The pages converted to components first (issue 16), the model for the others: rendered in every
 * language and parsed, each shows only its language's words — no text of another language's
 * catalogue, no `undefined` of a missing key — and no internal code.
 */

/** Every text of a catalogue (functions called with placeholder arguments). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return [];
  // A CSV file's column names (`csv`) are the file format's words, never shown on a page: the
  // English `persons` column would otherwise be «found» in a file named persons.csv.
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => (key === 'csv' ? [] : texts(v)));
  return [];
}

/** Texts of other languages' catalogues that are not also this language's (e.g. '—', 'no'). */
function foreignTexts(lang: Lang): string[] {
  const own = new Set(texts(pageMessages(lang)));
  return LANGS.filter((l) => l !== lang)
    .flatMap((l) => texts(pageMessages(l)))
    .filter((t) => !own.has(t) && t.length > 3);
}

/** Whether a text holds a phrase as whole words («List» is not in «Listas»). */
function shows(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

function checkLanguage(html: string, lang: Lang): string {
  const doc = parseHtml(html);
  assert.equal(doc.querySelector('html')?.getAttribute('lang'), lang);
  // The language switch names the other language in that language, marked with its own `lang`.
  for (const other of doc.querySelectorAll('body [lang]'))
    if (other.getAttribute('lang') !== lang) other.remove();
  const text = textOf(doc.querySelector('body'));
  assert.doesNotMatch(text, /undefined|\[object /, 'a missing key');
  for (const foreign of foreignTexts(lang))
    assert.ok(!shows(text, foreign), `${lang} page shows «${foreign}»`);
  return text;
}

const STATUS: PublicRegistryStatus = {
  registry: {
    asOf: '2020-12-01',
    persons: 11_700_000n,
    population: {
      rows: [
        { department: 'La Paz', registry: 3_000_000n },
        { department: 'Pando', registry: '<5' },
      ],
    },
  } as unknown as PublicRegistryStatus['registry'],
  sourceLists: [
    { name: 'bank-accounts', titleEs: 'Cuentas bancarias', titleEn: 'Bank accounts', members: 1234n },
  ],
  lastImports: [
    { kind: 'bank-accounts', status: 'completed', finishedAt: new Date('2020-12-02T02:30:00Z') },
    { kind: 'persons', status: 'failed', finishedAt: null },
    { kind: 'other-list', status: 'running', finishedAt: null },
  ],
};

const officer: Principal = {
  kind: 'account',
  id: 'rosa',
  actor: 'account:rosa',
  displayName: 'Rosa Mamani',
  organisation: null,
  roles: ['registry_officer'],
  permissions: new Set(['registry.read']),
} as unknown as Principal;

const ctx = (lang: Lang, principal: Principal | null = null): PageContext => ({
  lang,
  pathWithQuery: `/oficina?lang=${lang}`,
  principal,
  csrfToken: principal ? 'token' : null,
});

describe('the model pages, in every language', () => {
  for (const lang of LANGS) {
    it(`registry status (${lang}): the front door, figures formatted, imports worded, never as codes`, () => {
      const html = pageHtml(<RegistryStatusPage status={STATUS} lang={lang} />);
      const text = checkLanguage(html, lang);
      const doc = parseHtml(html);
      const doors = doc.querySelectorAll('main nav a').map((a) => a.getAttribute('href'));
      assert.deepEqual(doors, [`/bono?lang=${lang}`, `/transparencia?lang=${lang}`, `/oficina?lang=${lang}`]);
      assert.equal(
        doc.querySelector('[data-testid=persons]')?.text,
        lang === 'es' ? '11.700.000' : '11,700,000',
      );
      // In English some codes are words too (persons, failed): there, the codes that are not words.
      const words = lang === 'es' ? ['failed', 'running', 'persons'] : [];
      for (const code of ['completed', 'bank-accounts', 'other-list', ...words])
        assert.ok(!shows(text, code), `the code «${code}» is shown`);
      const imports = doc.querySelectorAll('section.tw')[2]!;
      const firstRow = imports
        .querySelectorAll('tbody tr')[0]!
        .querySelectorAll('td')
        .map((td) => td.text);
      assert.deepEqual(
        firstRow,
        lang === 'es'
          ? ['Cuentas bancarias', 'Terminada', '1 de diciembre de 2020']
          : ['Bank accounts', 'Finished', '1 December 2020'],
      );
      assert.ok(text.includes('<5'), 'a suppressed count shows its mark');
    });

    it(`error page (${lang}): its title by status, the message, the code for the help desk`, () => {
      const html = pageHtml(
        <ErrorPage lang={lang} path="/x?lang=es" status={404} code="not_found" message="—" issues={[]} />,
      );
      checkLanguage(html, lang);
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('h1')?.text, pageMessages(lang).common.errorPage.titles[404]);
      assert.equal(doc.querySelector('[data-error-code]')?.getAttribute('data-error-code'), 'not_found');
      const teapot = parseHtml(
        pageHtml(<ErrorPage lang={lang} path="/" status={418} code="x" message="—" />),
      ).querySelector('h1')?.text;
      assert.equal(teapot, pageMessages(lang).common.errorPage.titles[400], 'an unlisted 4xx is a 400');
    });

    it(`sign-in and the office home (${lang}): labelled fields, errors linked, screens worded`, () => {
      const html = pageHtml(
        <SignInPage
          ctx={ctx(lang)}
          state={{
            errors: [{ name: 'username', message: pageMessages(lang).backoffice.signIn.missingUser }],
          }}
        />,
      );
      checkLanguage(html, lang);
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('nav'), null, 'no navigation on the sign-in page');
      assert.equal(doc.querySelector('[role=alert] a')?.getAttribute('href'), '#f-username');
      assert.equal(doc.querySelector('#f-username')?.getAttribute('aria-invalid'), 'true');
      assert.equal(doc.querySelector('#f-password')?.getAttribute('type'), 'password');
      assert.equal(doc.querySelector('input[name=next]')?.getAttribute('value'), '/oficina');

      const home = pageHtml(<OfficeHomePage ctx={ctx(lang, officer)} />);
      checkLanguage(home, lang);
      const homeDoc = parseHtml(home);
      const screens = pageMessages(lang).backoffice.screens;
      assert.deepEqual(
        homeDoc.querySelectorAll('main li a').map((a) => a.text),
        [screens.registry.title, screens.imports.title, screens.lists.title, screens.identities.title],
      );
      assert.equal(
        homeDoc.querySelector('nav a[aria-current=page]')?.text,
        pageMessages(lang).backoffice.frame.home,
      );
      assert.equal(homeDoc.querySelector('form input[name=_csrf]')?.getAttribute('value'), 'token');
    });
  }
});

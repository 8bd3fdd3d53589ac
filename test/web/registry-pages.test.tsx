import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../src/access/index.ts';
import { pageMessages } from '../../src/messages/index.ts';
import type { ImportRunRecord, PersonOverview } from '../../src/registry/index.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import type { PageContext } from '../../src/web/backoffice/backoffice.page.ts';
import type { ImportJob } from '../../src/web/backoffice/import-jobs.ts';
import {
  ImportDonePage,
  ImportRunPage,
  ImportsPage,
  RegistrySearchPage,
  SourceListsPage,
} from '../../src/web/backoffice/registry.pages.tsx';
import { pageHtml } from '../../src/web/components/index.ts';
import { parseHtml, textOf } from '../helpers/html.ts';
import { assertPageLanguage, pageShows } from '../helpers/page-language.ts';

/**
 * The back office's registry pages (issue 16), rendered in every language and parsed: only the
 * language's words; a file's kind, an import's status, a person's sex and who imported worded,
 * never as the registry's codes (`persons`, `completed`, `bank-accounts`, `account:rosa`); tables
 * inside their scrolling box; the counts keep their `data-testid`s.
 */

const officer: Principal = {
  kind: 'account',
  id: 'rosa',
  actor: 'account:rosa',
  displayName: 'Rosa Mamani',
  organisation: null,
  roles: ['registry_officer'],
  permissions: new Set(['registry.read', 'registry.import']),
} as unknown as Principal;

const ctx = (lang: Lang): PageContext => ({
  lang,
  pathWithQuery: `/oficina/importaciones?lang=${lang}`,
  principal: officer,
  csrfToken: 'token',
});

const at = new Date('2020-12-01T16:05:00Z');

const RUN: ImportRunRecord = {
  id: 12n,
  kind: 'bank-accounts',
  fileName: 'cuentas.csv',
  sha256: 'a'.repeat(64),
  encoding: 'windows-1252',
  actor: 'account:beto',
  startedAt: at,
  finishedAt: at,
  status: 'completed',
  rowsRead: 1234n,
  rowsAccepted: 1200n,
  rowsRejected: 34n,
  rowsInserted: 1000n,
  rowsUpdated: 100n,
  rowsUnchanged: 100n,
  rowsRemoved: 3n,
  rowsLinkedByScore: 12n,
  rowsQueued: 0n,
  rejectsPath: '/x/rejects.csv',
  error: null,
};

const PERSON: PersonOverview = {
  id: 5n,
  ciNumber: '4567890',
  complemento: '1A',
  expedition: 'LP',
  givenNames: 'Juan Carlos',
  firstSurname: 'Mamani',
  secondSurname: '',
  dateOfBirth: '1960-03-10',
  sex: 'M',
  municipalityCode: '020101',
  departmentCode: 2,
  residenceCountry: 'BO',
  dateOfDeath: null,
  municipalityName: 'Nuestra Señora de La Paz',
  departmentName: 'La Paz',
  createdImportId: 1n,
  updatedImportId: 12n,
};

const JOB = {
  id: 'Q2hhY2FsdGF5YUlsbGltYW',
  kind: 'bank-accounts',
  key: null,
  label: 'cuentas.csv',
  startedBy: 'account:rosa',
  startedAt: at,
  state: 'succeeded',
  progress: null,
  done: null,
  total: null,
  message: null,
  result: {
    status: 'completed',
    importId: 12n,
    rowsRead: 1234,
    rowsAccepted: 1200,
    rowsRejected: 34,
    rowsInserted: 1000,
    rowsUpdated: 100,
    rowsUnchanged: 100,
    rowsRemoved: 3,
  },
  error: null,
  finishedAt: at,
} as unknown as ImportJob;

const CODES = ['bank-accounts', 'windows-1252', 'account:rosa', 'account:beto', 'person-correction'];

describe('the registry pages, in every language', () => {
  for (const lang of LANGS) {
    const words = pageMessages(lang).registry;
    // In English some codes are words too (persons, completed): there, only those that are not.
    const codes = [...CODES, ...(lang === 'es' ? ['persons', 'completed', 'running'] : [])];
    const noCodes = (text: string) => {
      for (const code of codes) assert.ok(!pageShows(text, code), `the code «${code}» is shown`);
    };

    it(`imports, a run and a finished job (${lang}): kinds, statuses and actors worded`, () => {
      const html = pageHtml(
        <ImportsPage
          ctx={ctx(lang)}
          runs={[RUN, { ...RUN, id: 13n, kind: 'person-correction', status: 'failed', actor: 'system' }]}
          active={[{ ...JOB, state: 'running', result: null }]}
          form={{ kind: 'persons', asOf: { day: '30', month: '11', year: '2020' }, encoding: 'auto' }}
          errors={[{ name: 'archivo', message: words.noFile }]}
          maxUploadMb={50}
          names={new Map([['account:beto', 'Alberto Mamani']])}
        />,
      );
      noCodes(assertPageLanguage(html, lang));
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('[role=alert] a')?.getAttribute('href'), '#f-archivo');
      assert.equal(doc.querySelector('#f-archivo')?.getAttribute('aria-invalid'), 'true');
      assert.equal(
        doc.querySelector('form[action^="/oficina/importaciones"]')?.getAttribute('enctype'),
        'multipart/form-data',
      );
      const cells = doc
        .querySelectorAll('section.tw tbody tr')[0]!
        .querySelectorAll('td')
        .map((td) => td.text);
      assert.equal(cells[3], words.statuses.completed);
      assert.equal(cells[5], lang === 'es' ? '1.234' : '1,234');
      assert.equal(cells[8], 'Alberto Mamani');

      const run = pageHtml(<ImportRunPage ctx={ctx(lang)} run={RUN} rejects={{ download: true }} />);
      noCodes(assertPageLanguage(run, lang));
      assert.equal(parseHtml(run).querySelector('[data-testid=rows-removed]')?.text, '3');
      // identity resolution (issue #23): rows linked by score shown, an empty queue not
      assert.equal(parseHtml(run).querySelector('[data-testid=rows-linked-by-score]')?.text, '12');
      assert.equal(parseHtml(run).querySelector('[data-testid=rows-queued]'), null);

      const done = pageHtml(<ImportDonePage ctx={ctx(lang)} job={JOB} />);
      const doneText = assertPageLanguage(done, lang);
      noCodes(doneText);
      assert.ok(doneText.includes('Rosa Mamani'), 'the reader who started it, by name');
      assert.equal(parseHtml(done).querySelector('[role=status] h2')?.text, words.run('12'));
    });

    it(`search and source lists (${lang}): a person's sex and dates worded, lists by title`, () => {
      const html = pageHtml(
        <RegistrySearchPage
          ctx={ctx(lang)}
          search={{
            ci: '4567890',
            complemento: '1A',
            dob: { day: '', month: '', year: '' },
            errors: [],
            found: [
              {
                person: PERSON,
                memberships: [{ list: 'bank-accounts', importId: 12n, lineNumber: 1200n, values: {} }],
              },
            ],
          }}
        />,
      );
      const text = assertPageLanguage(html, lang);
      noCodes(text);
      assert.ok(text.includes(words.sexes.M));
      assert.ok(text.includes(lang === 'es' ? '10 de marzo de 1960' : '10 March 1960'));
      assert.equal(parseHtml(html).querySelector('form[role=search]')?.getAttribute('method'), 'get');

      const lists = pageHtml(
        <SourceListsPage
          ctx={ctx(lang)}
          snapshots={[
            { list: 'bank-accounts', importId: 12n, fileName: 'cuentas.csv', since: at, rows: 1200 },
          ]}
        />,
      );
      // A file's column names are the file's format, the same in every language: left out of the check.
      noCodes(assertPageLanguage(lists.replace(/<code data-file-column[^>]*>[^<]*<\/code>/g, ''), lang));
      const doc = parseHtml(lists);
      // Each column documented: «columna ci_number: número de carnet de identidad».
      const first = doc.querySelector('ol.file-columns li')!;
      assert.equal(first.querySelector('code')?.text, 'ci_number');
      assert.equal(
        textOf(first),
        `${pageMessages(lang).registry.column} ci_number: ${pageMessages(lang).registry.fileColumns.ci_number}`,
      );
      const row = doc
        .querySelectorAll('section.tw tbody tr')
        .map((tr) => tr.querySelectorAll('td').map((td) => td.text))
        .find((r) => r[3] === '12 (cuentas.csv)');
      assert.ok(row, 'the list in force names its import and file');
      assert.equal(row[5], lang === 'es' ? '1.200' : '1,200');
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../src/access/index.ts';
import type { Round, RoundProgress } from '../../src/bono/index.ts';
import { pageMessages } from '../../src/messages/index.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import type { PageContext } from '../../src/web/backoffice/backoffice.page.ts';
import {
  NewRoundPage,
  RoundListPage,
  RoundPage,
  RoundProgressPage,
} from '../../src/web/backoffice/round.pages.tsx';
import { pageHtml } from '../../src/web/components/index.ts';
import { parseHtml } from '../helpers/html.ts';
import { assertPageLanguage, pageShows } from '../helpers/page-language.ts';

/**
 * The back office's round pages (issue 16), rendered in every language and parsed: only the
 * language's words, officers by name rather than as the audit trail's `account:…`, statuses and
 * kinds worded, and «Rechazar» in the warning style beside «Aprobar».
 */

const approver: Principal = {
  kind: 'account',
  id: 'beto',
  actor: 'account:beto',
  displayName: 'Alberto Mamani',
  organisation: null,
  roles: ['bono_approver'],
  permissions: new Set(['rounds.read', 'rounds.approve', 'rounds.create', 'payments.read']),
} as unknown as Principal;

const ctx = (lang: Lang): PageContext => ({
  lang,
  pathWithQuery: `/oficina/rondas?lang=${lang}`,
  principal: approver,
  csrfToken: 'token',
});

const names = new Map([['account:ana.oficial', 'Ana Quispe']]);

const round = (over: Partial<Round> = {}): Round => ({
  id: 3,
  kind: 'regular',
  asOf: '2020-12-01',
  status: 'frozen',
  rulesVersion: 'bono-2020.1',
  parameters: {},
  registryState: { personImportId: 7, sourceLists: { 'bank-accounts': 8, 'gone-list': 9 }, persons: 1234 },
  entitlementCount: 3,
  totalCentavos: 300_000n,
  controlTotals: [
    { departmentCode: 2, band: '60-69', channel: 'counter', count: 2, amountCentavos: 200_000n },
    { departmentCode: 7, band: '70+', channel: 'deposit', count: 1, amountCentavos: 100_000n },
  ],
  contentHash: 'a'.repeat(64),
  note: '',
  createdBy: 'account:ana.oficial',
  createdAt: new Date('2020-12-01T14:00:00Z'),
  decidedBy: null,
  decidedAt: null,
  decisionNote: null,
  expiredAt: null,
  ...over,
});

/** Codes a Spanish page must never show (in English some of them are words). */
const CODES = ['account:', 'frozen', 'approved', 'supplementary', 'system'];

describe('the round pages, in every language', () => {
  for (const lang of LANGS) {
    const words = pageMessages(lang).rounds;
    const noCodes = (text: string) => {
      for (const code of lang === 'es' ? CODES : ['account:'])
        assert.ok(!pageShows(text, code), `the code «${code}» is shown`);
    };

    it(`the list (${lang}): officers by name, statuses and kinds worded`, () => {
      const decided = round({
        id: 2,
        status: 'approved',
        kind: 'supplementary',
        decidedBy: 'account:beto',
        decidedAt: new Date('2020-12-02T14:00:00Z'),
      });
      const html = pageHtml(<RoundListPage ctx={ctx(lang)} rounds={[round(), decided]} names={names} />);
      const text = assertPageLanguage(html, lang);
      noCodes(text);
      const doc = parseHtml(html);
      const cells = doc
        .querySelectorAll('tbody tr')[1]!
        .querySelectorAll('td')
        .map((td) => td.text);
      assert.equal(cells[1], words.kind.supplementary);
      assert.equal(cells[3], words.status.approved);
      assert.equal(cells[6], 'Ana Quispe', 'the creator by the name of the account');
      assert.equal(cells[7], 'Alberto Mamani', 'the reader is named too');
      assert.equal(doc.querySelector('[data-status=approved]')?.text, words.status.approved);
    });

    it(`a frozen round (${lang}): its figures, the lists worded, approve and reject told apart`, () => {
      const html = pageHtml(
        <RoundPage ctx={ctx(lang)} round={round()} names={new Map()} state={{ done: 'creada' }} />,
      );
      const text = assertPageLanguage(html, lang);
      noCodes(text);
      assert.ok(!pageShows(text, 'bank-accounts'), 'a list by its title');
      assert.ok(text.includes(pageMessages(lang).actors.account('ana.oficial')), 'an unknown account worded');
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('[data-testid=round-status]')?.getAttribute('data-status'), 'frozen');
      assert.equal(doc.querySelector('code')?.text, 'a'.repeat(64));
      const buttons = doc.querySelectorAll('form button[type=submit]').filter((b) => b.text !== '');
      const approve = buttons.find((b) => b.text === words.approve);
      const reject = buttons.find((b) => b.text === words.reject);
      assert.ok(approve && reject, 'both buttons');
      assert.equal(approve.getAttribute('class'), undefined);
      assert.equal(reject.getAttribute('class'), 'warn', '«Rechazar» does not look like «Aprobar»');
      assert.equal(reject.getAttribute('formaction'), `/oficina/rondas/3/rechazar?lang=${lang}`);
      assert.equal(doc.querySelectorAll('tfoot').length, 2, 'the totals in the foot of both tables');
    });

    it(`the form and the payment progress (${lang})`, () => {
      const form = pageHtml(
        <NewRoundPage
          ctx={ctx(lang)}
          values={{ date: { day: '30', month: '2', year: '2020' }, note: '<b>' }}
          errors={[{ name: 'fecha', message: words.badDate }]}
        />,
      );
      assertPageLanguage(form, lang);
      const doc = parseHtml(form);
      assert.equal(doc.querySelector('[role=alert] a')?.getAttribute('href'), '#f-fecha');
      assert.equal(doc.querySelector('textarea')?.text, '<b>', 'escaped by JSX');

      const none = { count: 0, amountCentavos: 0n };
      const progress: RoundProgress = {
        entitled: { count: 1200, amountCentavos: 120_000_000n },
        paidCounter: none,
        paidDeposit: none,
        depositsInFlight: none,
        unpaid: { count: 1200, amountCentavos: 120_000_000n },
        byDay: [{ day: '2020-12-02', counter: 3, deposit: 0, amountCentavos: 300_000n }],
      } as RoundProgress;
      const page = pageHtml(
        <RoundProgressPage ctx={ctx(lang)} round={round({ status: 'approved' })} progress={progress} />,
      );
      const text = assertPageLanguage(page, lang);
      noCodes(text);
      const p = parseHtml(page);
      assert.equal(p.querySelector('[data-testid=entitled]')?.text, lang === 'es' ? '1.200' : '1,200');
      assert.ok(!text.includes('2020-12-02'), 'a day written out');
    });
  }
});

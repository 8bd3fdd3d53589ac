import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CitizenGrievanceView, CitizenStatus } from '../../src/bono/index.ts';
import { formatMoney, pageMessages } from '../../src/messages/index.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import { pageHtml } from '../../src/web/components/index.ts';
import {
  FollowFormPage,
  GrievanceFiledPage,
  GrievanceFormPage,
  GrievanceStatusPage,
} from '../../src/web/portal/grievance.page.tsx';
import { EMPTY_TRIPLE } from '../../src/web/portal/portal.forms.tsx';
import type { PortalContext } from '../../src/web/portal/portal-layout.tsx';
import {
  StatusFormPage,
  StatusFoundPage,
  StatusNotFoundPage,
  StatusRateLimitedPage,
} from '../../src/web/portal/status.page.tsx';
import { TooLongPage } from '../../src/web/portal/too-long.page.tsx';
import { parseHtml, textOf } from '../helpers/html.ts';
import { assertPageLanguage, pageShows } from '../helpers/page-language.ts';

/**
 * The citizen pages (issue 16), rendered in every language and parsed: only the language's words,
 * no missing key, no internal code; and what a new user stumbled on — an excluded person told
 * which list and where to go, a deposit not paired with "collect today", a grievance's history not
 * stuck at "a second officer must still approve".
 */

const ctx = (lang: Lang): PortalContext => ({
  lang,
  pathWithQuery: `/bono?lang=${lang}`,
  csrfToken: null,
  simulatedNow: new Date('2021-02-10T15:00:00Z'),
});

type Found = Extract<CitizenStatus, { outcome: 'found' }>;
const ELIGIBLE: Found = {
  outcome: 'found',
  eligible: true,
  reasons: ['Recibe el bono.'],
  why: {
    decision: { variable: 'bono_eligible', label: 'Tiene derecho', text: 'Recibe el bono.', stance: 'for' },
    decisive: [],
    conditions: [],
  },
  amountCentavos: 100_000n,
  band: '18-59',
  windowOpensOn: '2021-02-01',
  windowClosesOn: '2021-02-28',
  deadline: '2021-03-31',
  rezagados: { opensOn: '2021-03-01', closesOn: '2021-03-31' },
  collectableToday: true,
  channel: 'counter',
  depositAccountMasked: null,
  bankName: null,
  depositInFlight: false,
  payment: null,
  expired: false,
};
const DEPOSIT: Found = {
  ...ELIGIBLE,
  channel: 'deposit',
  bankName: 'Fassil',
  depositAccountMasked: '••••1234',
};
const EXCLUDED: Found = { ...ELIGIBLE, eligible: false, amountCentavos: null, collectableToday: false };

/** The codes a citizen must never read, whatever the language. */
const CODES: readonly string[] = [
  'not_listed',
  'supplementary_round_created',
  'in_review',
  'afp-dependent',
  'deposit',
  'counter',
];

function check(html: string, lang: Lang): string {
  const text = assertPageLanguage(html, lang);
  // In English some codes are words too (counter, deposit): there, the codes that are not words.
  const codes = lang === 'es' ? CODES : CODES.filter((c) => c.includes('_') || c.includes('-'));
  for (const code of codes) assert.ok(!pageShows(text, code), `the code «${code}» is shown`);
  return text;
}

const GRIEVANCE: CitizenGrievanceView = {
  reference: 'AB12-CD34-EF56',
  kind: 'not_listed',
  status: 'approved',
  filedAt: new Date('2021-02-01T14:00:00Z'),
  decidedAt: new Date('2021-02-03T14:00:00Z'),
  events: [
    { at: new Date('2021-02-01T14:00:00Z'), action: 'filed', citizenNote: '' },
    {
      at: new Date('2021-02-03T14:00:00Z'),
      action: 'approved',
      citizenNote: 'Cobre desde el lunes.',
    },
    {
      at: new Date('2021-02-03T14:00:00Z'),
      action: 'reevaluated',
      outcome: 'supplementary_round_due',
      citizenNote: '',
    },
    { at: new Date('2021-02-03T14:00:00Z'), action: 'supplementary_round_created', citizenNote: '' },
    { at: new Date('2021-02-04T15:00:00Z'), action: 'round_approved', citizenNote: '' },
    {
      at: new Date('2021-02-08T13:30:00Z'),
      action: 'paid',
      channel: 'counter',
      amountCentavos: 100_000n,
      citizenNote: '',
    },
  ],
  next: null,
};

describe('the citizen pages, in every language', () => {
  for (const lang of LANGS) {
    const words = pageMessages(lang).portal;

    it(`the look-up form, not found, too many attempts, too long (${lang})`, () => {
      const form = pageHtml(
        <StatusFormPage ctx={ctx(lang)} values={EMPTY_TRIPLE} errors={{ ci: words.identity.ciMissing }} />,
      );
      check(form, lang);
      const doc = parseHtml(form);
      assert.equal(doc.querySelector('[role=alert] a')?.getAttribute('href'), '#f-ci');
      assert.equal(doc.querySelectorAll('nav a[aria-current=page]').length, 1);
      check(pageHtml(<StatusNotFoundPage ctx={ctx(lang)} values={EMPTY_TRIPLE} />), lang);
      const limited = check(
        pageHtml(
          <StatusRateLimitedPage
            ctx={ctx(lang)}
            retryAfterSeconds={60}
            at={new Date('2021-02-10T15:00:00Z')}
          />,
        ),
        lang,
      );
      assert.ok(limited.includes(lang === 'es' ? '1 minuto,' : '1 minute,'), 'one minute, singular');
      check(pageHtml(<TooLongPage ctx={ctx(lang)} />), lang);
    });

    it(`an eligible person at a counter may collect today (${lang})`, () => {
      const text = check(
        pageHtml(<StatusFoundPage ctx={ctx(lang)} status={ELIGIBLE} today="2021-02-10" exclusions={[]} />),
        lang,
      );
      assert.ok(text.includes(words.status.today));
      assert.ok(text.includes(words.status.bandRange('18', '59')));
    });

    it(`a deposit is not paired with "you can collect today" (${lang})`, () => {
      const text = check(
        pageHtml(<StatusFoundPage ctx={ctx(lang)} status={DEPOSIT} today="2021-02-10" exclusions={[]} />),
        lang,
      );
      assert.ok(text.includes(words.status.depositText('Fassil', '••••1234')));
      assert.ok(!text.includes(words.status.today), 'told to collect today and not to go to the bank');
    });

    it(`an excluded person is told which list and where to go (${lang})`, () => {
      const html = pageHtml(
        <StatusFoundPage
          ctx={ctx(lang)}
          status={EXCLUDED}
          today="2021-02-10"
          exclusions={['afp', 'pension']}
        />,
      );
      check(html, lang);
      const items = parseHtml(html)
        .querySelectorAll('[data-testid=exclusions] li')
        .map((li) => textOf(li));
      assert.deepEqual(items, [
        `${words.status.exclusions.afp.list}. ${words.status.exclusions.afp.where}`,
        `${words.status.exclusions.pension.list}. ${words.status.exclusions.pension.where}`,
      ]);
    });

    it(`the grievance form, its reference, the follow-up (${lang})`, () => {
      const form = pageHtml(
        <GrievanceFormPage
          ctx={ctx(lang)}
          values={{ ...EMPTY_TRIPLE, ci: '4567890', kind: 'wrong_data', description: 'x', contact: '' }}
          errors={{ contact: words.grievance.contactTooLong('200') }}
        />,
      );
      check(form, lang);
      const doc = parseHtml(form);
      assert.equal(doc.querySelector('[role=alert] a')?.getAttribute('href'), '#f-contact');
      assert.equal(doc.querySelector('input[value=wrong_data]')?.hasAttribute('checked'), true);
      assert.equal(doc.querySelector('#f-ci')?.getAttribute('value'), '4567890');
      const filed = pageHtml(<GrievanceFiledPage ctx={ctx(lang)} reference="AB12-CD34-EF56" />);
      check(filed, lang);
      assert.equal(parseHtml(filed).querySelector('[data-testid=reference]')?.text.trim(), 'AB12-CD34-EF56');
      check(
        pageHtml(<FollowFormPage ctx={ctx(lang)} values={{ ref: '', ci: '' }} errors={{}} notFound />),
        lang,
      );
    });

    it(`a grievance's history does not stay at "a second officer must still approve" (${lang})`, () => {
      const html = pageHtml(<GrievanceStatusPage ctx={ctx(lang)} grievance={GRIEVANCE} />);
      const text = check(html, lang);
      assert.ok(!text.includes('falta la aprobación de un segundo funcionario'));
      assert.ok(!text.includes('a second officer must still approve'));
      const doc = parseHtml(html);
      assert.equal(doc.querySelector('[data-testid=status]')?.text, words.follow.statuses.approved);
      const rows = doc.querySelectorAll('tbody tr').map((tr) => textOf(tr.querySelectorAll('td')[1]));
      assert.deepEqual(rows, [
        words.follow.events.filed,
        `${words.follow.events.approved} Cobre desde el lunes.`,
        words.follow.reevaluated.supplementary_round_due,
        words.follow.events.supplementary_round_created,
        words.follow.events.round_approved,
        words.follow.events.paidCounter(formatMoney(100_000n, lang)),
      ]);
      assert.equal(doc.querySelector('[data-testid=next]'), null, 'nothing left to wait for');
      assert.ok(
        doc.querySelectorAll('main a').some((a) => a.getAttribute('href') === `/bono?lang=${lang}`),
        'a link to the look-up, which says whether the round was approved and the person paid',
      );
    });
  }
});

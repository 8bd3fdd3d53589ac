import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../src/access/index.ts';
import type { GrievanceDetail, GrievanceQueueRow } from '../../src/bono/index.ts';
import { pageMessages } from '../../src/messages/index.ts';
import { bind, evaluate, programmeNamed, traceView } from '../../src/rules/index.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import type { PageContext } from '../../src/web/backoffice/backoffice.page.ts';
import { GrievancePage } from '../../src/web/backoffice/grievance.page.tsx';
import { GrievanceQueuePage, GrievanceStatsPage } from '../../src/web/backoffice/grievance-queue.page.tsx';
import { pageHtml } from '../../src/web/components/index.ts';
import { parseHtml } from '../helpers/html.ts';
import { assertPageLanguage, pageShows } from '../helpers/page-language.ts';

/**
 * The back office's grievance pages (issue 16), rendered in every language and parsed: only the
 * language's words; kinds, statuses, history steps, channels and actors worded; a correction's
 * fields before and after instead of its JSON; the bank hand-over in the reader's language rather
 * than the English note the service keeps; tables inside their scrolling box.
 */

const officer: Principal = {
  kind: 'account',
  id: 'ana.oficial',
  actor: 'account:ana.oficial',
  displayName: 'Ana Quispe',
  organisation: null,
  roles: ['grievance_officer'],
  permissions: new Set(['grievances.read', 'grievances.resolve']),
} as unknown as Principal;

const ctx = (lang: Lang): PageContext => ({
  lang,
  pathWithQuery: `/oficina/reclamos?lang=${lang}`,
  principal: officer,
  csrfToken: 'token',
});

const at = new Date('2020-12-05T14:00:00Z');

const ROWS: GrievanceQueueRow[] = [
  {
    id: 7,
    reference: 'AB12-CD34-EF56',
    kind: 'wrong_data',
    status: 'in_review',
    filedVia: 'citizen',
    filedAt: at,
    decidedAt: null,
    personLinked: true,
    supplementaryRoundId: 3,
    ageHours: 80,
    hoursToDecision: null,
  },
];

/** The bono's real trace for a person of 15 on the law date: the minimum age decides it. */
function realTrace() {
  const bound = bind(programmeNamed('bono'), { date: '2020-11-30' });
  const facts = {
    attributes: {
      ci_number: '4567890',
      complemento: '',
      date_of_birth: '2005-01-01',
      sex: 'F',
      municipality_code: '020101',
      department_code: 2,
      residence_country: 'BO',
      date_of_death: null,
    },
    lists: { 'bono-universal': {} },
  };
  const nodes = evaluate(bound, facts).trace();
  return {
    date: '2020-11-30',
    eligible: false,
    failing: ['bono_meets_minimum_age'],
    view: traceView(bound, nodes),
    subject: 'CI 4567890',
    nodes,
  };
}

const DETAIL = {
  grievance: {
    id: 7,
    reference: 'AB12-CD34-EF56',
    kind: 'wrong_data',
    person: { ciNumber: '4567890', complemento: '', dateOfBirth: '1960-03-10' },
    personId: 11n,
    description: 'Mi fecha de nacimiento está mal',
    contact: '',
    filedVia: 'officer',
    filedBy: 'account:beto',
    filedAt: at,
    status: 'in_review',
    decidedAt: null,
    supplementaryRoundId: null,
  },
  ageHours: 30,
  hoursToDecision: null,
  person: {
    id: 11n,
    ciNumber: '4567890',
    complemento: '',
    expedition: 'LP',
    givenNames: 'Juan',
    firstSurname: 'Mamani',
    secondSurname: '',
    dateOfBirth: '1961-03-10',
    sex: 'M',
    municipalityCode: '020101',
    departmentCode: 2,
    residenceCountry: 'BO',
    dateOfDeath: null,
  },
  filedTripleMatches: false,
  candidates: [],
  trace: realTrace(),
  entitlements: [
    {
      roundStatus: 'approved',
      entitlement: {
        roundId: 3,
        personId: 11n,
        amountCentavos: 100_000n,
        departmentCode: 2,
        band: '18-60',
        opensOn: '2020-12-01',
        closesOn: '2020-12-31',
        deadline: '2021-01-31',
        channel: 'counter',
        bankBic: null,
        accountNumber: null,
      },
    },
  ],
  payments: [
    {
      id: 5,
      personId: 11n,
      roundId: 3,
      amountCentavos: 100_000n,
      channel: 'counter',
      bankBic: 'BUNIBOLX',
      paymentPoint: 'Agencia 12',
      idempotencyKey: 'k',
      transferId: 'T-1',
      paidAt: at,
      recordedBy: 'credential:ak_1',
      reversedAt: null,
      reversalReason: null,
    },
  ],
  supplementaryRound: null,
  events: [
    { id: 1, at, actor: 'system', action: 'filed', note: '', data: null, citizenVisible: true },
    {
      id: 2,
      at,
      actor: 'account:ana.oficial',
      action: 'person_corrected',
      note: '',
      data: {
        personId: '11',
        importId: '42',
        before: { date_of_birth: '1961-03-10', given_names: 'Juan' },
        after: { date_of_birth: '1960-03-10', given_names: 'Juan Carlos' },
      },
      citizenVisible: true,
    },
    {
      id: 3,
      at,
      actor: 'cli:root',
      action: 'handed_to_bank',
      note: "Payment 5 (counter, BUNIBOLX, transfer T-1) goes to the bank's reversal process.",
      data: { paymentId: 5, bankBic: 'BUNIBOLX', transferId: 'T-1', channel: 'counter' },
      citizenVisible: true,
    },
    {
      id: 4,
      at,
      actor: 'account:ana.oficial',
      action: 'supplementary_round_refused',
      note: 'Error: connection reset',
      data: { code: 'error' },
      citizenVisible: false,
    },
    {
      id: 5,
      at,
      actor: 'account:ana.oficial',
      action: 'reevaluated',
      note: '',
      data: { date: '2020-11-30', eligible: false, outcome: 'not_eligible', failing: ['x'] },
      citizenVisible: false,
    },
  ],
} as unknown as GrievanceDetail;

/** Codes the service stores that no page may show (in English some are words: there, not those). */
const CODES = [
  'person_corrected',
  'handed_to_bank',
  'supplementary_round_refused',
  'wrong_data',
  'in_review',
  'date_of_birth',
  'given_names',
  'not_eligible',
  'account:ana.oficial',
  'account:beto',
  'cli:root',
  'bono_meets_minimum_age',
];

describe('the grievance pages, in every language', () => {
  for (const lang of LANGS) {
    const words = pageMessages(lang).grievances;

    it(`queue and statistics (${lang}): kinds, statuses and ages worded, the table in its box`, () => {
      const html = pageHtml(
        <GrievanceQueuePage ctx={ctx(lang)} status="in_review" offset={0} total={1} rows={ROWS} />,
      );
      const text = assertPageLanguage(html, lang);
      for (const code of ['wrong_data', 'in_review', ...(lang === 'es' ? ['citizen'] : [])])
        assert.ok(!pageShows(text, code), code);
      const doc = parseHtml(html);
      const cells = doc.querySelectorAll('section.tw tbody td').map((td) => td.text);
      assert.equal(cells[1], words.kinds.wrong_data);
      assert.equal(cells[2], words.statuses.in_review);
      assert.equal(cells[5], lang === 'es' ? '3 días' : '3 days');
      assert.equal(
        doc.querySelector('select[name=estado] option[selected]')?.getAttribute('value'),
        'in_review',
      );

      const stats = pageHtml(
        <GrievanceStatsPage
          ctx={ctx(lang)}
          stats={{
            byStatus: { open: 1, in_review: 2, approved: 0, rejected: 1200, resolved: 0 },
            total: 1203,
            decided: 1200,
            medianHoursToDecision: 20,
            p90HoursToDecision: 100,
          }}
        />,
      );
      const statsText = assertPageLanguage(stats, lang);
      assert.ok(statsText.includes(lang === 'es' ? '1.203' : '1,203'), 'counts grouped');
      assert.ok(!pageShows(statsText, 'in_review'));
    });

    it(`a grievance (${lang}): history steps, actors and a correction worded, never as codes or JSON`, () => {
      const html = pageHtml(
        <GrievancePage
          ctx={ctx(lang)}
          detail={DETAIL}
          names={new Map([['account:beto', 'Alberto Mamani']])}
        />,
      );
      const text = assertPageLanguage(html, lang);
      for (const code of CODES) assert.ok(!pageShows(text, code), `the code «${code}» is shown`);
      // In English «filed» and «counter» are words too.
      if (lang === 'es') for (const code of ['filed', 'counter']) assert.ok(!pageShows(text, code), code);
      assert.doesNotMatch(text, /[{}]|"before"|connection reset/, 'no JSON, no error message');
      if (lang === 'es') assert.doesNotMatch(text, /reversal process/, 'no English note');
      const doc = parseHtml(html);
      const history = doc.querySelectorAll('section.tw').at(-1)!;
      assert.equal(history.getAttribute('aria-label'), words.history);
      const rows = history
        .querySelectorAll('tbody tr')
        .map((tr) => tr.querySelectorAll('td').map((td) => td.text));
      assert.deepEqual(
        rows.map((r) => [r[1], r[2]]),
        [
          [pageMessages(lang).actors.system, words.events.filed],
          ['Ana Quispe', words.events.person_corrected],
          [pageMessages(lang).actors.cli('root'), words.events.handed_to_bank],
          ['Ana Quispe', words.events.supplementary_round_refused],
          ['Ana Quispe', words.events.reevaluated],
        ],
      );
      const corrected = rows[1]![3]!;
      assert.ok(
        corrected.includes(
          words.eventData.change(
            words.fields.date_of_birth,
            lang === 'es' ? '10 de marzo de 1961' : '10 March 1961',
            lang === 'es' ? '10 de marzo de 1960' : '10 March 1960',
          ),
        ),
        corrected,
      );
      assert.ok(
        rows[2]![3]!.includes(words.eventData.handedPayment('5', words.channels.counter, 'BUNIBOLX', 'T-1')),
      );
      assert.equal(rows[3]![3], words.eventData.roundError);
      assert.equal(
        doc.querySelector('[data-testid=grievance-status]')?.getAttribute('data-status'),
        'in_review',
      );
      assert.ok(text.includes('Alberto Mamani'), 'who filed, by name');
      assert.ok(
        text.includes(lang === 'es' ? 'Tiene la edad mínima' : 'Meets the minimum age'),
        'a failing condition by its label',
      );
      // The rule trace leads with what decided it, marked against in words; the rest is one step away.
      const decisive = doc.querySelector('[data-testid=trace-decisive] > li');
      assert.equal(decisive?.getAttribute('data-variable'), 'bono_meets_minimum_age');
      assert.equal(decisive?.getAttribute('class'), 'against');
      assert.ok(decisive?.text.includes(lang === 'es' ? 'en contra' : 'counts against'));
      assert.ok(
        doc.querySelector('details[data-testid=trace-full] summary'),
        'the full trace in a <details>',
      );
      assert.ok(!text.includes('UNCONFIRMED') || lang === 'en', 'no English note on a Spanish page');
      assert.ok(lang === 'en' || text.includes('NO CONFIRMADO'), 'the notes in Spanish');
      assert.ok(
        doc.querySelector('form[action^="/oficina/reclamos/7/decision"] input[name=_csrf]'),
        'the decision form',
      );
    });
  }
});

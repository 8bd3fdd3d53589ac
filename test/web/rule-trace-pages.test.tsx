import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CitizenStatus } from '../../src/bono/index.ts';
import { pageMessages } from '../../src/messages/index.ts';
import { bind, decisionOf, evaluate, type Facts, programmeNamed } from '../../src/rules/index.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import { pageHtml } from '../../src/web/components/index.ts';
import type { PortalContext } from '../../src/web/portal/portal-layout.tsx';
import { StatusFoundPage } from '../../src/web/portal/status.page.tsx';
import { parseHtml, textOf } from '../helpers/html.ts';
import { assertPageLanguage } from '../helpers/page-language.ts';

/**
 * The citizen's «Por qué» from the bono's real rules, in every language: the decision, then the
 * condition that decided it, marked against in words and style, then every condition in a
 * <details> element (no JavaScript); no internal name, no English on a Spanish page.
 */

type Found = Extract<CitizenStatus, { outcome: 'found' }>;

const ctx = (lang: Lang): PortalContext => ({
  lang,
  pathWithQuery: `/bono?lang=${lang}`,
  csrfToken: null,
  simulatedNow: new Date('2021-01-05T15:00:00Z'),
});

const person = (lists: Facts['lists'], dob = '1981-05-05'): Facts => ({
  attributes: {
    ci_number: '5550005',
    complemento: '',
    date_of_birth: dob,
    sex: 'F',
    municipality_code: '020101',
    department_code: 2,
    residence_country: 'BO',
    date_of_death: null,
  },
  lists,
});

const AFP: Facts['lists'] = {
  'bono-universal': {},
  'afp-dependent': {
    contributor_type: 'consultor',
    sector: 'privado',
    last_contribution_period: '2020-09-01',
  },
};

function status(facts: Facts, lang: Lang): Found {
  const why = decisionOf(
    evaluate(bind(programmeNamed('bono'), { date: '2020-11-30' }), facts),
    'bono_eligible',
    lang,
  );
  const eligible = why.decision.stance === 'for';
  return {
    outcome: 'found',
    eligible,
    reasons: [why.decision, ...why.conditions].map((c) => c.text),
    why,
    amountCentavos: eligible ? 100_000n : null,
    band: eligible ? '30-39' : null,
    windowOpensOn: eligible ? '2020-12-29' : null,
    windowClosesOn: eligible ? '2021-01-11' : null,
    deadline: eligible ? '2021-03-01' : null,
    rezagados: { opensOn: '2021-01-27', closesOn: '2021-03-01' },
    collectableToday: eligible,
    channel: eligible ? 'counter' : null,
    depositAccountMasked: null,
    bankName: null,
    depositInFlight: false,
    payment: null,
    expired: false,
  };
}

const INTERNAL = /bono_|afp-dependent|bono-universal|contributor_type|\[[a-z_]+\]/;

describe('the citizen’s «Por qué», in every language', () => {
  for (const lang of LANGS) {
    const words = pageMessages(lang).ruleTrace;

    it(`an excluded person reads first which exclusion decided it, marked against (${lang})`, () => {
      const html = pageHtml(
        <StatusFoundPage
          ctx={ctx(lang)}
          status={status(person(AFP), lang)}
          today="2021-01-05"
          exclusions={['afp']}
        />,
      );
      const text = assertPageLanguage(html, lang);
      assert.doesNotMatch(text, INTERNAL);
      const doc = parseHtml(html);
      const decisive = doc.querySelectorAll('[data-testid=why-decisive] > li');
      assert.equal(decisive.length, 1, 'one condition decided it');
      assert.equal(decisive[0]!.getAttribute('data-variable'), 'bono_excluded_afp_contributor');
      assert.equal(decisive[0]!.getAttribute('class'), 'against');
      assert.ok(textOf(decisive[0]!).includes(words.stance.against), 'said in words');
      assert.ok(textOf(decisive[0]!).startsWith('✘'), 'marked ✘');
      assert.match(
        textOf(decisive[0]!),
        lang === 'es' ? /como asegurado dependiente o consultor/ : /dependent insured person or consultant/,
      );
      const all = doc.querySelector('details[data-testid=why-all]');
      assert.ok(all?.querySelector('summary'), 'every condition one step away');
      const excluded = all!
        .querySelectorAll('li')
        .find((li) => li.getAttribute('data-variable') === 'bono_excluded');
      assert.equal(
        excluded?.getAttribute('class'),
        'against',
        '«Está excluido: sí» counts against, not a green tick',
      );
      const resides = all!
        .querySelectorAll('li')
        .find((li) => li.getAttribute('data-variable') === 'bono_resides_in_bolivia');
      assert.equal(resides?.getAttribute('class'), 'for');
    });

    it(`an eligible person is told so, with no condition against (${lang})`, () => {
      const html = pageHtml(
        <StatusFoundPage
          ctx={ctx(lang)}
          status={status(person({ 'bono-universal': {} }), lang)}
          today="2021-01-05"
          exclusions={[]}
        />,
      );
      const text = assertPageLanguage(html, lang);
      assert.doesNotMatch(text, INTERNAL);
      const doc = parseHtml(html);
      assert.equal(doc.querySelectorAll('[data-testid=why] li.against').length, 0);
      assert.equal(doc.querySelectorAll('details[data-testid=why-all] li.for').length, 6);
    });
  }
});

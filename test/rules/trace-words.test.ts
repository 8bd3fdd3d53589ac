import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageMessages } from '../../src/messages/index.ts';
import {
  bind,
  declarationFacts,
  evaluate,
  type Facts,
  formatter,
  PROGRAMMES,
  programmeNamed,
  renderTrace,
  ruleWords,
  traceView,
} from '../../src/rules/index.ts';
import { LANGS } from '../../src/shared/lang.ts';

/**
 * The rule trace reads as the reader's language: every note and source of every parameter file has
 * its Spanish text, every variable its label in each language, every code a parameter lists its
 * words; an exclusion that applies is marked against; what decided the outcome comes first.
 */

const es = pageMessages('es').ruleTrace;
const en = pageMessages('en').ruleTrace;

/** Every text of every parameter file a trace or `ayni rules parameters` may show. */
function fileTexts(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const programme of Object.values(PROGRAMMES)) {
    for (const name of programme.parameters.names()) {
      for (const v of programme.parameters.definition(name).values) {
        const where = `${name} @ ${v.effectiveFrom}`;
        if (v.note) out.push({ where, text: v.note });
        for (const r of v.references) {
          if (r.instrument) out.push({ where, text: r.instrument });
          if (r.article) out.push({ where, text: r.article });
          if (r.text) out.push({ where, text: r.text });
        }
      }
    }
  }
  return out;
}

test('every parameter note, source, article and quote has its Spanish text', () => {
  const missing = fileTexts().filter(({ text }) => es.fromFile[text] === undefined);
  assert.deepEqual(
    missing.map((m) => `${m.where}: ${m.text}`),
    [],
    'add these to src/messages/es/pages/rule-sources.ts',
  );
  // A Spanish note never says UNCONFIRMED: it says NO CONFIRMADO.
  for (const { text } of fileTexts()) {
    if (/UNCONFIRMED/.test(text)) assert.match(es.fromFile[text] ?? '', /NO CONFIRMAD[OA]/, text);
  }
});

test('every variable of every programme has a label and a Spanish parameter description', () => {
  for (const programme of Object.values(PROGRAMMES)) {
    for (const [name, def] of programme.variables) {
      for (const lang of LANGS) assert.ok(def.label[lang]?.trim(), `${name}: label in ${lang}`);
    }
    for (const name of programme.parameters.names()) {
      assert.ok(programme.parameters.definition(name).descriptionEs, `${name}: description_es`);
    }
  }
});

test('every code a parameter lists has words in both languages', () => {
  const bono = programmeNamed('bono');
  const lists: [string, string][] = [
    ['degree', 'bono_included_disability_degrees'],
    ['contributor_type', 'bono_excluded_afp_contributor_types'],
    ['survivor_degree', 'bono_excluded_survivor_degrees'],
    ['role', 'bono_excluded_bono_familia_roles'],
    ['pension_type', 'bono_excluded_pension_types'],
  ];
  for (const [family, parameter] of lists) {
    for (const v of bono.parameters.definition(parameter).values) {
      for (const code of v.value as (string | number)[]) {
        for (const lang of LANGS) {
          const terms: Record<string, Record<string, string>> = ruleWords(lang).terms;
          assert.ok(terms[family]?.[String(code)]?.trim(), `${family} ${code} has words in ${lang}`);
        }
      }
    }
  }
  // A deducted asset is named by its category in words («cuenta de pensiones del SIP»).
  for (const v of programmeNamed('igf').parameters.definition('igf_deducted_asset_categories').values)
    for (const code of v.value as string[])
      for (const lang of LANGS)
        assert.ok(
          (ruleWords(lang).terms.asset_category as Record<string, string>)[code],
          `asset_category ${code} in ${lang}`,
        );
  for (const code of ['sputnik_v', 'janssen', 'astrazeneca', 'sinopharm', 'pfizer', 'moderna'])
    for (const lang of LANGS)
      assert.ok(
        (ruleWords(lang).terms.product as Record<string, string>)[code],
        `product ${code} in ${lang}`,
      );
});

test('every language words the same codes as Spanish, and an explanation takes its words from them', () => {
  const codes = (lang: (typeof LANGS)[number]) =>
    Object.entries(ruleWords(lang).terms).flatMap(([family, words]) =>
      Object.keys(words).map((code) => `${family}:${code}`),
    );
  for (const lang of LANGS) assert.deepEqual(codes(lang), codes('es'), lang);
  for (const lang of LANGS) {
    const words = ruleWords(lang);
    const f = formatter(lang);
    assert.equal(f.yes(true), words.yes);
    assert.equal(f.yes(false), words.no);
    assert.equal(f.list(['a', 'b']), `a ${words.and} b`);
    assert.equal(f.anyOf(['a', 'b']), `a ${words.or} b`);
    assert.equal(f.date(null), words.noDate);
    assert.equal(f.month(null), words.noMonth);
    assert.equal(f.term('band', '30-39'), words.ageRange('30', '39'));
    assert.equal(f.term('band', '60+'), words.ageOrOver('60'));
    assert.equal(f.term('weekday', 3), words.terms.weekday['3']);
  }
  assert.equal(formatter('es').term('band', '30-39'), 'de 30 a 39 años');
  assert.equal(formatter('en').term('band', '60+'), 'aged 60 or over');
  assert.equal(formatter('es').month('2020-07-01'), 'julio de 2020');
  assert.equal(formatter('en').month('2020-07-01'), 'July 2020');
  assert.equal(formatter('es').date(null), '(ninguna)');
  // A code no language words (a person's own text) is shown as it is.
  assert.equal(formatter('es').term('degree', 'constructor'), 'constructor');
});

test('alternatives read with "o" / "or"; a list of things with "y" / "and"', () => {
  assert.equal(formatter('es').anyOf(['dependiente', 'consultor']), 'dependiente o consultor');
  assert.equal(formatter('en').anyOf(['a', 'b', 'c']), 'a, b or c');
  assert.equal(formatter('es').list(['a', 'b']), 'a y b');
  assert.equal(formatter('es').percent(140), '1,4%');
  assert.equal(formatter('en').percent(140), '1.4%');
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

const AFP = {
  'bono-universal': {},
  'afp-dependent': {
    contributor_type: 'dependiente',
    sector: 'privado',
    last_contribution_period: '2020-10-01',
  },
};

function bonoText(facts: Facts, lang: 'es' | 'en', full: boolean): string {
  const bound = bind(programmeNamed('bono'), { date: '2021-01-05' });
  return renderTrace(
    traceView(bound, evaluate(bound, facts).trace()),
    lang,
    lang === 'es' ? es : en,
    'Persona',
    {
      full,
    },
  );
}

test('an exclusion that applies leads the trace, marked against in words, in Spanish and English', () => {
  const text = bonoText(person(AFP), 'es', false);
  const lines = text.split('\n');
  const decided = lines.indexOf('Lo que decidió el resultado:');
  assert.ok(decided > 0);
  assert.equal(
    lines[decided + 1],
    '  ✘ Asegurado dependiente o consultor con aportes en una AFP: sí — en contra',
  );
  assert.match(lines[decided + 2]!, /como asegurado dependiente o consultor, con último aporte/);
  assert.doesNotMatch(text, /✔ Está excluido/);
  assert.doesNotMatch(text, /Reside en Bolivia/, 'the conditions that did not decide are one step away');
  const english = bonoText(person(AFP), 'en', false);
  assert.match(
    english,
    /What decided it:\n {2}✘ Dependent insured person or consultant with AFP contributions: yes — counts against\n/,
  );
});

test('the full trace marks a met condition ✔, an unmet one ✘ against, and an unneeded alternative neither', () => {
  const text = bonoText(person(AFP), 'es', true);
  assert.match(text, /\n {4}✔ Reside en Bolivia: sí\n/);
  assert.match(text, /\n {4}✘ Está excluido: sí — en contra\n/);
  assert.match(text, /\n {6}• Madre beneficiaria del Bono Juana Azurduy: no\n/);
  const old = bonoText(person({}, '1950-01-01'), 'es', false);
  assert.match(old, /✘ Es menor que el límite superior de edad: no — en contra/);
  assert.match(old, /✘ Pertenece a un grupo beneficiario: no — en contra/);
});

test('a Spanish trace shows no English note, no internal name and no raw JSON, for every programme', () => {
  const forbidden =
    /UNCONFIRMED|as reported|\bvia\b|\[[a-z_]+\]|\b(bono|vaccination|igf|second_dose|booster)_[a-z_]+|afp-dependent|bono-universal|sputnik_v|muy_grave|\{"|\]\s*\(vigente/;
  assert.doesNotMatch(bonoText(person(AFP), 'es', true), forbidden);
  const vaccination = bind(programmeNamed('vaccination'), { date: '2021-10-13' });
  const facts: Facts = {
    attributes: {
      ...person({}, '1940-01-01').attributes,
      is_health_worker: false,
      has_comorbidity: false,
      first_dose_product: 'sputnik_v',
      first_dose_date: '2021-06-01',
      second_dose_date: '2021-07-01',
    },
    lists: {},
  };
  const text = renderTrace(
    traceView(vaccination, evaluate(vaccination, facts).trace()),
    'es',
    es,
    'Persona',
    { full: true },
  );
  assert.doesNotMatch(text, /UNCONFIRMED|as reported|\[[a-z_]+\]|\{"|sputnik_v/);
  assert.match(text, /Sputnik V/);
  assert.match(text, /• Día de la semana: miércoles\n/, 'a weekday by its name, not its number');
});

test('a deducted asset is named by its category in words, never its code', () => {
  const facts = declarationFacts({
    fortune_year: 2020,
    days_in_bolivia_last_12_months: 365,
    assets: [
      {
        description: 'Depósitos',
        category: 'deposits_and_credits',
        location: 'bolivia',
        market_value: '30000000',
      },
      {
        description: 'Cuenta SIP',
        category: 'sip_pension_account',
        location: 'bolivia',
        market_value: '5000000',
      },
    ],
  });
  assert.ok(facts.ok);
  const igf = programmeNamed('igf');
  const bound = bind(igf, {
    date: '2021-03-15',
    parameterDate: igf.parameterDate!(facts.value.attributes, '2021-03-15'),
  });
  for (const [lang, words] of [
    ['es', es],
    ['en', en],
  ] as const) {
    const text = renderTrace(traceView(bound, evaluate(bound, facts.value).trace()), lang, words, 'SIN', {
      full: true,
    });
    assert.doesNotMatch(text, /sip_pension_account/, lang);
  }
  const full = renderTrace(traceView(bound, evaluate(bound, facts.value).trace()), 'es', es, 'SIN', {
    full: true,
  });
  assert.match(full, /Se deduce Bs 5\.000\.000,00 \(cuenta de pensiones del SIP\)\./);
});

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CommandFailed } from '../../src/cli/failure.ts';
import { explainText, parametersText, previewText, sqlText } from '../../src/cli/rules.commands.ts';
import type { Facts } from '../../src/rules/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertFixture } from './registry-fixture.ts';

/** `ayni rules …` on a small registry: the text a citizen, an officer or a lawyer reads. */

let t: TestDatabase;

function person(
  ci: string,
  dob: string,
  extra: Partial<Record<string, string | null>>,
  lists: Facts['lists'],
): Facts {
  const municipality = extra['municipality_code'] ?? '020101';
  return {
    attributes: {
      ci_number: ci,
      complemento: extra['complemento'] ?? '',
      date_of_birth: dob,
      sex: 'F',
      municipality_code: municipality,
      department_code: Number(municipality.slice(0, 2)),
      residence_country: extra['residence_country'] ?? 'BO',
      date_of_death: extra['date_of_death'] ?? null,
    },
    lists: lists ?? {},
  };
}

before(async () => {
  t = await createTestDatabase();
  await insertFixture(t.db, [
    { facts: person('4567890', '1985-05-20', {}, { 'bono-universal': {} }) },
    { facts: person('4567890', '1979-01-02', { complemento: '1A' }, { 'bono-universal': {} }) },
    { facts: person('5550001', '1965-03-03', { municipality_code: '070101' }, { 'juana-azurduy': {} }) },
    {
      facts: person(
        '5550002',
        '1990-10-10',
        {},
        { 'bono-universal': {}, 'bono-familia': { role: 'cobrador' } },
      ),
    },
    { facts: person('5550003', '1940-01-01', {}, {}) },
    // In Pando, where no preview below looks: a person who died, and a salaried one.
    {
      facts: person(
        '5550004',
        '1980-04-04',
        { municipality_code: '090101', date_of_death: '2020-12-20' },
        { 'bono-universal': {} },
      ),
    },
    {
      facts: person(
        '5550005',
        '1981-05-05',
        { municipality_code: '090101' },
        {
          'bono-universal': {},
          'afp-dependent': {
            contributor_type: 'dependiente',
            sector: 'privado',
            last_contribution_period: '2020-10-01',
          },
        },
      ),
    },
  ]);
});
after(async () => {
  await t.dispose();
});

/** The command stopped with this failure code (its English words are the message it prints). */
const code = (c: string) => (e: unknown) => e instanceof CommandFailed && e.failure.code === c;

test('explain bono leads with the outcome and what decided it; --full adds every condition in Spanish, with values and sources', async () => {
  const options = { ci: '4567890', dob: '1985-05-20', date: '2021-01-05' };
  const text = await explainText(t.db, 'bono', options);
  assert.match(text, /^Bono Contra el Hambre — evaluado el 5 de enero de 2021/);
  assert.match(text, /Resultado:\n {2}✔ Tiene derecho al Bono Contra el Hambre: sí\n/);
  assert.match(text, /• Ventana de cobro \(grupo de edad\): de 30 a 39 años/);
  assert.match(
    text,
    /Lo que decidió el resultado:\n {2}✔ Tiene derecho al Bono Contra el Hambre: sí\n {6}Cumple todas las condiciones/,
  );
  assert.match(text, /se muestra con --full\.$/);
  assert.doesNotMatch(text, /Tenía 35 años/, 'the full trace is one step away');
  const full = await explainText(t.db, 'bono', { ...options, full: true });
  assert.match(full, /Detalle completo:/);
  assert.match(full, /Tenía 35 años al 16 de septiembre de 2020; se exige tener 18 años o más\./);
  assert.match(full, /✔ Puede cobrar en la fecha: sí/);
  assert.match(full, /Fuente: DS 4392, Art\. 8 §II/);
  assert.match(full, /Nota: NO CONFIRMADO/);
  assert.doesNotMatch(
    full,
    /UNCONFIRMED|as reported|\[bono_|bono-universal|\{"/,
    'no English note, no internal name, no raw JSON',
  );
});

test('explain bono in English, for an excluded person, says why', async () => {
  const text = await explainText(t.db, 'bono', {
    ci: '5550002',
    dob: '1990-10-10',
    date: '2021-01-20',
    lang: 'en',
  });
  assert.match(text, /✘ Eligible for the Bono Contra el Hambre: no/);
  assert.match(
    text,
    /What decided it:\n {2}✘ Bono Familia beneficiary or collector: yes — counts against\n/,
    'the exclusion that applies comes first, marked against',
  );
  assert.match(
    text,
    /Is on the list in force "Bono Familia beneficiaries and collectors" as beneficiary or collector: excluded\./,
  );
});

test('explain finds persons who share a CI number by complemento, and says what to check when nobody matches', async () => {
  const text = await explainText(t.db, 'bono', {
    ci: '4567890',
    complemento: '1a',
    dob: '1979-01-02',
    date: '2020-12-20',
  });
  assert.match(text, /CI 4567890-1A/);
  assert.match(text, /Ventana de cobro \(grupo de edad\): de 40 a 49 años/);
  await assert.rejects(
    explainText(t.db, 'bono', { ci: '4567890', dob: '1979-01-02', date: '2020-12-20' }),
    (e: unknown) => {
      assert.ok(e instanceof CommandFailed);
      assert.deepEqual(e.failure, {
        code: 'person_not_in_registry',
        ciNumber: '4567890',
        complemento: '',
        dateOfBirth: '1979-01-02',
        othersWithCi: 2,
      });
      assert.match(e.message, /No person with CI 4567890, no complemento, born 1979-01-02/);
      assert.match(e.message, /2 person\(s\) with CI 4567890 have another complemento or date of birth/);
      return true;
    },
  );
  await assert.rejects(
    explainText(t.db, 'bono', { ci: '9999999', dob: '1979-01-02', date: '2020-12-20' }),
    (e: unknown) =>
      e instanceof CommandFailed &&
      e.failure.code === 'person_not_in_registry' &&
      /Nobody has CI 9999999.*ayni registry status/.test(e.message),
  );
});

test('explain refuses bad input with a precise message', async () => {
  await assert.rejects(
    explainText(t.db, 'bono', { ci: '4567890', dob: '1985-05-20', date: '2021-02-30' }),
    code('bad_date'),
  );
  await assert.rejects(
    explainText(t.db, 'bono', { ci: '4567890', dob: '1985-05-20' }),
    code('missing_option'),
  );
  await assert.rejects(
    explainText(t.db, 'bono', { dob: '1985-05-20', date: '2021-01-05' }),
    code('missing_option'),
  );
  await assert.rejects(
    explainText(t.db, 'bono', { ci: '4567890', dob: '1985-05-20', date: '2021-01-05', lang: 'fr' }),
    code('bad_lang'),
  );
  await assert.rejects(
    explainText(t.db, 'bonos', { ci: '4567890', dob: '1985-05-20', date: '2021-01-05' }),
    code('unknown_programme'),
  );
  await assert.rejects(
    explainText(t.db, 'bono', { ci: '4567890', dob: '1985-05-20', date: '2020-10-01' }),
    (e: unknown) =>
      code('parameter_not_in_force')(e) &&
      /^Parameter bono_age_limit_date \(.*bono\.yaml\) has no value in force on 2020-10-01: its first value takes effect on 2020-11-13\. Evaluate on or after that date\.$/.test(
        (e as Error).message,
      ),
  );
  await assert.rejects(
    explainText(t.db, 'bono', { ci: '4567890', dob: '1985-05-20', date: '2021-01-05', set: ['bono_nope=1'] }),
    code('unknown_parameter'),
  );
});

test('explain vaccination with the facts the registry does not hold', async () => {
  const text = await explainText(t.db, 'vaccination', {
    ci: '5550003',
    dob: '1940-01-01',
    date: '2021-10-13',
    firstDose: 'sputnik_v@2021-06-01',
    secondDose: '2021-07-01',
    lang: 'en',
    full: true,
  });
  assert.match(text, /✔ May receive the booster on the date: yes/);
  assert.match(text, /8 weeks after the second dose: 26 August 2021/);
  await assert.rejects(
    explainText(t.db, 'vaccination', {
      ci: '5550003',
      dob: '1940-01-01',
      date: '2021-10-13',
      firstDose: 'gamaleya',
    }),
    code('bad_first_dose'),
  );
});

test('explain igf reads a declaration file and shows the tax and the fine', async () => {
  const file = path.join(t.dir, 'declaration.yaml');
  await writeFile(
    file,
    `taxpayer: Prueba
fortune_year: 2020
days_in_bolivia_last_12_months: 300
assets:
  - { description: Acciones, category: shareholdings, location: bolivia, market_value: "Bs 40000000.01" }
`,
  );
  const text = await explainText(undefined, 'igf', { declaration: file, date: '2021-04-02', full: true });
  assert.match(text, /Normas vigentes al 31 de diciembre de 2020/);
  assert.match(text, /• Impuesto determinado: Bs 410\.000,00/);
  assert.match(text, /• Alícuota del tramo: 1,9 ?%\n/, 'a rate with the Spanish decimal comma, through Intl');
  assert.match(text, /• Multa por falta de pago: Bs 820\.000,00/);
  await writeFile(file, 'fortune_year: 2020\ndays_in_bolivia_last_12_months: 400\n');
  await assert.rejects(
    explainText(undefined, 'igf', { declaration: file, date: '2021-04-02' }),
    (e: unknown) =>
      e instanceof CommandFailed &&
      e.failure.code === 'input_invalid' &&
      /^The declaration is invalid at days_in_bolivia_last_12_months: /.test(e.message),
  );
});

test('preview bono counts eligible persons by department and age band', async () => {
  const text = await previewText(t.db, 'bono', { date: '2021-01-05' });
  const line = (name: string) => text.split('\n').find((l) => l.startsWith(name))!;
  // La Paz: the 35-year-old (30–39) and the 41-year-old (40–49); the Bono Familia collector is excluded.
  assert.match(line('La Paz'), /^La Paz\s+0\s+1\s+1\s+0\s+0\s+2$/);
  assert.match(line('Santa Cruz'), /^Santa Cruz\s+1\s+0\s+0\s+0\s+0\s+1$/);
  assert.match(line('total'), /\s3$/);
  assert.match(text, /pueden cobrar en la fecha: 1 de 3/);
  const simulated = await previewText(t.db, 'bono', {
    date: '2021-01-05',
    set: ['bono_excluded_bono_familia_roles=[beneficiario]'],
  });
  assert.match(simulated.split('\n').find((l) => l.startsWith('La Paz'))!, /\s3$/);
  await assert.rejects(previewText(t.db, 'igf', { date: '2021-01-05' }), code('no_preview'));
});

test('preview vaccination counts open cohorts', async () => {
  const text = await previewText(t.db, 'vaccination', { date: '2021-04-05', lang: 'en' });
  assert.match(text.split('\n').find((l) => l.startsWith('La Paz'))!, /^La Paz\s+1\s+(0\s+){8}1$/);
  assert.match(text, /health-worker or comorbidity/);
});

test('parameters lists every dated value with its reference and marks the one in force', () => {
  const text = parametersText('bono', { date: '2021-01-05' });
  assert.match(text, /bono_collection_limit_days — /);
  assert.match(text, /2020-11-13: 90 {2}← vigente/);
  assert.match(text, /DS 4392, Art\. 8 §II/);
  const igf = parametersText('igf', { lang: 'en' });
  assert.match(igf, /"rate":"1\.4%"/);
  assert.match(text, /Nota: NO CONFIRMADO/, 'notes in Spanish');
  assert.match(igf, /Note: UNCONFIRMED/, 'notes in English as the file writes them');
});

test('sql prints the compiled preview and list, in the shape the planner estimates well', () => {
  const preview = sqlText('bono', { date: '2021-01-05' });
  assert.match(preview, /^SELECT p\.department_code::int AS department_code/);
  // The preview reads the lists in force from the person's row: one scan, no list (ADR 0017).
  assert.match(preview, /\(p\.source_list_flags & \d+\) <> 0/);
  assert.match(preview, /coalesce\(p\.afp_last_contribution_period >= DATE '2020-07-01', FALSE\)/);
  assert.doesNotMatch(preview, /registry_list_/);
  const list = sqlText('bono', { date: '2021-01-05', list: true });
  const where = list.slice(list.indexOf('\nWHERE '));
  // Plain column comparisons (no casts, no coalesce), groups as a semi-join, exclusions as an anti-join.
  assert.match(where, /\(p\.residence_country = 'BO'\)/);
  assert.match(where, /\(p\.date_of_death > DATE '2021-01-05'\)/);
  assert.doesNotMatch(where, /coalesce|::text|LEFT JOIN/);
  assert.match(where, /p\.id IN \(SELECT s\.person_id FROM registry_list_bono_universal s .* UNION SELECT/);
  assert.match(where, /NOT EXISTS \(SELECT 1 FROM \(SELECT s\.person_id FROM registry_list_afp_dependent s/);
});

/** The lines of one condition's block in the full part of a rendered trace, up to the next condition. */
function block(text: string, label: string): string {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => /^(Detalle completo|Full detail):$/.test(l));
  const start = lines.findIndex((l, i) => i > from && /^\s*[✔✘•] /.test(l) && l.includes(`${label}:`));
  assert.ok(from >= 0 && start >= 0, `${label} is in the full trace`);
  const end = lines.findIndex((l, i) => i > start && /^\s*[✔✘•] /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

test('explain says that "alive on the date" is an administrative rule of ayni, not DS 4392, and shows the contribution period', async () => {
  const es = await explainText(t.db, 'bono', {
    ci: '5550004',
    dob: '1980-04-04',
    date: '2021-01-05',
    full: true,
  });
  const aliveEs = block(es, 'Con vida en la fecha');
  assert.match(aliveEs, /✘ Con vida en la fecha: no — en contra/);
  assert.match(aliveEs, /regla administrativa de ayni, no de DS 4392/);
  assert.match(aliveEs, /Fuente: ayni, regla administrativa/);
  assert.doesNotMatch(aliveEs, /Fuente: DS 4392/);
  const en = await explainText(t.db, 'bono', {
    ci: '5550004',
    dob: '1980-04-04',
    date: '2021-01-05',
    lang: 'en',
    full: true,
  });
  const aliveEn = block(en, 'Alive on the date');
  assert.match(aliveEn, /an administrative rule of ayni, not of DS 4392/);
  assert.doesNotMatch(aliveEn, /Source: DS 4392/);
  // The parameter listing says the same.
  const listing = parametersText('bono', { date: '2021-01-05' });
  const living = listing.slice(listing.indexOf('bono_requires_living_beneficiary —'));
  assert.match(living.slice(0, living.indexOf('\nbono_', 1)), /ayni, regla administrativa/);

  const afp = await explainText(t.db, 'bono', {
    ci: '5550005',
    dob: '1981-05-05',
    date: '2021-01-05',
    full: true,
  });
  const excluded = block(afp, 'Asegurado dependiente o consultor con aportes en una AFP');
  assert.match(excluded, /✘ .*: sí — en contra/);
  assert.match(
    excluded,
    /como asegurado dependiente o consultor, con último aporte en el periodo de julio de 2020 o posterior: queda excluido/,
  );
  assert.match(excluded, /Parámetro: Primer periodo de aporte/);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  csrfField,
  dateInput,
  definitionList,
  errorSummary,
  formatLongDate,
  hrefWithLang,
  layout,
  notice,
  page,
  radios,
  raw,
  readDate,
  select,
  t,
  table,
  textInput,
} from '../../src/web/html.ts';

/**
 * The page frame and its helpers (src/web/html.ts), as HTML: landmarks, the language switch, labels
 * and error messages tied to their fields, escaping. The browser journeys check the same pages with
 * axe-core; these checks say exactly which piece broke.
 */

describe('the page frame', () => {
  const html = page({
    lang: 'es',
    title: 'Prueba <1>',
    body: '<h1>Prueba</h1>',
    path: '/bono/reclamo/seguimiento?ref=AB12-CD34-EF56&lang=es',
    nav: [
      { href: '/bono?lang=es', label: 'Consulta', current: true },
      { href: '/bono/reclamo?lang=es', label: 'Reclamo' },
    ],
  });

  it('has a skip link first, a header, a main landmark it leads to, and a footer', () => {
    assert.match(html, /<body><a class="skip" href="#main">Saltar al contenido<\/a><header>/);
    assert.match(html, /<main id="main" tabindex="-1">/);
    assert.match(html, /<footer>/);
    assert.match(html, /<title>Prueba &lt;1&gt; · ayni<\/title>/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('switches language on the same path, keeping the query', () => {
    assert.match(
      html,
      /<a href="\/bono\/reclamo\/seguimiento\?ref=AB12-CD34-EF56&amp;lang=en" hreflang="en" lang="en">English<\/a>/,
    );
    assert.equal(hrefWithLang('/bono?x=1', 'en'), '/bono?x=1&lang=en');
    assert.equal(hrefWithLang('/bono?lang=en&x=1', 'es'), '/bono?lang=es&x=1');
  });

  it('marks the current section in a labelled navigation', () => {
    assert.match(
      html,
      /<nav aria-label="Principal"><ul><li><a href="\/bono\?lang=es" aria-current="page">Consulta<\/a>/,
    );
    assert.match(html, /<li><a href="\/bono\/reclamo\?lang=es">Reclamo<\/a><\/li>/);
  });

  it('keeps the older layout() call working, with the other language address given', () => {
    const old = layout('en', 'Registry status', '<h1>Registry status</h1>', '?lang=es');
    assert.match(old, /<html lang="en">/);
    assert.match(old, /<a href="\?lang=es" hreflang="es" lang="es">Español<\/a>/);
    assert.match(old, /Skip to content/);
  });
});

describe('form helpers', () => {
  it('ties the hint and the error to the input and marks it invalid', () => {
    const html = textInput({
      name: 'ci',
      label: 'Número de carnet',
      hint: 'Solo cifras',
      error: 'Escriba el número',
      value: '12"3',
      required: true,
    });
    assert.match(html, /<label for="f-ci">Número de carnet<\/label>/);
    assert.match(
      html,
      /<p class="h" id="f-ci-hint">Solo cifras<\/p><p class="m" id="f-ci-error">Escriba el número<\/p>/,
    );
    assert.match(html, /id="f-ci" name="ci" value="12&quot;3"/);
    assert.match(html, /aria-describedby="f-ci-hint f-ci-error" aria-invalid="true"/);
    assert.match(html, /required/);
    assert.doesNotMatch(textInput({ name: 'x', label: 'X' }), /aria-/);
  });

  it('writes a date as three labelled boxes in a fieldset and reads it back', () => {
    const html = dateInput({
      name: 'dob',
      label: 'Fecha de nacimiento',
      lang: 'es',
      autocomplete: 'bday',
      error: 'Mal',
    });
    assert.match(
      html,
      /<fieldset role="group" aria-describedby="f-dob-error"><legend>Fecha de nacimiento<\/legend>/,
    );
    for (const [part, label] of [
      ['day', 'Día'],
      ['month', 'Mes'],
      ['year', 'Año'],
    ])
      assert.match(
        html,
        new RegExp(
          `<label for="f-dob-${part}">${label}</label><input type="text" id="f-dob-${part}" name="dob-${part}"[^>]*inputmode="numeric"[^>]*autocomplete="bday-${part}"`,
        ),
      );
    assert.equal(
      readDate({ 'dob-day': '7', 'dob-month': '3', 'dob-year': '1985' }, 'dob').date,
      '1985-03-07',
    );
    assert.equal(readDate({ 'dob-day': '30', 'dob-month': '2', 'dob-year': '1985' }, 'dob').date, undefined);
    assert.equal(readDate({ 'dob-day': '1', 'dob-month': '1', 'dob-year': '85' }, 'dob').date, undefined);
    assert.deepEqual(readDate({ 'dob-day': ' 9 ' }, 'dob').parts, { day: '9', month: '', year: '' });
  });

  it('offers radio buttons and drop-downs with the chosen value kept', () => {
    const r = radios({
      name: 'kind',
      label: '¿Qué pasó?',
      choices: [
        { value: 'a', label: 'Uno', hint: 'Pista' },
        { value: 'b', label: 'Dos' },
      ],
      value: 'b',
    });
    assert.match(r, /<fieldset><legend>¿Qué pasó\?<\/legend>/);
    assert.match(
      r,
      /id="f-kind-1" name="kind" value="a" aria-describedby="f-kind-1-hint"><label for="f-kind-1">Uno/,
    );
    assert.match(r, /value="b" checked>/);
    const s = select({
      name: 'd',
      label: 'Departamento',
      choices: [{ value: '2', label: 'La Paz' }],
      value: '2',
    });
    assert.match(
      s,
      /<label for="f-d">Departamento<\/label><select id="f-d" name="d"><option value="2" selected>La Paz<\/option>/,
    );
  });

  it('adds the CSRF field only with a session, and lists errors as links to their fields', () => {
    assert.equal(csrfField(null), '');
    assert.equal(csrfField('tok'), '<input type="hidden" name="_csrf" value="tok">');
    assert.equal(errorSummary([], 'es'), '');
    assert.match(
      errorSummary([{ name: 'ci', message: 'Falta <CI>' }], 'en'),
      /role="alert"><h2>Please check these details<\/h2><ul><li><a href="#f-ci">Falta &lt;CI&gt;<\/a>/,
    );
  });
});

describe('content helpers', () => {
  it('escapes text and keeps raw HTML in tables and definition lists', () => {
    const tbl = table({
      caption: 'Pagos',
      columns: [{ label: 'Día' }, { label: 'Monto', numeric: true }],
      rows: [['<b>', raw('<strong>1</strong>')]],
    });
    assert.match(
      tbl,
      /<caption>Pagos<\/caption><thead><tr><th scope="col">Día<\/th><th scope="col" class="n">Monto<\/th>/,
    );
    assert.match(tbl, /<td>&lt;b&gt;<\/td><td class="n"><strong>1<\/strong><\/td>/);
    assert.equal(
      definitionList([['A', 'x & y']]),
      '<dl class="s"><div><dt>A</dt><dd>x &amp; y</dd></div></dl>',
    );
  });

  it('announces success and problems, and writes dates in words', () => {
    assert.match(notice('ok', 'Listo'), /^<div class="nt ok" role="status"><h2>Listo<\/h2>/);
    assert.match(notice('err', 'Error', 'detalle'), /role="alert"><h2>Error<\/h2><p>detalle<\/p>/);
    assert.doesNotMatch(notice('info', 'Nota'), /role=/);
    assert.equal(formatLongDate('2020-12-01', 'es'), '1 de diciembre de 2020');
    assert.equal(formatLongDate('2021-03-01', 'en'), '1 March 2021');
    assert.equal(t({ es: 'Enviar', en: 'Send' }, 'en'), 'Send');
  });
});

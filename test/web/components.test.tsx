import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DateInput,
  DefinitionList,
  ErrorSummary,
  Form,
  Layout,
  Notice,
  Radios,
  Select,
  SubmitButton,
  Table,
  TextArea,
  TextInput,
} from '../../src/web/components/index.ts';
import { parseHtml, renderToString, textOf } from '../helpers/html.ts';

/**
 * The components of src/web/components as HTML, parsed: landmarks, the language switch, labels and
 * errors tied to their fields, escaping by construction. The browser journeys check whole pages
 * with axe-core; these say which piece broke.
 */

const render = (element: unknown) => parseHtml(renderToString(element));

describe('Layout', () => {
  const html = renderToString(
    <Layout
      lang="es"
      title="Prueba <1>"
      path="/bono/reclamo/seguimiento?ref=AB12-CD34-EF56&lang=es"
      nav={[
        { href: '/bono?lang=es', label: 'Consulta', current: true },
        { href: '/bono/reclamo?lang=es', label: 'Reclamo' },
      ]}
      banner="Demostración <reloj>"
      refreshSeconds={2}
    >
      <h1>Prueba</h1>
    </Layout>,
  );
  const doc = parseHtml(html);

  it('starts with the doctype and has a skip link first, a header, a main landmark and a footer', () => {
    assert.match(html, /^<!doctype html><html lang="es">/);
    const body = doc.querySelector('body')!;
    const first = body.childNodes.find((n) => n.nodeType === 1) as ReturnType<typeof doc.querySelector>;
    assert.equal(first?.getAttribute('href'), '#main');
    assert.equal(textOf(first), 'Saltar al contenido');
    assert.equal(doc.querySelector('main')?.id, 'main');
    assert.ok(doc.querySelector('footer'));
    assert.equal(doc.querySelector('title')?.text, 'Prueba <1> · ayni');
    assert.match(html, /<title>Prueba &lt;1&gt; · ayni<\/title>/, 'text is escaped');
    assert.equal(doc.querySelectorAll('script').length, 0);
    assert.equal(doc.querySelector('meta[http-equiv=refresh]')?.getAttribute('content'), '2');
  });

  it('switches language on the same path, naming the other language in itself', () => {
    const link = doc.querySelector('a[hreflang=en]')!;
    assert.equal(link.getAttribute('href'), '/bono/reclamo/seguimiento?ref=AB12-CD34-EF56&lang=en');
    assert.equal(link.getAttribute('lang'), 'en');
    assert.equal(link.text, 'English');
  });

  it('marks the current section in a labelled navigation', () => {
    const nav = doc.querySelector('nav')!;
    assert.equal(nav.getAttribute('aria-label'), 'Principal');
    const current = nav.querySelectorAll('a[aria-current=page]');
    assert.deepEqual(
      current.map((a) => a.text),
      ['Consulta'],
    );
  });

  it('shows the demo banner as a full-width bar of escaped text', () => {
    const banner = doc.querySelector('header .banner')!;
    assert.equal(banner.text, 'Demostración <reloj>');
    const style = doc.querySelector('style')!.text;
    assert.match(style, /\.banner\{[^}]*max-width:none/, 'not the 42rem measure of a paragraph');
  });

  it('is in English with ?lang=en, the switch leading back to Spanish', () => {
    const en = render(
      <Layout lang="en" title="Test" path="/">
        <h1>Test</h1>
      </Layout>,
    );
    assert.equal(en.querySelector('html')?.getAttribute('lang'), 'en');
    assert.equal(textOf(en.querySelector('.skip')), 'Skip to content');
    assert.equal(en.querySelector('a[hreflang=es]')?.text, 'Español');
    assert.equal(en.querySelector('nav'), null, 'no navigation when none is given');
  });
});

describe('form components', () => {
  it('tie the hint and the error to the input and mark it invalid', () => {
    const doc = render(
      <TextInput
        name="ci"
        label="Número de carnet"
        hint="Solo cifras"
        error="Escriba el número"
        value={'12"3'}
        required
      />,
    );
    const input = doc.querySelector('input')!;
    assert.equal(doc.querySelector('label')?.getAttribute('for'), 'f-ci');
    assert.equal(input.id, 'f-ci');
    assert.equal(input.getAttribute('value'), '12"3');
    assert.equal(input.getAttribute('aria-describedby'), 'f-ci-hint f-ci-error');
    assert.equal(input.getAttribute('aria-invalid'), 'true');
    assert.equal(input.hasAttribute('required'), true);
    assert.equal(doc.querySelector('#f-ci-error')?.text, 'Escriba el número');
    const plain = render(<TextInput name="x" label="X" />).querySelector('input')!;
    assert.equal(plain.hasAttribute('aria-describedby'), false);
    assert.equal(plain.hasAttribute('aria-invalid'), false);
  });

  it('never write a password back', () => {
    const input = render(
      <TextInput type="password" name="password" label="Contraseña" value="secreto" />,
    ).querySelector('input')!;
    assert.equal(input.hasAttribute('value'), false);
  });

  it('write a date as three labelled boxes in a fieldset the error summary can link to', () => {
    const doc = render(
      <DateInput name="dob" label="Fecha de nacimiento" lang="es" autocomplete="bday" error="Mal" />,
    );
    const fieldset = doc.querySelector('fieldset')!;
    assert.equal(fieldset.id, 'f-dob');
    assert.equal(fieldset.getAttribute('aria-describedby'), 'f-dob-error');
    assert.equal(textOf(doc.querySelector('legend')), 'Fecha de nacimiento');
    for (const [part, label] of [
      ['day', 'Día'],
      ['month', 'Mes'],
      ['year', 'Año'],
    ] as const) {
      const input = doc.querySelector(`#f-dob-${part}`)!;
      assert.equal(doc.querySelector(`label[for=f-dob-${part}]`)?.text, label);
      assert.equal(input.getAttribute('name'), `dob-${part}`);
      assert.equal(input.getAttribute('inputmode'), 'numeric');
      assert.equal(input.getAttribute('autocomplete'), `bday-${part}`);
    }
    const en = render(<DateInput name="dob" label="Date of birth" lang="en" />);
    assert.equal(en.querySelector('label[for=f-dob-year]')?.text, 'Year');
  });

  it('offer choices as radios or a drop-down with the current one chosen', () => {
    const choices = [
      { value: 'a', label: 'Uno', hint: 'El primero' },
      { value: 'b', label: 'Dos <b>' },
    ];
    const radios = render(<Radios name="kind" label="¿Qué?" choices={choices} value="b" />);
    assert.equal(radios.querySelector('#f-kind-2')?.hasAttribute('checked'), true);
    assert.equal(radios.querySelector('#f-kind-1')?.hasAttribute('checked'), false);
    assert.equal(radios.querySelector('#f-kind-1')?.getAttribute('aria-describedby'), 'f-kind-1-hint');
    assert.equal(textOf(radios.querySelector('label[for=f-kind-2]')), 'Dos <b>');
    const select = render(<Select name="dep" label="Departamento" choices={choices} value="a" />);
    assert.equal(select.querySelector('option[selected]')?.getAttribute('value'), 'a');
    const area = render(<TextArea name="d" label="Descripción" value="</textarea><b>" />);
    assert.equal(area.querySelector('textarea')?.text, '</textarea><b>');
  });

  it('carry the CSRF token in a novalidate form', () => {
    const doc = render(
      <Form action="/oficina/ingresar?lang=es" csrfToken="tok">
        <SubmitButton>Ingresar</SubmitButton>
      </Form>,
    );
    const form = doc.querySelector('form')!;
    assert.equal(form.getAttribute('method'), 'post');
    assert.equal(form.hasAttribute('novalidate'), true);
    assert.equal(doc.querySelector('input[name=_csrf]')?.getAttribute('value'), 'tok');
    assert.equal(render(<Form action="/x" />).querySelector('input'), null, 'no token, no field');
  });

  it('link each message of the error summary to its field', () => {
    const doc = render(
      <ErrorSummary
        lang="es"
        errors={[
          { name: 'ci', message: 'Escriba el número de su carnet.' },
          { name: 'dob', message: 'Escriba su fecha de nacimiento.' },
        ]}
      />,
    );
    assert.equal(doc.querySelector('[role=alert] h2')?.text, 'Revise estos datos');
    assert.deepEqual(
      doc.querySelectorAll('li a').map((a) => [a.getAttribute('href'), a.text]),
      [
        ['#f-ci', 'Escriba el número de su carnet.'],
        ['#f-dob', 'Escriba su fecha de nacimiento.'],
      ],
    );
    assert.equal(renderToString(<ErrorSummary lang="es" errors={[]} />), '');
  });
});

describe('content components', () => {
  it('put a wide table in a labelled box that scrolls, with numeric columns aligned', () => {
    const doc = render(
      <Table
        caption="Pagos"
        columns={[{ label: 'Día' }, { label: 'Pagos', numeric: true }]}
        rows={[['2020-12-01', '1.204']]}
        foot={['Total', '1.204']}
      />,
    );
    const box = doc.querySelector('section.tw')!;
    assert.equal(box.getAttribute('aria-label'), 'Pagos');
    assert.equal(box.getAttribute('tabindex'), '0', 'a keyboard can scroll it');
    assert.equal(doc.querySelector('caption')?.text, 'Pagos');
    assert.equal(doc.querySelector('th.n')?.text, 'Pagos');
    assert.equal(doc.querySelector('tbody td.n')?.text, '1.204');
    assert.equal(doc.querySelector('tfoot th[scope=row]')?.text, 'Total');
  });

  it('show notices as live regions and definition lists of terms', () => {
    const ok = render(<Notice kind="ok" title="Hecho" children="Listo." />);
    assert.equal(ok.querySelector('div')?.getAttribute('role'), 'status');
    assert.equal(ok.querySelector('p')?.text, 'Listo.');
    assert.equal(
      render(<Notice kind="err" title="Mal" />)
        .querySelector('div')
        ?.getAttribute('role'),
      'alert',
    );
    assert.equal(
      render(<Notice kind="info" title="Nota" />)
        .querySelector('div')
        ?.hasAttribute('role'),
      false,
    );
    const dl = render(
      <DefinitionList
        items={[
          ['Monto', 'Bs 1.000,00'],
          ['Estado', <strong>Cobrado</strong>],
        ]}
      />,
    );
    assert.deepEqual(
      dl.querySelectorAll('dt').map((d) => d.text),
      ['Monto', 'Estado'],
    );
    assert.equal(dl.querySelector('dd strong')?.text, 'Cobrado');
  });
});

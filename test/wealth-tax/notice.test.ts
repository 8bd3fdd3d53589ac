import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { noticeWordsInSpanish as words } from '../../src/messages/index.ts';
import { bind, declarationFacts, evaluate, igf } from '../../src/rules/index.ts';
import {
  type Assessment,
  assessmentNotice,
  explainAssessment,
  fineNotice,
  lateCharges,
  noticeHtml,
  noticePdf,
  reminderNotice,
  type Taxpayer,
} from '../../src/wealth-tax/index.ts';
import { parseHtml } from '../helpers/html.ts';

/**
 * The notices (assessment, reminder, fine) in Spanish with their legal basis, as HTML that escapes
 * what it shows and as a PDF that pdftoppm renders.
 */

const taxpayer: Taxpayer = {
  id: 1n,
  nit: '4567890019',
  fullName: 'Ana <Rojas> & Cía',
  personId: 1n,
  passportNumber: null,
  passportCountry: null,
  departmentCode: 2,
  maritalRegime: 'none',
  spouseTaxpayerId: null,
};
const facts = declarationFacts({
  fortune_year: 2020,
  days_in_bolivia_last_12_months: 365,
  assets: [
    {
      description: 'Inmueble en La Paz',
      category: 'real_estate',
      location: 'bolivia',
      market_value: 25_000_000,
    },
    {
      description: 'Cuenta en Miami',
      category: 'deposits_and_credits',
      location: 'abroad',
      market_value: 'USD 2000000',
    },
  ],
});
assert.ok(facts.ok);
const ev = evaluate(bind(igf, { date: '2021-03-20', parameterDate: '2020-12-31' }), facts.value);
const assessment: Assessment = {
  declarationId: 1n,
  taxpayerId: 1n,
  fortuneYear: 2020,
  assessedOn: '2021-03-20',
  resident: true,
  netFortuneCentavos: ev.value('igf_net_fortune_centavos') as bigint,
  taxCentavos: ev.value('igf_tax_centavos') as bigint,
  rateBasisPoints: 140,
  deadline: '2021-03-31',
  transferId: null,
};

test('the assessment notice says what is owed first, each step with its article, and escapes the name', () => {
  const n = assessmentNotice(taxpayer, assessment, explainAssessment(ev, 'es'), '2021-03-20', words);
  // The legal sources in Spanish words (the rule-sources catalogue), never the parameter file's English.
  assert.ok(n.paragraphs.some((p) => p.includes('Código Tributario Boliviano), modificada por la Ley 812')));
  assert.ok(!n.paragraphs.some((p) => /as amended|Bolivian Tax Code/.test(p)));
  assert.match(n.paragraphs[0]!, /^Debe pagar Bs 394\.880,00 hasta el 31 de marzo de 2021/);
  assert.ok(n.paragraphs.some((p) => /Cuenta en Miami.*USD 2000000\.00.*6,96/.test(p)));
  assert.ok(n.legalBasis.some((b) => b.includes('Ley N° 1357')));
  const html = noticeHtml(n);
  const doc = parseHtml(html);
  assert.equal(
    doc.querySelector('h1')?.textContent,
    'Determinación del Impuesto a las Grandes Fortunas, gestión 2020',
  );
  assert.ok(html.includes('Ana &lt;Rojas&gt; &amp; Cía'));
  assert.equal(doc.querySelectorAll('li').length, n.legalBasis.length);
  assert.equal(doc.querySelector('h2')?.textContent, 'Base legal');
  assert.equal(n.issuer, 'Servicio de Impuestos Nacionales');
});

test('the reminder and the fine notice carry their amounts and legal basis', () => {
  const r = reminderNotice(taxpayer, assessment, assessment.taxCentavos, '2021-03-25', words);
  assert.match(r.paragraphs[0]!, /vence el 31 de marzo de 2021/);
  assert.ok(r.legalBasis.some((b) => b.includes('Art. 4')));
  const late = lateCharges(assessment.taxCentavos, '2021-03-31', '2021-04-10')!;
  const fine = fineNotice(taxpayer, assessment, late, assessment.taxCentavos * 2n, '2021-04-10', words);
  assert.deepEqual(
    fine.rows.map(([k]) => k),
    ['Tributo omitido', 'Actualización (UFV)', 'Intereses', 'Multa', 'Total'],
  );
  assert.equal(fine.rows[3]![1], 'Bs 789.760,00');
  assert.ok(
    fine.legalBasis.some((b) => b.includes('Art. 15')) && fine.legalBasis.some((b) => b.includes('Art. 47')),
  );
});

test('the PDF is a PDF and renders to an image', async () => {
  const late = lateCharges(assessment.taxCentavos, '2021-03-31', '2021-04-10')!;
  const pdf = await noticePdf(
    fineNotice(taxpayer, assessment, late, assessment.taxCentavos * 2n, '2021-04-10', words),
  );
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  if (!existsSync('/usr/bin/pdftoppm')) return;
  const file = path.join(os.tmpdir(), `ayni-notice-${process.pid}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '50', '-singlefile', file, file.replace(/\.pdf$/, '')]);
  assert.ok(existsSync(file.replace(/\.pdf$/, '.png')));
});

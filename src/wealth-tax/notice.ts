import PDFDocument from 'pdfkit';
import { formatter } from '../rules/index.ts';
import type { DecisiveLine, Explanation, LegalSource } from './explanation.ts';
import type { LateCharges } from './late-payment.ts';
import type { Assessment, Taxpayer } from './wealth-tax.types.ts';

/**
 * The notices the SIN sends a taxpayer, in Spanish (the language of the administration's acts):
 * the assessment (what is owed, by when, and why), the reminder before the deadline, and the fine
 * after it (the omitted tax, its UFV updating, the interest and the fine). Each carries its legal
 * basis. One structure, rendered as HTML (escaped) and as a PDF (pdfkit).
 */

export type NoticeKind = 'assessment' | 'reminder' | 'fine';

/** A notice as words: a title, the facts in order, and the legal basis. */
export interface Notice {
  kind: NoticeKind;
  title: string;
  addressee: string;
  date: string;
  paragraphs: string[];
  rows: [string, string][];
  legalBasis: string[];
}

const f = formatter('es');

const BASIS: Record<NoticeKind, string[]> = {
  assessment: [
    'Ley N° 1357 de 28 de diciembre de 2020, Art. 3, 4 y 5 (sujetos, residencia, hecho generador)',
    'Decreto Supremo N° 4436 de 30 de diciembre de 2020 (base imponible, valuación, plazos)',
  ],
  reminder: [
    'Decreto Supremo N° 4436, plazos de declaración y pago',
    'Ley N° 2492 (Código Tributario Boliviano), Art. 4: el plazo que vence en día inhábil se prorroga al primer día hábil siguiente',
  ],
  fine: [
    'Ley N° 1357, Art. 15: multa del 200 % del tributo omitido',
    'Ley N° 2492 (Código Tributario Boliviano), Art. 47 modificado por la Ley N° 812: tributo omitido en UFV e intereses',
  ],
};

/**
 * The assessment notice: the decisive line, each step of the calculation, the amount and deadline.
 *
 * @example assessmentNotice(taxpayer, assessment, explanation, '2021-03-20', { source: legalSourceInSpanish, decisive: decisiveInSpanish }).title // 'Determinación del Impuesto a las Grandes Fortunas, gestión 2020'
 */
export function assessmentNotice(
  t: Taxpayer,
  a: Assessment,
  e: Explanation,
  on: string,
  /** The legal sources and the decisive line in the notice's words (src/messages). */
  words: { source: (s: LegalSource) => string; decisive: (d: DecisiveLine) => string },
): Notice {
  return {
    kind: 'assessment',
    title: `Determinación del Impuesto a las Grandes Fortunas, gestión ${a.fortuneYear}`,
    addressee: `${t.fullName} — NIT ${t.nit}`,
    date: f.date(on),
    paragraphs: [
      words.decisive(e.decisive),
      ...e.lines.map(
        (l) => `${l.step}: ${l.text}${l.basis.length ? ` (${l.basis.map(words.source).join('; ')})` : ''}`,
      ),
    ],
    rows: [
      ['Fortuna neta', f.money(a.netFortuneCentavos)],
      ['Impuesto determinado', f.money(a.taxCentavos)],
      ['Vencimiento', f.date(a.deadline)],
    ],
    legalBasis: BASIS.assessment,
  };
}

/** The reminder of a balance due before the deadline. @example reminderNotice(t, a, 41_000_000n, '2021-03-25').rows[0] */
export function reminderNotice(t: Taxpayer, a: Assessment, balanceCentavos: bigint, on: string): Notice {
  return {
    kind: 'reminder',
    title: `Recordatorio de vencimiento, gestión ${a.fortuneYear}`,
    addressee: `${t.fullName} — NIT ${t.nit}`,
    date: f.date(on),
    paragraphs: [
      `El plazo para pagar el Impuesto a las Grandes Fortunas de la gestión ${a.fortuneYear} vence el ${f.date(a.deadline)}. Su saldo pendiente es ${f.money(balanceCentavos)}.`,
      'Si paga después del vencimiento, se aplicará la multa del 200 % del tributo omitido, además de su actualización en UFV y los intereses.',
    ],
    rows: [
      ['Saldo pendiente', f.money(balanceCentavos)],
      ['Vencimiento', f.date(a.deadline)],
    ],
    legalBasis: BASIS.reminder,
  };
}

/** The fine notice after a late payment. @example fineNotice(t, a, late, fine, '2021-04-10').rows.length // 5 */
export function fineNotice(
  t: Taxpayer,
  a: Assessment,
  late: LateCharges,
  fineCentavos: bigint,
  on: string,
): Notice {
  const total = late.omittedCentavos + late.updatingCentavos + late.interestCentavos + fineCentavos;
  return {
    kind: 'fine',
    title: `Multa por falta de pago, gestión ${a.fortuneYear}`,
    addressee: `${t.fullName} — NIT ${t.nit}`,
    date: f.date(on),
    paragraphs: [
      `El impuesto de la gestión ${a.fortuneYear} vencía el ${f.date(a.deadline)}. Al ${f.date(on)}, con ${late.daysLate} días de mora, el tributo omitido es ${f.money(late.omittedCentavos)}.`,
      `Se actualiza en UFV (de ${(Number(late.ufvDeadline) / 100_000).toFixed(5)} a ${(Number(late.ufvPaid) / 100_000).toFixed(5)}) y genera intereses; la multa es del 200 % del tributo omitido.`,
    ],
    rows: [
      ['Tributo omitido', f.money(late.omittedCentavos)],
      ['Actualización (UFV)', f.money(late.updatingCentavos)],
      ['Intereses', f.money(late.interestCentavos)],
      ['Multa', f.money(fineCentavos)],
      ['Total', f.money(total)],
    ],
    legalBasis: BASIS.fine,
  };
}

const escapeMarkup = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The notice as a standalone HTML page (every text escaped). @example noticeHtml(n).startsWith('<!doctype html>') */
export function noticeHtml(n: Notice): string {
  return [
    '<!doctype html><html lang="es"><head><meta charset="utf-8">',
    `<title>${escapeMarkup(n.title)}</title></head><body>`,
    `<h1>${escapeMarkup(n.title)}</h1>`,
    `<p>${escapeMarkup(n.addressee)}<br>${escapeMarkup(n.date)}</p>`,
    ...n.paragraphs.map((p) => `<p>${escapeMarkup(p)}</p>`),
    '<table>',
    ...n.rows.map(([k, v]) => `<tr><th scope="row">${escapeMarkup(k)}</th><td>${escapeMarkup(v)}</td></tr>`),
    '</table>',
    '<h2>Base legal</h2><ul>',
    ...n.legalBasis.map((b) => `<li>${escapeMarkup(b)}</li>`),
    '</ul></body></html>',
  ].join('\n');
}

/** pdfkit's standard fonts (WinAnsi) lack the minus sign: written as a hyphen in the PDF. */
const pdfText = (s: string) => s.replace(/\u2212/g, '-');

/** The notice as an A4 PDF. @example const pdf = await noticePdf(n); pdf.subarray(0, 4).toString() // '%PDF' */
export function noticePdf(n: Notice): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: n.title, Author: 'Servicio de Impuestos Nacionales' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#505a5f')
    .text('Servicio de Impuestos Nacionales — Impuesto a las Grandes Fortunas');
  doc.moveDown().font('Helvetica-Bold').fontSize(16).fillColor('black').text(n.title);
  doc.moveDown(0.5).font('Helvetica').fontSize(10).text(n.addressee).text(n.date);
  doc.moveDown();
  for (const p of n.paragraphs) doc.fontSize(10).text(pdfText(p), { align: 'left' }).moveDown(0.4);
  doc.moveDown(0.5);
  for (const [k, v] of n.rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').text(k, 56, y, { width: 250 });
    doc.font('Helvetica').text(v, 320, y, { width: 200, align: 'right' });
  }
  doc.moveDown().font('Helvetica-Bold').text('Base legal', 56);
  for (const b of n.legalBasis) doc.font('Helvetica').fontSize(9).text(`• ${b}`);
  doc.end();
  return done;
}

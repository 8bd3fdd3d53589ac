import PDFDocument from 'pdfkit';
import { formatter } from '../rules/index.ts';
import type { DecisiveLine, Explanation, LegalSource } from './explanation.ts';
import type { LateCharges } from './late-payment.ts';
import type { Assessment, Taxpayer } from './wealth-tax.types.ts';

/**
 * The notices the SIN sends a taxpayer, in Spanish (the language of the administration's acts):
 * the assessment (what is owed, by when, and why), the reminder before the deadline, and the fine
 * after it (the omitted tax, its UFV updating, the interest and the fine). Each carries its legal
 * basis. One structure, rendered as HTML (escaped) and as a PDF (pdfkit); its words come from the
 * catalogue the caller passes (src/messages/es/wealth-tax-notice.ts), the facts from here.
 */

export type NoticeKind = 'assessment' | 'reminder' | 'fine';

/** A notice as words: a title, the facts in order, and the legal basis. */
export interface Notice {
  kind: NoticeKind;
  /** Who issues it and the letterhead above the title (the PDF's author and first line). */
  issuer: string;
  letterhead: string;
  title: string;
  addressee: string;
  date: string;
  paragraphs: string[];
  rows: [string, string][];
  legalBasisHeading: string;
  legalBasis: string[];
}

/**
 * The words a notice is written in (src/messages/es/wealth-tax-notice.ts holds them; the domain
 * keeps the facts and the order): amounts and dates arrive already written.
 */
export interface NoticeCatalogue {
  issuer: string;
  letterhead: string;
  legalBasisHeading: string;
  titles: Record<NoticeKind, (year: number) => string>;
  addressee: (fullName: string, nit: string) => string;
  reminderDue: (year: number, deadline: string, balance: string) => string;
  reminderLate: string;
  fineLate: (year: number, deadline: string, on: string, daysLate: number, omitted: string) => string;
  fineUpdating: (ufvFrom: string, ufvTo: string) => string;
  rows: Record<
    | 'netFortune'
    | 'taxAssessed'
    | 'deadline'
    | 'balance'
    | 'omitted'
    | 'updating'
    | 'interest'
    | 'fine'
    | 'total',
    string
  >;
  basis: Record<NoticeKind, string[]>;
}

/** The catalogue and, for the assessment, the legal sources and the decisive line in its words. */
export interface NoticeWords extends NoticeCatalogue {
  source: (s: LegalSource) => string;
  decisive: (d: DecisiveLine) => string;
}

const f = formatter('es');

/** What every notice of a kind carries: issuer, letterhead, title, addressee, date, legal basis. */
function frame(kind: NoticeKind, t: Taxpayer, a: Assessment, on: string, w: NoticeCatalogue) {
  return {
    kind,
    issuer: w.issuer,
    letterhead: w.letterhead,
    title: w.titles[kind](a.fortuneYear),
    addressee: w.addressee(t.fullName, t.nit),
    date: f.date(on),
    legalBasisHeading: w.legalBasisHeading,
    legalBasis: w.basis[kind],
  };
}

/**
 * The assessment notice: the decisive line, each step of the calculation, the amount and deadline.
 *
 * @example assessmentNotice(taxpayer, assessment, explanation, '2021-03-20', noticeWordsInSpanish).title // 'Determinación del Impuesto a las Grandes Fortunas, gestión 2020'
 */
export function assessmentNotice(
  t: Taxpayer,
  a: Assessment,
  e: Explanation,
  on: string,
  words: NoticeWords,
): Notice {
  return {
    ...frame('assessment', t, a, on, words),
    paragraphs: [
      words.decisive(e.decisive),
      ...e.lines.map(
        (l) => `${l.step}: ${l.text}${l.basis.length ? ` (${l.basis.map(words.source).join('; ')})` : ''}`,
      ),
    ],
    rows: [
      [words.rows.netFortune, f.money(a.netFortuneCentavos)],
      [words.rows.taxAssessed, f.money(a.taxCentavos)],
      [words.rows.deadline, f.date(a.deadline)],
    ],
  };
}

/** The reminder of a balance due before the deadline. @example reminderNotice(t, a, 41_000_000n, '2021-03-25', words).rows[0] */
export function reminderNotice(
  t: Taxpayer,
  a: Assessment,
  balanceCentavos: bigint,
  on: string,
  words: NoticeCatalogue,
): Notice {
  return {
    ...frame('reminder', t, a, on, words),
    paragraphs: [
      words.reminderDue(a.fortuneYear, f.date(a.deadline), f.money(balanceCentavos)),
      words.reminderLate,
    ],
    rows: [
      [words.rows.balance, f.money(balanceCentavos)],
      [words.rows.deadline, f.date(a.deadline)],
    ],
  };
}

/** The fine notice after a late payment. @example fineNotice(t, a, late, fine, '2021-04-10', words).rows.length // 5 */
export function fineNotice(
  t: Taxpayer,
  a: Assessment,
  late: LateCharges,
  fineCentavos: bigint,
  on: string,
  words: NoticeCatalogue,
): Notice {
  const total = late.omittedCentavos + late.updatingCentavos + late.interestCentavos + fineCentavos;
  const ufv = (v: bigint) => (Number(v) / 100_000).toFixed(5);
  return {
    ...frame('fine', t, a, on, words),
    paragraphs: [
      words.fineLate(
        a.fortuneYear,
        f.date(a.deadline),
        f.date(on),
        late.daysLate,
        f.money(late.omittedCentavos),
      ),
      words.fineUpdating(ufv(late.ufvDeadline), ufv(late.ufvPaid)),
    ],
    rows: [
      [words.rows.omitted, f.money(late.omittedCentavos)],
      [words.rows.updating, f.money(late.updatingCentavos)],
      [words.rows.interest, f.money(late.interestCentavos)],
      [words.rows.fine, f.money(fineCentavos)],
      [words.rows.total, f.money(total)],
    ],
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
    `<h2>${escapeMarkup(n.legalBasisHeading)}</h2><ul>`,
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
    info: { Title: n.title, Author: n.issuer },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica').fontSize(9).fillColor('#505a5f').text(n.letterhead);
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
  doc.moveDown().font('Helvetica-Bold').text(n.legalBasisHeading, 56);
  for (const b of n.legalBasis) doc.font('Helvetica').fontSize(9).text(`• ${b}`);
  doc.end();
  return done;
}

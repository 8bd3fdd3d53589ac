import PDFDocument from 'pdfkit';
import { type CardData, type CardSize, CERTIFICATE_PARAMETERS, qrMatrix } from '../../certificates/index.ts';
import { formatDate, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';

/**
 * The vaccination card of DS 4641 as a PDF (pdfkit): the person (name, CI, date of birth), every
 * dose with its vaccine, lot, date and site, the certificate's QR code (the HC1 text: any DCC reader
 * verifies it) and the issuer. Two sizes: A4, to print at home, and wallet (ID-1, 85.6 × 54 mm,
 * front and back), to fold into a wallet. A view: the data comes from the certificates domain's
 * `vaccinationCard`, the words from the page catalogue. Words from the page catalogue (Spanish unless asked).
 * pdfkit's standard Helvetica is WinAnsi: Spanish names (á, ñ, ü) print as they are.
 */

const MM = 72 / 25.4;

type QrMatrix = ReturnType<typeof qrMatrix>;

/**
 * The QR code drawn as vector squares (one rectangle per run of dark modules in a row), with a
 * quiet zone of 4 modules: sharp at any print size, and about ten times faster than embedding a
 * PNG (pdfkit would decode and re-compress it for every card).
 */
function drawQr(doc: PDFKit.PDFDocument, qr: QrMatrix, x: number, y: number, width: number): void {
  const module = width / (qr.size + 8);
  for (let row = 0; row < qr.size; row++) {
    let col = 0;
    while (col < qr.size) {
      if (!qr.dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.dark(row, col)) col++;
      doc.rect(x + (start + 4) * module, y + (row + 4) * module, (col - start) * module, module);
    }
  }
  doc.fillColor('black').fill();
}
const GREEN = '#00703c';

/**
 * pdfkit parses a standard font's metrics (its AFM data, some 300 glyph widths and kerning pairs)
 * again for every document: a fifth of a card's time. The parsed metrics never change, so each is
 * parsed once and every card's document gets fonts built on them (pdfkit's font object itself
 * is per document: it holds the document's reference to it). pdfkit keeps a document's fonts in
 * `_fontFamilies`, named by font; a font found there is used as it is.
 */
type FontInternals = {
  _fontFamilies: Record<string, object>;
  _fontCount: number;
  _font: object | null;
};
const CARD_FONTS = ['Helvetica', 'Helvetica-Bold'] as const;
let parsedFonts: Map<string, { proto: object; fields: Record<string, unknown> }> | undefined;

function newDocument(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  if (parsedFonts === undefined) {
    const probe = new PDFDocument() as unknown as PDFKit.PDFDocument & FontInternals;
    parsedFonts = new Map();
    for (const name of CARD_FONTS) {
      probe.font(name);
      const font = probe._fontFamilies[name] as Record<string, unknown>;
      const { document: _document, id: _id, dictionary: _dictionary, embedded: _embedded, ...fields } = font;
      parsedFonts.set(name, { proto: Object.getPrototypeOf(font) as object, fields });
    }
  }
  // `font: null`: no default font made (and parsed) by pdfkit; ours are put in instead.
  const doc = new PDFDocument({
    ...options,
    font: null,
  } as unknown as PDFKit.PDFDocumentOptions) as PDFKit.PDFDocument & FontInternals;
  for (const [name, { proto, fields }] of parsedFonts) {
    const font = Object.assign(Object.create(proto) as object, fields, {
      document: doc,
      id: `F${++doc._fontCount}`,
    });
    doc._fontFamilies[name] = font;
  }
  doc.font('Helvetica');
  return doc;
}

function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * The card as PDF bytes.
 *
 * @example await renderCard(data, 'a4') // <Buffer 25 50 44 46 …>
 */
export async function renderCard(data: CardData, size: CardSize, lang: Lang = 'es'): Promise<Buffer> {
  const qr = qrMatrix(data.hc1);
  // A fixed creation date: the same card renders to the same bytes (and leaks no server clock).
  const info = {
    Title: pageMessages(lang).certificates.card.title,
    CreationDate: data.issuedAt,
    Producer: 'ayni',
  };
  return size === 'a4' ? a4(data, qr, lang, info) : wallet(data, qr, lang, info);
}

function a4(d: CardData, qr: QrMatrix, lang: Lang, info: PDFKit.DocumentInfo): Promise<Buffer> {
  const w = pageMessages(lang).certificates.card;
  const doc = newDocument({ size: 'A4', margin: 20 * MM, info });
  const left = 20 * MM;
  const width = doc.page.width - 40 * MM;
  doc.rect(0, 0, doc.page.width, 28 * MM).fill(GREEN);
  doc
    .fillColor('white')
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(w.country, left, 8 * MM, { width });
  doc.fontSize(18).text(w.title, left, 14 * MM, { width });
  doc
    .fillColor('black')
    .font('Helvetica')
    .fontSize(9)
    .text(w.legalBasis, left, 34 * MM);
  let y = 44 * MM;
  const field = (label: string, value: string) => {
    doc.font('Helvetica').fontSize(9).fillColor('#505a5f').text(label, left, y);
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor('black')
      .text(value, left, y + 11, { width: width - 70 * MM });
    y += 12 * MM;
  };
  field(w.name, `${d.givenNames} ${d.surnames}`);
  field(w.ci, w.ciValue(d.ciNumber, d.complemento));
  field(w.dateOfBirth, formatDate(d.dateOfBirth, lang));
  drawQr(doc, qr, left + width - 62 * MM, 40 * MM, 62 * MM);
  doc
    .font('Helvetica')
    .fontSize(7)
    .fillColor('#505a5f')
    .text(w.qrCaption, left + width - 62 * MM, 103 * MM, {
      width: 62 * MM,
      align: 'center',
    });
  y = Math.max(y, 115 * MM);
  doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text(w.doses, left, y);
  y += 8 * MM;
  const cols = [
    { label: w.dose, x: 0, width: 14 * MM },
    { label: w.product, x: 14 * MM, width: 50 * MM },
    { label: w.lot, x: 64 * MM, width: 26 * MM },
    { label: w.date, x: 90 * MM, width: 32 * MM },
    { label: w.site, x: 122 * MM, width: width - 122 * MM },
  ];
  doc.font('Helvetica-Bold').fontSize(9);
  for (const c of cols) doc.text(c.label, left + c.x, y, { width: c.width });
  y += 6 * MM;
  doc
    .moveTo(left, y - 2 * MM)
    .lineTo(left + width, y - 2 * MM)
    .strokeColor('#b1b4b6')
    .stroke();
  doc.font('Helvetica').fontSize(9);
  for (const dose of d.doses) {
    const cells = [
      w.doseOrdinal(dose.doseNumber),
      dose.productName,
      dose.lotNumber,
      formatDate(dose.givenOn, lang),
      dose.siteName ?? w.noSite,
    ];
    const heights = cols.map((c, i) => doc.heightOfString(cells[i]!, { width: c.width }));
    for (const [i, c] of cols.entries()) doc.text(cells[i]!, left + c.x, y, { width: c.width });
    y += Math.max(...heights) + 3 * MM;
  }
  y += 6 * MM;
  const small = (label: string, value: string) => {
    doc.font('Helvetica').fontSize(8).fillColor('#505a5f').text(`${label}: `, left, y, { continued: true });
    doc.fillColor('black').text(value);
    y += 5 * MM;
  };
  small(w.issuer, CERTIFICATE_PARAMETERS.issuerName);
  small(w.certificateId, d.uvci);
  small(w.issuedOn, formatDate(d.issuedAt.toISOString().slice(0, 10), lang));
  small(w.validUntil, formatDate(d.expiresAt.toISOString().slice(0, 10), lang));
  return pdfBuffer(doc);
}

function wallet(d: CardData, qr: QrMatrix, lang: Lang, info: PDFKit.DocumentInfo): Promise<Buffer> {
  const w = pageMessages(lang).certificates.card;
  const size: [number, number] = [85.6 * MM, 54 * MM];
  const doc = newDocument({ size, margin: 3 * MM, info });
  const pad = 3 * MM;
  // Front: who, and the QR code.
  doc.rect(0, 0, size[0], 9 * MM).fill(GREEN);
  doc
    .fillColor('white')
    .font('Helvetica-Bold')
    .fontSize(5.5)
    .text(w.country, pad, 1.8 * MM, { lineBreak: false });
  doc.fontSize(6.5).text(w.title, pad, 4.6 * MM, { lineBreak: false });
  const qrSize = 42 * MM;
  drawQr(doc, qr, size[0] - qrSize - 1 * MM, 10.5 * MM, qrSize);
  const textWidth = size[0] - qrSize - pad - 2 * MM;
  let y = 12 * MM;
  const field = (label: string, value: string) => {
    doc.font('Helvetica').fontSize(5).fillColor('#505a5f').text(label, pad, y, { width: textWidth });
    doc
      .font('Helvetica-Bold')
      .fontSize(7)
      .fillColor('black')
      .text(value, pad, y + 6, { width: textWidth });
    y = doc.y + 1.5 * MM;
  };
  field(w.name, `${d.givenNames} ${d.surnames}`);
  field(w.ci, w.ciValue(d.ciNumber, d.complemento));
  field(w.dateOfBirth, formatDate(d.dateOfBirth, lang));
  // Back: the doses and the issuer.
  doc.addPage({ size, margin: 3 * MM });
  doc.font('Helvetica-Bold').fontSize(7).fillColor('black').text(w.doses, pad, pad);
  y = pad + 4 * MM;
  for (const dose of d.doses) {
    doc
      .font('Helvetica-Bold')
      .fontSize(6)
      .text(`${w.dose} ${w.doseOrdinal(dose.doseNumber)} · ${formatDate(dose.givenOn, lang)}`, pad, y, {
        width: size[0] - 2 * pad,
      });
    doc
      .font('Helvetica')
      .fontSize(5.5)
      .text(`${dose.productName} · ${w.lot} ${dose.lotNumber} · ${dose.siteName ?? w.noSite}`, pad, doc.y, {
        width: size[0] - 2 * pad,
      });
    y = doc.y + 1.2 * MM;
  }
  doc.font('Helvetica').fontSize(5).fillColor('#505a5f');
  doc.text(`${w.issuer}: ${CERTIFICATE_PARAMETERS.issuerName}`, pad, size[1] - 12 * MM, {
    width: size[0] - 2 * pad,
  });
  doc.text(`${w.certificateId}: ${d.uvci}`, { width: size[0] - 2 * pad });
  doc.text(
    `${w.issuedOn} ${formatDate(d.issuedAt.toISOString().slice(0, 10), lang)} · ${w.validUntil} ${formatDate(d.expiresAt.toISOString().slice(0, 10), lang)}`,
    { width: size[0] - 2 * pad },
  );
  return pdfBuffer(doc);
}

import PDFDocument from 'pdfkit';
import type { CustodyAction, EvidenceKind, TeamRole } from './cases.types.ts';
import type { CustodyProblem } from './custody.ts';
import { CUSTODY_HASH_RULE } from './evidence/bundle.ts';
import type { CaseReport, ReportItem } from './report.ts';

/**
 * The technical report for the prosecutors as a PDF (pdfkit, as the wealth-tax notices and the
 * vaccination certificates). The domain keeps codes; every visible word comes from `ReportWords`,
 * which the catalogues src/messages/{es,en}/case-report.ts implement. The layout is deterministic:
 * the same report renders to the same bytes (the creation date is the report's instant, pages are
 * laid out in one pass from the data in its stored order), so two copies can be compared by hash.
 */

/** The words of the report in one language, with its formats for dates and numbers. */
export interface ReportWords {
  documentTitle: string;
  heading: string;
  investigation: (code: string, title: string) => string;
  openedOn: (date: string) => string;
  generatedFor: (reader: string, role: string, at: string) => string;
  teamRole: Record<TeamRole, string>;
  summaryHeading: string;
  counts: (findings: number, items: number, statements: number) => string;
  custodyAll: (verified: boolean) => string;
  bundleDigest: string;
  bundleHint: string;
  hashRule: string;
  findingsHeading: string;
  noFindings: string;
  finding: (n: number, title: string) => string;
  supersedes: (n: number) => string;
  restsOn: string;
  itemSource: (id: string, title: string, kind: string) => string;
  kind: Record<EvidenceKind, string>;
  statementSource: (id: string, witness: string, takenAt: string, language: string) => string;
  statementItems: (audio: string | null, transcript: string | null) => string;
  withheld: (code: string) => string;
  custodyOk: (entries: number) => string;
  custodyBroken: (seq: number, problem: string) => string;
  problem: Record<CustodyProblem['kind'], string>;
  annexItems: string;
  annexCustody: string;
  sha256: string;
  bytes: (n: string) => string;
  mediaType: string;
  derivedFrom: (id: string, derivation: string) => string;
  itemHeading: (id: string, title: string) => string;
  custodyAction: Record<CustodyAction, string>;
  entry: (seq: number, at: string, actor: string, action: string) => string;
  entryHash: (prev: string, hash: string) => string;
  page: (n: number, total: number) => string;
  watermark: (reader: string, at: string) => string;
  instant: (d: Date) => string;
  date: (isoDate: string) => string;
  number: (n: number | bigint) => string;
}

const MM = 72 / 25.4;
const MARGIN = 20 * MM;
const GREY = '#505a5f';

/**
 * The report as PDF bytes.
 *
 * @example const pdf = await renderReportPdf(report, CASE_REPORT_ES); await writeFile('informe.pdf', pdf);
 */
export function renderReportPdf(report: CaseReport, w: ReportWords): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 8 * MM, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `${w.documentTitle} — ${report.investigation.code}`,
      Author: report.reader,
      CreationDate: report.generatedAt,
      Producer: 'ayni',
      Creator: 'ayni',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const at = w.instant(report.generatedAt);
  const itemsById = new Map(report.items.map((i) => [i.item.id, i]));
  const statementsById = new Map(report.statements.map((s) => [s.statement.id, s]));

  const heading = (text: string, size = 13) => {
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor('black').text(text, { width });
    doc.moveDown(0.3);
  };
  const body = (text: string, options: { indent?: number; mono?: boolean; grey?: boolean } = {}) =>
    doc
      .font(options.mono ? 'Courier' : 'Helvetica')
      .fontSize(options.mono ? 8 : 10)
      .fillColor(options.grey ? GREY : 'black')
      .text(text, MARGIN + (options.indent ?? 0), undefined, { width: width - (options.indent ?? 0) });
  const custodyWords = (i: ReportItem) =>
    i.verification.ok
      ? w.custodyOk(i.verification.entries)
      : w.custodyBroken(i.verification.problem.seq, w.problem[i.verification.problem.kind]);

  // Title page: who, what, when, and what a court needs to check the rest.
  doc.font('Helvetica-Bold').fontSize(18).text(w.heading, { width });
  doc.moveDown(0.4);
  body(w.investigation(report.investigation.code, report.investigation.title));
  body(w.openedOn(w.date(report.investigation.openedOn)));
  body(w.generatedFor(report.reader, w.teamRole[report.teamRole], at), { grey: true });
  heading(w.summaryHeading);
  body(w.counts(report.findings.length, report.items.length, report.statements.length));
  body(w.custodyAll(report.custodyVerified));
  doc.moveDown(0.4);
  body(w.bundleDigest);
  body(report.bundleDigest, { mono: true });
  body(w.bundleHint, { grey: true });
  doc.moveDown(0.4);
  body(w.hashRule);
  body(CUSTODY_HASH_RULE, { mono: true, grey: true });

  heading(w.findingsHeading, 15);
  if (report.findings.length === 0) body(w.noFindings);
  for (const f of report.findings) {
    heading(w.finding(f.number, f.title), 12);
    if (f.supersedes !== null) {
      const earlier = report.findings.find((x) => x.id === f.supersedes);
      if (earlier) body(w.supersedes(earlier.number), { grey: true });
    }
    body(f.text);
    doc.moveDown(0.3);
    body(w.restsOn, { grey: true });
    for (const s of f.sources) {
      if (s.kind === 'item') {
        const i = itemsById.get(s.id);
        if (!i) continue;
        body(`• ${w.itemSource(String(i.item.id), i.item.title, w.kind[i.item.kind])}`, { indent: 8 });
        body(`${w.sha256} ${i.item.sha256}`, { indent: 18, mono: true });
        body(custodyWords(i), { indent: 18, grey: true });
      } else {
        const st = statementsById.get(s.id);
        if (!st) continue;
        const witness = st.witness.withheld ? w.withheld(st.witness.code) : st.witness.fullName;
        const s2 = st.statement;
        body(`• ${w.statementSource(String(s2.id), witness, w.instant(s2.takenAt), s2.language)}`, {
          indent: 8,
        });
        body(
          w.statementItems(
            s2.audioItemId === null ? null : String(s2.audioItemId),
            s2.transcriptItemId === null ? null : String(s2.transcriptItemId),
          ),
          { indent: 18, grey: true },
        );
        for (const itemId of [s2.audioItemId, s2.transcriptItemId]) {
          const i = itemId === null ? undefined : itemsById.get(itemId);
          if (!i) continue;
          body(`${w.sha256} ${i.item.sha256}`, { indent: 18, mono: true });
          body(custodyWords(i), { indent: 18, grey: true });
        }
      }
    }
  }

  // Annex A: every cited item; annex B: each item's chain of custody, entry by entry.
  doc.addPage();
  heading(w.annexItems, 15);
  for (const i of report.items) {
    heading(w.itemHeading(String(i.item.id), i.item.title), 11);
    body(
      `${w.kind[i.item.kind]} · ${w.mediaType} ${i.item.mediaType} · ${w.bytes(w.number(i.item.byteLength))}`,
    );
    if (i.item.originalItemId !== null && i.item.derivation !== null)
      body(w.derivedFrom(String(i.item.originalItemId), i.item.derivation));
    body(`${w.sha256} ${i.item.sha256}`, { mono: true });
    body(custodyWords(i), { grey: true });
  }
  doc.addPage();
  heading(w.annexCustody, 15);
  for (const i of report.items) {
    heading(w.itemHeading(String(i.item.id), i.item.title), 11);
    for (const e of i.custody) {
      body(w.entry(e.seq, e.at.toISOString(), e.actor, w.custodyAction[e.action]));
      body(w.entryHash(e.prevHash, e.hash), { indent: 12, mono: true, grey: true });
    }
    body(custodyWords(i), { grey: true });
  }

  // Every page carries who it was generated for and its number, drawn once all pages exist.
  const range = doc.bufferedPageRange();
  for (let n = 0; n < range.count; n++) {
    doc.switchToPage(range.start + n);
    const bottom = doc.page.height - MARGIN;
    const marginBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor(GREY)
      .text(w.watermark(report.reader, at), MARGIN, bottom, { width: width * 0.75, lineBreak: false })
      .text(w.page(n + 1, range.count), MARGIN + width * 0.75, bottom, {
        width: width * 0.25,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = marginBottom;
  }
  doc.end();
  return done;
}

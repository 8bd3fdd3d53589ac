import { appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { ok, passOn, type Result } from '../shared/failure.ts';
import { itemsOf, personsOf, statementsOf } from './case.repository.ts';
import { type CaseReader, type Membership, membership, personView, readsFamily } from './case-access.ts';
import type { CasesFailure } from './cases.failures.ts';
import type {
  CustodyEntry,
  EvidenceBlobs,
  EvidenceItem,
  Investigation,
  PersonView,
  Source,
  Statement,
  TeamRole,
} from './cases.types.ts';
import { custodyEntries } from './custody.repository.ts';
import { type CustodyVerification, MAX_CUSTODY_ENTRIES, verifyCustody } from './custody.ts';
import { type BundleInput, bundleManifest, writeBundle } from './evidence/bundle.ts';
import { type Finding, findingsOf } from './finding.repository.ts';
import { redactorFor } from './redaction.ts';

/**
 * The technical report for the prosecutors (issue #21 §6), as data: the findings in order, each
 * with the evidence items and statements it rests on (by id and SHA-256), the chain of custody of
 * every cited item re-verified (entries re-hashed, stored bytes re-hashed), and the SHA-256 of the
 * court bundle of the same instant. The PDF (report.pdf.ts) and the bundle are both drawn from it,
 * so the digest printed in the PDF is the one `verifyBundle` checks.
 *
 * The reader sees only what their membership lets them: a finding resting on a source they may not
 * read is left out (a victims' representative's report holds their family's findings only), and a
 * protected witness is named by code for a reader without the role — also inside the findings',
 * items' and statements' texts, by name or alias (redaction.ts).
 */

/** A cited item with its custody chain and the chain's verification. */
export interface ReportItem {
  item: EvidenceItem;
  custody: CustodyEntry[];
  verification: CustodyVerification;
}

/** A cited statement with the witness as this reader may see them. */
export interface ReportStatement {
  statement: Statement;
  witness: PersonView;
}

export interface CaseReport {
  investigation: Investigation;
  generatedAt: Date;
  /** Who the report was generated for: the watermark of every page. */
  reader: string;
  teamRole: TeamRole;
  findings: Finding[];
  /** Every cited item (directly, through a statement's audio or transcript, or as an original), by id. */
  items: ReportItem[];
  statements: ReportStatement[];
  /** SHA-256 of the court bundle's manifest generated at the same instant. */
  bundleDigest: string;
  /** Whether every cited item's custody chain and stored bytes verified. */
  custodyVerified: boolean;
}

/** The items a source rests on: the item itself, or the statement's audio and transcript. */
function itemsOfSource(s: Source, statements: Map<bigint, Statement>): bigint[] {
  if (s.kind === 'item') return [s.id];
  const st = statements.get(s.id);
  return st ? [st.audioItemId, st.transcriptItemId].filter((x): x is bigint => x !== null) : [];
}

async function gather(
  sql: Sql,
  m: Membership,
  blobs: Pick<EvidenceBlobs, 'check'>,
  reader: CaseReader,
  at: Date,
): Promise<CaseReport> {
  const id = m.investigation.id;
  const member = m.member;
  // For a reader without the role, a protected person's name or alias inside a text is their code.
  const redact = await redactorFor(sql, m);
  const persons = new Map((await personsOf(sql, id)).map((p) => [p.id, p]));
  const items = new Map(
    (await itemsOf(sql, id))
      .filter((i) => readsFamily(member, i.familyCode))
      .map((i) => [i.id, { ...i, title: redact(i.title) }]),
  );
  const statements = new Map(
    (await statementsOf(sql, id))
      .filter((s) => {
        const w = persons.get(s.witnessPersonId);
        return w !== undefined && readsFamily(member, w.familyCode);
      })
      .map((s) => [s.id, { ...s, summary: redact(s.summary) }]),
  );
  const visible = (s: Source) => (s.kind === 'item' ? items.has(s.id) : statements.has(s.id));
  const findings = (await findingsOf(sql, id))
    .filter((f) => f.sources.every(visible))
    .map((f) => ({ ...f, title: redact(f.title), text: redact(f.text) }));
  const cited = new Set<bigint>();
  const citedStatements = new Set<bigint>();
  for (const f of findings)
    for (const s of f.sources) {
      if (s.kind === 'statement') citedStatements.add(s.id);
      for (const itemId of itemsOfSource(s, statements)) cited.add(itemId);
    }
  // A derived item's original is part of its provenance: cite it too when the reader may see it.
  for (const itemId of [...cited]) {
    let original = items.get(itemId)?.originalItemId ?? null;
    for (let depth = 0; original !== null && depth < 100; depth++) {
      if (!items.has(original) || cited.has(original)) break;
      cited.add(original);
      original = items.get(original)?.originalItemId ?? null;
    }
  }
  const reportItems: ReportItem[] = [];
  for (const itemId of [...cited].filter((x) => items.has(x)).sort((a, b) => (a < b ? -1 : 1))) {
    const item = items.get(itemId)!;
    reportItems.push({
      item,
      custody: await custodyEntries(sql, itemId, MAX_CUSTODY_ENTRIES),
      verification: await verifyCustody(sql, item, { blobs }),
    });
  }
  const reportStatements = [...citedStatements]
    .sort((a, b) => (a < b ? -1 : 1))
    .map((sid) => {
      const statement = statements.get(sid)!;
      return { statement, witness: personView(persons.get(statement.witnessPersonId)!, member) };
    });
  const bundle = bundleInputOf(m.investigation, at, reportItems, findings, statements);
  return {
    investigation: m.investigation,
    generatedAt: at,
    reader: reader.actor,
    teamRole: member.teamRole,
    findings,
    items: reportItems,
    statements: reportStatements,
    bundleDigest: bundleManifest(bundle).digest,
    custodyVerified: reportItems.every((i) => i.verification.ok),
  };
}

function bundleInputOf(
  investigation: Investigation,
  at: Date,
  items: readonly ReportItem[],
  findings: readonly Finding[],
  statements: Map<bigint, Statement>,
): BundleInput {
  const byId = new Map(items.map((i) => [i.item.id, i.item]));
  return {
    investigation: { id: investigation.id, title: investigation.title },
    generatedAt: at,
    items: items.map((i) => ({ item: i.item, custody: i.custody })),
    findings: findings.map((f) => ({
      id: String(f.number),
      text: `${f.title}: ${f.text}`,
      cites: f.sources
        .flatMap((s) => itemsOfSource(s, statements))
        .filter((itemId) => byId.has(itemId))
        .map((itemId) => ({ itemId, sha256: byId.get(itemId)!.sha256 })),
    })),
  };
}

/**
 * The report as the reader may see it, generated at `at`; the generation is audited (findings,
 * cited items, the bundle's digest and whether custody verified).
 *
 * @example const report = (await caseReport(db, store, 'SINT-2019', reader, now)).value; renderReportPdf(report, words);
 */
export async function caseReport(
  db: Database,
  blobs: Pick<EvidenceBlobs, 'check'>,
  code: string,
  reader: CaseReader,
  at: Date,
): Promise<Result<CaseReport, CasesFailure>> {
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader);
    if (!m.ok) return passOn(m);
    const report = await gather(tx, m.value, blobs, reader, at);
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_report.generated',
      entityType: 'case_investigation',
      entityId: m.value.investigation.id,
      after: {
        investigation: code,
        teamRole: m.value.member.teamRole,
        findings: report.findings.map((f) => f.number),
        items: report.items.map((i) => i.item.id),
        statements: report.statements.map((s) => s.statement.id),
        bundleDigest: report.bundleDigest,
        custodyVerified: report.custodyVerified,
      },
    });
    return ok(report);
  });
}

/**
 * Writes the court bundle of the report generated at `at` into `directory` (which must be empty)
 * and returns the report, whose `bundleDigest` is the written manifest's SHA-256. Audited.
 *
 * @example const r = await exportCaseBundle(db, store, 'SINT-2019', 'out/bundle', reader, now);
 */
export async function exportCaseBundle(
  db: Database,
  blobs: Pick<EvidenceBlobs, 'check'> & { readStream(sha256: string): NodeJS.ReadableStream },
  code: string,
  directory: string,
  reader: CaseReader,
  at: Date,
): Promise<Result<{ report: CaseReport; digest: string; manifestPath: string }, CasesFailure>> {
  const r = await caseReport(db, blobs, code, reader, at);
  if (!r.ok) return r;
  const report = r.value;
  const statements = new Map(report.statements.map((s) => [s.statement.id, s.statement]));
  const written = await writeBundle(
    directory,
    bundleInputOf(report.investigation, at, report.items, report.findings, statements),
    blobs,
  );
  await appendAudit(db, {
    at,
    actor: reader.actor,
    action: 'case_bundle.exported',
    entityType: 'case_investigation',
    entityId: report.investigation.id,
    after: { investigation: code, digest: written.digest, items: report.items.map((i) => i.item.id) },
  });
  return ok({ report, digest: written.digest, manifestPath: written.manifestPath });
}

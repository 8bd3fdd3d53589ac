import type { ReportWords } from '../../cases/index.ts';
import { formatDate, formatInstant, formatNumber, plural } from '../format.ts';

/** English words of the technical report for the prosecutors (src/cases/report.pdf.ts). */
export const CASE_REPORT_EN: ReportWords = {
  documentTitle: 'Technical report for the prosecutors',
  heading: 'Technical report for the Public Prosecutor’s Office',
  investigation: (code, title) => `Investigation ${code}: ${title}`,
  openedOn: (date) => `Opened on ${date}.`,
  generatedFor: (reader, role, at) => `Generated for ${reader} (${role}) on ${at}.`,
  teamRole: {
    investigator: 'investigator',
    analyst: 'analyst',
    prosecutor_liaison: 'prosecutor liaison',
    victims_representative: 'victims’ representative',
  },
  summaryHeading: 'Summary',
  counts: (findings, items, statements) =>
    `${plural(findings, 'en', { one: 'finding', other: 'findings' })}, ${plural(items, 'en', { one: 'cited evidence item', other: 'cited evidence items' })}, ${plural(statements, 'en', { one: 'cited statement', other: 'cited statements' })}.`,
  custodyAll: (verified) =>
    verified
      ? 'The chain of custody of every cited item was verified when this report was generated: chained entries and stored files re-hashed.'
      : 'WARNING: the chain of custody of at least one cited item does NOT verify (see the item).',
  bundleDigest: 'SHA-256 of the court bundle’s manifest (bundle.json) generated at the same instant:',
  bundleHint:
    'A court verifies it with “ayni cases verify-bundle FOLDER --digest …”, which re-hashes every file and chain from the folder alone.',
  hashRule: 'The custody chaining rule:',
  findingsHeading: 'Findings',
  noFindings: 'The investigation has no recorded findings you may see.',
  finding: (n, title) => `Finding ${n}. ${title}`,
  supersedes: (n) => `Corrects finding ${n}.`,
  restsOn: 'Rests on:',
  itemSource: (id, title, kind) => `Evidence ${id}, “${title}” (${kind})`,
  kind: {
    document: 'document',
    photo: 'photograph',
    video: 'video',
    audio: 'audio',
    autopsy_report: 'autopsy report',
    transcript: 'transcript',
    other: 'other',
  },
  statementSource: (id, witness, takenAt, language) =>
    `Statement ${id} by ${witness}, taken on ${takenAt}, in language “${language}”`,
  statementItems: (audio, transcript) =>
    audio === null && transcript === null
      ? 'No audio or transcript as evidence.'
      : [audio && `audio: evidence ${audio}`, transcript && `transcript: evidence ${transcript}`]
          .filter(Boolean)
          .join('; '),
  withheld: (code) => `${code} (protected identity)`,
  custodyOk: (entries) =>
    `Custody verified: ${plural(entries, 'en', { one: 'entry', other: 'entries' })}, file re-hashed.`,
  custodyBroken: (seq, problem) => `CUSTODY DOES NOT VERIFY at entry ${seq}: ${problem}.`,
  problem: {
    altered: 'an entry was altered',
    removed: 'an entry is missing',
    reordered: 'entries were reordered',
    head_mismatch: 'the chain’s head does not match its last entry',
    blob_altered: 'the stored file changed',
    blob_missing: 'the stored file is missing',
  },
  annexItems: 'Annex A. Cited evidence items',
  annexCustody: 'Annex B. Chain of custody of each cited item',
  sha256: 'SHA-256',
  bytes: (n) => `${n} bytes`,
  mediaType: 'type',
  derivedFrom: (id, derivation) => `Derived from evidence ${id} (${derivation}).`,
  itemHeading: (id, title) => `Evidence ${id}: ${title}`,
  custodyAction: {
    collected: 'collection',
    transferred: 'transfer',
    accessed: 'access',
    copied: 'copy',
    analysed: 'analysis',
    derived: 'derivation',
  },
  entry: (seq, at, actor, action) => `${seq}. ${at} (UTC) · ${action} · ${actor}`,
  entryHash: (prev, hash) => `previous ${prev}\nhash     ${hash}`,
  page: (n, total) => `Page ${n} of ${total}`,
  watermark: (reader, at) => `Copy for ${reader}, generated on ${at}. Restricted.`,
  instant: (d) => `${formatInstant(d, 'en')} (Bolivia time)`,
  date: (iso) => formatDate(iso, 'en'),
  number: (n) => formatNumber(n, 'en'),
};

import { createHash } from 'node:crypto';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { splitCsvLine } from '../shared/csv.ts';
import { parseIsoDate } from '../shared/dates.ts';
import type { FilingInput } from './declaration.ts';
import { fileDeclarationsIn } from './declaration-batch.ts';
import { importBySha, insertImport, lockImports } from './import.repository.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';
import type { DeclarationImport, ImportFormat, ImportReject } from './wealth-tax.types.ts';

/**
 * Import of sworn declarations from a CSV or JSON file (issue #20 §2), with the rules of every
 * ayni import (ADR 0002, docs/formats.md): the whole import is one transaction (a crash or an
 * error leaves nothing), rows that cannot be filed are quarantined — not filed, each with its line
 * and reason, kept in wealth_tax_import_reject — while the others are filed, read = accepted +
 * rejected, the import is audited, and the same file (its SHA-256) is imported once: a second
 * import answers with the first one's counts and files nothing. The filings go through
 * `fileDeclarationsIn` (declaration-batch.ts: the same checks, assessment, ledger and audit entry
 * per filing as a filing on the web, the originals in a few statements for the whole file, retries
 * and amendments one by one), and keep their filing keys, so a filing already made by another
 * channel is recognised, not repeated.
 *
 * CSV: one line per item, the items of one declaration sharing its `filing_key`:
 *
 *   nit,fortune_year,filed_on,filing_key,reason,item,description,category,location,ownership,
 *   currency,amount,locally_admitted_value,ufv_updated_cost,property_tax_value
 *
 * `item` is `asset` or `debt`; for a debt `category` holds the lender and `amount` the outstanding
 * principal. JSON: an array of filings, or one filing per line (JSON Lines), each
 * `{ nit, fortuneYear, filedOn, filingKey, reason?, amendment?, declaration: { assets, debts } }`;
 * a filing's line is the line where it starts. A filing is accepted or rejected whole: when one of
 * its lines is refused, its other lines are refused too, naming that line.
 * Rejects hold the line, the NIT and the reason, never the declared items.
 */

export const DECLARATION_CSV_HEADER = [
  'nit',
  'fortune_year',
  'filed_on',
  'filing_key',
  'reason',
  'item',
  'description',
  'category',
  'location',
  'ownership',
  'currency',
  'amount',
  'locally_admitted_value',
  'ufv_updated_cost',
  'property_tax_value',
] as const;

export type { DeclarationImport, ImportFormat, ImportReject } from './wealth-tax.types.ts';

/** A file the import could not read at all (no row is counted): refused before anything is written. */
export type ImportFileProblem = Extract<
  WealthTaxFailure,
  { code: 'import_header_invalid' | 'import_json_invalid' | 'import_format_unknown' }
>;

interface Row {
  line: number;
  nit: string | null;
  filingKey: string | null;
  /** CSV lines with the same filing key form one filing; a JSON record is one alone (null). */
  groupKey: string | null;
  /** Why the line cannot be read, or the filing fields and its item. */
  problem?: string;
  filing?: Omit<FilingInput, 'declaration'>;
  item?: { list: 'assets' | 'debts'; value: Record<string, unknown> };
  /** JSON: the whole declaration. */
  declaration?: Record<string, unknown>;
}

/** The format a file name says, or undefined. @example formatOf('decl.csv') // 'csv' */
export function formatOf(fileName: string): ImportFormat | undefined {
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.(json|jsonl|ndjson)$/i.test(fileName)) return 'json';
  return undefined;
}

/**
 * Imports a file of declarations in one transaction.
 *
 * @example const r = await importDeclarations(db, { fileName: 'sin-2021.csv', content }, 'account:sin', now); r.ok && r.value.rowsRead
 */
export async function importDeclarations(
  db: Database,
  input: { fileName: string; content: string | Uint8Array; format?: ImportFormat },
  actor: Actor,
  at: Date,
): Promise<{ ok: true; value: DeclarationImport } | { ok: false; error: WealthTaxFailure }> {
  const format = input.format ?? formatOf(input.fileName);
  if (!format) return { ok: false, error: { code: 'import_format_unknown', fileName: input.fileName } };
  const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const rows = format === 'csv' ? csvRows(text) : jsonRows(text);
  if ('code' in rows) return { ok: false, error: rows };
  return db.transaction(async (tx) => {
    // One import at a time: the same file sent twice at once is imported once.
    await lockImports(tx);
    const earlier = await importBySha(tx, sha256);
    if (earlier) return { ok: true as const, value: earlier };
    const rejects: ImportReject[] = [];
    let accepted = 0;
    let filed = 0;
    const filings: { group: Row[]; filing: FilingInput }[] = [];
    for (const group of groups(rows)) {
      const refused = group.find((r) => r.problem !== undefined);
      if (refused) {
        for (const r of group)
          rejects.push({
            line: r.line,
            nit: r.nit,
            reason: r === refused ? refused.problem! : `filing_refused: line ${refused.line}`,
          });
        continue;
      }
      filings.push({ group, filing: filingOf(group) });
    }
    // The originals as one batch of statements, retries and amendments one by one (declaration-batch.ts).
    const results = await fileDeclarationsIn(
      tx,
      filings.map((x) => x.filing),
      actor,
      at,
    );
    for (const [i, { group }] of filings.entries()) {
      const result = results[i]!;
      if (!result.ok) {
        const reason = reasonOf(result.error);
        for (const r of group) rejects.push({ line: r.line, nit: r.nit, reason });
        continue;
      }
      accepted += group.length;
      if (result.value.created) filed++;
    }
    rejects.sort((a, b) => a.line - b.line);
    const importId = await insertImport(
      tx,
      {
        sha256,
        fileName: input.fileName.slice(-255),
        format,
        rowsRead: rows.length,
        rowsAccepted: accepted,
        declarationsFiled: filed,
        rejects,
      },
      actor,
      at,
    );
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_import.completed',
      entityType: 'wealth_tax_import',
      entityId: importId,
      after: {
        sha256,
        rowsRead: rows.length,
        rowsAccepted: accepted,
        rowsRejected: rejects.length,
        declarationsFiled: filed,
      },
    });
    return {
      ok: true as const,
      value: {
        importId,
        replayed: false,
        rowsRead: rows.length,
        rowsAccepted: accepted,
        rowsRejected: rejects.length,
        declarationsFiled: filed,
        rejects,
      },
    };
  });
}

/** A failure as a reject's reason: its code and what it names (a field, never content). */
function reasonOf(f: WealthTaxFailure): string {
  switch (f.code) {
    case 'wealth_tax_input_invalid':
      return `${f.code}: ${f.field} ${f.problem}`;
    case 'input_invalid':
      return 'declarationField' in f ? `${f.code}: ${f.declarationField}` : f.code;
    default:
      return f.code;
  }
}

/** The rows of a filing key together, in the order of their first line; a row without a key alone. */
function groups(rows: readonly Row[]): Row[][] {
  const byKey = new Map<string, Row[]>();
  const out: Row[][] = [];
  for (const r of rows) {
    if (r.groupKey === null) {
      out.push([r]);
      continue;
    }
    let g = byKey.get(r.groupKey);
    if (!g) {
      g = [];
      byKey.set(r.groupKey, g);
      out.push(g);
    }
    g.push(r);
  }
  // CSV lines of one filing must agree on its fields: the first line's are the filing's.
  for (const g of out) {
    const first = g[0]!;
    if (first.problem !== undefined || !first.filing) continue;
    for (const r of g.slice(1))
      if (r.problem === undefined && r.filing && !sameFiling(r.filing, first.filing))
        r.problem = `filing_fields_differ: line ${first.line}`;
  }
  return out;
}

function sameFiling(a: Omit<FilingInput, 'declaration'>, b: Omit<FilingInput, 'declaration'>): boolean {
  return (
    a.nit === b.nit &&
    a.fortuneYear === b.fortuneYear &&
    a.filedOn === b.filedOn &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.amendment ?? false) === (b.amendment ?? false)
  );
}

function filingOf(group: readonly Row[]): FilingInput {
  const first = group[0]!;
  if (first.declaration) return { ...first.filing!, declaration: first.declaration };
  const assets: Record<string, unknown>[] = [];
  const debts: Record<string, unknown>[] = [];
  for (const r of group) (r.item!.list === 'assets' ? assets : debts).push(r.item!.value);
  return { ...first.filing!, declaration: { assets, debts } };
}

const NIT = /^[0-9]{5,15}$/;

function csvRows(text: string): Row[] | ImportFileProblem {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim() ?? '';
  if (header !== DECLARATION_CSV_HEADER.join(','))
    return { code: 'import_header_invalid', expected: DECLARATION_CSV_HEADER.join(',') };
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    rows.push(csvRow(raw, i + 1));
  }
  return rows;
}

function csvRow(raw: string, line: number): Row {
  const fields = splitCsvLine(raw);
  if (!fields) return { line, nit: null, filingKey: null, groupKey: null, problem: 'csv_quotes_malformed' };
  if (fields.length !== DECLARATION_CSV_HEADER.length)
    return {
      line,
      nit: null,
      filingKey: null,
      groupKey: null,
      problem: `csv_field_count: ${fields.length} of ${DECLARATION_CSV_HEADER.length}`,
    };
  const f = Object.fromEntries(DECLARATION_CSV_HEADER.map((h, i) => [h, fields[i]!.trim()])) as Record<
    (typeof DECLARATION_CSV_HEADER)[number],
    string
  >;
  const nit = NIT.test(f.nit) ? f.nit : null;
  const filingKey = f.filing_key === '' ? null : f.filing_key;
  const bad = (field: string) => ({
    line,
    nit,
    filingKey,
    groupKey: filingKey,
    problem: `field_invalid: ${field}`,
  });
  if (!nit) return bad('nit');
  if (!/^20[0-9]{2}$/.test(f.fortune_year)) return bad('fortune_year');
  if (parseIsoDate(f.filed_on) !== f.filed_on) return bad('filed_on');
  if (filingKey === null) return bad('filing_key');
  if (f.item !== 'asset' && f.item !== 'debt') return bad('item');
  if (f.description === '') return bad('description');
  if (f.amount === '') return bad('amount');
  const value: Record<string, unknown> = {
    description: f.description,
    ...(f.item === 'asset' ? { category: f.category } : { lender: f.category }),
    location: f.location,
    ...(f.ownership !== '' ? { ownership: f.ownership } : {}),
    ...(f.currency !== '' ? { currency: f.currency } : {}),
  };
  if (f.item === 'asset') {
    value['market_value'] = f.amount;
    for (const k of ['locally_admitted_value', 'ufv_updated_cost', 'property_tax_value'] as const)
      if (f[k] !== '') value[k] = f[k];
  } else value['outstanding_principal'] = f.amount;
  return {
    line,
    nit,
    filingKey,
    groupKey: filingKey,
    filing: {
      nit,
      fortuneYear: Number(f.fortune_year),
      filedOn: f.filed_on,
      filingKey,
      ...(f.reason !== '' ? { reason: f.reason } : {}),
    },
    item: { list: f.item === 'asset' ? 'assets' : 'debts', value },
  };
}

/** Each top-level value of a JSON array, or of a JSON Lines file, with the line it starts on. */
function jsonValues(text: string): { line: number; text: string }[] | ImportFileProblem {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('[')) {
    const out: { line: number; text: string }[] = [];
    text.split(/\r?\n/).forEach((l, i) => {
      if (l.trim() !== '') out.push({ line: i + 1, text: l });
    });
    return out;
  }
  const out: { line: number; text: string }[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let start = -1;
  let startLine = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      if (depth === 1 && start === -1) {
        start = i;
        startLine = line;
      }
    } else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 2 && start === -1) {
        start = i;
        startLine = line;
      }
    } else if (ch === '}' || ch === ']') {
      if (depth === 1 && start !== -1) {
        out.push({ line: startLine, text: text.slice(start, i) });
        start = -1;
      }
      depth--;
      if (depth === 1 && start !== -1) {
        out.push({ line: startLine, text: text.slice(start, i + 1) });
        start = -1;
      }
      if (depth < 0) return { code: 'import_json_invalid', line };
    } else if (depth === 1 && start === -1 && !/[\s,]/.test(ch)) {
      start = i;
      startLine = line;
    } else if (depth === 1 && start !== -1 && (ch === ',' || /\s/.test(ch))) {
      out.push({ line: startLine, text: text.slice(start, i) });
      start = -1;
    }
  }
  if (depth !== 0 || inString) return { code: 'import_json_invalid', line };
  return out;
}

function jsonRows(text: string): Row[] | ImportFileProblem {
  const values = jsonValues(text);
  if ('code' in values) return values;
  return values.map(({ line, text: t }) => jsonRow(t, line));
}

function jsonRow(t: string, line: number): Row {
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return { line, nit: null, filingKey: null, groupKey: null, problem: 'json_invalid' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { line, nit: null, filingKey: null, groupKey: null, problem: 'json_not_an_object' };
  const o = v as Record<string, unknown>;
  const nit = typeof o['nit'] === 'string' && NIT.test(o['nit']) ? o['nit'] : null;
  const filingKey = typeof o['filingKey'] === 'string' && o['filingKey'] !== '' ? o['filingKey'] : null;
  const bad = (field: string) => ({
    line,
    nit,
    filingKey,
    groupKey: null,
    problem: `field_invalid: ${field}`,
  });
  if (!nit) return bad('nit');
  if (!Number.isInteger(o['fortuneYear'])) return bad('fortuneYear');
  if (typeof o['filedOn'] !== 'string') return bad('filedOn');
  if (filingKey === null) return bad('filingKey');
  if (o['reason'] !== undefined && typeof o['reason'] !== 'string') return bad('reason');
  if (o['amendment'] !== undefined && typeof o['amendment'] !== 'boolean') return bad('amendment');
  const d = o['declaration'];
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return bad('declaration');
  return {
    line,
    nit,
    filingKey,
    groupKey: null,
    filing: {
      nit,
      fortuneYear: o['fortuneYear'] as number,
      filedOn: o['filedOn'],
      filingKey,
      ...(o['reason'] !== undefined ? { reason: o['reason'] as string } : {}),
      ...(o['amendment'] !== undefined ? { amendment: o['amendment'] as boolean } : {}),
    },
    declaration: d as Record<string, unknown>,
  };
}

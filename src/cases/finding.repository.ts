import type { Sql } from '../db/database.ts';
import type { Source } from './cases.types.ts';

/**
 * The findings' SQL (case_finding, case_finding_source; migration 0056). Every read is scoped by
 * the investigation id.
 */

/** A finding of the report as stored: its number, words and cited sources in order. */
export interface Finding {
  id: bigint;
  investigationId: bigint;
  number: number;
  title: string;
  text: string;
  supersedes: bigint | null;
  sources: Source[];
  createdBy: string;
  createdAt: Date;
}

interface FindingRow {
  id: bigint;
  investigation_id: bigint;
  number: number;
  title: string;
  text: string;
  supersedes: bigint | null;
  created_by: string;
  created_at: Date;
}

interface SourceRow {
  finding_id: bigint;
  position: number;
  source_item_id: bigint | null;
  source_statement_id: bigint | null;
}

/**
 * Inserts a finding with the next number of the investigation (the caller holds the
 * investigation's lock) and its sources in order.
 *
 * @example await insertFinding(tx, 1n, { title, text, sources, supersedes: null }, 'account:ana', now)
 */
export async function insertFinding(
  sql: Sql,
  investigationId: bigint,
  f: { title: string; text: string; sources: readonly Source[]; supersedes: bigint | null },
  by: string,
  at: Date,
): Promise<Finding> {
  const [r] = await sql.query<FindingRow>(
    `INSERT INTO case_finding (investigation_id, number, title, text, supersedes, created_by, created_at)
     VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM case_finding WHERE investigation_id = $1),
             $2, $3, $4, $5, $6)
     RETURNING id, investigation_id, number, title, text, supersedes, created_by, created_at`,
    [investigationId, f.title, f.text, f.supersedes, by, at],
  );
  const row = r!;
  for (const [i, s] of f.sources.entries()) {
    await sql.query(
      `INSERT INTO case_finding_source (finding_id, position, source_item_id, source_statement_id)
       VALUES ($1, $2, $3, $4)`,
      [row.id, i + 1, s.kind === 'item' ? s.id : null, s.kind === 'statement' ? s.id : null],
    );
  }
  return toFinding(row, [...f.sources]);
}

const toFinding = (r: FindingRow, sources: Source[]): Finding => ({
  id: r.id,
  investigationId: r.investigation_id,
  number: r.number,
  title: r.title,
  text: r.text,
  supersedes: r.supersedes,
  sources,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** The investigation's findings by number, each with its sources in order. @example await findingsOf(db, 1n) */
export async function findingsOf(sql: Sql, investigationId: bigint): Promise<Finding[]> {
  const rows = await sql.query<FindingRow>(
    `SELECT id, investigation_id, number, title, text, supersedes, created_by, created_at
       FROM case_finding WHERE investigation_id = $1 ORDER BY number LIMIT 10000`,
    [investigationId],
  );
  const sources = await sql.query<SourceRow>(
    `SELECT s.finding_id, s.position, s.source_item_id, s.source_statement_id
       FROM case_finding_source s JOIN case_finding f ON f.id = s.finding_id
      WHERE f.investigation_id = $1 ORDER BY s.finding_id, s.position`,
    [investigationId],
  );
  const byFinding = new Map<bigint, Source[]>();
  for (const s of sources) {
    const list = byFinding.get(s.finding_id) ?? [];
    list.push(
      s.source_item_id !== null
        ? { kind: 'item', id: s.source_item_id }
        : { kind: 'statement', id: s.source_statement_id! },
    );
    byFinding.set(s.finding_id, list);
  }
  return rows.map((r) => toFinding(r, byFinding.get(r.id) ?? []));
}

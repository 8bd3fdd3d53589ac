import type { Sql } from '../db/database.ts';

/**
 * The published versions' SQL (case_public_version; migration 0058): append one, read the latest
 * of an investigation by its code. The content goes in and comes out as JSON text, so both back
 * ends hand back the same text to parse.
 */

/** A published version as stored: its number, when and by whom, its content's JSON and hash. */
export interface StoredPublicVersion {
  investigationId: bigint;
  version: number;
  publishedAt: Date;
  publishedBy: string;
  contentJson: string;
  contentSha256: string;
}

interface VersionRow {
  investigation_id: bigint;
  version: number;
  published_at: Date;
  published_by: string;
  content: string;
  content_sha256: string;
}

const toVersion = (r: VersionRow): StoredPublicVersion => ({
  investigationId: r.investigation_id,
  version: r.version,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  contentJson: r.content,
  contentSha256: r.content_sha256,
});

/**
 * Appends a version with the next number of the investigation (the caller holds the
 * investigation's lock, so two publications never take the same number).
 *
 * @example await insertPublicVersion(tx, 1n, { json, sha256 }, 'account:diana', now)
 */
export async function insertPublicVersion(
  sql: Sql,
  investigationId: bigint,
  content: { json: string; sha256: string },
  by: string,
  at: Date,
): Promise<StoredPublicVersion> {
  const [r] = await sql.query<VersionRow>(
    `INSERT INTO case_public_version (investigation_id, version, published_at, published_by, content, content_sha256)
     VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM case_public_version WHERE investigation_id = $1),
             $2, $3, $4::jsonb, $5)
     RETURNING investigation_id, version, published_at, published_by, content::text AS content, content_sha256`,
    [investigationId, at, by, content.json, content.sha256],
  );
  return toVersion(r!);
}

/** The latest published version of the investigation with that code, or null. @example await latestPublicVersion(db, 'GIEI-2019') */
export async function latestPublicVersion(sql: Sql, code: string): Promise<StoredPublicVersion | null> {
  const [r] = await sql.query<VersionRow>(
    `SELECT v.investigation_id, v.version, v.published_at, v.published_by, v.content::text AS content,
            v.content_sha256
       FROM case_public_version v JOIN case_investigation i ON i.id = v.investigation_id
      WHERE i.code = $1
      ORDER BY v.version DESC LIMIT 1`,
    [code],
  );
  return r ? toVersion(r) : null;
}

/** Every investigation's latest published version, by code. @example await latestPublicVersions(db) */
export async function latestPublicVersions(sql: Sql): Promise<(StoredPublicVersion & { code: string })[]> {
  const rows = await sql.query<VersionRow & { code: string }>(
    `SELECT i.code, v.investigation_id, v.version, v.published_at, v.published_by, v.content::text AS content,
            v.content_sha256
       FROM case_public_version v JOIN case_investigation i ON i.id = v.investigation_id
      WHERE v.version = (SELECT max(w.version) FROM case_public_version w WHERE w.investigation_id = v.investigation_id)
      ORDER BY i.code`,
  );
  return rows.map((r) => ({ ...toVersion(r), code: r.code }));
}

import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { ok, passOn, type Result } from '../shared/failure.ts';
import { victimsByEventAndCause } from './analysis.ts';
import { lockInvestigation } from './case.repository.ts';
import { type CaseReader, membership } from './case-access.ts';
import { type CaseFileView, fileFor } from './case-file.ts';
import type { CasesFailure } from './cases.failures.ts';
import {
  insertPublicVersion,
  latestPublicVersion,
  latestPublicVersions,
  type StoredPublicVersion,
} from './publication.repository.ts';
import { nameRedactor, protectedNames } from './redaction.ts';

/**
 * The public version of a case file (issue #21 §6, "a public version with protected identities
 * redacted, on the transparency portal"). An investigation is restricted by default, so nothing
 * of it is public until an investigator publishes it. Each publication appends a new version to
 * the database (case_public_version, migration 0058; issue #22: no file on one app host), and
 * the public page at /casos/:code shows the latest. A version carries only what may be public:
 *
 * - the investigation's code, title, summary and opening date;
 * - the events (place, coordinates, times, kind, description);
 * - victims counted by event and cause of death, with the number of sources of each cell (never
 *   the sources themselves: they may be restricted items or statements);
 * - persons by code and roles; a name only for a victim who is not protected (a witness, an
 *   alleged perpetrator or an investigator is shown by code only);
 * - evidence items that are not restricted: title, kind, size and SHA-256, never their bytes.
 *
 * Every protected person's name (the publisher sees them) is also replaced by their code wherever
 * it appears in a published text, so a description that names a protected witness does not give
 * them away.
 */

export const PUBLIC_CASE_FORMAT = 'ayni.cases.public.v1';

/** What a publication holds: built from the file, stored as the version's content. */
export interface PublicCaseContent {
  format: typeof PUBLIC_CASE_FORMAT;
  code: string;
  title: string;
  summary: string;
  openedOn: string;
  events: {
    id: string;
    title: string;
    eventType: string;
    placeName: string;
    latitude: string | null;
    longitude: string | null;
    startsAt: string;
    endsAt: string;
    description: string;
  }[];
  victims: { eventId: string; cause: string; victims: number; sources: number }[];
  persons: { code: string; roles: string[]; name: string | null }[];
  items: { id: string; title: string; kind: string; byteLength: string; sha256: string }[];
}

/** A published version as the public reads it: its content, number, instant and content hash. */
export interface PublicCase extends PublicCaseContent {
  version: number;
  publishedAt: string;
  contentSha256: string;
}

/**
 * Replaces every protected name in a text, and every alias of a protected person, by the person's
 * code (redaction.ts, as the viewer does).
 */
function redactor(file: CaseFileView): (text: string) => string {
  return nameRedactor(
    protectedNames(
      file.persons.flatMap((p) => (p.withheld ? [] : [p])),
      file.aliases,
    ),
  );
}

/**
 * What of a case file is public (see above). `file` must be read by a member who sees protected
 * identities (an investigator), so that their names can be redacted from published texts too.
 *
 * @example const content = publicContent(file);
 */
export function publicContent(file: CaseFileView): PublicCaseContent {
  const redact = redactor(file);
  const inv = file.investigation;
  return {
    format: PUBLIC_CASE_FORMAT,
    code: inv.code,
    title: redact(inv.title),
    summary: redact(inv.summary),
    openedOn: inv.openedOn,
    events: [...file.events]
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .map((e) => ({
        id: String(e.id),
        title: redact(e.title),
        eventType: e.eventType,
        placeName: redact(e.placeName),
        latitude: e.latitude,
        longitude: e.longitude,
        startsAt: e.startsAt.toISOString(),
        endsAt: e.endsAt.toISOString(),
        description: redact(e.description),
      })),
    victims: victimsByEventAndCause(file).map((c) => ({
      eventId: String(c.eventId),
      cause: c.cause,
      victims: c.victims,
      sources: c.sources.length,
    })),
    persons: file.persons.map((p) => ({
      code: p.code,
      roles: [...p.roles],
      name: !p.withheld && !p.protected && p.roles.includes('victim') ? p.fullName : null,
    })),
    items: file.items
      .filter((i) => !i.restricted)
      .map((i) => ({
        id: String(i.id),
        title: redact(i.title),
        kind: i.kind,
        byteLength: String(i.byteLength),
        sha256: i.sha256,
      })),
  };
}

/** JSON with every object's keys sorted: the same content always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The SHA-256 (hex) of a content's canonical JSON. @example contentSha256(publicContent(file)) */
export function contentSha256(content: PublicCaseContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/**
 * Publishes the case file: builds its public content as an investigator of the team reads it and
 * appends it as the investigation's next version (the public page shows the latest). Only the
 * team's investigators publish (`see_protected`: they see the names the content must redact);
 * anyone else on the team is refused, anyone off it is told the file does not exist. Audited
 * (`case_file.published`) with the version, its hash and what it shows.
 *
 * @example const r = await publishCaseFile(db, 'GIEI-2019', reader, now); // r.value.version === 1
 */
export async function publishCaseFile(
  db: Database,
  code: string,
  reader: CaseReader,
  at: Date,
): Promise<Result<PublicCase, CasesFailure>> {
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'see_protected');
    if (!m.ok) return passOn(m);
    const investigationId = m.value.investigation.id;
    await lockInvestigation(tx, investigationId);
    const content = publicContent(await fileFor(tx, m.value));
    const sha256 = contentSha256(content);
    const stored = await insertPublicVersion(
      tx,
      investigationId,
      { json: JSON.stringify(content), sha256 },
      reader.actor,
      at,
    );
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_file.published',
      entityType: 'case_investigation',
      entityId: investigationId,
      after: {
        investigation: content.code,
        version: stored.version,
        contentSha256: sha256,
        events: content.events.length,
        persons: content.persons.length,
        namedPersons: content.persons.filter((p) => p.name !== null).length,
        items: content.items.map((i) => i.sha256),
      },
    });
    return ok({ ...content, version: stored.version, publishedAt: at.toISOString(), contentSha256: sha256 });
  });
}

/**
 * The latest published version of the investigation with that code, or null when it was never
 * published (or the code is not one). Public: it returns only what an investigator published, so
 * no reader is needed. A stored content whose hash no longer matches is not shown (null): a
 * changed row is never served as what was published.
 *
 * @example const version = await readPublicCase(db, 'GIEI-2019');
 */
export async function readPublicCase(sql: Sql, code: string): Promise<PublicCase | null> {
  if (!/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(code)) return null;
  const stored = await latestPublicVersion(sql, code);
  return stored ? publicCaseOf(stored) : null;
}

/** A stored version as the public reads it, or null when its content no longer matches its hash. */
function publicCaseOf(stored: StoredPublicVersion): PublicCase | null {
  const content = JSON.parse(stored.contentJson) as PublicCaseContent;
  if (content.format !== PUBLIC_CASE_FORMAT || contentSha256(content) !== stored.contentSha256) return null;
  return {
    ...content,
    version: stored.version,
    publishedAt: stored.publishedAt.toISOString(),
    contentSha256: stored.contentSha256,
  };
}

/** A published case as the transparency portal lists it. */
export interface PublishedCaseEntry {
  code: string;
  title: string;
  summary: string;
  events: number;
  version: number;
  publishedAt: string;
}

/**
 * Every published case file, by code, as its latest version shows it (for the transparency
 * portal's list; public, like `readPublicCase`): an investigation never published is not listed,
 * and neither is one whose stored content no longer matches its hash.
 *
 * @example (await publishedCases(db)).map((c) => c.code) // ['SINT-2019-SACABA-SENKATA']
 */
export async function publishedCases(sql: Sql): Promise<PublishedCaseEntry[]> {
  const out: PublishedCaseEntry[] = [];
  for (const stored of await latestPublicVersions(sql)) {
    const c = publicCaseOf(stored);
    if (c)
      out.push({
        code: c.code,
        title: c.title,
        summary: c.summary,
        events: c.events.length,
        version: c.version,
        publishedAt: c.publishedAt,
      });
  }
  return out;
}

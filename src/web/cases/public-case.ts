import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CaseFileView, victimsByEventAndCause } from '../../cases/index.ts';

/**
 * The public version of a case file (issue #21 §6, "a public version with protected identities
 * redacted, on the transparency portal"). An investigation is restricted by default, so nothing
 * of it is public until an investigator publishes it: the publication is built from the file as
 * the investigator reads it (`publicVersion`, pure) and kept as a JSON document under the data
 * folder, which the public page at /casos/:code reads. It carries only what may be public:
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

export interface PublicCase {
  format: typeof PUBLIC_CASE_FORMAT;
  code: string;
  title: string;
  summary: string;
  openedOn: string;
  publishedAt: string;
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

/** Replaces every protected name in a text by the person's code (longest names first). */
function redactor(file: CaseFileView): (text: string) => string {
  const names = file.persons
    .filter((p) => p.protected && !p.withheld)
    .map((p) => ({ name: p.withheld ? '' : p.fullName.trim(), code: p.code }))
    .filter((n) => n.name.length >= 2)
    .sort((a, b) => b.name.length - a.name.length);
  return (text) => {
    let out = text;
    for (const n of names) out = out.split(n.name).join(n.code);
    return out;
  };
}

/**
 * What of a case file is public (see above). `file` must be read by a member who sees protected
 * identities (an investigator), so that their names can be redacted from published texts too.
 *
 * @example const published = publicVersion(file, new Date());
 */
export function publicVersion(file: CaseFileView, at: Date): PublicCase {
  const redact = redactor(file);
  const inv = file.investigation;
  return {
    format: PUBLIC_CASE_FORMAT,
    code: inv.code,
    title: redact(inv.title),
    summary: redact(inv.summary),
    openedOn: inv.openedOn,
    publishedAt: at.toISOString(),
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

const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/**
 * The published versions, one JSON file per investigation under `<data>/cases-public`, replaced
 * whole (written to a temporary name, then renamed) so a reader never sees half a publication.
 *
 * @example const shelf = publicCaseShelf(config.dataDir); await shelf.put(published); await shelf.get('GIEI-2019');
 */
export function publicCaseShelf(dataDir: string) {
  const folder = path.join(dataDir, 'cases-public');
  const fileOf = (code: string) => {
    if (!CODE.test(code)) throw new Error(`not an investigation code: ${JSON.stringify(code)}`);
    return path.join(folder, `${code}.json`);
  };
  return {
    async put(version: PublicCase): Promise<void> {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const final = fileOf(version.code);
      const temporary = `${final}.${randomBytes(8).toString('hex')}.partial`;
      await writeFile(temporary, JSON.stringify(version), { mode: 0o600 });
      await rename(temporary, final);
    },
    /** The published version, or null when the investigation was never published (or the code is not one). */
    async get(code: string): Promise<PublicCase | null> {
      if (!CODE.test(code)) return null;
      try {
        const parsed = JSON.parse(await readFile(fileOf(code), 'utf8')) as PublicCase;
        return parsed.format === PUBLIC_CASE_FORMAT ? parsed : null;
      } catch {
        return null;
      }
    },
  };
}

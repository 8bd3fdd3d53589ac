import type { Sql } from '../db/database.ts';
import { ok, passOn, type Result } from '../shared/failure.ts';
import { aliasesOf, type PersonAlias, personsOf } from './case.repository.ts';
import { type CaseReader, type Membership, membership, teamRoleCan } from './case-access.ts';
import type { CasesFailure } from './cases.failures.ts';

/**
 * Protected identities inside free text (issue #21 §3, "replaced by a code in every view and
 * export"): a protected person's name written in a description, a transcript or a note is
 * replaced by their code. One function for every place that shows a text to someone who may not
 * see the identity: the public version (publication.ts) and the restricted viewer.
 */

/** A protected person's name as the redactor needs it (the name and any known aliases). */
export interface ProtectedName {
  code: string;
  names: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that replaces every given name (case-insensitive, with any run of spaces between
 * its words, longest names first, so a full name goes before a part of it) by the person's code.
 * Names shorter than two characters are ignored (they would mask letters, not people).
 *
 * @example nameRedactor([{ code: 'T-0003', names: ['Ana Mamani'] }])('ANA  MAMANI lo vio') // 'T-0003 lo vio'
 */
export function nameRedactor(persons: readonly ProtectedName[]): (text: string) => string {
  const names = persons
    .flatMap((p) => p.names.map((n) => ({ name: n.trim(), code: p.code })))
    .filter((n) => n.name.length >= 2)
    .sort((a, b) => b.name.length - a.name.length);
  if (names.length === 0) return (text) => text;
  const patterns = names.map((n) => ({
    re: new RegExp(n.name.split(/\s+/).map(escapeRegExp).join('\\s+'), 'giu'),
    code: n.code,
  }));
  return (text) => {
    let out = text;
    for (const p of patterns) out = out.replace(p.re, p.code);
    return out;
  };
}

/**
 * The redactor for one member of the team: nothing to replace for a member who sees protected
 * identities; for anyone else, every protected person of the investigation (whatever family)
 * by their code.
 *
 * @example const redact = await redactorFor(tx, m.value); redact(transcript)
 */
export async function redactorFor(sql: Sql, m: Membership): Promise<(text: string) => string> {
  if (teamRoleCan(m.member.teamRole, 'see_protected')) return (text) => text;
  const persons = (await personsOf(sql, m.investigation.id)).filter((p) => p.protected);
  if (persons.length === 0) return (text) => text;
  return nameRedactor(protectedNames(persons, await aliasesOf(sql, m.investigation.id)));
}

/**
 * The names to redact of the protected persons among these: each one's full name and every alias.
 *
 * @example nameRedactor(protectedNames(file.persons, file.aliases))
 */
export function protectedNames(
  persons: readonly { id: bigint; code: string; protected: boolean; fullName?: string }[],
  aliases: readonly PersonAlias[],
): ProtectedName[] {
  const byPerson = new Map<bigint, string[]>();
  for (const a of aliases) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a.alias]);
  return persons.flatMap((p) =>
    p.protected && p.fullName !== undefined
      ? [{ code: p.code, names: [p.fullName, ...(byPerson.get(p.id) ?? [])] }]
      : [],
  );
}

/**
 * The redactor for a reader of the investigation with that code (see `redactorFor`), or
 * `case_not_found` when they are not on its team.
 *
 * @example const r = await readerRedactor(db, 'GIEI-2019', reader); if (r.ok) text = r.value(text);
 */
export async function readerRedactor(
  sql: Sql,
  code: string,
  reader: CaseReader,
): Promise<Result<(text: string) => string, CasesFailure>> {
  const m = await membership(sql, code, reader);
  if (!m.ok) return passOn(m);
  return ok(await redactorFor(sql, m.value));
}

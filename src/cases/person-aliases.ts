import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import { deleteAlias, insertAlias, personById } from './case.repository.ts';
import { type CaseReader, membership } from './case-access.ts';
import type { CasesFailure } from './cases.failures.ts';

/**
 * The other names a person is known by (issue #21 §3, migration 0068): a protected witness may be
 * named in a statement or a document by a nickname or another spelling, and every such name is
 * replaced by their code wherever their full name is (src/cases/redaction.ts). The team's
 * investigators add and remove them (capability `record_evidence`, as protecting a person); each
 * change is audited by the person's code and the alias's SHA-256 (of its lower case), never the
 * alias itself: the audit trail holds no protected identity.
 */

/** An alias as the redactor can use it: 2 to 200 characters, spaces collapsed. */
export function normalAlias(alias: string): string {
  return alias.trim().replace(/\s+/g, ' ');
}

const aliasDigest = (alias: string) => createHash('sha256').update(alias.toLowerCase(), 'utf8').digest('hex');

/**
 * Adds (`add: true`) or removes an alias of a person of the investigation. Adding an alias the
 * person has (in any case) or removing one they do not have changes nothing and answers
 * `changed: false`, unaudited.
 *
 * @example await setPersonAlias(db, 'GIEI-2019', 12n, 'el Tito', true, reader, now)
 */
export async function setPersonAlias(
  db: Database,
  code: string,
  personId: bigint,
  alias: string,
  add: boolean,
  reader: CaseReader,
  at: Date,
): Promise<Result<{ personId: bigint; alias: string; changed: boolean }, CasesFailure>> {
  const name = normalAlias(alias);
  if (name.length < 2) return fail({ code: 'case_input_invalid', field: 'alias', problem: 'missing' });
  if (name.length > 200) return fail({ code: 'case_input_invalid', field: 'alias', problem: 'range' });
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_evidence');
    if (!m.ok) return passOn(m);
    const person = await personById(tx, m.value.investigation.id, personId);
    if (!person) return fail({ code: 'case_entity_not_found', entity: 'person', id: String(personId) });
    const changed = add
      ? await insertAlias(tx, personId, name, reader.actor, at)
      : await deleteAlias(tx, personId, name);
    if (changed)
      await appendAudit(tx, {
        at,
        actor: reader.actor,
        action: add ? 'case_person.alias_added' : 'case_person.alias_removed',
        entityType: 'case_person',
        entityId: personId,
        after: { investigation: code, person: person.code, aliasSha256: aliasDigest(name) },
      });
    return ok({ personId, alias: name, changed });
  });
}

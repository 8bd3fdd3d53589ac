import type { Actor } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { investigationByCode, teamMember } from './case.repository.ts';
import type { CasesFailure } from './cases.failures.ts';
import type { CasePerson, Investigation, PersonView, TeamMember, TeamRole } from './cases.types.ts';

/**
 * Who may do what inside one investigation. Restricted by default: the route's permission
 * (cases.read, cases.write, cases.manage) only lets an officer ask; the investigation's team
 * decides. Someone not on the team is told the investigation does not exist.
 */

/** The officer asking: their username (the team is kept by username) and their audit actor. */
export interface CaseReader {
  username: string;
  actor: Actor;
}

/** What a team role may do beyond reading. */
export type Capability = 'manage_team' | 'record_evidence' | 'record_analysis' | 'see_protected';

const CAPABILITIES: Record<TeamRole, readonly Capability[]> = {
  investigator: ['manage_team', 'record_evidence', 'record_analysis', 'see_protected'],
  analyst: ['record_analysis'],
  prosecutor_liaison: [],
  victims_representative: [],
};

/** @example teamRoleCan('analyst', 'record_analysis') // true */
export function teamRoleCan(role: TeamRole, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}

/** The investigation and the reader's place on its team. */
export interface Membership {
  investigation: Investigation;
  member: TeamMember;
}

/**
 * The investigation by code with the reader's membership, or `case_not_found` (also when the
 * reader is not on the team); with `capability`, `case_role_refused` when their role lacks it.
 *
 * @example const m = await membership(db, 'GIEI-2019', reader, 'record_evidence');
 */
export async function membership(
  sql: Sql,
  code: string,
  reader: CaseReader,
  capability?: Capability,
): Promise<Result<Membership, CasesFailure>> {
  const investigation = await investigationByCode(sql, code);
  const member = investigation ? await teamMember(sql, investigation.id, reader.username) : null;
  if (!investigation || !member) return fail({ code: 'case_not_found', investigation: code });
  if (capability && !teamRoleCan(member.teamRole, capability))
    return fail({ code: 'case_role_refused', teamRole: member.teamRole, needs: capability });
  return ok({ investigation, member });
}

/**
 * Whether the member reads files of this family: everyone on the team but a victims'
 * representative, who reads only their own family's.
 *
 * @example readsFamily(member, 'FAM-03')
 */
export function readsFamily(member: TeamMember, familyCode: string | null): boolean {
  if (member.teamRole !== 'victims_representative') return true;
  return familyCode !== null && familyCode === member.familyCode;
}

/**
 * A person as this member sees them: a protected person's identity (name, date of birth, registry
 * link, family) is replaced by their stable code for anyone whose role does not see protected
 * identities. Every view and export of a person goes through here.
 *
 * @example personView(witness, analyst) // { id, code: 'T-0003', withheld: true, … }
 */
export function personView(p: CasePerson, member: TeamMember | 'public'): PersonView {
  const sees = member !== 'public' && teamRoleCan(member.teamRole, 'see_protected');
  if (p.protected && !sees)
    return { id: p.id, code: p.code, withheld: true, roles: p.roles, protected: true };
  return {
    id: p.id,
    code: p.code,
    withheld: false,
    fullName: p.fullName,
    roles: p.roles,
    sex: p.sex,
    dateOfBirth: p.dateOfBirth,
    registryPersonId: p.registryPersonId,
    familyCode: p.familyCode,
    protected: p.protected,
  };
}

/** How a person is named in a sentence for this member: the name, or the code when withheld. @example displayName(view) */
export function displayName(v: PersonView): string {
  return v.withheld ? v.code : v.fullName;
}

/**
 * The reader behind a signed-in principal: an officer by username — also through their personal
 * credential, whose actor is their account —, another system by its credential id.
 *
 * @example readerOf({ id: 'ak_1', actor: 'account:ana' }) // { username: 'ana', actor: 'account:ana' }
 */
export function readerOf(principal: { id: string; actor: Actor }): CaseReader {
  const username = principal.actor.startsWith('account:')
    ? principal.actor.slice('account:'.length)
    : principal.id;
  return { username, actor: principal.actor };
}

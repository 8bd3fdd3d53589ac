import type { AccessFailure } from './access.failures.ts';
import { type Holder, isRole, ROLES } from './permissions.ts';

/**
 * Parses role names given to an account or a credential: known to the catalogue, allowed for that
 * kind of holder, at least one, without repeats (kept in catalogue order, so the stored list and
 * its audit record do not depend on how they were typed).
 *
 * @example parseRoles(['bono_officer', 'auditor'], 'account') // { ok: true, value: ['bono_officer', 'auditor'] }
 */
export function parseRoles(
  names: readonly string[],
  holder: Holder,
): { ok: true; value: string[] } | { ok: false; error: AccessFailure } {
  const cleaned = names.map((n) => n.trim()).filter((n) => n !== '');
  if (cleaned.length === 0) return { ok: false, error: { code: 'no_roles' } };
  for (const name of cleaned) {
    if (!isRole(name)) return { ok: false, error: { code: 'unknown_role', role: name } };
    if (!(ROLES[name].holders as readonly Holder[]).includes(holder)) {
      return {
        ok: false,
        // Two literals, not one object with a conditional code: TypeScript checks an object whose
        // discriminant is a union against at most 25 combinations, fewer than codes × roles.
        error:
          holder === 'account'
            ? { code: 'role_not_for_accounts', role: name }
            : { code: 'role_not_for_credentials', role: name },
      };
    }
  }
  const wanted = new Set(cleaned);
  return { ok: true, value: Object.keys(ROLES).filter((r) => wanted.has(r)) };
}

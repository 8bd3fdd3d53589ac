import { createHash } from 'node:crypto';
import { canonicalJson, toAuditJson } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { SOURCE_LISTS } from '../registry/index.ts';
import { type BoundProgramme, bono, compileSelect, tryBind } from '../rules/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { ControlCell, RegistryState, RoundKind } from './bono.types.ts';
import type { RoundRulesNotInForce } from './round.failures.ts';
import { cellJson, type EntitlementGroup, entitlementSelectSql, registryCounts } from './round.repository.ts';

/**
 * What a round freezes and a replay recomputes: the registry's state, the rules and parameters in
 * force on the round's date (named by a rules version), the entitlement SELECT built from them, and
 * the control totals and content hash of the rows.
 *
 * The hash is SHA-256 over a header and one SHA-256 per group of rows (block of 65,536 person ids ×
 * department × age band × channel), computed in the database in one pass, so memory stays bounded
 * at any population size and a replay recomputes the same groups.
 */

/** The columns the compiled rules return for each entitled person. */
const RULE_COLUMNS = [
  'bono_amount_centavos',
  'bono_collection_window',
  'bono_collection_window_opens_on',
  'bono_collection_window_closes_on',
  'bono_payment_deadline',
] as const;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The bono's rules as a round applies them on its date. */
export interface RoundRules {
  readonly asOf: IsoDate;
  /** Every bono parameter in force on `asOf`, as written in the law's file, with the date it took effect. */
  readonly parameters: Record<string, unknown>;
  readonly bound: BoundProgramme;
}

/**
 * The rules as applied on `asOf`, or the law's refusal of a date before a parameter's first value
 * (`parameter_not_in_force`): the date of a new round is the one an officer typed, so a date
 * before the law is an expected failure, not a bug.
 *
 * @example const rules = roundRules('2020-12-01'); if (!rules.ok) return passOn(rules);
 */
export function roundRules(asOf: IsoDate): Result<RoundRules, RoundRulesNotInForce> {
  const bound = tryBind(bono, { date: asOf });
  if (!bound.ok) {
    // Without overrides, and with the law's file loaded when the programme was, a date before
    // the law is the only refusal the binder has: any other is a bug.
    if (bound.error.code !== 'parameter_not_in_force')
      throw new Error(`the bono's rules cannot be bound on ${asOf}: ${bound.error.code}`);
    return fail(bound.error);
  }
  const parameters: Record<string, unknown> = {};
  for (const name of bono.parameters.names()) {
    const p = bound.value.parameter(name);
    parameters[name] = { value: p.raw, effectiveFrom: p.effectiveFrom };
  }
  return ok({ asOf, parameters, bound: bound.value });
}

/**
 * The rules a round already frozen on `asOf` applied: they bound when it was frozen, so a refusal
 * now is a bug (replay, benchmark).
 *
 * @example const rules = frozenRoundRules(round.asOf);
 */
export function frozenRoundRules(asOf: IsoDate): RoundRules {
  const rules = roundRules(asOf);
  if (!rules.ok)
    throw new Error(
      `the bono's rules no longer bind on ${asOf}: parameter ${rules.error.parameter} takes effect on ${rules.error.firstEffective}`,
    );
  return rules.value;
}

/**
 * The SELECT that yields a round's entitlement rows (without the round id), for freeze and replay,
 * with the rules version and the parameters it applies.
 *
 * @example const { sql, rulesVersion } = entitlementSelect(frozenRoundRules('2020-12-01'), state, { personIdsParam: '$2' });
 */
export function entitlementSelect(
  applied: RoundRules,
  state: RegistryState,
  opts: { personTable?: string; personIdsParam?: string },
): { sql: string; rulesVersion: string; parameters: Record<string, unknown> } {
  const { asOf, parameters, bound } = applied;
  const rules = compileSelect(
    bound,
    {
      where: 'bono_eligible',
      columns: RULE_COLUMNS,
      listImports: state.sourceLists,
      ...(opts.personTable ? { personTable: opts.personTable } : {}),
    },
    SOURCE_LISTS,
  );
  // The rules version names the formulas (as compiled SQL, which embeds every folded parameter)
  // and the parameter values with the dates they took effect.
  // It is computed over the query on the live person table, so a replay (which reads a
  // reconstructed copy) names the same version; written over the registry's tables (`tableNames`),
  // as before the rules read its views (migration 0040), so earlier rounds keep their version.
  const canonicalRules = compileSelect(
    bound,
    { where: 'bono_eligible', columns: RULE_COLUMNS, listImports: state.sourceLists, tableNames: true },
    SOURCE_LISTS,
  );
  const rulesVersion = sha256(
    canonicalJson(
      toAuditJson({ programme: 'bono', asOf, parameters, sql: canonicalRules.replaceAll(/\s+/g, ' ') }),
    ),
  );
  const sql = entitlementSelectSql(rules, state.sourceLists['bank-accounts'], opts);
  return { sql, rulesVersion, parameters };
}

/**
 * The registry's state now, as a round records it: the source lists the rules know, and the last
 * person_history row (a replay undoes the changes after it).
 *
 * @example const state = await readRegistryState(tx);
 */
export async function readRegistryState(tx: Sql): Promise<RegistryState & { personHistoryId: number }> {
  const counts = await registryCounts(tx);
  const known = new Set(SOURCE_LISTS.map((l) => l.name));
  return {
    personImportId: counts.personImportId,
    sourceLists: Object.fromEntries(
      counts.lists.filter((l) => known.has(l.list)).map((l) => [l.list, l.import_id]),
    ),
    persons: counts.persons,
    personHistoryId: counts.personHistoryId,
  };
}

/**
 * The header the content hash covers before the rows.
 *
 * @example roundHeader('regular', '2020-12-01', round.rulesVersion)
 */
export const roundHeader = (kind: RoundKind, asOf: IsoDate, rulesVersion: string) => ({
  programme: 'bono',
  kind,
  asOf,
  rulesVersion,
});

/**
 * Control totals and content hash of entitlement rows, from their groups (roundEntitlementGroups,
 * replayEntitlementGroups): the control totals are the groups summed over blocks; the content hash
 * covers `header`, the totals and every group's hash.
 *
 * @example const sum = summarise(await roundEntitlementGroups(tx, id), roundHeader('regular', asOf, rulesVersion));
 */
export function summarise(
  groups: readonly EntitlementGroup[],
  header: Record<string, unknown>,
): { controlTotals: ControlCell[]; count: number; total: bigint; contentHash: string } {
  const cells = new Map<string, ControlCell>();
  for (const g of groups) {
    const key = `${g.department_code}|${g.band}|${g.channel}`;
    const cell = cells.get(key) ?? {
      departmentCode: g.department_code,
      band: g.band,
      channel: g.channel,
      count: 0,
      amountCentavos: 0n,
    };
    cell.count += g.n;
    cell.amountCentavos += BigInt(g.amount);
    cells.set(key, cell);
  }
  const controlTotals = [...cells.values()].sort(
    (x, y) =>
      x.departmentCode - y.departmentCode ||
      (x.band < y.band ? -1 : x.band > y.band ? 1 : 0) ||
      (x.channel < y.channel ? -1 : x.channel > y.channel ? 1 : 0),
  );
  const count = controlTotals.reduce((s, c) => s + c.count, 0);
  const total = controlTotals.reduce((s, c) => s + c.amountCentavos, 0n);
  const head = canonicalJson(
    toAuditJson({
      ...header,
      count,
      totalCentavos: total.toString(),
      controlTotals: controlTotals.map(cellJson),
    }),
  );
  const lines = groups.map(
    (g) => `${g.block}:${g.department_code}:${g.band}:${g.channel}:${g.n}:${g.amount}:${g.hash}`,
  );
  const contentHash = sha256(`${head}\n${lines.join('\n')}`);
  return { controlTotals, count, total, contentHash };
}

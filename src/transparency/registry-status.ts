import type { Database } from '../db/database.ts';
import { latestImports, sourceListCounts } from '../registry/index.ts';
import type { CountValue } from './figure.ts';
import { publishCount } from './suppression.ts';
import { loadRegistryFigures, type RegistryFigures } from './transparency.figures.ts';

/**
 * What the public status page (`GET /`) shows of the registry: the same suppressed figures as
 * `/transparencia/registro`, never the exact small counts and file names officers see.
 *
 * - Persons by department are the transparency registry figure itself (living, residing in
 *   Bolivia, through suppressCounts with their national total). The page used to count every
 *   person by department beside it: the difference between the two tables would have given away
 *   a department's few dead or emigrated persons exactly.
 * - Source lists: each list's count goes through publishCount ("<5" for 1–4). No sum binds two
 *   lists, so no complementary suppression is needed.
 * - Latest imports: kind, state and when, no file names (officers name files after people and
 *   places) and no row counts (a list's accepted rows are its published count; the rejected
 *   ones would follow from what was read).
 */
export interface PublicRegistryStatus {
  registry: RegistryFigures;
  sourceLists: { name: string; titleEs: string; titleEn: string; members: CountValue }[];
  lastImports: { kind: string; status: string; finishedAt: Date | null }[];
}

/**
 * Loads the public status of the registry on the day of `at` (ayni's clock).
 *
 * @example renderStatusPage(await loadPublicRegistryStatus(db, clockOf(app)()), 'es')
 */
export async function loadPublicRegistryStatus(db: Database, at: Date): Promise<PublicRegistryStatus> {
  const registry = await loadRegistryFigures(db, at);
  const sourceLists = (await sourceListCounts(db)).map((l) => ({
    name: l.name,
    titleEs: l.titleEs,
    titleEn: l.titleEn,
    members: publishCount(BigInt(l.members)),
  }));
  const lastImports = (await latestImports(db, 10)).map((r) => ({
    kind: r.kind,
    status: r.status,
    finishedAt: r.finishedAt,
  }));
  return { registry, sourceLists, lastImports };
}

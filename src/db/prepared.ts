/**
 * Statements worth preparing, declared by the code that runs them. Kept apart from the back ends so
 * that domain code can declare its hot queries without importing a driver; the PostgreSQL back end
 * prepares them once per connection.
 */

/**
 * Query texts their callers declared safe to prepare, each with its statement name. A prepared
 * statement is parsed and planned once per connection instead of on every call: for a lookup by
 * key that is most of PostgreSQL's work (0.5 ms of planning against 0.1 ms of execution for the
 * bono's standing query). Only texts declared with `prepared` are prepared, never every text,
 * because a statement over a temporary table that is dropped and recreated with other columns
 * (the registry importer's stage table) fails with "cached plan must not change result type".
 * Bounded: beyond `MAX_PREPARED` texts, further ones run unprepared.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 200;

/**
 * Declares a fixed query text (no values spliced in, no temporary tables) as worth preparing on
 * PostgreSQL; returns the text unchanged, so every other caller is unaffected.
 *
 * @example const BY_ID = prepared('SELECT * FROM bono_round WHERE id = $1'); await db.query(BY_ID, [id]);
 */
export function prepared(text: string): string {
  if (!preparedNames.has(text) && preparedNames.size < MAX_PREPARED)
    preparedNames.set(text, `ayni_${preparedNames.size + 1}`);
  return text;
}

/** The statement name of a declared text, or undefined. @example preparedName(BY_ID) // 'ayni_3' */
export function preparedName(text: string): string | undefined {
  return preparedNames.get(text);
}

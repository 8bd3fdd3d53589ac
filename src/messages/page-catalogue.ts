/**
 * The shape of the pages' catalogues (src/messages/pages.ts, docs/adr/0011-pages-as-components.md):
 * the Spanish catalogue of an area defines it, every other language's is typed
 * `Messages<typeof AREA_ES>`. Apart from pages.ts so a language's catalogue can name it without an
 * import cycle.
 */

/**
 * The shape a language's catalogue of an area must have, from the Spanish one: texts stay texts,
 * functions keep their parameters (a count, a name, a date already formatted), nested groups keep
 * their shape. A key missing, or one Spanish does not have, fails the typecheck.
 *
 * @example export const COMMON_EN: Messages<typeof COMMON_ES> = { languageName: 'English', … };
 */
export type Messages<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : T[K] extends string
      ? string
      : Messages<T[K]>;
};

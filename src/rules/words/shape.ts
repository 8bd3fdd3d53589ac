/**
 * The shape every language's rule words follow, taken from the Spanish ones (./es.ts): texts stay
 * texts, functions keep their parameters, each family of codes keeps its codes. A language whose
 * file lacks a word, or has one Spanish does not, fails the typecheck — as the pages' catalogues
 * do (src/messages/page-catalogue.ts, which the rules may not import: a domain imports no
 * catalogue of the interfaces).
 *
 * @example export const RULE_WORDS_EN: WordsOf<typeof RULE_WORDS_ES> = { yes: 'yes', … };
 */
export type WordsOf<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : T[K] extends string
      ? string
      : WordsOf<T[K]>;
};

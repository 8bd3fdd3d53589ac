/**
 * Text as identity comparisons see it: names without accents, case or punctuation, and the
 * Jaro–Winkler similarity between two such names. Pure functions, no I/O.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_A_LETTER = /[^a-z ]+/g;
const SPACES = / +/g;

/**
 * A name as comparisons see it: accents and case dropped (Quispé and QUISPE agree), ñ kept apart
 * from n only through its base letter (a typist without ñ writes n), hyphens and dots as spaces,
 * runs of spaces as one.
 *
 * @example normaliseName('  María-José  QUISPÉ ') // 'maria jose quispe'
 */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(NOT_A_LETTER, ' ')
    .replace(SPACES, ' ')
    .trim();
}

/**
 * Jaro–Winkler similarity (0 = nothing in common, 1 = equal), with Winkler's prefix bonus of 0.1
 * per shared leading character up to four, as in the record-linkage literature (Winkler 1990).
 *
 * @example jaroWinkler('martha', 'marhta') // 0.961…
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  const matchedA = new Uint8Array(lengthA);
  const matchedB = new Uint8Array(lengthB);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lengthB - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < lengthA; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const jaro = (matches / lengthA + matches / lengthB + (matches - halfTranspositions / 2) / matches) / 3;
  let prefix = 0;
  const prefixLimit = Math.min(4, lengthA, lengthB);
  while (prefix < prefixLimit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

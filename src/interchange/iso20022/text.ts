/**
 * Text, identifiers and amounts as ISO 20022 files carry them.
 *
 * The XSDs only bound lengths (`Max35Text`, `Max140Text` are any Unicode string of 1–35 or 1–140
 * characters), but what banks accept is narrower: the EPC "basic Latin" set (`a-z A-Z 0-9 / - ? :
 * ( ) . , ' +` and space) is the one every clearing house and bank system is known to take, while
 * `ñ`, accents or `&` are refused or mangled by some. Free text (names, remittance) is therefore
 * transliterated to that set by default (`María Núñez` → `Maria Nunez`), and identifiers are
 * refused outright when they leave it, since changing an identifier would break matching with the
 * bank's replies. See docs/adr/0005-iso20022.md.
 */

import { parseIsoDate } from '../../shared/dates.ts';
import type { Centavos } from '../../shared/money.ts';

/** How free text is written: transliterated to the basic Latin set, or kept as Unicode (XML-escaped). */
export type TextMode = 'basic-latin' | 'unicode';

/** One character of the basic Latin set, for free text (space included). */
const BASIC_LATIN_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;
/** Identifiers: the basic Latin set without space (banks trim or pad spaces, breaking matching). */
const IDENTIFIER = /^[A-Za-z0-9/\-?:().,'+]+$/;
/** Characters that have an obvious basic-Latin spelling which NFD alone does not give. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  '&': '+',
  '"': "'",
  '´': "'",
  '`': "'",
  '‘': "'",
  '’': "'",
  '“': "'",
  '”': "'",
  _: '-',
  '–': '-',
  '—': '-',
  º: 'o',
  ª: 'a',
  '#': 'No.',
};
/** Characters XML 1.0 forbids in a document (C0 controls except tab, LF, CR; lone surrogates; FFFE/FFFF). */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g;
const WHITESPACE_RUN = /\s+/g;

/** The result of cleaning one free-text value: the text to write and what had to change. */
export interface CleanText {
  text: string;
  /** Characters were replaced to fit the basic Latin set (or dropped as XML-illegal). */
  transliterated: boolean;
  /** The text was longer than the field allows and was cut. */
  truncated: boolean;
}

/**
 * Prepares free text (a name, a remittance line) for a `MaxNText` field: collapses whitespace,
 * transliterates to the basic Latin set in that mode, drops characters XML cannot carry, and cuts
 * to `maxChars` characters (code points, as the XSD counts them). Returns empty text when nothing
 * printable is left; the caller decides whether that is an error.
 *
 * @example cleanText('  María   Núñez & Hijos ', 140, 'basic-latin').text // 'Maria Nunez + Hijos'
 */
export function cleanText(value: string, maxChars: number, mode: TextMode): CleanText {
  let text = value;
  let transliterated = false;
  // Fast path: plain ASCII names need no work beyond the length check.
  if (!BASIC_LATIN_TEXT.test(text) || text.includes('  ') || text.startsWith(' ') || text.endsWith(' ')) {
    if (mode === 'basic-latin') {
      const pass = basicLatinPass(text);
      text = pass.text;
      transliterated = pass.changed;
    } else {
      const spaced = text.replace(WHITESPACE_RUN, ' ').trim();
      text = text.replace(XML_FORBIDDEN, ' ').replace(WHITESPACE_RUN, ' ').trim().normalize('NFC');
      transliterated = text !== spaced.normalize('NFC');
    }
  }
  let truncated = false;
  if (text.length > maxChars) {
    const codePoints = Array.from(text);
    if (codePoints.length > maxChars) {
      text = codePoints.slice(0, maxChars).join('').trimEnd();
      truncated = true;
    }
  }
  return { text, transliterated, truncated };
}

/**
 * Spells text in the basic Latin set: accents removed, a few letters spelt out, anything else
 * becomes a space, runs of spaces collapse.
 *
 * @example toBasicLatin('Peñaranda Ñuflo, Güemes') // 'Penaranda Nuflo, Guemes'
 */
export function toBasicLatin(value: string): string {
  return basicLatinPass(value).text;
}

/**
 * One pass over the decomposed text: keeps basic-Latin characters, drops accents, spells the
 * special letters, turns anything else into a space, collapses and trims spaces, and says whether
 * anything besides whitespace changed. Character codes and a table rather than regular
 * expressions: this runs for every name with an accent, a third of Bolivian names or more.
 */
function basicLatinPass(value: string): { text: string; changed: boolean } {
  const decomposed = value.normalize('NFD');
  let out = '';
  let changed = false;
  let space = false;
  for (let i = 0; i < decomposed.length; i++) {
    const code = decomposed.charCodeAt(i);
    let piece: string | undefined;
    if (code < 128 && BASIC_LATIN_CODES[code] === 1) {
      if (code === 32) {
        space = out !== '';
        continue;
      }
      piece = decomposed[i];
    } else if (code >= 0x300 && code <= 0x36f) {
      changed = true; // an accent, decomposed by NFD
      continue;
    } else if (isWhitespace(code)) {
      space = out !== '';
      continue;
    } else {
      changed = true;
      piece = SPECIAL_LETTERS[decomposed[i]!];
      if (piece === undefined) {
        space = out !== '';
        continue;
      }
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += piece;
  }
  return { text: out, changed };
}

/** Whitespace as JavaScript's `\s` knows it (tab, line breaks, no-break and typographic spaces). */
function isWhitespace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** 1 for the ASCII codes of the basic Latin set. */
const BASIC_LATIN_CODES = (() => {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    if (BASIC_LATIN_TEXT.test(String.fromCharCode(code))) table[code] = 1;
  }
  return table;
})();

/** Why an identifier was refused. */
export type IdentifierProblem = 'empty' | 'too_long' | 'characters' | 'slashes';

/**
 * Checks an identifier (MsgId, PmtInfId, EndToEndId, InstrId, account number): 1 to `maxChars`
 * characters of the basic Latin set without spaces, not starting or ending with `/` and without
 * `//` (the EPC rule: some banks use `/` as a separator in their own references).
 *
 * @example identifierProblem('BCH-R1-000123', 35) // undefined; identifierProblem('a b', 35) // 'characters'
 */
export function identifierProblem(value: string, maxChars: number): IdentifierProblem | undefined {
  if (value.length === 0) return 'empty';
  if (value.length > maxChars) return 'too_long';
  if (!IDENTIFIER.test(value)) return 'characters';
  if (value.startsWith('/') || value.endsWith('/') || value.includes('//')) return 'slashes';
  return undefined;
}

const IDENTIFIER_PROBLEM_TEXT: Readonly<Record<IdentifierProblem, string>> = {
  empty: 'is empty',
  too_long: 'is longer than allowed',
  characters: "may only use A-Z a-z 0-9 / - ? : ( ) . , ' + (no spaces, no accents)",
  slashes: "may not start or end with '/' nor contain '//'",
};

/** A sentence for an identifier problem. @example describeIdentifierProblem('too_long', 35) // 'is longer than 35 characters' */
export function describeIdentifierProblem(problem: IdentifierProblem, maxChars: number): string {
  return problem === 'too_long' ? `is longer than ${maxChars} characters` : IDENTIFIER_PROBLEM_TEXT[problem];
}

/** BIC (ISO 9362) as the XSD's `BICIdentifier` pattern: 8 or 11 characters. */
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/** @example isBic('BUNIBOLX') // true; isBic('Bank BIC') // false */
export function isBic(value: string): boolean {
  return BIC.test(value);
}

const ESCAPABLE = /[&<>"]/;

/**
 * Escapes text for an XML element or a double-quoted attribute.
 *
 * @example escapeXml('A & B <c>') // 'A &amp; B &lt;c&gt;'
 */
export function escapeXml(value: string): string {
  if (!ESCAPABLE.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Writes centavos as an ISO 20022 decimal with exactly two decimals, exactly (no float ever).
 *
 * @example formatAmountCentavos(100_000n) // '1000.00'; formatAmountCentavos(5n) // '0.05'
 */
export function formatAmountCentavos(amountCentavos: Centavos): string {
  // A file usually repeats one amount (the bono is Bs 1,000 for everyone): BigInt division is
  // what this costs, so the last answer is kept.
  if (amountCentavos === lastAmount) return lastText;
  if (amountCentavos < 0n) throw new RangeError(`negative amount ${amountCentavos} centavos`);
  const whole = amountCentavos / 100n;
  const cents = amountCentavos % 100n;
  lastText = cents < 10n ? `${whole}.0${cents}` : `${whole}.${cents}`;
  lastAmount = amountCentavos;
  return lastText;
}
let lastAmount: Centavos = 0n;
let lastText = '0.00';

const DECIMAL = /^\+?(\d*)(?:\.(\d*))?$/;

/**
 * Reads an ISO 20022 decimal (`1000`, `1000.5`, `5.0400`, `27.0`) into centavos exactly. Returns
 * `undefined` when the text is not a non-negative decimal or has a non-zero digit beyond the
 * centavos (such an amount cannot be a boliviano amount and must not be rounded silently).
 *
 * @example parseAmountCentavos('5.0400') // 504n; parseAmountCentavos('0.001') // undefined
 */
export function parseAmountCentavos(text: string): Centavos | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const whole = m[1] ?? '';
  const fraction = m[2] ?? '';
  if (whole === '' && fraction === '') return undefined;
  if (/[1-9]/.test(fraction.slice(2))) return undefined;
  const cents = (fraction + '00').slice(0, 2);
  return BigInt(whole === '' ? '0' : whole) * 100n + BigInt(cents);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Checks an `ISODateTime` as the XSD's `xs:dateTime` accepts it, with an existing calendar day.
 *
 * @example isIsoDateTime('2020-12-01T08:00:00-04:00') // true; isIsoDateTime('2020-12-01 08:00') // false
 */
export function isIsoDateTime(value: string): boolean {
  if (!ISO_DATE_TIME.test(value)) return false;
  const hour = Number(value.slice(11, 13));
  const minute = Number(value.slice(14, 16));
  const second = Number(value.slice(17, 19));
  return isIsoDate(value.slice(0, 10)) && hour < 24 && minute < 60 && second < 60;
}

/**
 * Checks a strict `YYYY-MM-DD` date that exists in the calendar.
 *
 * @example isIsoDate('2021-02-29') // false
 */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

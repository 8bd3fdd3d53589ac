import { isUtf8 } from 'node:buffer';
import { MUNICIPALITY_BY_CODE, type SourceListDefinition } from '../registry/index.ts';
import { assert } from '../shared/assert.ts';
import { csvLine } from '../shared/csv.ts';
import { fromEpochDay, toEpochDay } from '../shared/dates.ts';
import type { Calibration } from './calibration.ts';
import type { Rng } from './prng.ts';

/**
 * The errors `--messy` injects. Every injected line is an extra line: a broken copy of a recent
 * clean row, an exact repeat of one, or a row naming nobody. Each kind is built so the importer
 * must refuse it (bad field, wrong field count, malformed quotes, invalid UTF-8, repeated key or
 * unknown person), which lets tests assert rejected == injected and accepted == the clean file.
 */

export type PersonErrorKind = keyof Calibration['messy']['person_errors'];
export type ListErrorKind = keyof Calibration['messy']['list_errors'];

/**
 * A broken line and the error it actually carries: a kind that cannot apply falls back to another
 * (no Latin-1 near the start of a file, no bad column value in a list without extra columns), and
 * what is reported must be what was written, so a test can expect the importer's reason for it.
 */
export interface Corruption<Kind extends string, Content = string> {
  kind: Kind;
  content: Content;
}

/** One line messy mode injected, told to `SynthOptions.onInjected` as it is written. */
export interface InjectedLine {
  /** The file's name: persons.csv, disability.csv … */
  file: string;
  /** The physical line number, the header being line 1: the number the importer's rejects file gives. */
  line: number;
  kind: PersonErrorKind | ListErrorKind;
}

/** Persons-file column positions (PERSON_FILE_HEADER). */
const CI = 0;
const GIVEN = 3;
const FIRST_SURNAME = 4;
const DOB = 6;
const SEX = 7;
const MUNICIPALITY = 8;
const DEATH = 10;

/** Digits that pass for letters in a hurried transcription: o→0, i→1, e→3, a→4, s→5. */
const LOOKALIKE_DIGIT: Record<string, string> = {
  o: '0',
  O: '0',
  i: '1',
  I: '1',
  l: '1',
  e: '3',
  a: '4',
  s: '5',
  S: '5',
};
/** Letters that creep into CI numbers: O for 0, l and I for 1, B for 8. */
const LOOKALIKE_LETTER: Record<string, string> = { '0': 'O', '1': 'l', '8': 'B' };

/**
 * Builds one broken persons line from a clean row: text, or raw bytes for the Latin-1 kind.
 * `latin1Allowed` is false near the start of the file: the importer decides the file's encoding from
 * 1 MiB blocks and needs one clean block with accents to know the file is UTF-8 (see synth.ts).
 *
 * @example corruptPersonRow('sex_x', fields, rng, true) // { kind: 'sex_x', content: '4567890,,LP,Juana,…,X,…' }
 */
export function corruptPersonRow(
  kind: PersonErrorKind,
  clean: readonly string[],
  rng: Rng,
  latin1Allowed: boolean,
): Corruption<PersonErrorKind, string | Buffer> {
  if (kind === 'latin1_line' && !latin1Allowed) kind = 'name_with_digits';
  return { kind, content: brokenPersonLine(kind, clean, rng) };
}

function brokenPersonLine(kind: PersonErrorKind, clean: readonly string[], rng: Rng): string | Buffer {
  const f = clean.slice();
  switch (kind) {
    case 'name_with_digits': {
      f[GIVEN] = withDigit(f[GIVEN]!, rng);
      return csvLine(f);
    }
    case 'day_month_swapped': {
      // Written as YYYY-DD-MM with a day above 12, so the "month" cannot exist (1985-14-03).
      f[DOB] = swapDayMonth(f[DOB]!, rng);
      return csvLine(f);
    }
    case 'empty_ci':
      f[CI] = '';
      return csvLine(f);
    case 'ci_with_letters':
      f[CI] = ciWithLetters(f[CI]!, f[2] || 'LP', rng);
      return csvLine(f);
    case 'wrong_field_count': {
      if (rng.chance(0.5)) {
        // A column lost in a manual edit.
        f.splice(1 + rng.int(f.length - 1), 1);
      } else {
        // Given names split into two columns by an export that used spaces or commas.
        const names = f[GIVEN]!.split(' ');
        if (names.length > 1) f.splice(GIVEN, 1, names[0]!, names.slice(1).join(' '));
        else f.push('');
      }
      return csvLine(f);
    }
    case 'unknown_municipality': {
      const code = f[MUNICIPALITY]!;
      // Province 99 exists in no department; a 4-digit code is a truncated one.
      f[MUNICIPALITY] = rng.chance(0.5) ? `${code.slice(0, 2)}99${code.slice(4)}` : code.slice(0, 4);
      assert(!MUNICIPALITY_BY_CODE.has(f[MUNICIPALITY]!), 'injected municipality code exists');
      return csvLine(f);
    }
    case 'sex_x':
      f[SEX] = 'X';
      return csvLine(f);
    case 'death_before_birth':
      f[DEATH] = fromEpochDay(toEpochDay(f[DOB]!) - 1 - rng.int(3650));
      return csvLine(f);
    case 'duplicate_line':
      return csvLine(f);
    case 'latin1_line': {
      // The line needs a non-ASCII letter for its Latin-1 bytes to be invalid UTF-8.
      if (!/[^\x00-\x7f]/.test(f.join(''))) f[FIRST_SURNAME] = rng.chance(0.5) ? 'Peñaranda' : 'Núñez';
      const bytes = Buffer.from(csvLine(f), 'latin1');
      assert(!isUtf8(bytes), 'a Latin-1 line with accents is not valid UTF-8');
      return bytes;
    }
    case 'unterminated_quote':
      // An opening quote before the given names that never closes.
      return `${csvLine(f.slice(0, GIVEN))},"${csvLine(f.slice(GIVEN))}`;
  }
}

/**
 * A bad value for one list-specific column, per list; every value fails that column's check in
 * src/registry/source-lists.ts. Lists without extra columns have none.
 */
const BAD_LIST_VALUES: Record<string, readonly (readonly [number, string])[]> = {
  disability: [
    [0, 'severa'],
    [1, 'ceguera'],
  ],
  'ibc-blind': [[0, 'IBC 00123']],
  'sip-independent': [
    [0, 'N/A'],
    [0, '12'],
  ],
  'afp-dependent': [
    [0, 'eventual'],
    [1, 'mixto'],
    [2, '2020-13'],
  ],
  'death-pension-survivors': [[0, '3']],
  'pension-recipients': [[0, 'jubilacion']],
  'bono-familia': [[0, 'tutor']],
  'bank-accounts': [
    [0, 'BUNIPEPL'],
    [1, '12345'],
  ],
};

/**
 * Builds one bad source-list line from a clean row of that list (ci_number, complemento,
 * date_of_birth, extras…). `unknown_person` rows are well formed but name nobody in the registry.
 *
 * @example corruptListRow('empty_ci', list, ['4567890', '', '1980-05-01'], rng) // { kind: 'empty_ci', content: ',,1980-05-01' }
 */
export function corruptListRow(
  kind: ListErrorKind,
  list: SourceListDefinition,
  clean: readonly string[],
  rng: Rng,
): Corruption<ListErrorKind> {
  if (kind === 'bad_list_value' && !BAD_LIST_VALUES[list.name]) kind = 'impossible_date';
  return { kind, content: brokenListLine(kind, list, clean, rng) };
}

function brokenListLine(
  kind: ListErrorKind,
  list: SourceListDefinition,
  clean: readonly string[],
  rng: Rng,
): string {
  const f = clean.slice();
  switch (kind) {
    case 'unknown_person': {
      if (rng.chance(0.5)) {
        // A mistyped birth date: the CI exists but no person has it with this date. A shared CI's
        // other holder has a different complemento, so this key matches nobody.
        f[2] = fromEpochDay(toEpochDay(f[2]!) - 1 - rng.int(400));
      } else {
        // A 9-digit number: the generator gives registry persons 5 to 8 digits.
        f[0] = String(100_000_000 + rng.int(900_000_000));
        f[1] = '';
      }
      return csvLine(f);
    }
    case 'duplicate_line':
      return csvLine(f);
    case 'empty_ci':
      f[0] = '';
      return csvLine(f);
    case 'ci_with_letters':
      f[0] = ciWithLetters(f[0]!, 'LP', rng);
      return csvLine(f);
    case 'impossible_date':
      // Either day and month swapped, or the spreadsheet's DD/MM/YYYY instead of ISO.
      f[2] = rng.chance(0.6)
        ? swapDayMonth(f[2]!, rng)
        : `${f[2]!.slice(8)}/${f[2]!.slice(5, 7)}/${f[2]!.slice(0, 4)}`;
      return csvLine(f);
    case 'wrong_field_count':
      if (rng.chance(0.5)) f.pop();
      else f.push('');
      return csvLine(f);
    case 'bad_list_value': {
      const bad = BAD_LIST_VALUES[list.name]!;
      const [column, value] = bad[rng.int(bad.length)]!;
      f[3 + column] = value;
      return csvLine(f);
    }
    case 'unterminated_quote':
      return `${csvLine(f.slice(0, 1))},"${csvLine(f.slice(1))}`;
  }
}

function withDigit(name: string, rng: Rng): string {
  const at = 1 + rng.int(name.length - 1);
  const ch = name[at]!;
  return name.slice(0, at) + (LOOKALIKE_DIGIT[ch] ?? String(rng.int(10))) + name.slice(at + 1);
}

function swapDayMonth(iso: string, rng: Rng): string {
  let day = Number(iso.slice(8, 10));
  if (day <= 12) day = 13 + rng.int(16);
  return `${iso.slice(0, 4)}-${String(day).padStart(2, '0')}-${iso.slice(5, 7)}`;
}

function ciWithLetters(ci: string, expedition: string, rng: Rng): string {
  const r = rng.float();
  // The expedition glued to the number ("4567890LP"), the foreigner prefix, or a look-alike letter.
  if (r < 0.4) return `${ci}${expedition}`;
  if (r < 0.55) return `E-${ci}`;
  const at = rng.int(ci.length);
  const ch = ci[at]!;
  return ci.slice(0, at) + (LOOKALIKE_LETTER[ch] ?? 'O') + ci.slice(at + 1);
}

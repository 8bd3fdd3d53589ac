import { assert } from '../shared/assert.ts';
import { csvField } from '../shared/csv.ts';
import type { CalibrationTally } from './calibration-report.ts';
import type { DepartmentModel, Model } from './model.ts';
import type { OutputFile } from './output-file.ts';
import { Permutation, type Rng } from './prng.ts';

/** Recent unshared CI numbers a later person may be given together with a complemento. */
const SHARED_CI_POOL = 256;
const TWO_GIVEN_NAMES_SHARE = 0.5;
const COMPOUND_SHARE_OF_TWO = 0.5;
const NO_SECOND_SURNAME_SHARE = 0.03;
const NO_FIRST_SURNAME_SHARE = 0.005;
/** Complemento letters; no O, which reads as a zero. */
const LETTERS = 'ABCDEFGHIJKLMNPQRSTUVWXYZ';

/** One person as drawn: the fields of its persons.csv line, and what its source lists depend on. */
export interface DrawnPerson {
  /** The persons.csv fields, in PERSON_FILE_HEADER order. */
  fields: string[];
  ci: string;
  complemento: string;
  dob: string;
  /** Birth date as an epoch day. */
  dobDay: number;
  age: number;
  /** 0 = M, 1 = F (see cellOf). */
  sex: number;
  /** 1 when the person lives abroad. */
  abroad: number;
  dep: DepartmentModel;
}

/**
 * The persons of the registry, one at a time: age, sex, department and municipality, names, CI
 * number (unique, or rarely shared with a complemento), residence and death, drawn from the model
 * and written to persons.csv. All state is counters and a small ring of CI numbers, never the
 * population.
 *
 * @example
 *   const rows = new PersonRows(model, new Rng(42, 1), new Rng(42, 3), personsFile, tally);
 *   const person = rows.next(); // its line is in personsFile
 */
export class PersonRows {
  private readonly ciPermutations: Permutation[] = [];
  private readonly ciCounters: number[] = [];
  private readonly ciBases: number[] = [];
  private readonly sharedPool: string[] = new Array<string>(SHARED_CI_POOL).fill('');
  private sharedPoolNext = 0;
  private readonly expedition: Model['calibration']['identity']['expedition'];

  /**
   * `rng` is the clean population's stream (the source lists draw from it too, after each person);
   * `keyRng` keys the CI-number permutations and is used only here, at construction.
   */
  constructor(
    private readonly m: Model,
    private readonly rng: Rng,
    keyRng: Rng,
    private readonly persons: OutputFile,
    private readonly tally: CalibrationTally,
  ) {
    // Registry numbers have 5 to 8 digits; 9 digits are kept for messy rows naming nobody.
    for (let digits = 5; digits <= 8; digits++) {
      this.ciBases.push(10 ** (digits - 1));
      this.ciPermutations.push(new Permutation(9 * 10 ** (digits - 1), keyRng.nextU32()));
      this.ciCounters.push(0);
    }
    this.expedition = m.calibration.identity.expedition;
    // The hot loop joins fields with ',' instead of calling csvLine per field; that equals csvLine
    // only while no value needs quoting, which holds for these closed vocabularies and for the
    // digits, ISO dates and codes the generator builds itself.
    const vocabulary = [
      ...m.maleGiven.values,
      ...m.femaleGiven.values,
      ...m.maleCompound.values,
      ...m.femaleCompound.values,
      ...m.departments.flatMap((d) => [
        ...d.surnames,
        ...d.municipalityCodes,
        d.expedition,
        d.expeditionAlias ?? '',
      ]),
      ...m.countries.values,
    ];
    for (const v of vocabulary) assert(csvField(v) === v, `"${v}" would need CSV quoting`);
  }

  /** Draws the next person, writes its line to persons.csv and counts it for the calibration. */
  next(): DrawnPerson {
    const { rng, m, tally } = this;
    const age = m.ageTable.sample(rng);
    const dobDay = m.firstDob[age]! + rng.int(m.lastDob[age]! - m.firstDob[age]! + 1);
    const dob = m.dates[dobDay - m.firstDay]!;
    const sex = rng.float() < m.menShare ? 0 : 1;
    const depIndex = m.departmentTable.sample(rng);
    const dep = m.departments[depIndex]!;
    const municipality = dep.municipalityCodes[dep.municipalityTable.sample(rng)]!;
    const expedition = this.expeditionFor(dep);
    const givenNames = this.givenNames(sex);
    let firstSurname = dep.surnames[dep.surnameTable.sample(rng)]!;
    let secondSurname = dep.surnames[dep.surnameTable.sample(rng)]!;
    const r = rng.float();
    if (r < NO_SECOND_SURNAME_SHARE) secondSurname = '';
    else if (r < NO_SECOND_SURNAME_SHARE + NO_FIRST_SURNAME_SHARE) firstSurname = '';
    const [ci, complemento] = this.ciNumber();
    const abroad = age >= 18 && rng.float() < m.abroadShareOfAdults ? 1 : 0;
    const country = abroad ? m.countries.values[m.countries.table.sample(rng)]! : 'BO';
    let dateOfDeath = '';
    if (rng.float() < m.deadProbability[age]!) {
      const from = Math.max(dobDay, m.asOfDay - m.deathWindowDays);
      const to = Math.max(dobDay, m.asOfDay - 1);
      dateOfDeath = m.dates[from + rng.int(to - from + 1) - m.firstDay]!;
      tally.deceased++;
    }
    const fields = [
      ci,
      complemento,
      expedition,
      givenNames,
      firstSurname,
      secondSurname,
      dob,
      sex === 0 ? 'M' : 'F',
      municipality,
      country,
      dateOfDeath,
    ];
    // Equal to csvLine(fields): no value the generator emits needs quoting (checked at start).
    this.persons.line(fields.join(','));

    tally.departmentCounts[depIndex]!++;
    tally.bandCounts[m.bandOf[age]!]!++;
    if (sex === 0) tally.men++;
    if (age >= 18) {
      tally.adults++;
      if (abroad) tally.adultsAbroad++;
    }
    return { fields, ci, complemento, dob, dobDay, age, sex, abroad, dep };
  }

  private expeditionFor(dep: DepartmentModel): string {
    const { rng, m } = this;
    const r = rng.float();
    const e = this.expedition;
    let d = dep;
    if (r >= e.own_department + e.other_department) return '';
    // Someone who got the card in another department (moved, studied elsewhere).
    if (r >= e.own_department) d = m.departments[m.departmentTable.sample(rng)]!;
    return d.expeditionAlias !== undefined && rng.float() < e.beni_pando_alias
      ? d.expeditionAlias
      : d.expedition;
  }

  private givenNames(sex: number): string {
    const { rng, m } = this;
    const single = sex === 0 ? m.maleGiven : m.femaleGiven;
    const first = single.values[single.table.sample(rng)]!;
    if (rng.float() >= TWO_GIVEN_NAMES_SHARE) return first;
    if (rng.float() < COMPOUND_SHARE_OF_TWO) {
      const compound = sex === 0 ? m.maleCompound : m.femaleCompound;
      return compound.values[compound.table.sample(rng)]!;
    }
    const second = single.values[single.table.sample(rng)]!;
    return second === first ? first : `${first} ${second}`;
  }

  /** A fresh unique number, or (rarely) an earlier person's number with a complemento. */
  private ciNumber(): [string, string] {
    const { rng, m } = this;
    if (rng.float() < m.sharedCiProbability) {
      const slot = rng.int(SHARED_CI_POOL);
      const earlier = this.sharedPool[slot]!;
      if (earlier !== '') {
        // Each number is shared at most once: it leaves the pool.
        this.sharedPool[slot] = '';
        this.tally.sharedCiNumbers++;
        return [earlier, `${1 + rng.int(9)}${LETTERS[rng.int(LETTERS.length)]}`];
      }
    }
    let lengthIndex = m.ciLengths[m.ciLengthTable.sample(rng)]! - 5;
    // A length whose numbers are used up passes on to the next one.
    while (
      lengthIndex < this.ciPermutations.length &&
      this.ciCounters[lengthIndex]! >= this.ciPermutations[lengthIndex]!.size
    ) {
      lengthIndex++;
    }
    assert(lengthIndex < this.ciPermutations.length, 'CI numbers of 5 to 8 digits exhausted');
    const n =
      this.ciBases[lengthIndex]! + this.ciPermutations[lengthIndex]!.at(this.ciCounters[lengthIndex]!++);
    const ci = String(n);
    this.sharedPool[this.sharedPoolNext] = ci;
    this.sharedPoolNext = (this.sharedPoolNext + 1) % SHARED_CI_POOL;
    this.tally.distinctCiNumbers++;
    return [ci, ''];
  }
}

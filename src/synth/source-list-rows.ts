import { assert } from '../shared/assert.ts';
import { csvField } from '../shared/csv.ts';
import type { CalibrationTally } from './calibration-report.ts';
import type { MessyInjection } from './messy-injection.ts';
import { cellOf, choiceOf, listIndex, type Model, type WeightedChoice } from './model.ts';
import type { OutputFile } from './output-file.ts';
import type { DrawnPerson } from './person-rows.ts';
import type { Rng } from './prng.ts';

/**
 * The source lists of each person: which lists the person is on (the membership probabilities of
 * the model, by age, sex and residence) and the list's own columns (disability degree, AFP
 * contributor type and period, pension type, bank and account …), written to each list's file.
 *
 * @example
 *   const lists = new SourceListRows(model, rng, listFiles, tally, undefined);
 *   lists.write(persons.next());
 */
export class SourceListRows {
  private ibcSerial = 0;
  private readonly degrees: WeightedChoice;
  private readonly disabilityTypes: WeightedChoice;
  private readonly contributorTypes: WeightedChoice;
  private readonly pensionOld: WeightedChoice;
  private readonly pensionYoung: WeightedChoice;
  private readonly banks: WeightedChoice;
  private readonly periodsRecent: string[];
  private readonly periodsOlder: string[];
  private readonly afpPublicShare: number;
  private readonly afpRecentShare: number;
  private readonly secondDegreeShare: number;
  private readonly accountDigitsMin: number;
  private readonly accountDigitsMax: number;

  private readonly L = {
    bonoUniversal: listIndex('bono-universal'),
    juanaAzurduy: listIndex('juana-azurduy'),
    disability: listIndex('disability'),
    ibc: listIndex('ibc-blind'),
    sip: listIndex('sip-independent'),
    afp: listIndex('afp-dependent'),
    survivors: listIndex('death-pension-survivors'),
    pensions: listIndex('pension-recipients'),
    bonoFamilia: listIndex('bono-familia'),
    bank: listIndex('bank-accounts'),
  };

  /**
   * `rng` is the clean population's stream, shared with the persons; `lists` are the list files in
   * SOURCE_LISTS order; `messy`, when given, may add a broken row after each clean one.
   */
  constructor(
    private readonly m: Model,
    private readonly rng: Rng,
    private readonly lists: readonly OutputFile[],
    private readonly tally: CalibrationTally,
    private readonly messy: MessyInjection | undefined,
  ) {
    const sl = m.calibration.source_lists;
    this.degrees = choiceOf(sl.disability.degrees);
    this.disabilityTypes = choiceOf(sl.disability.types);
    this.contributorTypes = choiceOf(sl['afp-dependent'].contributor_types);
    this.pensionOld = choiceOf(sl['pension-recipients'].types_60_plus);
    this.pensionYoung = choiceOf(sl['pension-recipients'].types_under_60);
    this.banks = choiceOf(sl['bank-accounts'].banks);
    const afp = sl['afp-dependent'];
    const months = monthsBefore(m.asOf);
    this.periodsRecent = months.slice(-afp.recent_months);
    this.periodsOlder = months.filter((p) => p >= afp.older_from && !this.periodsRecent.includes(p));
    assert(this.periodsOlder.length > 0, 'afp-dependent older_from leaves no older months');
    this.afpPublicShare = afp.public_sector_share;
    this.afpRecentShare = afp.recent_share;
    this.secondDegreeShare = sl['death-pension-survivors'].second_degree_share;
    this.accountDigitsMin = sl['bank-accounts'].account_number_digits.min;
    this.accountDigitsMax = sl['bank-accounts'].account_number_digits.max;
    // List rows are joined with ',' (see write); that equals csvLine only while no value needs quoting.
    const vocabulary = [
      this.degrees,
      this.disabilityTypes,
      this.contributorTypes,
      this.pensionOld,
      this.pensionYoung,
      this.banks,
    ].flatMap((x) => x.values);
    for (const v of vocabulary) assert(csvField(v) === v, `"${v}" would need CSV quoting`);
  }

  /** True with probability p; draws nothing when p is 0, which most cells are for most lists. */
  private draw(probability: number): boolean {
    return probability > 0 && this.rng.float() < probability;
  }

  /** Draws the lists `person` is on and writes a row to each. */
  write(person: DrawnPerson): void {
    const { rng, m, L } = this;
    const { ci, complemento, dob, dobDay, age, sex, abroad, dep } = person;
    const p = m.p;
    const c = cellOf(age, sex, abroad);
    const afp = this.draw(p.afp[c]!);
    const sip = !afp && this.draw(p.sip[c]!);
    const collector = this.draw(p.collector[c]!);
    const beneficiary = this.draw(p.beneficiary[c]!);
    const survivor = this.draw(p.survivor[c]!);
    const survivorPension = survivor && rng.float() < m.survivorPensionShare;
    const pensionDirect = this.draw(p.pensionDirect[c]!);
    const juanaAzurduy = this.draw(p.juanaAzurduy[c]!);
    const ibc = this.draw(p.ibc[c]!);
    const disabilityVisual = ibc && rng.float() < m.ibcAlsoDisability;
    const disability = disabilityVisual || this.draw(p.disability[c]!);
    // Bono Universal: people on any other list are on it only at the leak rate (see model.ts).
    const elsewhere =
      afp || sip || collector || survivor || pensionDirect || juanaAzurduy || ibc || disability;
    const inBonoUniversalWindow = dobDay >= m.bonoUniversalDobFrom && dobDay <= m.bonoUniversalDobTo;
    const bonoUniversal =
      inBonoUniversalWindow && this.draw(elsewhere ? p.bonoUniversalLeaked[c]! : p.bonoUniversal[c]!);
    const bank = this.draw(afp ? p.bankWithSalary[c]! : p.bank[c]!);

    // List rows are the key plus the list's columns; no value needs CSV quoting (checked at start).
    const key = `${ci},${complemento},${dob}`;
    if (bonoUniversal) this.listRow(L.bonoUniversal, key);
    if (juanaAzurduy) this.listRow(L.juanaAzurduy, key);
    if (disability) {
      const degree = this.degrees.values[this.degrees.table.sample(rng)]!;
      const type = disabilityVisual
        ? 'visual'
        : this.disabilityTypes.values[this.disabilityTypes.table.sample(rng)]!;
      this.listRow(L.disability, `${key},${degree},${type}`);
    }
    if (ibc) this.listRow(L.ibc, `${key},${dep.expedition}-${String(++this.ibcSerial).padStart(6, '0')}`);
    if (sip) this.listRow(L.sip, `${key},${10_000_000 + rng.int(90_000_000)}`);
    if (afp) {
      const type = this.contributorTypes.values[this.contributorTypes.table.sample(rng)]!;
      const sector = rng.float() < this.afpPublicShare ? 'publico' : 'privado';
      const periods = rng.float() < this.afpRecentShare ? this.periodsRecent : this.periodsOlder;
      this.listRow(L.afp, `${key},${type},${sector},${periods[rng.int(periods.length)]!}`);
    }
    if (survivor) {
      const second = age >= 25 && rng.float() < this.secondDegreeShare;
      this.listRow(L.survivors, second ? `${key},2` : `${key},1`);
    }
    if (survivorPension || pensionDirect) {
      const types = age >= 60 ? this.pensionOld : this.pensionYoung;
      const type = survivorPension ? 'muerte' : types.values[types.table.sample(rng)]!;
      this.listRow(L.pensions, `${key},${type}`);
    }
    if (beneficiary) this.listRow(L.bonoFamilia, `${key},beneficiario`);
    else if (collector) this.listRow(L.bonoFamilia, `${key},cobrador`);
    if (bank) {
      const length = this.accountDigitsMin + rng.int(this.accountDigitsMax - this.accountDigitsMin + 1);
      const account = 10 ** (length - 1) + Math.floor(rng.float53() * 9 * 10 ** (length - 1));
      this.listRow(L.bank, `${key},${this.banks.values[this.banks.table.sample(rng)]!},${account}`);
    }
  }

  private listRow(index: number, line: string): void {
    const file = this.lists[index]!;
    file.line(line);
    this.tally.listCleanRows[index]!++;
    this.messy?.afterListRow(index, line, file);
  }
}

/** Every month (YYYY-MM) from January 1990 to the month before `asOf`. */
function monthsBefore(asOf: string): string[] {
  const out: string[] = [];
  const endYear = Number(asOf.slice(0, 4));
  const endMonth = Number(asOf.slice(5, 7));
  for (let y = 1990; y <= endYear; y++) {
    for (let mo = 1; mo <= 12; mo++) {
      if (y === endYear && mo >= endMonth) return out;
      out.push(`${y}-${String(mo).padStart(2, '0')}`);
    }
  }
  return out;
}

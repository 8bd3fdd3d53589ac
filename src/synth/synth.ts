import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  PERSON_FILE_HEADER,
  SOURCE_LISTS,
  type SourceListDefinition,
  sourceListHeader,
} from '../registry/index.ts';
import { assert } from '../shared/assert.ts';
import { csvField, csvLine } from '../shared/csv.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import { makePrivateFolder, openPrivateFile } from '../shared/private-files.ts';
import {
  corruptListRow,
  corruptPersonRow,
  type InjectedLine,
  type ListErrorKind,
  type PersonErrorKind,
} from './messy.ts';
import { buildModel, cellOf, type DepartmentModel, type Model } from './model.ts';
import { AliasTable, Permutation, Rng } from './prng.ts';

/**
 * The synthetic country: a persons file and every source list for a Bolivia-like population,
 * calibrated to INE's 2021 projection (see calibration.yaml), streamed to disk in constant memory
 * and byte-identical for the same (people, seed, asOf, messy).
 *
 * The clean population and the injected errors draw from separate random streams, so the clean
 * rows of a messy country are exactly the rows of the clean country with the same seed.
 */

export interface SynthOptions {
  people: number;
  seed: number;
  outDir: string;
  messy?: boolean;
  /** Reference date (YYYY-MM-DD): ages are counted on it and no birth or death comes after it. */
  asOf?: string /* default '2021-03-01' */;
  onProgress?: (done: number, total: number) => void;
  /**
   * Told of every line messy mode injects, as it is written (a report holding them all would grow
   * with the population): tests compare it line by line with what an import rejects.
   */
  onInjected?: (injected: InjectedLine) => void;
}

export interface SynthReport {
  /** Persons in the registry (clean rows of persons.csv; injected lines come on top). */
  people: number;
  /** Every file written; `rows` counts data lines, injected ones included, header excluded. */
  files: { name: string; path: string; rows: number }[];
  /**
   * Target and actual shares, as fractions of all persons (of adults for `residence`, of CI numbers
   * for `identity`), and the relative error 100 × (actual − target) / target.
   */
  calibration: { marginal: string; category: string; target: number; actual: number; errorPct: number }[];
  messyRowsInjected: number;
}

export const DEFAULT_AS_OF = '2021-03-01';
/** People aged 100 on asOf must be born in 1900 or later (identity.yaml's earliest birth date). */
const EARLIEST_AS_OF = '2001-01-01';
/**
 * A limit on the loop: four times Bolivia is far beyond any use, and keeps every registry CI number
 * at 5 to 8 digits, so the 9-digit numbers of messy "unknown person" rows can never match anyone.
 */
const MAX_PEOPLE = 50_000_000;
/** Persons generated between two checks of the output buffers. */
const BATCH_PERSONS = 4096;
/** Bytes buffered per file before they are handed to the operating system. */
const CHUNK_BYTES = 1 << 20;
const LF = 0x0a;
/** Characters of text gathered before they are encoded into the output buffer. */
const PENDING_CHARS = 16_384;
/**
 * The importer decides a file's encoding from 1 MiB blocks and calls it Latin-1 when no block holds
 * valid UTF-8 accents. Latin-1 lines therefore start only after this many bytes, so
 * the first block is clean and the file is read as UTF-8 with a few bad lines, as intended.
 */
const LATIN1_MIN_OFFSET_BYTES = 1 << 20;
/** Recent clean rows kept to copy from when injecting an error (constant memory). */
const RECENT_ROWS = 64;
/** Recent unshared CI numbers a later person may be given together with a complemento. */
const SHARED_CI_POOL = 256;
const TWO_GIVEN_NAMES_SHARE = 0.5;
const COMPOUND_SHARE_OF_TWO = 0.5;
const NO_SECOND_SURNAME_SHARE = 0.03;
const NO_FIRST_SURNAME_SHARE = 0.005;
/** Complemento letters; no O, which reads as a zero. */
const LETTERS = 'ABCDEFGHIJKLMNPQRSTUVWXYZ';

/**
 * Generates persons.csv and one CSV per source list in `outDir`, and reports calibration.
 *
 * @example
 *   const report = await generateCountry({ people: 100_000, seed: 42, outDir: 'out/synth' });
 *   const table = formatCalibration(report);
 */
export async function generateCountry(opts: SynthOptions): Promise<SynthReport> {
  if (!Number.isInteger(opts.people) || opts.people < 1 || opts.people > MAX_PEOPLE) {
    throw new UserError(
      'synth_people_out_of_range',
      `people must be a whole number from 1 to ${MAX_PEOPLE}; got ${opts.people}.`,
    );
  }
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) {
    throw new UserError('synth_bad_seed', `seed must be a whole number ≥ 0; got ${opts.seed}.`);
  }
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  if (parseIsoDate(asOf) === undefined || asOf < EARLIEST_AS_OF) {
    throw new UserError(
      'synth_bad_as_of',
      `asOf must be a date YYYY-MM-DD from ${EARLIEST_AS_OF} on; got "${asOf}".`,
    );
  }
  const model = buildModel(asOf);
  // Synthetic, but shaped like the real lists: written as privately as they would be (0700, 0600).
  await makePrivateFolder(opts.outDir);
  const persons = await OutputFile.open(path.join(opts.outDir, 'persons.csv'), csvLine(PERSON_FILE_HEADER));
  const lists: OutputFile[] = [];
  try {
    for (const list of SOURCE_LISTS) {
      lists.push(
        await OutputFile.open(path.join(opts.outDir, `${list.name}.csv`), csvLine(sourceListHeader(list))),
      );
    }
    const gen = new Generator(model, opts.seed, opts.messy === true, persons, lists, opts.onInjected);
    for (let done = 0; done < opts.people; ) {
      const end = Math.min(opts.people, done + BATCH_PERSONS);
      for (; done < end; done++) gen.person();
      await Promise.all([persons, ...lists].map((f) => f.flushIfFull()));
      opts.onProgress?.(done, opts.people);
    }
    await persons.close();
    for (const f of lists) await f.close();
    return gen.report(opts.people);
  } finally {
    await persons.abandon();
    for (const f of lists) await f.abandon();
  }
}

/**
 * A readable table of the report's calibration: target share, actual share, their difference in
 * percentage points and the relative error.
 *
 * @example const table = formatCalibration(await generateCountry({ people: 1e5, seed: 1, outDir }));
 */
export function formatCalibration(report: SynthReport): string {
  const header = ['marginal', 'category', 'target', 'actual', 'diff (pp)', 'error'];
  const rows = report.calibration.map((c) => [
    c.marginal,
    c.category,
    pct(c.target),
    pct(c.actual),
    (c.actual - c.target >= 0 ? '+' : '') + ((c.actual - c.target) * 100).toFixed(3),
    (c.errorPct >= 0 ? '+' : '') + c.errorPct.toFixed(2) + ' %',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [
    `Calibration of ${report.people.toLocaleString('en')} synthetic persons`,
    fmt(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(fmt),
  ].join('\n');
}

/**
 * Rewrites a UTF-8 text file as Latin-1 (ISO-8859-1), streaming, for encoding-detection tests.
 * Throws when the text has a character Latin-1 cannot hold (ayni's names never do).
 *
 * @example await writeLatin1Copy('out/persons.csv', 'out/persons-latin1.csv')
 */
export async function writeLatin1Copy(src: string, dest: string): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out = await openPrivateFile(dest, 'w');
  try {
    for await (const chunk of createReadStream(src, {
      highWaterMark: CHUNK_BYTES,
    }) as AsyncIterable<Buffer>) {
      await writeLatin1(out, decoder.decode(chunk, { stream: true }), src);
    }
    await writeLatin1(out, decoder.decode(), src);
  } finally {
    await out.close();
  }
}

async function writeLatin1(out: FileHandle, text: string, src: string): Promise<void> {
  const bad = /[^\x00-\xff]/.exec(text);
  if (bad) throw new UserError('synth_not_latin1', `${src} holds "${bad[0]}", which Latin-1 cannot encode.`);
  await writeAll(out, Buffer.from(text, 'latin1'));
}

function pct(share: number): string {
  return `${(share * 100).toFixed(3)} %`;
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  for (let guard = 0; offset < bytes.length; guard++) {
    assert(guard < 1_000_000, 'write made no progress');
    const { bytesWritten } = await handle.write(bytes, offset);
    offset += bytesWritten;
  }
}

/**
 * One output file. Lines are gathered into short strings that are encoded into a 1 MiB buffer as
 * soon as they reach 16 K characters, so no long-lived strings pile up for the garbage collector.
 * A full buffer is queued and written by `flushIfFull`, with at most one write per file in flight
 * (backpressure). Memory stays at a few MiB per file whatever the population.
 */
class OutputFile {
  rows = 0;
  /** Lines not yet encoded: short, so they die young and cost the garbage collector little. */
  private pending = '';
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private flushedBytes = 0;
  private full: Buffer[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown;
  private closed = false;

  private constructor(
    readonly filePath: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(filePath: string, header: string): Promise<OutputFile> {
    const f = new OutputFile(filePath, await openPrivateFile(filePath, 'w'));
    f.append(header);
    return f;
  }

  /** A lower bound of the file's size so far (pending characters count one byte each). */
  sizeBytesAtLeast(): number {
    return this.flushedBytes + this.used + this.pending.length;
  }

  line(text: string): void {
    this.pending += text;
    this.pending += '\n';
    this.rows++;
    if (this.pending.length >= PENDING_CHARS) this.settle();
  }

  /** A line given as raw bytes (the Latin-1 lines of messy mode). */
  rawLine(bytes: Buffer): void {
    this.settle();
    if (this.used + bytes.length + 1 > this.buffer.length) this.rotate();
    this.used += bytes.copy(this.buffer, this.used);
    this.buffer[this.used++] = LF;
    this.rows++;
  }

  private append(text: string): void {
    this.pending += text;
    this.pending += '\n';
    this.settle();
  }

  /** Encodes the pending text into the buffer. */
  private settle(): void {
    const text = this.pending;
    if (text === '') return;
    this.pending = '';
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
    assert(text.length * 3 <= CHUNK_BYTES, 'pending text larger than the output buffer');
    if (this.used + text.length * 3 > this.buffer.length) this.rotate();
    this.used += this.buffer.write(text, this.used);
  }

  private rotate(): void {
    if (this.used === 0) return;
    this.full.push(this.buffer.subarray(0, this.used));
    this.flushedBytes += this.used;
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  async flushIfFull(): Promise<void> {
    if (this.full.length > 0) await this.flush();
  }

  private async flush(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
    const chunks = this.full;
    this.full = [];
    this.inFlight = (async () => {
      for (const chunk of chunks) await writeAll(this.handle, chunk);
    })().catch((error: unknown) => {
      this.failure = error;
    });
  }

  async close(): Promise<void> {
    this.settle();
    this.rotate();
    await this.flush();
    await this.inFlight;
    if (this.failure) throw this.failure;
    this.closed = true;
    await this.handle.close();
  }

  /** Closes the handle after a failure elsewhere; a no-op once closed. */
  async abandon(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.inFlight;
    await this.handle.close().catch(() => {});
  }
}

/** Membership and column choices of a list, sampled with weights from calibration.yaml. */
interface Mix {
  values: readonly string[];
  table: AliasTable;
}
const mix = (weights: Record<string, number>): Mix => ({
  values: Object.keys(weights),
  table: new AliasTable(Object.values(weights)),
});

const LIST_INDEX = new Map(SOURCE_LISTS.map((l, i) => [l.name, i]));
function listIndex(name: string): number {
  const i = LIST_INDEX.get(name);
  assert(i !== undefined, `source list ${name} is not defined in src/registry/source-lists.ts`);
  return i;
}

/** The per-person generator: all state is counters and small rings, never the population. */
class Generator {
  private readonly rng: Rng;
  private readonly messyRng: Rng;
  private readonly ciPermutations: Permutation[];
  private readonly ciCounters: number[];
  private readonly ciBases: number[];
  private readonly sharedPool: string[] = new Array<string>(SHARED_CI_POOL).fill('');
  private sharedPoolNext = 0;
  private ibcSerial = 0;
  private readonly recentPersons: string[][] = [];
  private readonly recentListRows: string[][][];
  private readonly personErrors: Mix;
  private readonly listErrors: Mix;
  private readonly degrees: Mix;
  private readonly disabilityTypes: Mix;
  private readonly contributorTypes: Mix;
  private readonly pensionOld: Mix;
  private readonly pensionYoung: Mix;
  private readonly banks: Mix;
  private readonly periodsRecent: string[];
  private readonly periodsOlder: string[];
  private readonly expedition: Model['calibration']['identity']['expedition'];
  private readonly afpPublicShare: number;
  private readonly afpRecentShare: number;
  private readonly secondDegreeShare: number;
  private readonly accountDigitsMin: number;
  private readonly accountDigitsMax: number;

  // Tallies for the report.
  private readonly departmentCounts: number[];
  private readonly bandCounts: number[];
  private men = 0;
  private adults = 0;
  private adultsAbroad = 0;
  private deceased = 0;
  private distinctCiNumbers = 0;
  private sharedCiNumbers = 0;
  private readonly listCleanRows: number[];
  private injected = 0;

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

  constructor(
    private readonly m: Model,
    seed: number,
    private readonly messy: boolean,
    private readonly persons: OutputFile,
    private readonly lists: OutputFile[],
    private readonly onInjected: ((injected: InjectedLine) => void) | undefined,
  ) {
    this.rng = new Rng(seed, 1);
    this.messyRng = new Rng(seed, 2);
    const keyRng = new Rng(seed, 3);
    this.ciPermutations = [];
    this.ciBases = [];
    this.ciCounters = [];
    // Registry numbers have 5 to 8 digits; 9 digits are kept for messy rows naming nobody.
    for (let digits = 5; digits <= 8; digits++) {
      this.ciBases.push(10 ** (digits - 1));
      this.ciPermutations.push(new Permutation(9 * 10 ** (digits - 1), keyRng.nextU32()));
      this.ciCounters.push(0);
    }
    const cal = m.calibration;
    const sl = cal.source_lists;
    this.personErrors = mix(cal.messy.person_errors);
    this.listErrors = mix(cal.messy.list_errors);
    this.degrees = mix(sl.disability.degrees);
    this.disabilityTypes = mix(sl.disability.types);
    this.contributorTypes = mix(sl['afp-dependent'].contributor_types);
    this.pensionOld = mix(sl['pension-recipients'].types_60_plus);
    this.pensionYoung = mix(sl['pension-recipients'].types_under_60);
    this.banks = mix(sl['bank-accounts'].banks);
    const afp = sl['afp-dependent'];
    const months = monthsBefore(m.asOf);
    this.periodsRecent = months.slice(-afp.recent_months);
    this.periodsOlder = months.filter((p) => p >= afp.older_from && !this.periodsRecent.includes(p));
    assert(this.periodsOlder.length > 0, 'afp-dependent older_from leaves no older months');
    this.expedition = cal.identity.expedition;
    this.afpPublicShare = afp.public_sector_share;
    this.afpRecentShare = afp.recent_share;
    this.secondDegreeShare = sl['death-pension-survivors'].second_degree_share;
    this.accountDigitsMin = sl['bank-accounts'].account_number_digits.min;
    this.accountDigitsMax = sl['bank-accounts'].account_number_digits.max;
    this.departmentCounts = m.departments.map(() => 0);
    this.bandCounts = m.bands.map(() => 0);
    this.listCleanRows = SOURCE_LISTS.map(() => 0);
    this.recentListRows = SOURCE_LISTS.map(() => []);
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
      ...[
        this.degrees,
        this.disabilityTypes,
        this.contributorTypes,
        this.pensionOld,
        this.pensionYoung,
        this.banks,
      ].flatMap((x) => x.values),
    ];
    for (const v of vocabulary) assert(csvField(v) === v, `"${v}" would need CSV quoting`);
  }

  person(): void {
    const { rng, m } = this;
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
      this.deceased++;
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

    this.departmentCounts[depIndex]!++;
    this.bandCounts[m.bandOf[age]!]!++;
    if (sex === 0) this.men++;
    if (age >= 18) {
      this.adults++;
      if (abroad) this.adultsAbroad++;
    }

    this.sourceLists(ci, complemento, dob, dobDay, age, sex, abroad, dep);
    if (this.messy) this.injectPersonError(fields);
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
        this.sharedCiNumbers++;
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
    this.distinctCiNumbers++;
    return [ci, ''];
  }

  /** True with probability p; draws nothing when p is 0, which most cells are for most lists. */
  private draw(probability: number): boolean {
    return probability > 0 && this.rng.float() < probability;
  }

  private sourceLists(
    ci: string,
    complemento: string,
    dob: string,
    dobDay: number,
    age: number,
    sex: number,
    abroad: number,
    dep: DepartmentModel,
  ): void {
    const { rng, m, L } = this;
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
    this.listCleanRows[index]!++;
    if (!this.messy) return;
    const recent = this.recentListRows[index]!;
    // No value contains a comma or quote, so splitting gives the fields back.
    const fields = line.split(',');
    if (recent.length < RECENT_ROWS) recent.push(fields);
    else recent[this.messyRng.int(RECENT_ROWS)] = fields;
    if (this.messyRng.float() >= this.m.calibration.messy.list_row_share) return;
    const kind = this.listErrors.values[this.listErrors.table.sample(this.messyRng)] as ListErrorKind;
    const source = recent[this.messyRng.int(recent.length)]!;
    const broken = corruptListRow(kind, SOURCE_LISTS[index] as SourceListDefinition, source, this.messyRng);
    file.line(broken.content);
    this.injected++;
    // `rows` counts data lines; the header is line 1.
    this.onInjected?.({ file: path.basename(file.filePath), line: file.rows + 1, kind: broken.kind });
  }

  private injectPersonError(fields: string[]): void {
    const mr = this.messyRng;
    const recent = this.recentPersons;
    if (recent.length < RECENT_ROWS) recent.push(fields);
    else recent[mr.int(RECENT_ROWS)] = fields;
    if (mr.float() >= this.m.calibration.messy.persons_row_share) return;
    const kind = this.personErrors.values[this.personErrors.table.sample(mr)] as PersonErrorKind;
    const source = recent[mr.int(recent.length)]!;
    const broken = corruptPersonRow(
      kind,
      source,
      mr,
      this.persons.sizeBytesAtLeast() >= LATIN1_MIN_OFFSET_BYTES,
    );
    if (typeof broken.content === 'string') this.persons.line(broken.content);
    else this.persons.rawLine(broken.content);
    this.injected++;
    this.onInjected?.({
      file: path.basename(this.persons.filePath),
      line: this.persons.rows + 1,
      kind: broken.kind,
    });
  }

  report(people: number): SynthReport {
    const { m } = this;
    const calibration: SynthReport['calibration'] = [];
    const add = (marginal: string, category: string, target: number, actual: number): void => {
      calibration.push({
        marginal,
        category,
        target,
        actual,
        errorPct: target === 0 ? 0 : (100 * (actual - target)) / target,
      });
    };
    for (const [i, d] of m.departments.entries())
      add('department', d.name, d.targetShare, this.departmentCounts[i]! / people);
    for (const [i, b] of m.bands.entries())
      add('age_band', b.label, b.targetShare, this.bandCounts[i]! / people);
    add('sex', 'men', m.menShare, this.men / people);
    add('sex', 'women', 1 - m.menShare, (people - this.men) / people);
    add(
      'residence',
      'abroad (share of adults)',
      m.abroadShareOfAdults,
      this.adults ? this.adultsAbroad / this.adults : 0,
    );
    add('deceased', 'date_of_death before asOf', m.deceasedTarget, this.deceased / people);
    add(
      'identity',
      'CI numbers held by two persons (share of numbers)',
      m.calibration.identity.shared_ci_number_share.value,
      this.sharedCiNumbers / Math.max(1, this.distinctCiNumbers),
    );
    for (const t of m.listTargets)
      add('source_list', t.name, t.targetShare, this.listCleanRows[listIndex(t.name)]! / people);
    return {
      people,
      files: [this.persons, ...this.lists].map((f) => ({
        name: path.basename(f.filePath),
        path: f.filePath,
        rows: f.rows,
      })),
      calibration,
      messyRowsInjected: this.injected,
    };
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

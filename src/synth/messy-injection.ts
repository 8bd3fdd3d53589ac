import path from 'node:path';
import { SOURCE_LISTS, type SourceListDefinition } from '../registry/index.ts';
import {
  corruptListRow,
  corruptPersonRow,
  type InjectedLine,
  type ListErrorKind,
  type PersonErrorKind,
} from './messy.ts';
import { choiceOf, type Model, type WeightedChoice } from './model.ts';
import type { OutputFile } from './output-file.ts';
import type { Rng } from './prng.ts';

/**
 * The importer decides a file's encoding from 1 MiB blocks and calls it Latin-1 when no block holds
 * valid UTF-8 accents. Latin-1 lines therefore start only after this many bytes, so
 * the first block is clean and the file is read as UTF-8 with a few bad lines, as intended.
 */
const LATIN1_MIN_OFFSET_BYTES = 1 << 20;
/** Recent clean rows kept to copy from when injecting an error (constant memory). */
const RECENT_ROWS = 64;

/**
 * Messy mode: after a clean row, sometimes writes a broken copy of a recent row (of the same file)
 * right below it, at the rates and with the kinds of error calibration.yaml gives. It draws only
 * from its own random stream, so the clean rows are those of the clean country with the same seed.
 *
 * @example
 *   const messy = new MessyInjection(model, new Rng(42, 2), personsFile, (i) => injected.push(i));
 *   messy.afterPersonRow(person.fields);
 */
export class MessyInjection {
  /** Lines injected so far, in every file. */
  injected = 0;
  private readonly recentPersons: string[][] = [];
  private readonly recentListRows: string[][][] = SOURCE_LISTS.map(() => []);
  private readonly personErrors: WeightedChoice;
  private readonly listErrors: WeightedChoice;

  constructor(
    private readonly m: Model,
    private readonly messyRng: Rng,
    private readonly persons: OutputFile,
    private readonly onInjected: ((injected: InjectedLine) => void) | undefined,
  ) {
    this.personErrors = choiceOf(m.calibration.messy.person_errors);
    this.listErrors = choiceOf(m.calibration.messy.list_errors);
  }

  /** Called after each clean row of a source list (`index` in SOURCE_LISTS) is written to `file`. */
  afterListRow(index: number, line: string, file: OutputFile): void {
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

  /** Called after each person's clean line is written to persons.csv (and its list rows). */
  afterPersonRow(fields: string[]): void {
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
}

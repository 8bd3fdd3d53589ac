import { SOURCE_LISTS } from '../registry/index.ts';
import { listIndex, type Model } from './model.ts';
import type { SynthReport } from './synth.types.ts';

/**
 * Tallies kept while the country is generated (counters only, never the population), and the
 * calibration report drawn from them: how close each marginal came to its target.
 *
 * @example
 *   const tally = new CalibrationTally(buildModel('2021-03-01'));
 *   tally.men++;
 *   const rows = tally.calibration(1);
 */
export class CalibrationTally {
  readonly departmentCounts: number[];
  readonly bandCounts: number[];
  men = 0;
  adults = 0;
  adultsAbroad = 0;
  deceased = 0;
  distinctCiNumbers = 0;
  sharedCiNumbers = 0;
  /** Clean rows per source list, in SOURCE_LISTS order (injected lines not counted). */
  readonly listCleanRows: number[];

  constructor(private readonly m: Model) {
    this.departmentCounts = m.departments.map(() => 0);
    this.bandCounts = m.bands.map(() => 0);
    this.listCleanRows = SOURCE_LISTS.map(() => 0);
  }

  /** Target and actual share of every marginal, for `people` persons generated. */
  calibration(people: number): SynthReport['calibration'] {
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
    return calibration;
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

function pct(share: number): string {
  return `${(share * 100).toFixed(3)} %`;
}

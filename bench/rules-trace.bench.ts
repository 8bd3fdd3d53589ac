/**
 * Benchmark: the cost of explaining a bono decision, in memory (no database), per person.
 *
 *   node --import ./bin/typescript.mjs bench/rules-trace.bench.ts [--persons 50000] [--runs 5]
 *
 * Times, for `--persons` synthetic persons (one in three excluded by the AFP list, ages 21 to 70,
 * so some too old), three ways of explaining `bono_eligible` on 30 Nov 2020: the reasons the
 * citizen's status look-up showed before (`Evaluation.reasons`: the decision and each condition),
 * what it shows now (`decisionOf`: the same and the condition that decided it), and the full trace
 * an officer reads (`traceView` and `renderTrace` in Spanish with every condition). Prints the
 * median over `--runs` of microseconds per person for each: the machine is shared, so one run says
 * little.
 */
import { pageMessages } from '../src/messages/index.ts';
import {
  bind,
  decisionOf,
  evaluate,
  type Facts,
  programmeNamed,
  renderTrace,
  traceView,
} from '../src/rules/index.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const persons = Number(arg('persons', '50000'));
const runs = Number(arg('runs', '5'));

const bound = bind(programmeNamed('bono'), { date: '2020-11-30' });
const words = pageMessages('es').ruleTrace;
const facts = (i: number): Facts => ({
  attributes: {
    ci_number: String(1_000_000 + i),
    complemento: '',
    date_of_birth: `19${50 + (i % 49)}-05-05`,
    sex: 'F',
    municipality_code: '020101',
    department_code: 2,
    residence_country: 'BO',
    date_of_death: null,
  },
  lists:
    i % 3 === 0
      ? {
          'bono-universal': {},
          'afp-dependent': {
            contributor_type: 'consultor',
            sector: 'privado',
            last_contribution_period: '2020-09-01',
          },
        }
      : { 'bono-universal': {} },
});

/** Microseconds per person of one way of explaining, over every person once. */
function perPerson(explain: (f: Facts) => unknown): number {
  const started = performance.now();
  for (let i = 0; i < persons; i++) explain(facts(i));
  return ((performance.now() - started) * 1000) / persons;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ways: Record<string, (f: Facts) => unknown> = {
  'reasons (before)': (f) => evaluate(bound, f).reasons('bono_eligible', 'es'),
  'decisionOf (citizen, now)': (f) => decisionOf(evaluate(bound, f), 'bono_eligible', 'es'),
  'full trace (officer)': (f) =>
    renderTrace(traceView(bound, evaluate(bound, f).trace()), 'es', words, '', { full: true }),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
for (let r = 0; r < runs; r++)
  for (const [name, way] of Object.entries(ways)) times[name]!.push(perPerson(way));
console.log(`${persons} persons, median of ${runs} runs, µs per person:`);
for (const [name, xs] of Object.entries(times))
  console.log(
    `  ${name.padEnd(28)} ${median(xs).toFixed(1)}  (runs: ${xs.map((x) => x.toFixed(1)).join(', ')})`,
  );

import { SOURCE_LIST_BY_NAME } from '../registry/index.ts';
import { type BoundProgramme, boundTypeEnv, inferType, type TypeEnv } from './bind.ts';
import { type Expr, TRUE, type Value, type ValueType } from './expr.ts';
import { RulesError } from './errors.ts';
import { type LowerOptions, lowerVariable } from './lower.ts';

/**
 * The SQL back end: bound variables compiled to set-based SQL over `person p` and the source
 * lists in force, for whole-population runs. Only SQL that both PostgreSQL 15 and PGlite
 * (PostgreSQL 18) accept.
 *
 * - Constants are written as typed literals (`DATE '2002-09-16'`, `100000::int8`); they come from
 *   validated parameter files, never from user input, and text is quoted by `sqlText`.
 * - A source-list membership is `p.id IN (SELECT person_id FROM … WHERE import_id = <list in
 *   force>)`: uncorrelated, so PostgreSQL hashes each list once even inside an OR.
 * - Comparisons that may see a NULL are wrapped in `coalesce(…, FALSE)`: SQL's three-valued logic
 *   must give the same answer as the interpreter, where a comparison with null is false.
 */

export interface SqlOptions extends LowerOptions {
  /**
   * Values for attributes the registry does not hold (a vaccination preview assumes nobody is a
   * declared health worker). Compiling a formula that reads such an attribute without a value
   * here fails with `not_compilable_to_sql`.
   */
  readonly assume?: Readonly<Record<string, Value>>;
}

const SQL_TYPE: Record<ValueType, string> = {
  bool: 'boolean',
  int: 'integer',
  date: 'date',
  text: 'text',
  money: 'int8',
};

/** A quoted SQL text literal. @example sqlText("O'Brien") // "'O''Brien'" */
export function sqlText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function sqlLiteral(t: ValueType, v: Value): string {
  if (v === null) return `NULL::${SQL_TYPE[t]}`;
  switch (t) {
    case 'bool':
      return v ? 'TRUE' : 'FALSE';
    case 'int':
      if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${String(v)}`);
      return `(${v})`;
    case 'money':
      if (typeof v !== 'bigint') throw new Error(`money must be bigint, got ${typeof v}`);
      return `(${v.toString()})::int8`;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(String(v))) throw new Error(`not a date: ${String(v)}`);
      return `DATE '${v}'`;
    case 'text':
      return sqlText(String(v));
  }
}

function scalarLiteral(v: string | number): string {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
    return String(v);
  }
  return sqlText(v);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The SQL expression for one variable, over `person p`.
 *
 * @example sqlOfVariable(bound, 'bono_meets_minimum_age') // "(p.date_of_birth <= DATE '2002-09-16')"
 */
export function sqlOfVariable(bound: BoundProgramme, name: string, opts: SqlOptions = {}): string {
  const b = bound.variable(name);
  if (b.def.entity !== bound.programme.root) {
    throw new RulesError('not_compilable_to_sql', `${name} is a variable of ${b.def.entity}, not of the population`);
  }
  const env = boundTypeEnv(bound, b.def.entity, name);
  return new SqlCompiler(bound, env, opts).sql(lowerVariable(bound, name, opts));
}

class SqlCompiler {
  constructor(
    readonly bound: BoundProgramme,
    readonly env: TypeEnv,
    readonly opts: SqlOptions,
  ) {}

  nullable(e: Expr): boolean {
    return inferType(e, this.env).nullable;
  }

  sql(e: Expr): string {
    const s = (x: Expr) => this.sql(x);
    switch (e.k) {
      case 'lit':
        return sqlLiteral(e.t, e.v);
      case 'attr': {
        const spec = this.bound.programme.entities[this.bound.programme.root]!.attributes[e.name]!;
        if (spec.sql) return spec.sql;
        const assumed = this.opts.assume?.[e.name];
        if (assumed === undefined) {
          throw new RulesError(
            'not_compilable_to_sql',
            `${this.env.where} reads ${e.name}, which the registry does not hold; pass a value for it in "assume".`,
          );
        }
        return sqlLiteral(spec.t, assumed);
      }
      case 'var':
        throw new Error(`variable ${e.name} was not inlined`);
      case 'parentVar':
      case 'sum':
        throw new RulesError(
          'not_compilable_to_sql',
          `${this.env.where} sums over a declaration's items; only the in-memory back end evaluates it.`,
        );
      case 'today':
      case 'param':
        throw new Error(`unbound ${e.k}`);
      case 'member': {
        const list = SOURCE_LIST_BY_NAME.get(e.list);
        if (!list) throw new Error(`unknown source list ${e.list}`);
        let filter = '';
        if (e.column !== undefined) {
          if (!list.extra.some((c) => c.name === e.column) || !IDENTIFIER.test(e.column))
            throw new Error(`source list ${e.list} has no column ${e.column}`);
          if (!e.values || e.values.length === 0) return 'FALSE';
          filter = ` AND s.${e.column} IN (${e.values.map(scalarLiteral).join(', ')})`;
        }
        return `p.id IN (SELECT s.person_id FROM ${list.table} s WHERE s.import_id = (SELECT c.import_id FROM source_list_current c WHERE c.list = ${sqlText(list.name)})${filter})`;
      }
      case 'not':
        return `(NOT ${s(e.a)})`;
      case 'and':
      case 'or':
        return `(${e.args.map(s).join(e.k === 'and' ? ' AND ' : ' OR ')})`;
      case 'cmp': {
        const text = `(${s(e.a)} ${e.op} ${s(e.b)})`;
        return this.nullable(e.a) || this.nullable(e.b) ? `coalesce(${text}, FALSE)` : text;
      }
      case 'isNull':
        return `(${s(e.a)} IS NULL)`;
      case 'if':
        return `(CASE WHEN ${s(e.c)} THEN ${s(e.a)} ELSE ${s(e.b)} END)`;
      case 'coalesce':
        return `coalesce(${s(e.a)}, ${s(e.b)})`;
      case 'in': {
        const text = `(${s(e.a)} IN (${e.set.map(scalarLiteral).join(', ')}))`;
        return this.nullable(e.a) ? `coalesce(${text}, FALSE)` : text;
      }
      case 'age':
        return `(extract(year from age(${s(e.on)}, ${s(e.dob)})))::int`;
      case 'addDays':
        return `(${s(e.a)} + ${s(e.n)})`;
      case 'isoWeekday':
        return `(extract(isodow from ${s(e.a)}))::int`;
      case 'lastDigit': {
        const d = `right(${s(e.a)}, 1)`;
        return `(CASE WHEN ${d} ~ '^[0-9]$' THEN (${d})::int END)`;
      }
      case 'yearOf':
        return `(extract(year from ${s(e.a)}))::int`;
      case 'add':
        return `(${s(e.a)} + ${s(e.b)})`;
      case 'sub':
        return `(${s(e.a)} - ${s(e.b)})`;
      case 'max':
      case 'min': {
        const fn = `${e.k === 'max' ? 'greatest' : 'least'}(${s(e.a)}, ${s(e.b)})`;
        // greatest/least skip NULLs; the language says null in, null out.
        return this.nullable(e.a) || this.nullable(e.b)
          ? `(CASE WHEN ${s(e.a)} IS NULL OR ${s(e.b)} IS NULL THEN NULL ELSE ${fn} END)`
          : fn;
      }
      case 'mulRate': {
        // Round half away from zero to the centavo, in int8 arithmetic like ops.mulRateCentavos.
        const n = `(${s(e.a)} * (${s(e.bp)})::int8)`;
        return `(CASE WHEN ${n} < 0 THEN -((-2 * ${n} + 10000) / 20000) ELSE (2 * ${n} + 10000) / 20000 END)`;
      }
      case 'makeDate':
        return `make_date(${s(e.year)}, ${s(e.month)}, ${s(e.day)})`;
      case 'lastWeekdayOfMonth': {
        const last = `((make_date(${s(e.year)}, ${s(e.month)}, 1) + interval '1 month' - interval '1 day')::date)`;
        return `(${last} - (CASE extract(isodow from ${last}) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END))`;
      }
    }
  }
}

export interface SelectOptions extends SqlOptions {
  /** Variables to return, one column each, named after the variable. */
  readonly columns: readonly string[];
  /** A boolean variable selecting the rows (e.g. `bono_eligible`); columns are computed knowing it is true. */
  readonly where?: string;
}

/**
 * A `SELECT p.id AS person_id, <columns> FROM person p [WHERE …]` over the whole registry, to run,
 * to wrap in a CTE, or to feed `INSERT INTO … SELECT` (see `materialise` in rules.repository.ts).
 *
 * @example compileSelect(bound, { where: 'bono_eligible', columns: ['bono_collection_window'] })
 */
export function compileSelect(bound: BoundProgramme, opts: SelectOptions): string {
  const known = withKnown(opts);
  const cols = opts.columns.map((c) => {
    if (!IDENTIFIER.test(c)) throw new Error(`bad column name ${c}`);
    return `${sqlOfVariable(bound, c, { ...opts, known })} AS ${c}`;
  });
  const where = opts.where ? `\nWHERE ${sqlOfVariable(bound, opts.where, opts)}` : '';
  return `SELECT p.id AS person_id${cols.map((c) => `,\n  ${c}`).join('')}\nFROM person p${where}`;
}

export interface PreviewOptions extends SqlOptions {
  /** The boolean variable a person must satisfy to be counted at all. */
  readonly where: string;
  /** Boolean variables counted per group (the first is usually `where` itself). */
  readonly measures: readonly string[];
  /** A text variable giving each person's age band (or other group) next to the department. */
  readonly band: string;
}

/**
 * Counts by department and band without materialising anything: one aggregate query.
 * Columns: department_code, band, then one int8 count per measure.
 *
 * @example compilePreview(bound, { where: 'bono_eligible', measures: ['bono_eligible'], band: 'bono_collection_window' })
 */
export function compilePreview(bound: BoundProgramme, opts: PreviewOptions): string {
  const known = withKnown(opts);
  const band = sqlOfVariable(bound, opts.band, { ...opts, known });
  const measures = opts.measures.map((m) => {
    if (!IDENTIFIER.test(m)) throw new Error(`bad measure name ${m}`);
    const cond = sqlOfVariable(bound, m, { ...opts, known });
    return cond === 'TRUE' ? `count(*) AS ${m}` : `count(*) FILTER (WHERE ${cond}) AS ${m}`;
  });
  return [
    `SELECT p.department_code::int AS department_code, ${band} AS band,`,
    `  ${measures.join(',\n  ')}`,
    'FROM person p',
    `WHERE ${sqlOfVariable(bound, opts.where, opts)}`,
    'GROUP BY 1, 2',
    'ORDER BY 1, 2',
  ].join('\n');
}

function withKnown(opts: SqlOptions & { where?: string }): ReadonlyMap<string, Expr> {
  const known = new Map(opts.known ?? []);
  if (opts.where) known.set(opts.where, TRUE);
  return known;
}


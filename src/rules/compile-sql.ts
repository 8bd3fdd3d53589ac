import { fail, ok, type Result } from '../shared/failure.ts';
import { type BoundProgramme, boundTypeEnv, inferType, type TypeEnv } from './bind.ts';
import { type Expr, TRUE, type Value, type ValueType } from './expr.ts';
import { type LowerOptions, lowerVariable } from './lower.ts';
import type { NotCompilableToSql } from './rules.failures.ts';

/**
 * The SQL back end: bound variables compiled to set-based SQL over `registry_person p` and the
 * source lists in force, for whole-population runs. Only SQL that both PostgreSQL 15 (CI's server)
 * and PostgreSQL 18 (the embedded server) accept.
 *
 * The queries read the registry's published read model (migration 0040, src/registry/README.md):
 * `registry_person`, `registry_list_current` and each list's view, never its tables, which the
 * registry may change while the views keep their promise. The views are plain projections the
 * planner inlines, so the plans are those over the tables.
 *
 * - Constants are written as typed literals (`DATE '2002-09-16'`, `100000::int8`); they come from
 *   validated parameter files, never from user input, and text is quoted by `sqlText`.
 * - A source-list membership is a `LEFT JOIN` of the list's snapshot in force on person id, one
 *   per distinct (list, filter), tested as `m1.person_id IS NOT NULL`. The snapshot's primary
 *   key (import_id, person_id) guarantees at most one row per person, so the join never
 *   multiplies rows. Not `p.id IN (subquery)`: inside an OR PostgreSQL runs that as a hashed
 *   subplan only when the list fits in work_mem, and otherwise scans the list once per person
 *   (measured: a 1 M-person preview did not finish in ten minutes).
 * - A preview reads a membership of a list in force from the person's row instead
 *   (`membershipFlags`, migration 0065, ADR 0017): `(p.source_list_flags & mask) <> 0`, a bit per
 *   list or per value of its coded column, one scan of person. The joins stay for pinned
 *   snapshots (a round's replay), `tableNames` (its hashed version) and filters the flags lack.
 * - Comparisons that may see a NULL are wrapped in `coalesce(…, FALSE)`: SQL's three-valued logic
 *   must give the same answer as the interpreter, where a comparison with null is false.
 *
 * The source lists a formula may name are passed in (the registry's catalogue, `SOURCE_LISTS` of
 * src/registry): the engine compiles against the views it is given and imports no domain.
 */

/**
 * What the compiler reads of a source list: the name formulas use, the registry's view a query
 * reads, the table behind it (named only in `tableNames` text), its extra columns.
 */
export interface SourceListTable {
  readonly name: string;
  readonly table: string;
  readonly view: string;
  readonly extra: readonly { readonly name: string; readonly sqlType: string }[];
  /**
   * The list's bits of `registry_person.source_list_flags` (migration 0065, ADR 0017): one bit, or
   * one per value of a coded column; and a date column the person's row keeps. Without it a
   * membership is always a join.
   */
  readonly flags?: ListFlagsOnPerson;
}

/** Where a list in force is kept on the person's row: a bit, or a bit per value of `column`. */
export type ListFlagsOnPerson =
  | { readonly bit: number; readonly date?: ListDateOnPerson }
  | {
      readonly column: string;
      readonly bits: Readonly<Record<string, number>>;
      readonly date?: ListDateOnPerson;
    };

/** A date column of a list the person's row keeps, under `personColumn`. */
export interface ListDateOnPerson {
  readonly column: string;
  readonly personColumn: string;
}

/** The source lists a population query may join. @example compileSelect(bound, opts, SOURCE_LISTS) */
export type SourceListCatalogue = readonly SourceListTable[];

export interface SqlOptions extends LowerOptions {
  /**
   * Values for attributes the registry does not hold (a vaccination preview assumes nobody is a
   * declared health worker). Compiling a formula that reads such an attribute without a value
   * here fails with `not_compilable_to_sql`.
   */
  readonly assume?: Readonly<Record<string, Value>>;
  /**
   * Source-list snapshots to read (list name → import id) instead of the ones in force: a frozen
   * payment round replays against the snapshots it read.
   */
  readonly listImports?: Readonly<Record<string, number>>;
  /**
   * The table persons are read from, with the columns of `registry_person` (default
   * `registry_person`): a round's replay reads the registry as it was when the round was frozen.
   */
  readonly personTable?: string;
  /**
   * Name the registry's tables (`person`, `source_list_current`, each list's table) instead of its
   * published views: the text a round's rules version hashes, the compiler's text from before the
   * registry published its read model (migration 0040), so that a round frozen earlier keeps its
   * version and its replay its hash. Such a query is hashed, never run: other domains read the views.
   */
  readonly tableNames?: boolean;
  /**
   * Read a membership of a list in force from the person's row (`source_list_flags` and the date
   * columns of migration 0065) instead of joining the list: one scan of person. Only for the
   * snapshots in force, over `registry_person`: a pinned snapshot (`listImports`), another
   * `personTable` or `tableNames` joins as before, and so does a filter the flags do not hold.
   * Previews read the flags unless told `false`; selects join unless told `true`.
   */
  readonly membershipFlags?: boolean;
}

/** The relation persons are read from, unless `personTable` names another. */
const PERSON_VIEW = 'registry_person';
/** The list → import in force, as a query reads it. */
const LIST_CURRENT_VIEW = 'registry_list_current';

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
 * `SELECT s.person_id FROM <list> s WHERE <snapshot in force> [AND <column> IN (…)]
 * [AND <date column> >= DATE '…']` for a membership node, or undefined when its filter admits no
 * value (the test is then false).
 */
function membersOf(
  e: Extract<Expr, { k: 'member' }>,
  lists: ListsByName,
  opts: SqlOptions = {},
): string | undefined {
  const list = lists.get(e.list);
  if (!list) {
    throw new Error(
      lists === NO_LISTS
        ? `${e.list} is a source list: compile with its catalogue (compileSelect, compilePreview)`
        : `unknown source list ${e.list}`,
    );
  }
  let filter = '';
  if (e.column !== undefined) {
    if (!list.extra.some((c) => c.name === e.column) || !IDENTIFIER.test(e.column))
      throw new Error(`source list ${e.list} has no column ${e.column}`);
    if (!e.values || e.values.length === 0) return undefined;
    filter = ` AND s.${e.column} IN (${e.values.map(scalarLiteral).join(', ')})`;
  }
  if (e.since !== undefined) {
    const column = e.since.column;
    if (!list.extra.some((c) => c.name === column && c.sqlType === 'date') || !IDENTIFIER.test(column))
      throw new Error(`source list ${e.list} has no date column ${column}`);
    // In the WHERE clause a NULL date drops the row: not a member, as in the interpreter.
    filter += ` AND s.${column} >= ${sqlLiteral('date', e.since.from)}`;
  }
  const pinned = opts.listImports?.[list.name];
  if (pinned !== undefined && !Number.isSafeInteger(pinned))
    throw new Error(`bad import id for ${list.name}`);
  const current = opts.tableNames ? 'source_list_current' : LIST_CURRENT_VIEW;
  const snapshot =
    pinned !== undefined
      ? String(pinned)
      : `(SELECT c.import_id FROM ${current} c WHERE c.list = ${sqlText(list.name)})`;
  const relation = opts.tableNames ? list.table : list.view;
  if (!IDENTIFIER.test(relation)) throw new Error(`bad relation ${relation} for ${list.name}`);
  return `SELECT s.person_id FROM ${relation} s WHERE s.import_id = ${snapshot}${filter}`;
}

/** The column of registry_person holding the lists' bits (migration 0065). */
const FLAGS_COLUMN = 'p.source_list_flags';

/** A membership read from the person's row: the bits that make one, and a date test if any. */
interface FlagTest {
  readonly mask: number;
  readonly date?: string;
}

/**
 * A membership node as bits of the person's row, or undefined when it must join: flags off, a
 * pinned snapshot or another person table, a list without flags, a filter on a column or date the
 * flags do not keep. Call `membersOf` first: it checks the node. A mask of 0 is never a member
 * (a value no member can have).
 */
function flagTest(
  e: Extract<Expr, { k: 'member' }>,
  lists: ListsByName,
  opts: SqlOptions,
): FlagTest | undefined {
  if (!opts.membershipFlags || opts.tableNames || opts.personTable !== undefined) return undefined;
  const list = lists.get(e.list);
  const f = list?.flags;
  if (!list || !f || opts.listImports?.[list.name] !== undefined) return undefined;
  const bit = (b: number) => {
    if (!Number.isInteger(b) || b < 0 || b > 30) throw new Error(`bad flag bit ${b} of ${list.name}`);
    return 2 ** b;
  };
  let mask = 0;
  if (e.column !== undefined) {
    if (!('column' in f) || f.column !== e.column) return undefined;
    for (const v of e.values ?? []) {
      const b = f.bits[String(v)];
      if (b !== undefined) mask |= bit(b);
    }
  } else if ('bit' in f) {
    mask = bit(f.bit);
  } else {
    for (const b of Object.values(f.bits)) mask |= bit(b);
  }
  if (e.since === undefined) return { mask };
  if (f.date?.column !== e.since.column || !IDENTIFIER.test(f.date.personColumn)) return undefined;
  // A NULL date is not a member, as in the join's WHERE and the interpreter.
  return { mask, date: `coalesce(p.${f.date.personColumn} >= ${sqlLiteral('date', e.since.from)}, FALSE)` };
}

/**
 * Memberships read from the flags, any of them true: the plain ones as one mask, those with a date
 * test each on its own. Never NULL, so `NOT` of it is safe.
 */
function anyFlag(tests: readonly FlagTest[]): string {
  const plain = tests.filter((t) => t.date === undefined).reduce((m, t) => m | t.mask, 0);
  const parts = [
    ...(plain ? [`(${FLAGS_COLUMN} & ${plain}) <> 0`] : []),
    ...tests
      .filter((t) => t.date !== undefined && t.mask !== 0)
      .map((t) => `((${FLAGS_COLUMN} & ${t.mask}) <> 0 AND ${t.date})`),
  ];
  return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
}

/** The membership nodes of `member` or `or(member, member, …)`; undefined for anything else. */
function membershipDisjuncts(e: Expr): Extract<Expr, { k: 'member' }>[] | undefined {
  if (e.k === 'member') return [e];
  if (e.k === 'or' && e.args.every((a) => a.k === 'member'))
    return e.args as Extract<Expr, { k: 'member' }>[];
  return undefined;
}

/**
 * The SQL expression for one variable that reads no source list, over a relation aliased `p`
 * (the operations test runs it over a row of constants). Population queries use
 * `compileSelect` and `compilePreview`, which also write the joins that memberships need. For a
 * variable the caller knows to compile: one that does not is the caller's bug, and throws.
 *
 * @example sqlOfVariable(bound, 'bono_meets_minimum_age') // "(p.date_of_birth <= DATE '2002-09-16')"
 */
export function sqlOfVariable(bound: BoundProgramme, name: string, opts: SqlOptions = {}): string {
  return orBug(
    tryCompiling(() => {
      const q = new PopulationSql(bound, opts, undefined);
      const sql = q.variable(name, opts);
      if (q.joins.size > 0)
        throw new Error(`${name} reads source lists: use compileSelect or compilePreview`);
      return sql;
    }),
  );
}

/**
 * Unwinds the compiler from deep in a formula to the exported function that started it, which
 * returns the failure as a value (`tryCompileSelect`, `tryCompilePreview`): private to this module.
 */
class NotCompilable extends Error {
  constructor(readonly failure: NotCompilableToSql) {
    super(notCompilableMessage(failure));
    this.name = 'NotCompilable';
  }
}

/**
 * What a bug's message says of a formula that does not compile (its words for people are in
 * src/messages): the variable, the reason code and what it names.
 */
function notCompilableMessage(f: NotCompilableToSql): string {
  const what =
    f.reason === 'not_of_population' ? f.entity : f.reason === 'attribute_not_held' ? f.attribute : '';
  return `${f.variable} does not compile to SQL: ${f.reason}${what ? ` (${what})` : ''}`;
}

/** Runs a compilation, its failure as a value. */
function tryCompiling(compile: () => string): Result<string, NotCompilableToSql> {
  try {
    return ok(compile());
  } catch (error) {
    if (error instanceof NotCompilable) return fail(error.failure);
    throw error;
  }
}

/** The SQL of a compilation the caller knows to succeed: a failure is its bug, thrown as a plain Error. */
function orBug(sql: Result<string, NotCompilableToSql>): string {
  if (!sql.ok) throw new Error(notCompilableMessage(sql.error));
  return sql.value;
}

type Joins = Map<string, { alias: string; sql: string }>;
type ListsByName = ReadonlyMap<string, SourceListTable>;

/** Without a catalogue (`sqlOfVariable`), reading a list is the caller's mistake. */
const NO_LISTS: ListsByName = new Map();

/** Expressions over `registry_person p` plus the joins their memberships need, shared by all of them. */
class PopulationSql {
  readonly joins: Joins = new Map();
  readonly lists: ListsByName;

  constructor(
    readonly bound: BoundProgramme,
    readonly opts: SqlOptions,
    catalogue: SourceListCatalogue | undefined,
  ) {
    this.lists = catalogue ? new Map(catalogue.map((l) => [l.name, l])) : NO_LISTS;
  }

  variable(name: string, lowering: LowerOptions): string {
    const b = this.bound.variable(name);
    if (b.def.entity !== this.bound.programme.root) {
      throw new NotCompilable({
        code: 'not_compilable_to_sql',
        reason: 'not_of_population',
        variable: name,
        entity: b.def.entity,
      });
    }
    const env = boundTypeEnv(this.bound, b.def.entity, name);
    return new SqlCompiler(this.bound, env, this.opts, this.joins, this.lists).sql(
      lowerVariable(this.bound, name, lowering),
    );
  }

  /**
   * A boolean variable as a WHERE clause. Its top-level conjuncts that test source-list
   * membership — "on one of these lists", "on none of these lists" — become a semi-join
   * (`p.id IN (… UNION ALL …)`) and an anti-join (`NOT EXISTS …`), the shape a person would write
   * and the planner runs best; everything else is compiled as usual.
   */
  where(name: string, lowering: LowerOptions): string {
    const b = this.bound.variable(name);
    if (b.t !== 'bool') throw new Error(`${name} is not a boolean variable`);
    const lowered = lowerVariable(this.bound, name, lowering);
    const conjuncts = lowered.k === 'and' ? lowered.args : [lowered];
    const env = boundTypeEnv(this.bound, b.def.entity, name);
    const compiler = new SqlCompiler(this.bound, env, this.opts, this.joins, this.lists);
    const parts = conjuncts.map((c) => {
      const positive = membershipDisjuncts(c);
      const negative = c.k === 'not' ? membershipDisjuncts(c.a) : undefined;
      const nodes = positive ?? negative;
      if (nodes === undefined) return compiler.sql(c, true);
      const members = nodes
        .map((m) => membersOf(m, this.lists, this.opts))
        .filter((m): m is string => m !== undefined);
      const flags = nodes.map((m) => flagTest(m, this.lists, this.opts));
      if (flags.every((t): t is FlagTest => t !== undefined))
        return positive ? anyFlag(flags) : `(NOT ${anyFlag(flags)})`;
      // UNION, not UNION ALL: the planner then estimates the semi-join's size from the lists.
      if (positive) return members.length ? `p.id IN (${members.join(' UNION ')})` : 'FALSE';
      return members.length
        ? `NOT EXISTS (SELECT 1 FROM (${members.join(' UNION ALL ')}) x WHERE x.person_id = p.id)`
        : 'TRUE';
    });
    return parts.length === 1 ? parts[0]! : `(${parts.join('\n  AND ')})`;
  }

  /** A boolean variable used as a condition (in a FILTER or WHERE): NULL counts as false there. */
  condition(name: string, lowering: LowerOptions): string {
    const b = this.bound.variable(name);
    if (b.t !== 'bool') throw new Error(`${name} is not a boolean variable`);
    const env = boundTypeEnv(this.bound, b.def.entity, name);
    return new SqlCompiler(this.bound, env, this.opts, this.joins, this.lists).sql(
      lowerVariable(this.bound, name, lowering),
      true,
    );
  }

  /** `registry_person p` (or the person table given) and its membership joins. */
  from(): string {
    const table = this.opts.personTable ?? (this.opts.tableNames ? 'person' : PERSON_VIEW);
    if (!IDENTIFIER.test(table)) throw new Error(`bad person table ${table}`);
    return [`${table} p`, ...[...this.joins.values()].map((j) => j.sql)].join('\n');
  }
}

class SqlCompiler {
  constructor(
    readonly bound: BoundProgramme,
    readonly env: TypeEnv,
    readonly opts: SqlOptions,
    readonly joins: Joins,
    readonly lists: ListsByName,
  ) {}

  nullable(e: Expr): boolean {
    return inferType(e, this.env).nullable;
  }

  /**
   * @param asCondition the expression is used where SQL already treats NULL as false (a WHERE
   *   clause, a FILTER, a CASE WHEN, and/or beneath them), so a comparison that may see a NULL
   *   need not be wrapped in coalesce — which would hide it from the planner's statistics.
   */
  sql(e: Expr, asCondition = false): string {
    const s = (x: Expr) => this.sql(x);
    const cond = (x: Expr) => this.sql(x, true);
    switch (e.k) {
      case 'lit':
        return sqlLiteral(e.t, e.v);
      case 'attr': {
        const spec = this.bound.programme.entities[this.bound.programme.root]!.attributes[e.name]!;
        if (spec.sql) return spec.sql;
        const assumed = this.opts.assume?.[e.name];
        if (assumed === undefined) {
          throw new NotCompilable({
            code: 'not_compilable_to_sql',
            reason: 'attribute_not_held',
            variable: this.env.where,
            attribute: e.name,
          });
        }
        return sqlLiteral(spec.t, assumed);
      }
      case 'var':
        throw new Error(`variable ${e.name} was not inlined`);
      case 'parentVar':
      case 'sum':
        throw new NotCompilable({
          code: 'not_compilable_to_sql',
          reason: 'sums_over_items',
          variable: this.env.where,
        });
      case 'today':
      case 'param':
        throw new Error(`unbound ${e.k}`);
      case 'member': {
        const members = membersOf(e, this.lists, this.opts);
        if (members === undefined) return 'FALSE';
        const flag = flagTest(e, this.lists, this.opts);
        if (flag) return anyFlag([flag]);
        let join = this.joins.get(members);
        if (!join) {
          const alias = `m${this.joins.size + 1}`;
          join = { alias, sql: `LEFT JOIN (${members}) ${alias} ON ${alias}.person_id = p.id` };
          this.joins.set(members, join);
        }
        return `(${join.alias}.person_id IS NOT NULL)`;
      }
      case 'not':
        return `(NOT ${s(e.a)})`;
      case 'and':
      case 'or': {
        const args = e.args.map((a) => this.sql(a, asCondition));
        return `(${args.join(e.k === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'cmp': {
        const text = `(${s(e.a)} ${e.op} ${s(e.b)})`;
        return !asCondition && (this.nullable(e.a) || this.nullable(e.b)) ? `coalesce(${text}, FALSE)` : text;
      }
      case 'isNull':
        return `(${s(e.a)} IS NULL)`;
      case 'if': {
        // A chain of ifs (a table lookup) is one CASE with a WHEN per row.
        const whens: string[] = [];
        let x: Expr = e;
        while (x.k === 'if') {
          whens.push(`WHEN ${cond(x.c)} THEN ${s(x.a)}`);
          x = x.b;
        }
        return `(CASE ${whens.join(' ')} ELSE ${s(x)} END)`;
      }
      case 'coalesce':
        return `coalesce(${s(e.a)}, ${s(e.b)})`;
      case 'in': {
        const text = `(${s(e.a)} IN (${e.set.map(scalarLiteral).join(', ')}))`;
        return !asCondition && this.nullable(e.a) ? `coalesce(${text}, FALSE)` : text;
      }
      case 'age': {
        // Not PostgreSQL's age(), which says 0 rather than -1 for a birth after the date: the same
        // arithmetic as ageOn — years apart, less one when the birthday (month, day) is still to come.
        const on = s(e.on);
        const dob = s(e.dob);
        const md = (d: string) => `(extract(month from ${d}) * 100 + extract(day from ${d}))`;
        return `((extract(year from ${on}) - extract(year from ${dob}) - (CASE WHEN ${md(on)} < ${md(dob)} THEN 1 ELSE 0 END)))::int`;
      }
      case 'addDays':
        return `(${s(e.a)} + ${s(e.n)})`;
      case 'isoWeekday':
        return `(extract(isodow from ${s(e.a)}))::int`;
      case 'lastDigit': {
        // A CASE of the ten digits, not a regular expression and a cast: the same answer (NULL for
        // anything else), 10 % less CPU for the vaccination preview that reads it of every person.
        const digits = Array.from({ length: 10 }, (_, d) => `WHEN '${d}' THEN ${d}`).join(' ');
        return `(CASE right(${s(e.a)}, 1) ${digits} END)`;
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
 * A `SELECT p.id AS person_id, <columns> FROM registry_person p [WHERE …]` over the whole
 * registry, to run, to wrap in a CTE, or to feed `INSERT INTO … SELECT` (see `materialise` in
 * rules.repository.ts), or `not_compilable_to_sql` when a column or the condition is a formula only
 * the in-memory back end evaluates (a declaration's, or one reading an attribute the registry does
 * not hold and `assume` gives no value for).
 *
 * @example tryCompileSelect(bound, { where: 'bono_eligible', columns: ['bono_collection_window'] }, SOURCE_LISTS) // { ok: true, value: 'SELECT p.id AS person_id, …' }
 */
export function tryCompileSelect(
  bound: BoundProgramme,
  opts: SelectOptions,
  sourceLists: SourceListCatalogue,
): Result<string, NotCompilableToSql> {
  return tryCompiling(() => {
    const q = new PopulationSql(bound, opts, sourceLists);
    const known = withKnown(opts);
    const cols = opts.columns.map((c) => {
      if (!IDENTIFIER.test(c)) throw new Error(`bad column name ${c}`);
      return `${q.variable(c, { ...opts, known })} AS ${c}`;
    });
    const where = opts.where ? `\nWHERE ${q.where(opts.where, opts)}` : '';
    return `SELECT p.id AS person_id${cols.map((c) => `,\n  ${c}`).join('')}\nFROM ${q.from()}${where}`;
  });
}

/**
 * `tryCompileSelect` for variables the caller knows to compile (a round's entitlement columns,
 * fixed in the code): a failure is its bug, and throws.
 *
 * @example compileSelect(bound, { where: 'bono_eligible', columns: ['bono_collection_window'] }, SOURCE_LISTS)
 */
export function compileSelect(
  bound: BoundProgramme,
  opts: SelectOptions,
  sourceLists: SourceListCatalogue,
): string {
  return orBug(tryCompileSelect(bound, opts, sourceLists));
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
 * Counts by department and band without materialising anything: one aggregate query, or
 * `not_compilable_to_sql` (see `tryCompileSelect`). Memberships of the lists in force are read from
 * the person's row (`membershipFlags`, default true here): one scan of person, no join.
 * Columns: department_code, band, then one int8 count per measure.
 *
 * @example tryCompilePreview(bound, { where: 'bono_eligible', measures: ['bono_eligible'], band: 'bono_collection_window' }, SOURCE_LISTS) // { ok: true, value: 'SELECT p.department_code::int …' }
 */
export function tryCompilePreview(
  bound: BoundProgramme,
  opts: PreviewOptions,
  sourceLists: SourceListCatalogue,
): Result<string, NotCompilableToSql> {
  opts = { ...opts, membershipFlags: opts.membershipFlags ?? true };
  return tryCompiling(() => {
    const q = new PopulationSql(bound, opts, sourceLists);
    const known = withKnown(opts);
    const band = q.variable(opts.band, { ...opts, known });
    const measures = opts.measures.map((m) => {
      if (!IDENTIFIER.test(m)) throw new Error(`bad measure name ${m}`);
      const cond = q.condition(m, { ...opts, known });
      return cond === 'TRUE' ? `count(*) AS ${m}` : `count(*) FILTER (WHERE ${cond}) AS ${m}`;
    });
    const where = q.where(opts.where, opts);
    return [
      `SELECT p.department_code::int AS department_code, ${band} AS band,`,
      `  ${measures.join(',\n  ')}`,
      `FROM ${q.from()}`,
      `WHERE ${where}`,
      // By the column, not by its cast (`GROUP BY 1`): the planner knows the column's nine values
      // from its statistics, none of the cast's, and with the cast it estimated 236,394 groups for
      // 36 and sorted the 3.57 M eligible persons of the country (external merge, 1–2 s) instead
      // of hashing them in each worker (docs/benchmarks.md, issue #17).
      'GROUP BY p.department_code, 2',
      'ORDER BY 1, 2',
    ].join('\n');
  });
}

/**
 * `tryCompilePreview` for a preview the caller knows to compile: a failure is its bug, and throws.
 *
 * @example compilePreview(bound, { where: 'bono_eligible', measures: ['bono_eligible'], band: 'bono_collection_window' }, SOURCE_LISTS)
 */
export function compilePreview(
  bound: BoundProgramme,
  opts: PreviewOptions,
  sourceLists: SourceListCatalogue,
): string {
  return orBug(tryCompilePreview(bound, opts, sourceLists));
}

function withKnown(opts: SqlOptions & { where?: string }): ReadonlyMap<string, Expr> {
  const known = new Map(opts.known ?? []);
  if (opts.where) known.set(opts.where, TRUE);
  return known;
}

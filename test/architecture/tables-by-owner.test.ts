import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { SOURCE_LISTS } from '../../src/registry/index.ts';
import { bind, compilePreview, compileSelect, PREVIEWS, programmeNamed } from '../../src/rules/index.ts';

/**
 * Each domain owns its tables (issue #15 §1, docs/architecture.md): a domain's SQL names only its
 * own tables, the temporary tables it creates itself, and the views a domain publishes as its read
 * model (migration 0039 for the bono's figures, 0040 for the registry), which every domain may
 * read. Another domain's data is otherwise reached through that domain's exported functions.
 *
 * The test reads every string and template literal of each `src/<domain>/**∕*.repository.ts` and
 * `*.queries.ts` (and of the composition root's repositories) with the TypeScript parser, and the
 * SQL the rules compiler generates, and names each relation written after FROM, JOIN, INTO, UPDATE
 * or TABLE. Keywords are matched in capitals, as the house writes SQL; a name written by a
 * template's substitution (`${table}`) is the caller's and is not checked here.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MIGRATIONS = path.join(ROOT, 'src/db/migrations');

/** Who owns tables: a domain folder of src/, or the composition root (src/app.ts, seed.ts, clock.ts). */
type Owner =
  | 'registry'
  | 'bono'
  | 'vaccination'
  | 'certificates'
  | 'ledger'
  | 'audit'
  | 'access'
  | 'jobs'
  | 'wealth-tax'
  | 'cases'
  | 'composition root';

/** Every table of src/db/migrations and its owner, the only domain whose SQL may name it. */
const TABLE_OWNERS: readonly [RegExp, Owner][] = [
  [/^(person|person_history|import_run|department|municipality|source_list_current|source_\w+)$/, 'registry'],
  // Identity resolution's links and review queue (issue #23, src/registry/identity/).
  [/^identity_\w+$/, 'registry'],
  [/^bono_\w+$/, 'bono'],
  [/^vaccination_\w+$/, 'vaccination'],
  [/^wealth_tax_\w+$/, 'wealth-tax'],
  // Accountability case files (issue #21, src/cases/).
  [/^case_\w+$/, 'cases'],
  [/^certificate_\w+$/, 'certificates'],
  [/^ledger(_\w+)?$/, 'ledger'],
  [/^audit_\w+$/, 'audit'],
  [/^(account|account_session|api_credential|login_throttle)$/, 'access'],
  [/^job$/, 'jobs'],
  // The app's clock (src/clock.ts, src/clock.repository.ts).
  [/^app_setting$/, 'composition root'],
];

/** Every view of src/db/migrations and the domain that publishes it: any domain may read a view. */
const VIEW_PUBLISHERS: readonly [RegExp, Owner][] = [
  [/^bono_public_\w+$/, 'bono'],
  [/^registry_\w+$/, 'registry'],
  [/^vaccination_public_\w+$/, 'vaccination'],
];

const ownerIn = (map: readonly [RegExp, Owner][], name: string): Owner | undefined =>
  map.find(([pattern]) => pattern.test(name))?.[1];

/**
 * The composition root's reads of a domain's tables: the seed, a one-off loader of demonstration
 * data and not a domain, asks the bono questions it exports no function for. Only shrinks.
 */
const COMPOSITION_ROOT_READS: Readonly<Record<string, readonly string[]>> = {
  'src/seed.repository.ts': ['bono_bank', 'bono_entitlement'],
};

/** The owner of a source file by its path, or undefined for the database layer and the interfaces. */
function ownerOfFile(file: string): string | undefined {
  const folder = /^src\/([a-z-]+)\//.exec(file)?.[1];
  if (folder === undefined) return /^src\/[^/]+$/.test(file) ? 'composition root' : undefined;
  if (['db', 'cli', 'http', 'web', 'shared', 'routing', 'messages'].includes(folder)) return undefined;
  return folder;
}

/** One relation named where its owner does not allow it. */
interface Trespass {
  file: string;
  line: number;
  relation: string;
  /** The owner of the relation, or `nobody` for a name no migration creates. */
  owner: string;
}

/** A SQL text with the line its literal starts on. */
interface SqlText {
  line: number;
  text: string;
}

/** Every string and template literal of a TypeScript source; `$0` stands for a substitution. */
function literals(file: string, source: string): SqlText[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: SqlText[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
      out.push({ line: lineOf(node), text: node.text });
    else if (ts.isTemplateExpression(node)) {
      out.push({
        line: lineOf(node),
        text: node.head.text + node.templateSpans.map((s) => ` $0 ${s.literal.text}`).join(''),
      });
      for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const NAME = /^[a-z_][a-z0-9_]*/;

/** `FROM` that names no relation: `IS DISTINCT FROM x`, `extract(epoch FROM x)`, `substring(s FROM 2)`. */
function withoutOtherFroms(sql: string): string {
  return sql
    .replace(/\bDISTINCT\s+FROM\b/g, 'DISTINCT from')
    .replace(/\b(extract|substring|trim|overlay|position)(\s*\([^()]*?)\bFROM\b/gi, '$1$2from');
}

/** Skips a balanced parenthesised group starting at `i` (a '('), returning the index after it. */
function skipParens(sql: string, i: number): number {
  let depth = 0;
  for (let j = i; j < sql.length; j++) {
    if (sql[j] === '(') depth++;
    else if (sql[j] === ')' && --depth === 0) return j + 1;
  }
  return sql.length;
}

/**
 * The relations a SQL text names after FROM (each item of its comma list), JOIN, INTO, UPDATE and
 * TABLE, with the line each is on; functions (`FROM unnest(…)`), subqueries and substitutions
 * are skipped.
 *
 * @example relationsIn('SELECT 1 FROM person p, bono_round r') // [{ name: 'person', … }, { name: 'bono_round', … }]
 */
function relationsIn(sql: string): { name: string; offset: number }[] {
  const text = withoutOtherFroms(sql);
  const found: { name: string; offset: number }[] = [];
  const keyword = /\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+/g;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    let i = m.index + m[0].length;
    const skipSpace = () => {
      while (i < text.length && /\s/.test(text[i]!)) i++;
    };
    for (;;) {
      skipSpace();
      for (const word of ['ONLY ', 'LATERAL ', 'IF NOT EXISTS ', 'IF EXISTS ']) {
        if (text.startsWith(word, i)) {
          i += word.length;
          skipSpace();
        }
      }
      if (text[i] === '(') i = skipParens(text, i);
      else {
        const name = NAME.exec(text.slice(i))?.[0];
        if (!name) break;
        const end = i + name.length;
        // After FROM or JOIN a name followed by '(' is a function; after INTO or TABLE, a column list.
        const isFunction = (m[1] === 'FROM' || m[1] === 'JOIN') && /^\s*\(/.test(text.slice(end));
        if (isFunction) i = skipParens(text, text.indexOf('(', end));
        else {
          found.push({ name, offset: i });
          i = end;
        }
      }
      if (m[1] !== 'FROM') break;
      // FROM a [AS] x, f(…) [WITH ORDINALITY] [AS] y(…), …: skip the alias and a function's column
      // list, go on after a comma.
      i += /^\s*(?:WITH ORDINALITY\b)?\s*(?:AS\s+)?(?:[a-z_][a-z0-9_]*)?\s*(?:\([^()]*\))?\s*/.exec(
        text.slice(i),
      )![0].length;
      if (text[i] !== ',') break;
      i++;
    }
  }
  return found;
}

/** Names a text defines for itself: CTEs (`WITH x AS (`, `, y AS MATERIALIZED (`) and temporary tables. */
function ownNames(texts: readonly string[]): Set<string> {
  const own = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\b([a-z_][a-z0-9_]*)\s+AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/g))
      own.add(m[1]!);
    for (const m of text.matchAll(
      /\bCREATE\s+(?:TEMP|TEMPORARY)\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/g,
    ))
      own.add(m[1]!);
  }
  return own;
}

/** What may be named by `owner`: its tables, every published view, and `own` (its CTEs and temporary tables). */
function trespassesOf(
  file: string,
  owner: string,
  texts: readonly SqlText[],
  own: ReadonlySet<string>,
  tables: ReadonlySet<string>,
  views: ReadonlySet<string>,
): Trespass[] {
  const allowed = new Set(COMPOSITION_ROOT_READS[file] ?? []);
  const out: Trespass[] = [];
  for (const { line, text } of texts) {
    for (const { name, offset } of relationsIn(text)) {
      if (own.has(name) || allowed.has(name)) continue;
      if (views.has(name) && ownerIn(VIEW_PUBLISHERS, name)) continue;
      const tableOwner = tables.has(name) ? ownerIn(TABLE_OWNERS, name) : undefined;
      if (tableOwner === owner) continue;
      out.push({
        file,
        line: line + text.slice(0, offset).split('\n').length - 1,
        relation: name,
        owner: tableOwner ?? 'nobody',
      });
    }
  }
  return out;
}

/** The tables and views the migrations create. */
async function schema(): Promise<{ tables: Set<string>; views: Set<string> }> {
  const tables = new Set<string>();
  const views = new Set<string>();
  for (const name of (await readdir(MIGRATIONS)).filter((f) => f.endsWith('.sql'))) {
    const sql = await readFile(path.join(MIGRATIONS, name), 'utf8');
    for (const m of sql.matchAll(
      /\bCREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/g,
    ))
      tables.add(m[1]!);
    for (const m of sql.matchAll(/\bCREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+([a-z_][a-z0-9_]*)/g))
      views.add(m[1]!);
  }
  return { tables, views };
}

/**
 * The trespasses of `files` (path from the checkout's root → source) against the schema: each
 * repository or queries module names only its owner's tables, its own, and published views.
 *
 * @example trespasses({ 'src/bono/x.repository.ts': "q('SELECT 1 FROM person')" }, schema) // one, person of the registry
 */
function trespasses(
  files: Readonly<Record<string, string>>,
  { tables, views }: { tables: ReadonlySet<string>; views: ReadonlySet<string> },
): Trespass[] {
  const byOwner = new Map<string, [string, SqlText[]][]>();
  for (const [file, source] of Object.entries(files)) {
    const owner = ownerOfFile(file);
    if (owner === undefined || !/\.(repository|queries)\.ts$/.test(file)) continue;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), [file, literals(file, source)]]);
  }
  const out: Trespass[] = [];
  for (const [owner, sources] of byOwner) {
    // A domain's temporary tables are created by one of its repositories and read by another (the
    // registry's import stage); CTEs are named within a file's statements.
    const own = ownNames(sources.flatMap(([, texts]) => texts.map((t) => t.text)));
    for (const [file, texts] of sources) out.push(...trespassesOf(file, owner, texts, own, tables, views));
  }
  return out;
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(full)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const report = (found: readonly Trespass[]) =>
  found.map(
    (t) =>
      `${t.file}:${t.line}: ${t.relation} (${t.owner === 'nobody' ? 'no table of the migrations' : `${t.owner}'s`})`,
  );

test('every table of the migrations has an owner, and every view a publisher', async () => {
  const { tables, views } = await schema();
  assert.ok(tables.size > 30 && views.size > 10, 'the migrations are read');
  assert.deepEqual(
    [...tables].filter((t) => !ownerIn(TABLE_OWNERS, t) || ownerIn(VIEW_PUBLISHERS, t)),
    [],
    'give each new table its owner in TABLE_OWNERS',
  );
  assert.deepEqual(
    [...views].filter((v) => !ownerIn(VIEW_PUBLISHERS, v)),
    [],
    'give each new view its publisher in VIEW_PUBLISHERS',
  );
  // The registry's catalogue names the view each source list is read through.
  assert.deepEqual(
    SOURCE_LISTS.filter((l) => !views.has(l.view) || !tables.has(l.table)).map((l) => l.name),
    [],
  );
});

test("each domain's repositories name only its own tables, its temporary tables and published views", async () => {
  const files: Record<string, string> = {};
  for (const full of await sources(path.join(ROOT, 'src'))) {
    files[path.relative(ROOT, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
  }
  const repositories = Object.keys(files).filter((f) => /\.(repository|queries)\.ts$/.test(f));
  assert.ok(repositories.length > 25, 'the test reads every repository of src/');
  assert.deepEqual(
    report(trespasses(files, await schema())),
    [],
    "read another domain's data through its exported functions or its published views",
  );
});

test('the SQL the rules compiler generates reads only published views', async () => {
  const { views } = await schema();
  const sql: string[] = [];
  for (const [name, preview] of Object.entries(PREVIEWS)) {
    const bound = bind(programmeNamed(name), { date: '2021-06-01' });
    sql.push(compilePreview(bound, preview.options, SOURCE_LISTS));
  }
  const bono = bind(programmeNamed('bono'), { date: '2021-01-05' });
  sql.push(
    compileSelect(
      bono,
      { where: 'bono_eligible', columns: ['bono_amount_centavos'], listImports: { 'bono-universal': 3 } },
      SOURCE_LISTS,
    ),
  );
  const named = new Set(sql.flatMap((s) => relationsIn(s).map((r) => r.name)));
  assert.ok(named.has('registry_person') && named.has('registry_list_current'), [...named].join(', '));
  assert.deepEqual(
    [...named].filter((n) => !views.has(n)),
    [],
  );
});

test('the check fails on a deliberate violation, naming its file, line, relation and owner, and only there', async () => {
  const schemaNow = await schema();
  const repository = [
    "import type { Sql } from '../db/database.ts';",
    '',
    "/** A bono repository reading the registry's tables and the audit trail: all caught. */",
    'export const q = (db: Sql) =>',
    '  db.query(`SELECT p.given_names, a.seq',
    '     FROM person p, audit_entry a',
    '     JOIN source_disability d ON d.person_id = p.id`);',
    "export const w = (db: Sql) => db.query('UPDATE person SET sex = $1');",
    "export const x = (db: Sql) => db.query('INSERT INTO import_run (kind) VALUES ($1)');",
    "export const y = (db: Sql) => db.query('SELECT 1 FROM persons');",
    // Lawful: its own tables, a published view, a function, a CTE, its temporary table, IS DISTINCT FROM.
    'export const ok = (db: Sql) => db.query(`WITH live AS (SELECT person_id FROM bono_payment)',
    '  SELECT e.*, extract(epoch FROM e.opens_on) FROM unnest($1::int[]) WITH ORDINALITY AS u(n, i), bono_entitlement e',
    '  JOIN registry_person p ON p.id = e.person_id JOIN live ON live.person_id = e.person_id',
    '  WHERE e.band IS DISTINCT FROM p.sex AND e.person_id IN (SELECT s.person_id FROM registry_list_disability s)`);',
    "export const t = (db: Sql) => db.exec('CREATE TEMP TABLE scratch AS SELECT 1; SELECT * FROM scratch');",
  ].join('\n');
  assert.deepEqual(report(trespasses({ 'src/bono/probe.repository.ts': repository }, schemaNow)), [
    "src/bono/probe.repository.ts:6: person (registry's)",
    "src/bono/probe.repository.ts:6: audit_entry (audit's)",
    "src/bono/probe.repository.ts:7: source_disability (registry's)",
    "src/bono/probe.repository.ts:8: person (registry's)",
    "src/bono/probe.repository.ts:9: import_run (registry's)",
    'src/bono/probe.repository.ts:10: persons (no table of the migrations)',
  ]);
  // The registry may name its own tables; the bono's are then the trespass.
  assert.deepEqual(
    report(trespasses({ 'src/registry/probe.repository.ts': repository }, schemaNow)).map((l) =>
      l.replace(/^[^ ]+ /, ''),
    ),
    [
      "audit_entry (audit's)",
      'persons (no table of the migrations)',
      "bono_payment (bono's)",
      "bono_entitlement (bono's)",
    ],
  );
  // Only repositories and queries modules are read here (SQL elsewhere is sql-in-repositories' catch).
  assert.deepEqual(trespasses({ 'src/bono/probe.ts': repository }, schemaNow), []);
  // The composition root reads what COMPOSITION_ROOT_READS names, and no more.
  const seed = "export const q = (db: Sql) => db.query('SELECT bic FROM bono_bank, bono_round');";
  assert.deepEqual(report(trespasses({ 'src/seed.repository.ts': seed }, schemaNow)), [
    "src/seed.repository.ts:1: bono_round (bono's)",
  ]);
});

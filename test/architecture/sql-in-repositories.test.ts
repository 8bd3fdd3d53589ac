import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * SQL lives in repositories (issue #15 §1, docs/architecture.md): a domain's `*.repository.ts` or
 * the `*.queries.ts` module beside it; services call repositories, interfaces call services. This
 * reads every string and template literal of src/ (tests excepted) with the TypeScript parser, so
 * a statement is found wherever it is written, however it is indented, and comments and prose are
 * not mistaken for it. SQL keywords are matched in capitals, as the house writes them: the words
 * "select … from" of a sentence are not a statement.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The interfaces call services; a repository there (reading a domain's tables) is out of place too. */
const INTERFACES = /^src\/(cli|http|web)\//;

/**
 * Whether a file may hold SQL: a repository or queries module of a domain (or of the composition
 * root), the database layer itself (driver, migrations runner, embedded server), and the rules
 * compiler, whose job is to generate SQL.
 */
function mayHoldSql(file: string): boolean {
  if (file.startsWith('src/db/') || file === 'src/rules/compile-sql.ts') return true;
  return /\.(repository|queries)\.ts$/.test(file) && !INTERFACES.test(file);
}

/** Statements, in the capitals the house writes SQL in; `$0` stands for a template's substitution. */
const STATEMENTS: readonly RegExp[] = [
  // A literal that starts a query: `SELECT 1`, `(SELECT …`, `SELECT count(*) …`.
  /^\s*\(?\s*SELECT\b/,
  /\bSELECT\b[\s\S]*?\bFROM\b/,
  /\bINSERT\s+INTO\b/,
  /\bUPDATE\s+[\w."$]+(\s+(AS\s+)?\w+)?\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\bCOPY\s+(\(|[\w."$]+)[\s\S]*?\b(FROM|TO)\b/,
  /\b(CREATE|ALTER|DROP)\s+((OR\s+REPLACE|UNIQUE|TEMP|TEMPORARY|MATERIALIZED)\s+)*(TABLE|INDEX|VIEW|SCHEMA|FUNCTION|PROCEDURE|TRIGGER|TYPE|DOMAIN|EXTENSION|SEQUENCE|ROLE|DATABASE|POLICY)\b/,
  /\bWITH\s+(RECURSIVE\s+)?\w+(\s*\([^)]*\))?\s+AS\s+((NOT\s+)?MATERIALIZED\s+)?\(/,
  /^\s*(SET\s+(TRANSACTION|LOCAL|SESSION)|LOCK\s+TABLE|TRUNCATE|BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b/,
];

/** One statement found where it does not belong. */
interface SqlFinding {
  file: string;
  line: number;
  /** The statement's first words, to recognise it by. */
  excerpt: string;
}

/**
 * Every SQL statement in the string and template literals of one TypeScript source.
 *
 * @example sqlInSource('src/x.ts', "const q = 'DELETE FROM person';") // [{ file: 'src/x.ts', line: 1, … }]
 */
function sqlInSource(file: string, text: string): SqlFinding[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: SqlFinding[] = [];
  const check = (node: ts.Node, literal: string): void => {
    for (const pattern of STATEMENTS) {
      const match = pattern.exec(literal);
      if (!match) continue;
      const start = match.index + (match[0].length - match[0].trimStart().length);
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      const linesBefore = literal.slice(0, start).split('\n').length - 1;
      const excerpt = literal.slice(start).replace(/\s+/g, ' ').trim().slice(0, 60);
      found.push({ file, line: line + 1 + linesBefore, excerpt });
      return;
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) check(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      check(node, node.head.text + node.templateSpans.map((s) => ` $0 ${s.literal.text}`).join(''));
      // The substitutions may hold literals of their own.
      for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The statements of `files` (path from the checkout's root → source) that sit outside the places
 * SQL may live.
 *
 * @example sqlOutsideRepositories({ 'src/bono/x.service.ts': "q('DELETE FROM person')" }) // one finding
 */
function sqlOutsideRepositories(files: Record<string, string>): SqlFinding[] {
  return Object.entries(files)
    .filter(([file]) => !mayHoldSql(file))
    .flatMap(([file, text]) => sqlInSource(file, text));
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(full)));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const report = (findings: SqlFinding[]) => findings.map((f) => `${f.file}:${f.line}: ${f.excerpt}`);

test('SQL lives only in repositories and queries modules (and the database layer, the rules compiler)', async () => {
  const files: Record<string, string> = {};
  for (const full of await sources(path.join(ROOT, 'src'))) {
    files[path.relative(ROOT, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
  }
  assert.ok(Object.keys(files).length > 100, 'the test reads the whole of src/');
  assert.deepEqual(
    report(sqlOutsideRepositories(files)),
    [],
    'move these statements into the domain’s *.repository.ts (or a *.queries.ts beside it)',
  );
});

test('the check fails on a deliberate violation, naming its file and line, and only there', () => {
  const service = [
    "import type { Sql } from '../db/database.ts';",
    '',
    '/** Reads a person: SQL in a service, which this test must catch. */',
    'export async function personName(db: Sql, id: bigint) {',
    '  return db.query(',
    '    `SELECT given_names',
    '       FROM person WHERE id = $1`,',
    '    [id],',
    '  );',
    '}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a template literal, as source
    'export const close = (db: Sql, t: string) => db.query(`UPDATE ${t} SET closed = true`);',
    "export const ping = (db: Sql) => db.query('SELECT 1');",
    // Neither a comment nor prose is a statement.
    '// SELECT id FROM person, in a comment',
    "export const hint = 'select the file from your computer, then update the list';",
  ].join('\n');
  assert.deepEqual(report(sqlOutsideRepositories({ 'src/bono/person-name.service.ts': service })), [
    'src/bono/person-name.service.ts:6: SELECT given_names FROM person WHERE id = $1',
    'src/bono/person-name.service.ts:11: UPDATE $0 SET closed = true',
    'src/bono/person-name.service.ts:12: SELECT 1',
  ]);
  // The same statements are where they belong in a repository, and out of place in an interface's.
  assert.deepEqual(sqlOutsideRepositories({ 'src/bono/person.repository.ts': service }), []);
  assert.equal(sqlOutsideRepositories({ 'src/web/person.repository.ts': service }).length, 3);
  // Each kind of statement is recognised.
  for (const statement of [
    'INSERT INTO person (id) VALUES ($1)',
    'DELETE FROM session WHERE expires_at < now()',
    'COPY person (id, ci_number) FROM STDIN WITH (FORMAT csv)',
    'CREATE UNIQUE INDEX person_ci ON person (ci_number)',
    'ALTER TABLE person ADD COLUMN note text',
    'DROP VIEW bono_public_figures',
    'WITH live AS (SELECT 1) SELECT * FROM live',
    'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
  ]) {
    const found = sqlOutsideRepositories({ 'src/x.service.ts': `export const q = '${statement}';` });
    assert.equal(found.length, 1, statement);
  }
});

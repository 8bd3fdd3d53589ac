import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  listWaitingReviews,
  PERSON_FILE_HEADER,
  personImportSpec,
  runImport,
  SOURCE_LISTS,
  type SourceListDefinition,
  sourceListImportSpec,
} from '../../src/registry/index.ts';
import { splitCsvLine } from '../../src/shared/csv.ts';
import type { InjectedLine } from '../../src/synth/messy.ts';
import { generateCountry } from '../../src/synth/synth.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * End to end: a synthetic country with injected errors (typos, impossible dates, Latin-1 lines,
 * repeated lines, rows naming nobody) is imported file by file. The generator says which lines it
 * injected and what is wrong with each; the rejects files must list exactly those line numbers,
 * each with the reason its error calls for, and every clean row is accepted.
 */
const AS_OF = '2021-03-01';
const PEOPLE = 20_000;

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

type Kind = InjectedLine['kind'];

/**
 * The importer's reason for each injected kind, in a file whose rows have `width` fields. A
 * repeated line names the earlier line it repeats; `bad_list_value` names one of the list's own
 * columns. Written out rather than derived from the importer, so a changed reason is noticed.
 */
function expectedReason(kind: Kind, width: number, list?: SourceListDefinition): RegExp {
  const key = list ? 'person' : 'ci_number, complemento and date_of_birth';
  const reasons: Record<Kind, RegExp> = {
    name_with_digits: /^given_names ".*" contains characters that are not letters$/,
    day_month_swapped: /^date_of_birth ".*" is not a valid date YYYY-MM-DD$/,
    impossible_date: /^date_of_birth ".*" is not a valid date YYYY-MM-DD$/,
    empty_ci: /^ci_number is empty$/,
    ci_with_letters: /^ci_number ".*" must contain digits only$/,
    wrong_field_count: new RegExp(`^has (?!${width} )\\d+ fields, expected ${width}$`),
    unknown_municipality: /^municipality_code ".*" is not one of the 339 INE municipality codes$/,
    sex_x: /^sex "X" must be F or M$/,
    death_before_birth: /^date_of_death \d{4}-\d\d-\d\d is before date_of_birth \d{4}-\d\d-\d\d$/,
    duplicate_line: new RegExp(`^same ${key} as line (\\d+)$`),
    latin1_line: /^line is not valid UTF-8 \(Latin-1 bytes in a UTF-8 file\?\)$/,
    unterminated_quote: /^malformed quotes$/,
    unknown_person: /^no person with this ci_number, complemento and date_of_birth in the registry$/,
    bad_list_value: new RegExp(`^(${(list?.extra ?? []).map((c) => c.name).join('|')}) ".*" must `),
  };
  return reasons[kind];
}

/** line → reason of a rejects file (`line,reason,content`); empty when the import rejected nothing. */
async function rejectedLines(rejectsPath: string | null): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!rejectsPath) return out;
  const [header, ...rows] = (await readFile(rejectsPath, 'utf8')).trimEnd().split('\n');
  assert.equal(header, 'line,reason,content');
  for (const row of rows) {
    const [line, reason] = splitCsvLine(row)!;
    out.set(Number(line), reason!);
  }
  return out;
}

/** The rejects of `file` are its injected lines, one for one, each with the reason its kind calls for. */
function assertRejectedAreInjected(
  file: string,
  rejected: Map<number, string>,
  injected: Map<number, Kind>,
  width: number,
  list?: SourceListDefinition,
): void {
  const byLine = (a: number, b: number) => a - b;
  assert.deepEqual(
    [...rejected.keys()].sort(byLine),
    [...injected.keys()].sort(byLine),
    `${file}: rejected lines`,
  );
  for (const [line, kind] of injected) {
    const reason = rejected.get(line)!;
    const match = expectedReason(kind, width, list).exec(reason);
    assert.ok(match, `${file} line ${line} (${kind}): reason "${reason}"`);
    if (kind === 'duplicate_line') {
      const original = Number(match[1]);
      assert.ok(
        original < line && !injected.has(original),
        `${file} line ${line} repeats clean line ${original}`,
      );
    }
  }
}

test('a messy synthetic country: rejected rows are exactly the injected ones, line by line', async () => {
  const outDir = path.join(t.dir, 'messy');
  const injected = new Map<string, Map<number, Kind>>();
  const report = await generateCountry({
    people: PEOPLE,
    seed: 7,
    outDir,
    messy: true,
    asOf: AS_OF,
    onInjected: ({ file, line, kind }) => {
      if (!injected.has(file)) injected.set(file, new Map());
      injected.get(file)!.set(line, kind);
    },
  });
  const injectedLines = [...injected.values()].flatMap((lines) => [...lines.values()]);
  assert.equal(injectedLines.length, report.messyRowsInjected, 'the generator told every line it injected');
  // Every kind of error is exercised, so every expected reason above is checked at least once.
  const kinds = new Set(injectedLines);
  for (const kind of ['latin1_line', 'unknown_person', 'bad_list_value', 'duplicate_line'] as const) {
    assert.ok(kinds.has(kind), `some ${kind} lines injected`);
  }

  const options = { actor: 'test', asOf: AS_OF, rejectsDir: path.join(t.dir, 'rejects') };
  const persons = report.files.find((f) => f.name === 'persons.csv')!;
  const p = okValue(await runImport(t.db, personImportSpec(AS_OF), { ...options, filePath: persons.path }));
  assert.equal(p.rowsRead, persons.rows);
  assert.equal(p.rowsAccepted, PEOPLE, 'every clean person is accepted');
  assertRejectedAreInjected(
    persons.name,
    await rejectedLines(p.rejectsPath),
    injected.get(persons.name) ?? new Map(),
    PERSON_FILE_HEADER.length,
  );
  for (const list of SOURCE_LISTS) {
    const file = report.files.find((f) => f.name === `${list.name}.csv`)!;
    const s = okValue(
      await runImport(t.db, sourceListImportSpec(list, AS_OF), { ...options, filePath: file.path }),
    );
    assert.equal(s.rowsRead, file.rows, `${list.name}: every line read`);
    assert.equal(
      s.rowsRead,
      s.rowsAccepted + s.rowsQueued + s.rowsRejected,
      `${list.name}: counts add up (read = accepted + queued for review + rejected)`,
    );
    const rejected = await rejectedLines(s.rejectsPath);
    assert.equal(rejected.size, s.rowsRejected, `${list.name}: rejects file lists every rejected row`);
    // A row naming nobody by its exact key may almost name a person (ADR 0014): it waits for an
    // officer instead of being rejected. Only such injected rows may wait; none is lost.
    const queued = (await listWaitingReviews(t.db))
      .filter((r) => r.importId === s.importId)
      .map((r) => Number(r.lineNumber));
    assert.equal(queued.length, s.rowsQueued, `${list.name}: every queued row waits in the review queue`);
    const injectedHere = new Map(injected.get(file.name) ?? new Map());
    for (const line of queued) {
      assert.equal(
        injectedHere.get(line),
        'unknown_person',
        `${file.name} line ${line} queued: an injected unknown person`,
      );
      injectedHere.delete(line);
    }
    assertRejectedAreInjected(file.name, rejected, injectedHere, 3 + list.extra.length, list);
  }
});

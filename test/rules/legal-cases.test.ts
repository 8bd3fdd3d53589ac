import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SOURCE_LISTS } from '../../src/registry/index.ts';
import {
  compileBatch,
  compileSelect,
  evaluate,
  type Facts,
  igf,
  tryBind,
  type Value,
} from '../../src/rules/index.ts';
import {
  CALLER_SUPPLIED_ATTRIBUTES,
  caseFacts,
  type LegalCase,
  loadLegalCases,
} from '../../src/rules/legal-cases.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { clearFixture, insertFixture } from './registry-fixture.ts';

/**
 * Runs every legal case in src/rules/tests/*.yaml through the traced interpreter and the closure
 * compiler, and every person case (bono, vaccination) also through the SQL back end on the test
 * database — PGlite, or PostgreSQL when DATABASE_URL is set.
 */

const loaded = loadLegalCases();
if (!loaded.ok) throw new Error(`the legal cases do not load: ${JSON.stringify(loaded.error)}`);
const cases = loaded.value;
let t: TestDatabase;
const personIds = new Map<LegalCase, bigint>();
const factsOf = new Map<LegalCase, Facts>();

/** A CI number for cases that do not name one, and a complemento keeping every inserted person distinct. */
function fixtureFacts(c: LegalCase, i: number): Facts {
  const facts = caseFacts(c, String(20_000_000 + i));
  if (!facts.ok) throw new Error(`${c.name}: ${JSON.stringify(facts.error)}`);
  const f = facts.value;
  if (!c.person) return f;
  // The rules never read the complemento (checked below); it keeps the registry key unique when
  // several cases describe the same person on different dates.
  return { ...f, attributes: { ...f.attributes, complemento: i.toString(36).toUpperCase() } };
}

function bindFor(c: LegalCase, facts: Facts) {
  const parameterDate = c.programme.parameterDate?.(facts.attributes, c.date);
  return tryBind(c.programme, {
    date: c.date,
    ...(parameterDate ? { parameterDate } : {}),
    ...(c.parameters ? { overrides: c.parameters } : {}),
  });
}

function show(v: Value): string {
  return typeof v === 'bigint' ? `${v} centavos` : JSON.stringify(v);
}

before(async () => {
  t = await createTestDatabase();
  for (const [i, c] of cases.entries()) factsOf.set(c, fixtureFacts(c, i));
  const personCases = cases.filter((c) => c.person);
  const ids = await insertFixture(
    t.db,
    personCases.map((c) => ({ facts: factsOf.get(c)! })),
  );
  for (const [i, c] of personCases.entries()) personIds.set(c, ids[i]!);
});

after(async () => {
  await clearFixture(t.db);
  await t.dispose();
});

test('the case files hold cases for every programme, on both sides of thresholds', () => {
  const per = new Map<string, number>();
  for (const c of cases) per.set(c.programme.name, (per.get(c.programme.name) ?? 0) + 1);
  assert.ok((per.get('bono') ?? 0) >= 50, `bono cases: ${per.get('bono')}`);
  assert.ok((per.get('igf') ?? 0) >= 25, `igf cases: ${per.get('igf')}`);
  assert.ok((per.get('vaccination') ?? 0) >= 40, `vaccination cases: ${per.get('vaccination')}`);
  assert.ok(cases.some((c) => c.expectError));
});

test('no person rule reads the complemento, so the runner may use it to keep persons distinct', () => {
  for (const c of cases) {
    for (const v of c.programme.variables.values())
      assert.ok(!v.reads.attributes?.includes('complemento'), v.name);
  }
});

const byFile = new Map<string, LegalCase[]>();
for (const c of cases) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);

for (const [file, inFile] of byFile) {
  describe(file, () => {
    for (const c of inFile) {
      test(c.name, async () => {
        const facts = factsOf.get(c)!;
        const bindings = bindFor(c, facts);
        if (c.expectError) {
          // A date before a parameter's first value is refused when the rules are bound to it.
          assert.ok(!bindings.ok, `refused with ${c.expectError}`);
          assert.equal(bindings.error.code, c.expectError);
          return;
        }
        assert.ok(bindings.ok, JSON.stringify(!bindings.ok && bindings.error));
        const bound = bindings.value;
        const names = [...c.expect!.keys()];
        const expected = names.map((n) => c.expect!.get(n)!);

        // In memory, with the trace a citizen would see.
        const ev = evaluate(bound, facts);
        const traced = names.map((n) => ev.value(n));
        assert.deepEqual(
          traced,
          expected,
          `interpreter: ${names.map((n, i) => `${n}=${show(traced[i]!)}`).join(', ')}`,
        );
        for (const node of ev.trace()) {
          assert.ok(node.explanation.es.length > 0 && node.explanation.en.length > 0);
          // The short path of a status look-up says exactly what the trace says.
          for (const lang of ['es', 'en'] as const)
            assert.deepEqual(
              evaluate(bound, facts).reasons(node.variable, lang),
              [node.explanation[lang], ...node.children.map((d) => d.explanation[lang])],
              `reasons of ${node.variable} (${lang})`,
            );
        }

        // Compiled closures (simulations).
        assert.deepEqual(compileBatch(bound, names)(facts), expected, 'closure compiler');

        // SQL over the registry, for persons.
        if (c.programme === igf) return;
        const assume = Object.fromEntries(
          CALLER_SUPPLIED_ATTRIBUTES.map((a) => [a, facts.attributes[a] ?? null]),
        );
        const select = compileSelect(bound, { columns: names, assume }, SOURCE_LISTS);
        const [row] = await t.db.query<Record<string, Value>>(
          `SELECT * FROM (${select}) q WHERE person_id = $1`,
          [personIds.get(c)!.toString()],
        );
        assert.ok(row, 'the person is in the registry');
        assert.deepEqual(
          names.map((n) => row[n] ?? null),
          expected,
          `SQL: ${names.map((n) => `${n}=${show(row[n] ?? null)}`).join(', ')}`,
        );
        // The same, the lists in force read from the person's row (what a preview reads, ADR 0017).
        const flagged = compileSelect(bound, { columns: names, assume, membershipFlags: true }, SOURCE_LISTS);
        const [flaggedRow] = await t.db.query<Record<string, Value>>(
          `SELECT * FROM (${flagged}) q WHERE person_id = $1`,
          [personIds.get(c)!.toString()],
        );
        assert.deepEqual(
          names.map((n) => flaggedRow?.[n] ?? null),
          expected,
          `SQL through the flags: ${names.map((n) => `${n}=${show(flaggedRow?.[n] ?? null)}`).join(', ')}`,
        );
      });
    }
  });
}

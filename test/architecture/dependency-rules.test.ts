import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The import rules of .dependency-cruiser.mjs, run by `npm run lint`, on small trees written for
 * the purpose: each deliberate violation fails the lint with the rule's name, and a tree that keeps
 * the rules passes — so the lint fails because of the rule, not because it cannot run.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = path.join(ROOT, '.dependency-cruiser.mjs');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Files of a tree: path under the tree's root → source. */
type Tree = Record<string, string>;

/** A tree that keeps the layers: a domain reads another through its index, an interface calls both. */
const LAWFUL: Tree = {
  'src/shared/dates.ts': 'export const today = (): string => "2021-02-15";\n',
  'src/routing/route.ts': 'import { today } from "../shared/dates.ts";\nexport const route = today;\n',
  'src/registry/lists.ts': 'import { today } from "../shared/dates.ts";\nexport const lists = [today()];\n',
  'src/registry/index.ts': 'export { lists } from "./lists.ts";\n',
  'src/bono/rounds.ts': 'import { lists } from "../registry/index.ts";\nexport const round = lists.length;\n',
  'src/bono/index.ts': 'export { round } from "./rounds.ts";\n',
  'src/cli/format.ts': 'export const format = (n: number): string => n.toFixed(0);\n',
  'src/http/server.ts':
    'import { round } from "../bono/index.ts";\nimport { route } from "../routing/route.ts";\nexport const serve = () => [round, route()];\n',
};

/**
 * One deliberate violation per rule, each in files of its own so that it breaks only its rule:
 * written together over the lawful tree, the lint must name every rule, at the file that breaks it.
 */
const VIOLATIONS: { rule: string; from: string; files: Tree }[] = [
  {
    rule: 'no-cycle',
    from: 'src/bono/payouts.ts',
    files: {
      'src/bono/payouts.ts':
        'import { refusal } from "./refusals.ts";\nexport const payout = () => refusal;\n',
      'src/bono/refusals.ts':
        'import { payout } from "./payouts.ts";\nexport const refusal = () => payout;\n',
    },
  },
  {
    // No module cycle here: identity.ts → rules/index.ts → params.ts, compile.ts → registry/index.ts.
    rule: 'no-folder-cycle',
    from: 'src/registry',
    files: {
      'src/registry/identity.ts':
        'import { params } from "../rules/index.ts";\nexport const identity = params;\n',
      'src/rules/params.ts': 'export const params = 1;\n',
      'src/rules/index.ts': 'export { params } from "./params.ts";\n',
      'src/rules/compile.ts':
        'import { lists } from "../registry/index.ts";\nexport const compiled = lists;\n',
    },
  },
  {
    rule: 'domain-not-to-interface',
    from: 'src/bono/status.ts',
    files: {
      'src/bono/status.ts': 'import { format } from "../cli/format.ts";\nexport const status = format;\n',
    },
  },
  {
    rule: 'other-domain-through-index',
    from: 'src/bono/expiry.ts',
    files: {
      'src/bono/expiry.ts': 'import { lists } from "../registry/lists.ts";\nexport const expiry = lists;\n',
    },
  },
  {
    rule: 'shared-imports-nothing-of-ayni',
    from: 'src/shared/money.ts',
    files: {
      // A type-only import counts: the audit trail's type in shared ties shared to the domain.
      'src/audit/index.ts': 'export interface Actor {\n  name: string;\n}\n',
      'src/shared/money.ts': 'import type { Actor } from "../audit/index.ts";\nexport type PaidBy = Actor;\n',
    },
  },
  {
    rule: 'foundation-imports-only-shared',
    from: 'src/routing/errors.ts',
    files: {
      'src/routing/errors.ts':
        'import { lists } from "../registry/index.ts";\nexport const errors = lists;\n',
    },
  },
  {
    // A domain that chose its own words would be a fifth catalogue: it returns a failure value.
    rule: 'domain-not-to-messages',
    from: 'src/bono/refusal-words.ts',
    files: {
      'src/messages/index.ts': 'export const words = (code: string): string => code;\n',
      'src/bono/refusal-words.ts':
        'import { words } from "../messages/index.ts";\nexport const refusalWords = words("already_paid");\n',
    },
  },
  {
    rule: 'domain-not-to-composition-root',
    from: 'src/bono/seed-check.ts',
    files: {
      'src/app.ts': 'export const app = { name: "ayni" };\n',
      'src/bono/seed-check.ts': 'import { app } from "../app.ts";\nexport const seeded = app;\n',
    },
  },
];

let scratch: string;

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'ayni-dependency-rules-'));
});

after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function writeTree(name: string, tree: Tree): Promise<string> {
  const dir = path.join(scratch, name);
  for (const [file, source] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), source);
  }
  return dir;
}

/** `depcruise src --config <the project's rules>` in `dir`, as `npm run lint` runs it. */
function lint(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'err'],
      { cwd: dir },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

test('npm run lint runs these rules over src/', async () => {
  const scripts = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).scripts;
  assert.match(scripts.lint, /depcruise src --config \.dependency-cruiser\.mjs/);
});

test('a tree that keeps the layers passes', async () => {
  const result = await lint(await writeTree('lawful', LAWFUL));
  assert.equal(result.code, 0, result.output);
});

test('each deliberate violation fails the lint, named by its rule at the file that breaks it', async () => {
  const broken: Tree = { ...LAWFUL };
  for (const v of VIOLATIONS) Object.assign(broken, v.files);
  const result = await lint(await writeTree('broken', broken));
  assert.notEqual(result.code, 0, result.output);
  for (const v of VIOLATIONS)
    assert.match(result.output, new RegExp(`error ${v.rule}: ${v.from}\\b`), result.output);
  // Each violation breaks its own rule only: no rule fires that no violation was written for.
  const fired = new Set([...result.output.matchAll(/error ([a-z-]+):/g)].map((m) => m[1]));
  assert.deepEqual([...fired].sort(), VIOLATIONS.map((v) => v.rule).sort(), result.output);
});

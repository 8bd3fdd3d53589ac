import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, buildState } from '../../scripts/build.mjs';
import { createServerDatabase } from '../helpers/database.ts';

/**
 * The build (issue 15 §4): `npm start`, `npm run ayni` and bin/ayni.mjs run the JavaScript that
 * scripts/build.mjs writes to dist/, not the TypeScript sources. Built here into a folder of its
 * own beside dist/, then run as a user runs it: help, a migration and an import (whose validation
 * thread must be the built worker too) against a database of the run's server.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(root, `dist.test-${process.pid}`);
const run = promisify(execFile);
const PASSWORD = 'caballo bateria grapa correcta';

/** Runs the built `ayni` (dist's main.js) with `env` added to this process's environment. */
async function builtAyni(args: string[], env: Record<string, string>, stdin?: string) {
  const child = run(process.execPath, [path.join(outDir, 'main.js'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  if (stdin !== undefined) child.child.stdin!.end(stdin);
  return child;
}

/**
 * The packages a built module imports, scoped names kept whole. esbuild writes each static import
 * or re-export at the start of a line; dynamic imports and createRequire's requires of a literal are
 * `import("x")` and `require("x")` (esbuild may rename `require` to `require2`).
 */
function importedPackages(code: string): string[] {
  const names = new Set<string>();
  const specifiers = [
    ...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)";/gm),
    ...code.matchAll(/^import\s*"([^"]+)";/gm),
    ...code.matchAll(/\b(?:import|require\d*)\(\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1]!);
  for (const spec of specifiers) {
    if (spec.startsWith('.') || spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return [...names];
}

describe('the build in dist/', () => {
  let built: Awaited<ReturnType<typeof build>>;
  before(async () => {
    built = await build(outDir);
  });
  after(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('holds a module per source file, the files read beside them, and no TypeScript bootstrap', async () => {
    assert.ok(existsSync(path.join(outDir, 'main.js')));
    assert.ok(existsSync(path.join(outDir, 'registry', 'import', 'load-worker.js')));
    assert.equal(existsSync(path.join(outDir, 'registry', 'import', 'load-worker.mjs')), false);
    assert.ok(existsSync(path.join(outDir, 'rules', 'parameters', 'bono.yaml')));
    assert.ok(existsSync(path.join(outDir, 'registry', 'geography', 'municipalities.csv')));
    const migrations = (dir: string) => readdir(dir).then((n) => n.filter((f) => f.endsWith('.sql')).sort());
    assert.deepEqual(
      await migrations(path.join(outDir, 'db', 'migrations')),
      await migrations(path.join(root, 'src', 'db', 'migrations')),
    );
    assert.equal(existsSync(path.join(outDir, 'db', 'migrate.test.js')), false, 'tests are not built');
  });

  it('imports at run time only dependencies, never tsx or esbuild (development dependencies)', async () => {
    const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const allowed = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.optionalDependencies ?? {}),
    ]);
    const imported = new Map<string, string>();
    for (const f of await readdir(outDir, { recursive: true })) {
      if (!f.endsWith('.js')) continue;
      for (const name of importedPackages(await readFile(path.join(outDir, f), 'utf8')))
        imported.set(name, f);
    }
    for (const name of ['hono', 'pg', '@zxcvbn-ts/language-common'])
      assert.ok(imported.has(name), `the scan finds ${name}`);
    for (const name of ['tsx', 'esbuild', 'typescript']) assert.equal(allowed.has(name), false, name);
    const outside = [...imported].filter(([name]) => !allowed.has(name));
    assert.deepEqual(outside, [], 'packages imported by built modules but not in dependencies');
  });

  it('leaves no esbuild process behind, not even one that ended unreaped (`[esbuild] <defunct>`)', () => {
    assert.ok(built.helperPids.length > 0, 'the build started esbuild');
    for (const pid of built.helperPids) {
      // A zombie still answers signal 0; a process that ended and was reaped is no more.
      assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `esbuild process ${pid}`);
    }
  });

  it('knows when it is fresh, missing or older than src/', async () => {
    assert.equal(buildState(outDir), 'fresh');
    const stampFile = path.join(outDir, '.build.json');
    const stamp = await readFile(stampFile, 'utf8');
    await writeFile(stampFile, JSON.stringify({ ...JSON.parse(stamp), sourcesChangedMs: 0 }));
    assert.equal(buildState(outDir), 'stale');
    await rm(stampFile);
    assert.equal(buildState(outDir), 'missing');
    await writeFile(stampFile, stamp);
  });

  it('runs: --help, a migration, and an import through the built validation thread', async () => {
    const database = await createServerDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-build-'));
    try {
      const help = await builtAyni(['--help'], {});
      assert.match(help.stdout, /^Usage: ayni /);
      const env = { DATABASE_URL: database.url, AYNI_DATA_DIR: path.join(dir, 'data') };
      const migrated = await builtAyni(['migrate'], env);
      assert.match(migrated.stdout, /schema up to date/);
      await builtAyni(
        [
          'accounts',
          'create',
          '--username',
          'dora.admin',
          '--roles',
          'administrator,bono_officer',
          '--password-stdin',
        ],
        env,
        `${PASSWORD}\n`,
      );
      await builtAyni(['synth', '--people', '40', '--seed', '7', '--out', path.join(dir, 'country')], env);
      const imported = await builtAyni(
        [
          'registry',
          'import',
          path.join(dir, 'country', 'persons.csv'),
          '--officer',
          'dora.admin',
          '--password-stdin',
          '--as-of',
          '2021-03-01',
        ],
        env,
        `${PASSWORD}\n`,
      );
      assert.match(imported.stdout, /read 40 = accepted 40 \+ rejected 0/);
    } finally {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// `npm run build`: compiles src/ to dist/, the JavaScript `npm start`, `npm run ayni` and
// bin/ayni.mjs run (bin/ayni.mjs builds first when dist/ is missing or older than src/).
//
// Each source file becomes one module at the same place under dist/ (src/bono/round.service.ts →
// dist/bono/round.service.js), so code that finds its files beside itself through import.meta.url (YAML
// parameters, migrations, the municipalities, the import's worker thread) finds them there: the
// files of src/ that are not TypeScript are copied beside the modules. A single-file bundle would
// break those paths.
//
// esbuild, not tsc, emits: about 2 s for the whole of src/ where tsc took 20 s of CPU (a minute of
// wall-clock time on this loaded 2-core machine) before the first start could seed; and its output
// is the transform the server ran until now through bin/typescript.mjs (no `keepNames`, ADR 0001),
// so the benchmarks stay comparable. Types are checked by `npm run typecheck` (CI), not here.
// esbuild has no option to rewrite `./x.ts` imports to `./x.js`: every file is an entry point and
// the plugin below rewrites each relative import and leaves it external, so no module is inlined
// into another. Packages stay imports of node_modules.
//
// Usage: node scripts/build.mjs [--out-dir DIR]   (DIR a folder directly in the project: see below)
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const buildScript = fileURLToPath(import.meta.url);
export const distDir = path.join(root, 'dist');
const STAMP = '.build.json';
/**
 * The compiler options of tsconfig.json that change emitted code, bin/typescript-hooks.mjs's too:
 * pages are hono/jsx components (.tsx, docs/adr/0011-pages-as-components.md), compiled with the
 * automatic runtime, so a component file imports nothing for its JSX.
 */
const TSCONFIG_EMIT = {
  target: 'ES2022',
  useDefineForClassFields: true,
  jsx: 'react-jsx',
  jsxImportSource: 'hono/jsx',
};

/**
 * 'fresh', 'missing' or 'stale': whether `outDir` holds a build of the sources as they are now.
 * Stale when a file or folder of src/ (a folder changes when a file is added, removed or renamed)
 * or this script changed after the sources the build read. Without src/ (a deployment of dist/
 * alone) a build is fresh.
 *
 * @example if (buildState() !== 'fresh') build();
 */
export function buildState(outDir = distDir) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(outDir, STAMP), 'utf8'));
  } catch {
    return 'missing';
  }
  if (!existsSync(src)) return 'fresh';
  return newestSourceChange() > stamp.sourcesChangedMs ? 'stale' : 'fresh';
}

function newestSourceChange() {
  let newest = Math.max(statSync(src).mtimeMs, statSync(buildScript).mtimeMs);
  for (const entry of readdirSync(src, { recursive: true })) {
    // undefined when the file went between the listing and now (its folder changed then).
    newest = Math.max(newest, statSync(path.join(src, entry), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  }
  return newest;
}

/**
 * Builds src/ into `outDir` (default dist/). The build is written beside it and then renamed into
 * place, so a process starting meanwhile never loads half a build, and a build of files deleted
 * from src/ leaves none of them behind (an old migration must not run again). `outDir` must be a
 * folder directly in the project, as dist/ is: the modules import packages from the project's
 * node_modules and read package.json three folders up.
 *
 * @example await build(); // dist/main.js
 */
export async function build(outDir = distDir) {
  if (path.dirname(path.resolve(outDir)) !== root) {
    throw new Error(`the build goes in a folder directly in ${root}, not ${outDir}`);
  }
  const started = performance.now();
  // Read before the sources: a file saved while building makes the next start build again.
  const sourcesChangedMs = newestSourceChange();
  const files = readdirSync(src, { recursive: true }).filter((f) =>
    statSync(path.join(src, f), { throwIfNoEntry: false })?.isFile(),
  );
  const modules = files.filter(
    (f) => (f.endsWith('.ts') || f.endsWith('.tsx')) && !/\.test\.tsx?$/.test(f) && !f.endsWith('.d.ts'),
  );
  // What runs from dist/ loads no TypeScript: the .mjs files of src/ are bootstraps that register
  // tsx in worker threads of the sources (src/registry/import/load-worker.mjs); tests stay in src/.
  const assets = files.filter((f) => !f.endsWith('.ts') && !f.endsWith('.tsx') && !f.endsWith('.mjs'));

  const next = `${outDir}.tmp-${process.pid}`;
  await rm(next, { recursive: true, force: true });
  let helpers = [];
  try {
    helpers = await withEsbuild(({ build: esbuild }) =>
      esbuild({
        absWorkingDir: root,
        entryPoints: modules.map((f) => path.join('src', f)),
        outbase: 'src',
        outdir: next,
        bundle: true,
        packages: 'external',
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // bin/typescript.mjs's options: tsconfig.json's, as far as they change emitted code.
        tsconfigRaw: { compilerOptions: TSCONFIG_EMIT },
        sourcemap: true,
        charset: 'utf8',
        logLevel: 'warning',
        plugins: [relativeImportsStayModules],
      }),
    );
    for (const f of assets) {
      await mkdir(path.dirname(path.join(next, f)), { recursive: true });
      await cp(path.join(src, f), path.join(next, f));
    }
    await writeFile(
      path.join(next, STAMP),
      `${JSON.stringify({ sourcesChangedMs, builtAt: new Date().toISOString() })}\n`,
    );
  } catch (error) {
    await rm(next, { recursive: true, force: true });
    throw error;
  }

  const previous = `${outDir}.old-${process.pid}`;
  await rename(outDir, previous).catch(ignore('ENOENT'));
  try {
    await rename(next, outDir);
  } catch (error) {
    // Another process built the same sources and renamed its build into place first.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    await rm(next, { recursive: true, force: true });
  }
  await rm(previous, { recursive: true, force: true });
  return {
    modules: modules.length,
    assets: assets.length,
    ms: Math.round(performance.now() - started),
    helperPids: helpers,
  };
}

/**
 * Runs `work` with esbuild, then stops esbuild's service process and waits until it has exited
 * while this process lives, so that this process reaps it. Left to exit after us, it became a
 * child of PID 1, which in some containers never reaps it: a new user found 11 `[esbuild]
 * <defunct>` (issue 15 §4). esbuild does not expose the process; Node's `child_process` channel
 * names every process started meanwhile. Returns their process ids.
 */
async function withEsbuild(work) {
  const children = [];
  const started = ({ process: child }) => children.push(child);
  subscribe('child_process', started);
  const esbuild = await import('esbuild');
  try {
    await work(esbuild);
  } finally {
    unsubscribe('child_process', started);
    await esbuild.stop();
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    // ref(): esbuild unrefs its process, so waiting on it would not keep this one alive.
    await Promise.all(
      running.map((c) => {
        c.ref();
        return once(c, 'exit');
      }),
    );
  }
  return children.map((c) => c.pid);
}

/** `./x.ts` or `./x.tsx` → `./x.js`, left an import of its own module; refused when the file does not exist. */
const relativeImportsStayModules = {
  name: 'relative-imports-stay-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = path.resolve(args.resolveDir, args.path);
      if (!existsSync(target)) return { errors: [{ text: `${args.path} does not exist` }] };
      return { path: args.path.replace(/\.tsx?$/, '.js'), external: true };
    });
  },
};

function ignore(code) {
  return (error) => {
    if (error.code !== code) throw error;
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--out-dir');
  const outDir = at === -1 ? distDir : path.resolve(process.argv[at + 1] ?? '');
  const done = await build(outDir).catch((error) => {
    if (error.code === 'ERR_MODULE_NOT_FOUND' && /'esbuild'/.test(error.message)) {
      console.error('ayni: building needs esbuild, a development dependency: run `npm ci` (not --omit=dev).');
      process.exit(1);
    }
    // esbuild has printed what is wrong, with the file and line; its stack trace adds nothing.
    if (!Array.isArray(error.errors)) throw error;
    console.error(`ayni: the build failed (${error.errors.length} error(s) above); dist/ is unchanged.`);
    process.exit(1);
  });
  console.error(
    `ayni: built ${path.relative(process.cwd(), outDir) || '.'}/ (${done.modules} modules, ${done.assets} data files) in ${(done.ms / 1000).toFixed(1)} s`,
  );
}

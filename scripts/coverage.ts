#!/usr/bin/env node
// npm run coverage [-- runner arguments]: the test suite (scripts/run-tests.ts, on the embedded
// server unless DATABASE_URL is set) with V8's coverage on, then c8's summary for src/ (.c8rc.json).
// Raw coverage goes to test-artifacts/coverage/tmp, ignored by git and Biome.
//
// One step stands between the run and c8: c8 merges the raw coverage of every process by file
// before it maps it back to the TypeScript, with one source map per file. The tests run ayni's
// sources through tsx, but the servers some tests start as programs (bin/ayni.mjs) compile the same
// files with other options (bin/typescript-hooks.mjs), so the byte ranges of two different
// JavaScript texts were added together: files every test uses came out a third covered. So each
// file keeps the coverage of the form tsx compiles it to (or, for a file only such a program ran,
// of its most common form), and what other processes ran of it is left out of the report.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = path.join(root, 'test-artifacts', 'coverage', 'tmp');

/** What V8 writes per process (NODE_V8_COVERAGE), as far as this script reads it. */
interface ProcessCoverage {
  result: { url: string }[];
  /** The source map of each compiled file, and the line lengths of the JavaScript it ran. */
  'source-map-cache'?: Record<string, { lineLengths: number[] }>;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

const isSource = (url: string) =>
  url.startsWith('file:') && fileURLToPath(url).startsWith(path.join(root, 'src') + path.sep);

/** The compiled form of a source in one process: the line lengths of the JavaScript it ran. */
const formOf = (cov: ProcessCoverage, url: string) =>
  JSON.stringify(cov['source-map-cache']?.[url]?.lineLengths ?? 'no source map');

const readCoverage = async (file: string) =>
  JSON.parse(await readFile(path.join(tmp, file), 'utf8')) as ProcessCoverage;

/** Leaves in each process's coverage only the sources it ran in their reference form (above). */
async function keepOneCompiledFormPerSource(): Promise<{ processes: number; trimmed: number }> {
  const files = (await readdir(tmp)).filter((f) => f.endsWith('.json'));
  // How many processes ran each (source, form), counted apart for processes that ran tsx.
  const seen = new Map<string, { url: string; form: string; tsx: number; all: number }>();
  for (const file of files) {
    const cov = await readCoverage(file);
    const tsx = cov.result.some((s) => s.url.includes('/node_modules/tsx/'));
    for (const { url } of cov.result.filter((s) => isSource(s.url))) {
      const form = formOf(cov, url);
      const entry = seen.get(`${url} ${form}`) ?? { url, form, tsx: 0, all: 0 };
      entry.all++;
      if (tsx) entry.tsx++;
      seen.set(`${url} ${form}`, entry);
    }
  }
  const reference = new Map<string, { form: string; tsx: number; all: number }>();
  for (const e of seen.values()) {
    const best = reference.get(e.url);
    if (!best || e.tsx > best.tsx || (e.tsx === best.tsx && e.all > best.all)) reference.set(e.url, e);
  }
  let trimmed = 0;
  for (const file of files) {
    const cov = await readCoverage(file);
    const maps = cov['source-map-cache'] ?? {};
    // c8 keeps one source map per file, the last it reads: another form's must go too.
    const others = [...cov.result.map((s) => s.url), ...Object.keys(maps)].filter(
      (url) => isSource(url) && reference.get(url)?.form !== formOf(cov, url),
    );
    if (others.length === 0) continue;
    cov.result = cov.result.filter((s) => !others.includes(s.url));
    for (const url of others) delete maps[url];
    await writeFile(path.join(tmp, file), JSON.stringify(cov));
    trimmed++;
  }
  return { processes: files.length, trimmed };
}

await rm(tmp, { recursive: true, force: true });
await mkdir(tmp, { recursive: true });
const tests = await run(['--import', 'tsx', 'scripts/run-tests.ts', ...process.argv.slice(2)], {
  ...process.env,
  NODE_V8_COVERAGE: tmp,
});
const { processes, trimmed } = await keepOneCompiledFormPerSource();
console.log(
  `ayni coverage: ${processes} processes` +
    (trimmed > 0 ? `; in ${trimmed}, sources compiled otherwise than by tsx (bin/ayni.mjs) left out` : ''),
);
const c8 = path.join(root, 'node_modules', 'c8', 'bin', 'c8.js');
const report = await run([c8, 'report'], { ...process.env });
process.exit(tests !== 0 ? tests : report);

import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatCalibration, generateCountry } from '../src/synth/synth.ts';

/**
 * Benchmark of the synthetic country generator: persons per second (wall clock, after a warm-up
 * run), CPU time, peak resident memory and file sizes. Files go to a temporary folder that is
 * removed afterwards unless --keep is given.
 *
 * @example node --import tsx bench/synth.bench.ts 1000000 [--messy] [--keep]
 */
const people = Number(process.argv[2] ?? 1_000_000);
const messy = process.argv.includes('--messy');
const keep = process.argv.includes('--keep');
const outDir = path.join(os.tmpdir(), `ayni-synth-bench-${process.pid}`);

await generateCountry({ people: 20_000, seed: 1, outDir });
const cpuBefore = process.cpuUsage();
const startedMs = performance.now();
const report = await generateCountry({ people, seed: 42, outDir, messy });
const elapsedMs = performance.now() - startedMs;
const cpu = process.cpuUsage(cpuBefore);

let totalBytes = 0;
const sizes: string[] = [];
for (const name of (await readdir(outDir)).sort()) {
  const { size } = await stat(path.join(outDir, name));
  totalBytes += size;
  const rows = report.files.find((f) => f.name === name)?.rows ?? 0;
  sizes.push(
    `  ${name.padEnd(30)} ${rows.toLocaleString('en').padStart(12)} rows ${(size / 1e6).toFixed(1).padStart(9)} MB`,
  );
}
console.log(formatCalibration(report));
console.log(`\nFiles in ${outDir}:`);
console.log(sizes.join('\n'));
console.log(`  ${'total'.padEnd(30)} ${''.padStart(17)} ${(totalBytes / 1e6).toFixed(1).padStart(9)} MB`);
console.log(
  `\n${people.toLocaleString('en')} persons${messy ? ' (messy)' : ''} in ${(elapsedMs / 1000).toFixed(2)} s: ` +
    `${Math.round(people / (elapsedMs / 1000)).toLocaleString('en')} persons/s, ` +
    `${(totalBytes / 1e6 / (elapsedMs / 1000)).toFixed(0)} MB/s; CPU user ${(cpu.user / 1e6).toFixed(2)} s, ` +
    `system ${(cpu.system / 1e6).toFixed(2)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ` +
    `injected rows ${report.messyRowsInjected.toLocaleString('en')}; Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}`,
);
if (!keep) await rm(outDir, { recursive: true, force: true });

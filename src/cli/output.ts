/**
 * What an `ayni` command prints for the person who ran it — user output, not logs (diagnostics go
 * through the logger, src/shared/log.ts). Results on standard output, so they can be piped and
 * saved; messages (progress, notices, failures) on standard error. The one module in src/ that
 * writes to the console (biome's noConsole, biome.json); the arguments are printed as console.log
 * prints them, so the texts the tests compare stay as they were.
 */

/**
 * A command's result, on standard output: what it was asked for.
 *
 * @example printResult(`account ${a.username} created with roles ${a.roles.join(', ')}`);
 */
export function printResult(...parts: unknown[]): void {
  console.log(...parts);
}

/**
 * A message to the person running the command, on standard error: progress, a notice, a failure.
 *
 * @example printMessage(`ayni: serving ${server.url}/  (Ctrl+C to stop)`);
 */
export function printMessage(...parts: unknown[]): void {
  console.error(...parts);
}

import { Command, CommanderError } from 'commander';
import { type App, openApp } from '../app.ts';
import { startServer } from '../http/server.ts';
import { isClusterWorker, superviseWorkers } from '../scale/index.ts';
import { seedIfEmpty } from '../seed.ts';
import { AssertionFailure } from '../shared/assert.ts';
import { type Config, readConfig } from '../shared/config.ts';
import { createLogger } from '../shared/log.ts';
import { registerAccessCommands } from './access.commands.ts';
import { registerAuditCommands } from './audit.commands.ts';
import { registerBonoCommands } from './bono.commands.ts';
import { registerCasesCommands } from './cases.commands.ts';
import { registerCertificatesCommands } from './certificates.commands.ts';
import { registerDatabaseCommands } from './database.commands.ts';
import { CommandFailed, orStop } from './failure.ts';
import { registerIdentityCommands } from './identity.commands.ts';
import { registerLedgerCommands } from './ledger.commands.ts';
import { printMessage, printResult } from './output.ts';
import { registerRegistryCommands } from './registry.commands.ts';
import { registerRulesCommands } from './rules.commands.ts';
import { registerSynthCommand } from './synth.command.ts';
import { registerVaccinationCommands } from './vaccination.commands.ts';
import { registerWealthTaxCommands } from './wealth-tax.commands.ts';

/**
 * The `ayni` command line. Every command has --help; failures print one actionable line and exit
 * non-zero (1 for expected failures, 2 for bugs).
 *
 * @example await runCli(['node', 'ayni', 'registry', 'status']);
 */
export async function runCli(argv: string[]): Promise<void> {
  // Start-up failures (the environment, then the database and AYNI_CLOCK as a command opens them)
  // come back as values and end the command like any other expected failure.
  const read = readConfig(process.env);
  if (!read.ok) {
    fail(new CommandFailed(read.error));
    return;
  }
  const config: Config = read.value;
  const withApp = async <T>(fn: (app: App) => Promise<T>): Promise<T> => {
    const app = orStop(await openApp(config));
    try {
      return await fn(app);
    } finally {
      await app.close();
    }
  };

  const program = new Command('ayni')
    .description('ayni — one registry for Bolivia’s emergency programmes')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('start')
    .description(
      'open the database (embedded unless DATABASE_URL is set), seed a synthetic country if empty, serve the web',
    )
    .option('--port <port>', 'HTTP port', String(config.httpPort))
    .option('--host <host>', 'HTTP host', config.httpHost)
    .option(
      '--seed-people <n>',
      'persons to seed into an empty registry (0: none)',
      String(config.seedPeople),
    )
    .option(
      '--workers <n>',
      'server processes sharing the port (node:cluster), all on the same database; 1: this process serves',
      '1',
    )
    .action(async (flags: { port: string; host: string; seedPeople: string; workers: string }) => {
      const workers = Math.max(1, Math.min(256, Math.floor(Number(flags.workers)) || 1));
      const worker = isClusterWorker();
      // A server's log is its output: JSON lines on standard output (`npm start 2>/dev/null` keeps
      // only them); the messages below, for the person who started it, on standard error.
      const log = createLogger({ level: config.logLevel, destination: 'stdout' });
      // Creating the embedded database, the first time, takes seconds with nothing else to show.
      if (!config.databaseUrl && !worker)
        printMessage(
          `ayni: opening the embedded PostgreSQL server in ${config.dataDir} (created on a first start)…`,
        );
      let app = orStop(await openApp(config, { log }));
      const where =
        app.db.backend === 'embedded'
          ? `embedded PostgreSQL in ${config.dataDir}/postgres`
          : 'PostgreSQL server';
      if (!worker) printMessage(`ayni: database ready (${where}).`);
      // With workers the first process migrates and seeds, then forks them and waits: it keeps the
      // database open (the embedded server stays attached) until the last worker has stopped.
      if (
        !worker &&
        (await seedIfEmpty(app, Number(flags.seedPeople), config.seedRandom, (l) => printMessage(l)))
      ) {
        // The seed records the demonstration clock; open again so the server runs on it.
        await app.close();
        app = orStop(await openApp(config, { log }));
      }
      if (app.simulatedClock && !worker)
        printMessage(`ayni: simulated clock, now ${app.now?.().toISOString()}.`);
      if (workers > 1 && !worker) {
        const code = await superviseWorkers(workers, { log, say: printMessage });
        await app.close();
        process.exit(code);
      }
      // A worker is one of `workers` processes on this port: it keeps its share of the bank look-up
      // budget, so together they admit no more than AYNI_BANK_MISSES_PER_MINUTE.
      const server = await startServer(app, flags.host, Number(flags.port), { processes: workers });
      printMessage(`ayni: serving ${server.url}/  (Ctrl+C to stop)`);
      log.info({ url: server.url, backend: app.db.backend }, 'serving');
      // Shutdown: no new back-office job; those running get AYNI_JOB_DRAIN_SECONDS to end while
      // their pages are still served, then are marked interrupted (src/jobs/). A second signal
      // finds no handler and ends the process at once: its jobs are seen interrupted once their
      // heartbeat stops.
      const stop = async (signal: NodeJS.Signals) => {
        if (server.jobsRunning > 0)
          printMessage(
            `ayni: ${signal}: waiting up to ${config.jobDrainSeconds} s for ${server.jobsRunning} running job(s); ${signal} again stops at once.`,
          );
        const drain = await server.close();
        if (drain.interrupted.length > 0) {
          printMessage(`ayni: ${drain.interrupted.length} job(s) did not end in time: marked interrupted.`);
          // An interrupted job still holds its database connection and may be about to commit: leave
          // at once, so PostgreSQL rolls its transaction back with the connection. Waiting to close
          // the pool (which waits for that connection) let an import commit after it was recorded
          // as interrupted. The embedded server stays up for the next ayni process, as after a crash.
          process.exit(0);
        }
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('migrate')
    .description('bring the database schema up to date (start does this too)')
    .action(async () => {
      await withApp(async (app) => printResult(`schema up to date on ${app.db.backend}`));
    });

  registerRegistryCommands(program, withApp);
  registerIdentityCommands(program, withApp);
  registerRulesCommands(program, withApp);
  registerAccessCommands(program, withApp);
  registerAuditCommands(program, withApp);
  registerLedgerCommands(program, withApp);
  registerBonoCommands(program, withApp);
  registerVaccinationCommands(program, withApp);
  registerCasesCommands(program, withApp);
  registerWealthTaxCommands(program, withApp);
  registerCertificatesCommands(program, withApp);
  registerSynthCommand(program);
  registerDatabaseCommands(program, config);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    fail(error);
  }
}

function fail(error: unknown): void {
  if (error instanceof CommandFailed) {
    printMessage(`ayni: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  if (error instanceof AssertionFailure) {
    printMessage(
      `ayni: ${error.message}. This is a bug: nothing was committed. Please report it with the command you ran.`,
    );
    process.exitCode = 2;
    return;
  }
  const e = error as { code?: string; message?: string };
  if (e.code === 'ECONNREFUSED') {
    printMessage(
      'ayni: cannot reach the PostgreSQL server named by DATABASE_URL. Start it or unset DATABASE_URL to use the embedded database.',
    );
    process.exitCode = 1;
    return;
  }
  printMessage(error);
  process.exitCode = 2;
}

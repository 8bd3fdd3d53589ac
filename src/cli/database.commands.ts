import type { Command } from 'commander';
import { embeddedStatus, stopEmbedded } from '../db/embedded.ts';
import type { Config } from '../shared/config.ts';
import { CommandFailed, orStop } from './failure.ts';
import { printResult } from './output.ts';

/**
 * `ayni database status` and `ayni database stop`: the embedded PostgreSQL server as the machine's
 * operator sees it (which folder, which process, who is attached). They act on the host, not on
 * programme data, so they ask for no officer: whoever can read the data folder can already stop
 * the server with a signal.
 *
 * @example registerDatabaseCommands(program, config);
 */
export function registerDatabaseCommands(program: Command, config: Config): void {
  const database = program
    .command('database')
    .description('the embedded PostgreSQL server in the data folder (status, stop)');

  database
    .command('status')
    .description(
      'whether the embedded server runs, its process, folder, durability and the ayni processes attached',
    )
    .action(async () => {
      if (config.databaseUrl) {
        printResult('DATABASE_URL is set: ayni uses that PostgreSQL server, not an embedded one.');
        return;
      }
      const s = await embeddedStatus(config.dataDir);
      printResult(`folder     ${s.layout.pgdata}`);
      printResult(`socket     ${s.layout.socketDir}`);
      printResult(`log        ${s.layout.logFile}`);
      if (!s.running) {
        printResult('state      stopped (the next ayni command or `ayni start` starts it)');
        return;
      }
      printResult(`state      running, pid ${s.pid}, PostgreSQL ${s.version}, fsync ${s.fsync}`);
      printResult(`attached   ${s.attached.length === 0 ? 'no ayni process' : s.attached.join('; ')}`);
    });

  database
    .command('stop')
    .description(
      'stop the embedded server (fast shutdown: committed work is kept, open transactions roll back)',
    )
    .option('--force', 'stop it even while other ayni processes are attached (their requests fail)')
    .action(async (flags: { force?: boolean }) => {
      if (config.databaseUrl) throw new CommandFailed({ code: 'database_not_embedded' });
      const s = await embeddedStatus(config.dataDir);
      if (s.running && s.attached.length > 0 && !flags.force)
        throw new CommandFailed({ code: 'database_in_use', attached: s.attached });
      printResult(orStop(await stopEmbedded(config.dataDir)) ? 'stopped' : 'not running');
    });
}

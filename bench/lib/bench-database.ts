import type { Database } from '../../src/db/database.ts';
import { type OpenOptions, openDatabase } from '../../src/db/open.ts';
import type { Config } from '../../src/shared/config.ts';

/**
 * The database a bench measures on, opened as ayni opens it (src/db/open.ts). A bench without its
 * database measures nothing: the failure value ends it, printed as it is.
 *
 * @example const db = await openBenchDatabase({ databaseUrl: undefined, dataDir: dir });
 */
export async function openBenchDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options?: OpenOptions,
): Promise<Database> {
  const opened = await openDatabase(config, options);
  if (!opened.ok)
    throw new Error(`the bench's database could not be opened: ${JSON.stringify(opened.error)}`);
  return opened.value;
}

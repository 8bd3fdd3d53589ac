import { openDatabase } from '../../src/db/open.ts';
import { syncGeography } from '../../src/registry/geography/geography.ts';
import { recordResidence, registerTaxpayer } from '../../src/wealth-tax/index.ts';
import { type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';
import { AT, must, OFFICER } from './fixture.ts';

/**
 * What the wealth tax's CLI tests share: a database of their own for `ayni` run in this process,
 * the clock at 2021-04-12 14:00 UTC, taxpayers `Contribuyente <nit>` registered by passport and
 * resident 300 days in 2020, and the officers' credentials (`tokens[username]`, for `asOfficer`).
 * `dispose` drops the database and puts the environment back as it was.
 *
 * @example const w = await wealthTaxCli('wealth-tax', { nits: ['8100001'], country: 'CL', departmentCode: 3, password, officers: { 'sin.fiscal': ['tax_officer'] } });
 */
export interface WealthTaxCli {
  cli: CliDatabase;
  tokens: Record<string, string>;
  dispose(): Promise<void>;
}

const ENVIRONMENT = ['AYNI_DATA_DIR', 'DATABASE_URL', 'AYNI_CLOCK', 'AYNI_CREDENTIAL', 'AYNI_OFFICER'];

export async function wealthTaxCli(
  label: string,
  options: {
    nits: readonly string[];
    /** The passports' country. */
    country: string;
    departmentCode: number;
    password: string;
    officers: Record<string, readonly string[]>;
  },
): Promise<WealthTaxCli> {
  const saved = new Map(ENVIRONMENT.map((name) => [name, process.env[name]]));
  const restore = () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  let cli: CliDatabase;
  try {
    cli = await cliDatabase(label);
  } catch (e) {
    restore();
    throw e;
  }
  try {
    return { cli, tokens: await seed(cli, options), dispose: () => cli.dispose().finally(restore) };
  } catch (e) {
    await cli.dispose().finally(restore);
    throw e;
  }
}

async function seed(
  cli: CliDatabase,
  options: Parameters<typeof wealthTaxCli>[1],
): Promise<Record<string, string>> {
  process.env.AYNI_CLOCK = '2021-04-12T14:00:00Z';
  delete process.env.AYNI_CREDENTIAL;
  delete process.env.AYNI_OFFICER;
  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  try {
    await syncGeography(opened.value);
    for (const nit of options.nits) {
      must(
        await registerTaxpayer(
          opened.value,
          {
            nit,
            fullName: `Contribuyente ${nit}`,
            passport: { number: `P${nit}`, country: options.country },
            departmentCode: options.departmentCode,
          },
          OFFICER,
          AT,
        ),
      );
      must(await recordResidence(opened.value, { nit, fortuneYear: 2020, daysInBolivia: 300 }, OFFICER, AT));
    }
  } finally {
    await opened.value.close();
  }
  return cliOfficers(options.password, options.officers);
}

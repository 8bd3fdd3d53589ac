import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fail, ok, type Result } from './failure.ts';
import { parseNetworks } from './ip-networks.ts';
import { LOG_LEVELS, type LogLevel } from './log.ts';

/**
 * The only place that reads `process.env`. Everything else receives a `Config`.
 *
 * @example const config = readConfig(process.env);
 */
export interface Config {
  /** PostgreSQL server URL; when absent ayni starts its embedded PostgreSQL server in `dataDir/postgres`. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database, rejects files and other working files. */
  dataDir: string;
  httpHost: string;
  httpPort: number;
  /** Persons to seed into an empty database on `ayni start` (1:100 of Bolivia by default). */
  seedPeople: number;
  seedRandom: number;
  /**
   * Mark session cookies Secure: 'auto' follows each request's scheme; set 'true' behind a proxy
   * that terminates TLS, so cookies never travel in clear.
   */
  secureCookies: boolean | 'auto';
  /**
   * AYNI_CLOCK: moves the database's one clock (src/clock.ts) to this instant, for every process
   * that opens it; it then runs forward in real time. For training and demonstration on 2020–21
   * data. Refused if before the latest change the database records; the same instant given again
   * leaves the running clock alone. Undefined: the database's clock as it is (real time if unset).
   */
  clockSetTo: Date | undefined;
  /**
   * AYNI_CREDENTIAL: the API credential (`ak_<id>.<secret>`) a CLI command signs in with instead of
   * a username and password — an officer's personal credential, or an organisation's.
   */
  cliCredential: string | undefined;
  /** AYNI_OFFICER: the username a CLI command signs in as when --officer is not given. */
  cliOfficer: string | undefined;
  /**
   * AYNI_ISO20022_SCHEMAS: a folder of ISO 20022 XSDs holding `pain/pain.001.001.03.xsd` (or that
   * .xsd itself): deposit files exported from the back office are validated against it before
   * they are recorded. Default: the XSDs vendored with ayni (VENDORED_ISO20022_SCHEMAS). Undefined
   * (only when a caller builds a Config itself): not validated.
   */
  iso20022Schemas: string | undefined;
  /**
   * AYNI_TRUSTED_PROXIES: the TLS proxies in front of ayni (addresses and CIDR networks, IPv4 and
   * IPv6, comma-separated). Their `X-Forwarded-For` names the client for the per-address limits
   * (src/access/client-address.ts); empty: the header is ignored.
   */
  trustedProxies: readonly string[];
  /**
   * AYNI_BANK_MISSES_PER_MINUTE: bank verifications and payouts per minute and credential that
   * find nobody entitled (src/bono/bank-lookup-limit.ts). Default 120.
   */
  bankMissesPerMinute: number;
  /**
   * AYNI_MAX_UPLOAD_MB: the largest file an officer uploads in the back office to import (persons,
   * source lists), in bytes; it is streamed to disk, so the limit bounds disk and import time, not
   * memory. Larger files go through `ayni registry import`. Default 200 MB.
   */
  maxUploadBytes: number;
  /**
   * AYNI_JOB_DRAIN_SECONDS: on shutdown (SIGTERM, SIGINT), how long the server waits for the
   * back-office jobs it runs (imports, round creations, deposit exports) to end, taking no new one;
   * those still running then are marked interrupted (src/jobs/). Default 30.
   */
  jobDrainSeconds: number;
  /**
   * AYNI_LOG_LEVEL: the least severe log lines written (src/shared/log.ts): trace, debug, info,
   * warn, error, fatal or silent. Default info; the test runner sets silent.
   */
  logLevel: LogLevel;
  /**
   * AYNI_TSA_URL: an RFC 3161 timestamp authority (http or https) that timestamps evidence hashes
   * (src/cases/evidence/timestamp.ts). Unset: evidence is not timestamped, and saying so.
   */
  tsaUrl: string | undefined;
  /**
   * DATABASE_READ_URL: hot standbys of DATABASE_URL's server (comma-separated URLs) that serve the
   * public's read-only look-ups while their replay lag is under `replicaMaxLagMs`
   * (src/db/replicas.ts, docs/scaling.md). Absent or empty: every read goes to the primary.
   */
  databaseReadUrls?: readonly string[];
  /** AYNI_REPLICA_MAX_LAG_MS: the most a replica may lag behind the primary and still serve reads. Default 2000. */
  replicaMaxLagMs?: number;
  /**
   * AYNI_DB_CONNECT_TIMEOUT_MS: how long opening a connection to the database may take before the
   * request fails (503 database_unavailable) rather than waiting on a server that is gone. Default 5000.
   */
  databaseConnectTimeoutMs?: number;
}

/**
 * The ISO 20022 XSDs that come with ayni (schemas/iso20022, with their licence): the default of
 * AYNI_ISO20022_SCHEMAS, so a fresh clone validates the files it writes. Found from this module,
 * two folders below the project in src/ and in dist/ alike.
 */
export const VENDORED_ISO20022_SCHEMAS = fileURLToPath(new URL('../../schemas/iso20022', import.meta.url));

/** Every environment variable ayni reads. `.env.example` lists and explains each (a test checks). */
export const EnvSchema = z.object({
  DATABASE_URL: z.string().startsWith('postgres').optional(),
  AYNI_DATA_DIR: z.string().min(1).optional(),
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  AYNI_SEED_PEOPLE: z.coerce.number().int().min(0).max(20_000_000).optional(),
  AYNI_SEED: z.coerce.number().int().min(0).optional(),
  AYNI_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).optional(),
  AYNI_CLOCK: z
    .string()
    .refine(
      (s) => !Number.isNaN(Date.parse(s)),
      'must be an ISO 8601 instant, e.g. 2021-01-05T10:00:00-04:00',
    )
    .optional(),
  // The message never repeats the value: it is a secret.
  AYNI_CREDENTIAL: z
    .string()
    .regex(/^ak_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/, 'must be a credential as issued, ak_<id>.<secret>')
    .optional(),
  AYNI_OFFICER: z.string().min(1).max(64).optional(),
  AYNI_ISO20022_SCHEMAS: z
    .string()
    .refine((p) => existsSync(p), 'no such file or folder')
    .optional(),
  AYNI_TRUSTED_PROXIES: z
    .string()
    .superRefine((s, ctx) => {
      const parsed = parseNetworks(s);
      if (!parsed.ok)
        ctx.addIssue({
          code: 'custom',
          message: `${parsed.bad} is not an IP address or CIDR network (write e.g. 10.0.0.2, 10.1.0.0/16, fd00::/8)`,
        });
    })
    .optional(),
  AYNI_BANK_MISSES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).optional(),
  AYNI_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(100_000).optional(),
  AYNI_JOB_DRAIN_SECONDS: z.coerce.number().min(0).max(3600).optional(),
  AYNI_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  AYNI_TSA_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_READ_URL: z
    .string()
    .refine(
      (s) => s.split(',').every((u) => u.trim() === '' || /^postgres(ql)?:\/\//.test(u.trim())),
      'must be postgres:// URLs separated by commas',
    )
    .optional(),
  AYNI_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  AYNI_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
});

/**
 * What stops ayni at start-up, as values (docs/adr/0009-one-failure-model.md): an environment
 * variable it cannot use, and an AYNI_CLOCK the database refuses (src/clock.ts). Their words are in
 * src/messages ({status,es,en}/config.ts); the entry point prints the English ones and exits 1.
 * `problem` never repeats a secret's value (AYNI_CREDENTIAL's message names only its form).
 *
 * @example const failure: ConfigFailure = { code: 'config_invalid', variable: 'PORT', problem: 'Too big: expected number to be <=65535' };
 */
export type ConfigFailure =
  /** Environment variable `variable` holds what ayni cannot use; `problem` says what is wrong. */
  | { readonly code: 'config_invalid'; readonly variable: string; readonly problem: string }
  /**
   * AYNI_CLOCK (`requested`, an ISO 8601 instant) is before the latest change the database records
   * (`latestChangeAt`): its clock never moves back past what it has recorded.
   */
  | { readonly code: 'clock_backwards'; readonly requested: string; readonly latestChangeAt: string };

/**
 * The configuration from the environment, validated: what ayni's entry point reads once at start-up.
 *
 * @example const config = readConfig(process.env); if (!config.ok) … // config_invalid
 */
export function readConfig(env: Record<string, string | undefined>): Result<Config, ConfigFailure> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in EnvSchema.shape && v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail({
      code: 'config_invalid',
      variable: String(issue?.path[0]),
      problem: String(issue?.message),
    });
  }
  const e = parsed.data;
  return ok({
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.AYNI_DATA_DIR ?? 'data'),
    httpHost: e.HOST ?? '127.0.0.1',
    httpPort: e.PORT ?? 3000,
    seedPeople: e.AYNI_SEED_PEOPLE ?? 118_420,
    seedRandom: e.AYNI_SEED ?? 2020,
    secureCookies:
      e.AYNI_SECURE_COOKIES === 'true' ? true : e.AYNI_SECURE_COOKIES === 'false' ? false : 'auto',
    clockSetTo: e.AYNI_CLOCK ? new Date(e.AYNI_CLOCK) : undefined,
    cliCredential: e.AYNI_CREDENTIAL,
    cliOfficer: e.AYNI_OFFICER,
    iso20022Schemas: path.resolve(e.AYNI_ISO20022_SCHEMAS ?? VENDORED_ISO20022_SCHEMAS),
    trustedProxies: e.AYNI_TRUSTED_PROXIES
      ? e.AYNI_TRUSTED_PROXIES.split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : [],
    bankMissesPerMinute: e.AYNI_BANK_MISSES_PER_MINUTE ?? 120,
    maxUploadBytes: (e.AYNI_MAX_UPLOAD_MB ?? 200) * 1024 * 1024,
    jobDrainSeconds: e.AYNI_JOB_DRAIN_SECONDS ?? 30,
    logLevel: e.AYNI_LOG_LEVEL ?? 'info',
    tsaUrl: e.AYNI_TSA_URL,
    databaseReadUrls: (e.DATABASE_READ_URL ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    replicaMaxLagMs: e.AYNI_REPLICA_MAX_LAG_MS ?? 2000,
    databaseConnectTimeoutMs: e.AYNI_DB_CONNECT_TIMEOUT_MS ?? 5000,
  });
}

/**
 * The configuration of an environment known to be valid — a test's, a tool's, `loadConfig({})`'s
 * defaults — where an invalid variable is a bug of the caller: it throws. ayni's entry point reads
 * the operator's environment with `readConfig`, which returns the failure.
 *
 * @example const config = loadConfig({}); // the defaults
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const config = readConfig(env);
  if (!config.ok) throw new Error(`invalid configuration: ${JSON.stringify(config.error)}`);
  return config.value;
}

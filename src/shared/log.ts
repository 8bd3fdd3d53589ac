import pino from 'pino';

/**
 * Structured logs: one JSON object a line (pino), for operators and their log collectors. What is
 * logged is diagnostics — requests answered, bugs, limits reached — never a citizen's data: no CI
 * number, date of birth, name, account number, password, token or request body (docs/security.md,
 * "Logs"). Nothing here is a global: `createLogger` makes a logger, and whoever needs one receives
 * it (an App's `log`, a request's `requestLog(c)`, a domain function's argument).
 */

/** The levels AYNI_LOG_LEVEL takes, from the most verbose; `silent` logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A logger as domains and interfaces receive it: `log.child({ requestId })` adds to every line. */
export type Logger = pino.Logger;

/** What a test gives `createLogger` to capture the lines: anything with `write(line)`. */
export type LogDestination = pino.DestinationStream;

export interface LoggerOptions {
  level: LogLevel;
  /**
   * Where the lines go: 'stdout' (the server: its log is its output), 'stderr' (a command whose
   * standard output is its result), or a stream of one's own (a test's capture). Default 'stdout'.
   */
  destination?: 'stdout' | 'stderr' | LogDestination;
}

/**
 * Keys whose values are personal data or secrets, at the top of a line or under `person`. No code
 * logs them (the test in test/http/logs.test.ts drives requests carrying each and reads every line);
 * this is the second wall, should someone log an object that holds one. Named paths only: a
 * wildcard (`*.ciNumber`) made every line cost 20 µs more (measured), a fifth of a look-up's.
 */
const PERSONAL_KEYS = [
  'ci',
  'ciNumber',
  'complemento',
  'dateOfBirth',
  'givenNames',
  'firstSurname',
  'secondSurname',
  'accountNumber',
  'password',
  'token',
  'authorization',
  'cookie',
  'body',
];
const REDACTED_PATHS = PERSONAL_KEYS.flatMap((key) => [key, `person.${key}`]);

/**
 * A bug's error as a log line holds it: its type, code, message and stack. Not its other fields: a
 * PostgreSQL error's `detail` repeats the row's values (`Key (ci_number)=(…)`). In the message and
 * stack, runs of five digits or more and ISO dates are masked — where a CI number or a date of birth
 * would be — at the price of masking a large id too.
 */
function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: mask(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.constructor?.name ?? error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: mask(error.message),
    stack: error.stack === undefined ? undefined : mask(error.stack),
  };
}

const mask = (text: string): string =>
  text.replace(/\d{4}-\d{2}-\d{2}/g, '####-##-##').replace(/\d{5,}/g, (digits) => '#'.repeat(digits.length));

/**
 * A logger writing JSON lines at `level` and above. Errors go under `err` (`log.error({ err }, '…')`).
 *
 * @example const log = createLogger({ level: config.logLevel }); log.info({ port }, 'serving');
 * @example const lines: string[] = []; const log = createLogger({ level: 'info', destination: { write: (l) => lines.push(l) } });
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination =
    options.destination === 'stderr'
      ? pino.destination(2)
      : options.destination === undefined || options.destination === 'stdout'
        ? pino.destination(1)
        : options.destination;
  return pino(
    {
      level: options.level,
      // Milliseconds since 1970 (pino's default): an ISO string costs each line 2 µs more, and log
      // tools read either.
      serializers: { err: errorForLog },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/**
 * The logger of the request a handler is answering, every line with the request's id: the HTTP
 * layer puts it in the request's context as `log` (src/http/request-log.ts). One that writes
 * nothing for a Hono app built without that middleware (a test's own). Here, beside the logger and
 * not in src/http, so that pages and routes of any module can log without importing the server.
 *
 * @example requestLog(c).error({ err }, 'the limit could not be recorded');
 */
export function requestLog(c: { readonly var: object }): Logger {
  return (c.var as { log?: Logger }).log ?? silentLogger();
}

let silent: Logger | undefined;

/** A logger that writes nothing: what an App built by hand (a test) logs with. */
export function silentLogger(): Logger {
  silent ??= pino({ level: 'silent' }, { write() {} });
  return silent;
}

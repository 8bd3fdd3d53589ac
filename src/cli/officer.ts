import readline from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import {
  authenticateCredential,
  login,
  logout,
  type Permission,
  type Principal,
  permissionsOf,
} from '../access/index.ts';
import { type App, clockOf } from '../app.ts';
import { accountActor } from '../audit/index.ts';
import { CommandFailed } from './failure.ts';

/**
 * Who runs a CLI command that the back office guards. The officer signs in as on the web, and the
 * command checks the permission the web route checks; what it changes is recorded as
 * `account:<username>`, so maker-checker compares the same officers whichever interface each used.
 *
 * - `AYNI_CREDENTIAL=ak_<id>.<secret>`: a personal credential bound to the officer's account (for
 *   scripts: no password to type or store), or an organisation's credential (a bank, an audit
 *   office's system), with that organisation's roles.
 * - Otherwise `--officer USERNAME` (else AYNI_OFFICER, else asked at a terminal) and the password, typed without
 *   echo, or the first line of standard input with `--password-stdin`. Passwords are never
 *   command-line arguments: other users of the machine read those in the process list. The sign-in
 *   is the web's (`login`): a wrong password counts toward the same lock-out, and the command runs
 *   in a session that ends with it.
 *
 * This is accountability, not a wall: whoever can run ayni with the database's address can also
 * change the database directly (docs/security.md, "The command line").
 */

/** Flags of a command run by a signed-in officer. */
export interface OfficerFlags {
  officer?: string;
  passwordStdin?: boolean;
}

/**
 * Adds `--officer` and `--password-stdin` to a command that needs a signed-in officer.
 *
 * @example signedInCommand(rounds.command('approve <round>'), 'rounds.approve')
 */
export function signedInCommand(
  cmd: Command,
  permission: Permission | undefined,
  passwordsHelp?: string,
): Command {
  return cmd
    .option(
      '--officer <username>',
      `who signs in${permission ? ` (holds ${permission})` : ''}; default AYNI_OFFICER, else asked at a terminal; not needed with AYNI_CREDENTIAL`,
    )
    .option('--password-stdin', passwordsHelp ?? 'read your password from the first line of standard input');
}

/** Reads one line from a terminal, echoing it (`hidden`: without echo). */
function promptLine(prompt: string, hidden: boolean): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const output = hidden ? new Writable({ write: (_chunk, _encoding, done) => done() }) : process.stderr;
    const rl = readline.createInterface({ input: process.stdin, output, terminal: hidden });
    rl.question('', (answer) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(answer);
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    // Passwords are short; refuse to buffer a file piped in by mistake.
    if (bytes > 64 * 1024) throw new CommandFailed({ code: 'password_input', problem: 'too_long' });
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Where a command's passwords come from: with `--password-stdin`, the lines of standard input in
 * the order the command asks for them (the signing-in officer's first, then a new one); otherwise
 * typed at the terminal without echo.
 *
 * @example const passwords = new PasswordInput(flags.passwordStdin === true);
 */
export class PasswordInput {
  #lines: string[] | undefined;

  constructor(readonly fromStdin: boolean) {}

  /** The next line of standard input: `username`'s password, or else a new one. */
  async #nextLine(username?: string): Promise<string> {
    this.#lines ??= (await readStdin()).split(/\r?\n/);
    const line = this.#lines.shift() ?? '';
    if (line === '') throw new CommandFailed({ code: 'password_input', problem: 'missing', username });
    return line;
  }

  #needTerminal(): void {
    if (!process.stdin.isTTY) throw new CommandFailed({ code: 'password_input', problem: 'not_a_terminal' });
  }

  /** The password of an officer signing in. */
  async signIn(username: string): Promise<string> {
    if (this.fromStdin) return this.#nextLine(username);
    this.#needTerminal();
    return promptLine(`Password for ${username}: `, true);
  }

  /** A new password (an account's), typed twice at a terminal. */
  async newPassword(): Promise<string> {
    if (this.fromStdin) return this.#nextLine();
    this.#needTerminal();
    const first = await promptLine('New password: ', true);
    const second = await promptLine('Repeat it: ', true);
    if (first !== second) throw new CommandFailed({ code: 'password_input', problem: 'differ' });
    return first;
  }
}

/** An officer signed in for one command. */
export interface SignedInOfficer {
  principal: Principal;
  /** How: a password (a session that the command ends) or a credential. */
  by: 'password' | 'credential';
}

/**
 * Signs the officer in (AYNI_CREDENTIAL, or username and password through `login`), checks that
 * they hold `permission` (undefined: any signed-in officer or system), runs `action` and ends the
 * sign-in's session, whatever happened.
 *
 * @example
 *   await asOfficer(app, flags, 'rounds.approve', new PasswordInput(flags.passwordStdin === true),
 *     (officer) => approveRound(app.db, { roundId, actor: officer.principal.actor, at: clockOf(app)() }));
 */
export async function asOfficer<T>(
  app: App,
  flags: OfficerFlags,
  permission: Permission | undefined,
  passwords: PasswordInput,
  action: (officer: SignedInOfficer) => Promise<T>,
): Promise<T> {
  const now = clockOf(app);
  const token = app.config.cliCredential;
  if (token) {
    const r = await authenticateCredential(app.db, `Bearer ${token}`, now());
    if (!r.ok) throw new CommandFailed({ code: 'credential_invalid' });
    const principal = r.value;
    if (flags.officer && principal.actor !== `account:${flags.officer.trim().toLowerCase()}`)
      throw new CommandFailed({
        code: 'credential_not_officer',
        signsInAs: principal.actor,
        officer: flags.officer,
      });
    requirePermission(principal, permission);
    return action({ principal, by: 'credential' });
  }

  let username = (flags.officer ?? app.config.cliOfficer)?.trim();
  if (!username) {
    if (passwords.fromStdin || !process.stdin.isTTY)
      throw new CommandFailed({ code: 'sign_in_required', permission });
    username = (await promptLine('Username: ', false)).trim();
  }
  if (!passwords.fromStdin && !process.stdin.isTTY)
    throw new CommandFailed({ code: 'sign_in_required', username });
  const password = await passwords.signIn(username);
  const r = await login(app.db, { username, password, clientIp: null, now: now() });
  if (!r.ok) throw new CommandFailed(r.error);
  const { account, sessionToken } = r.value;
  const principal: Principal = {
    kind: 'account',
    id: account.username,
    actor: accountActor(account.username),
    displayName: account.displayName,
    organisation: null,
    roles: account.roles,
    permissions: permissionsOf(account.roles),
  };
  try {
    requirePermission(principal, permission);
    return await action({ principal, by: 'password' });
  } finally {
    // The session exists only because login opens one: nothing outside this process holds it.
    await logout(app.db, sessionToken, { actor: principal.actor, now: now() });
  }
}

/** Refuses a principal without the permission, naming what it lacks. */
function requirePermission(principal: Principal, permission: Permission | undefined): void {
  if (permission === undefined || principal.permissions.has(permission)) return;
  // An officer by username (as they signed in), a system by its credential.
  const who = principal.actor.startsWith('account:')
    ? principal.actor.slice('account:'.length)
    : principal.actor;
  throw new CommandFailed({ code: 'forbidden', permission, who, roles: principal.roles });
}

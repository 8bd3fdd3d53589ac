import os from 'node:os';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import {
  accessUserError,
  createAccount,
  createCredential,
  disableAccount,
  enableAccount,
  findAccount,
  listAccounts,
  listCredentials,
  PERMISSIONS,
  ROLES,
  revokeCredential,
  setAccountPassword,
  setAccountRoles,
  unlockAccount,
} from '../access/index.ts';
import { type App, clockOf } from '../app.ts';
import { type Actor, cliActor } from '../audit/index.ts';
import { UserError } from '../shared/errors.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

/** The audit trail's actor for whoever runs the command. @example terminalActor() // 'cli:root' */
export function terminalActor(): Actor {
  try {
    return cliActor(os.userInfo().username);
  } catch {
    return cliActor('unknown');
  }
}

function unwrap<T>(
  r: { ok: true; value: T } | { ok: false; error: Parameters<typeof accessUserError>[0] },
): T {
  if (!r.ok) throw accessUserError(r.error);
  return r.value;
}

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const when = (d: Date | null): string => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '—');

/** Reads one line from a terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
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
    // A password is short; refuse to buffer a file piped in by mistake.
    if (bytes > 64 * 1024)
      throw new UserError('password_input', 'Standard input is too long for a password.');
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The new password: the first line of standard input with `--password-stdin` (for scripts), or
 * typed twice at the terminal without echo. Never a command-line argument, which other users of
 * the machine can read in the process list.
 */
async function readNewPassword(passwordStdin: boolean | undefined): Promise<string> {
  if (passwordStdin) {
    const line = (await readStdin()).split(/\r?\n/)[0] ?? '';
    if (line === '') throw new UserError('password_input', 'No password on standard input.');
    return line;
  }
  if (!process.stdin.isTTY)
    throw new UserError(
      'password_input',
      'Standard input is not a terminal: pipe the password in and add --password-stdin.',
    );
  const first = await promptHidden('New password: ');
  const second = await promptHidden('Repeat it: ');
  if (first !== second)
    throw new UserError('password_input', 'The two passwords differ; nothing was changed.');
  return first;
}

/**
 * `ayni accounts …`, `ayni credentials …` and `ayni roles`.
 *
 * @example registerAccessCommands(program, withApp);
 */
export function registerAccessCommands(program: Command, withApp: WithApp): void {
  const accounts = program.command('accounts').description('officer accounts and their roles');

  accounts
    .command('create')
    .description('create an officer account (the password is read without echo, or with --password-stdin)')
    .requiredOption('--username <name>', 'lower-case letters, digits, dot, dash, underscore; 3–64')
    .requiredOption('--roles <roles>', 'comma-separated roles (see `ayni roles`)')
    .option('--display-name <name>', 'the name shown in the back office (default: the username)')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(
      async (flags: { username: string; roles: string; displayName?: string; passwordStdin?: boolean }) => {
        const password = await readNewPassword(flags.passwordStdin);
        await withApp(async (app) => {
          const a = unwrap(
            await createAccount(app.db, {
              username: flags.username,
              displayName: flags.displayName ?? flags.username,
              roles: list(flags.roles),
              password,
              actor: terminalActor(),
              now: clockOf(app)(),
            }),
          );
          console.log(`account ${a.username} created with roles ${a.roles.join(', ')}`);
        });
      },
    );

  accounts
    .command('list')
    .description('list accounts, their roles and last sign-in')
    .action(async () => {
      await withApp(async (app) => {
        const all = await listAccounts(app.db);
        if (all.length === 0) console.log('no accounts yet: create one with `ayni accounts create`');
        for (const a of all)
          console.log(
            `${a.username.padEnd(24)} ${(a.disabled ? 'DISABLED' : 'active').padEnd(9)} last sign-in ${when(a.lastLoginAt).padEnd(17)} ${a.roles.join(',')}  (${a.displayName})`,
          );
      });
    });

  for (const [name, run, what] of [
    ['disable', disableAccount, 'disable an account and end its sessions'],
    ['enable', enableAccount, 'enable a disabled account'],
  ] as const) {
    accounts
      .command(name)
      .description(what)
      .argument('<username>')
      .action(async (username: string) => {
        await withApp(async (app) => {
          const a = unwrap(await run(app.db, { username, actor: terminalActor(), now: clockOf(app)() }));
          console.log(`account ${a.username} is ${a.disabled ? 'disabled' : 'enabled'}`);
        });
      });
  }

  accounts
    .command('roles')
    .description('show an account’s roles, or change them with --set, --add or --remove')
    .argument('<username>')
    .option('--set <roles>', 'replace the roles with these (comma-separated)')
    .option('--add <roles>', 'add these roles')
    .option('--remove <roles>', 'remove these roles')
    .action(async (username: string, flags: { set?: string; add?: string; remove?: string }) => {
      await withApp(async (app) => {
        const current = await findAccount(app.db, username);
        if (!current) throw accessUserError({ code: 'account_not_found', detail: username });
        if (flags.set === undefined && flags.add === undefined && flags.remove === undefined) {
          console.log(`${current.username}: ${current.roles.join(', ')}`);
          return;
        }
        const removed = new Set(list(flags.remove));
        const roles = [
          ...(flags.set !== undefined ? list(flags.set) : current.roles),
          ...list(flags.add),
        ].filter((r) => !removed.has(r));
        const a = unwrap(
          await setAccountRoles(app.db, { username, roles, actor: terminalActor(), now: clockOf(app)() }),
        );
        console.log(`${a.username}: ${a.roles.join(', ')}`);
      });
    });

  accounts
    .command('password')
    .description('set a new password for an account (ends its sessions)')
    .argument('<username>')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .action(async (username: string, flags: { passwordStdin?: boolean }) => {
      const password = await readNewPassword(flags.passwordStdin);
      await withApp(async (app) => {
        const a = unwrap(
          await setAccountPassword(app.db, {
            username,
            password,
            actor: terminalActor(),
            now: clockOf(app)(),
          }),
        );
        console.log(`password of ${a.username} changed; its sessions were ended`);
      });
    });

  accounts
    .command('unlock')
    .description('lift a lock-out after failed sign-ins before it expires')
    .argument('<username>')
    .action(async (username: string) => {
      await withApp(async (app) => {
        const r = unwrap(
          await unlockAccount(app.db, { username, actor: terminalActor(), now: clockOf(app)() }),
        );
        console.log(
          r.failuresCleared ? `${username}: failed sign-ins cleared` : `${username} had no failed sign-ins`,
        );
      });
    });

  program
    .command('roles')
    .description('the roles and the permissions each grants')
    .action(() => {
      for (const [name, role] of Object.entries(ROLES)) {
        console.log(`${name} — ${role.en} (for ${role.holders.join(' and ')}s)`);
        for (const p of role.permissions) console.log(`  ${p.padEnd(20)} ${PERMISSIONS[p].en}`);
      }
    });

  const credentials = program
    .command('credentials')
    .description('API credentials for banks and other systems');

  credentials
    .command('create')
    .description(
      'issue a credential; prints the token once (stdout), to use as `Authorization: Bearer <token>`',
    )
    .requiredOption('--org <code>', 'the organisation: a bank’s BIC (e.g. BUNIBOLX) or an upper-case code')
    .requiredOption('--roles <roles>', 'comma-separated roles (e.g. bank)')
    .option('--description <text>', 'what the credential is for')
    .action(async (flags: { org: string; roles: string; description?: string }) => {
      await withApp(async (app) => {
        const r = unwrap(
          await createCredential(app.db, {
            organisation: flags.org,
            roles: list(flags.roles),
            description: flags.description,
            actor: terminalActor(),
            now: clockOf(app)(),
          }),
        );
        console.error(
          `credential ${r.credential.id} for ${r.credential.organisation} (roles ${r.credential.roles.join(', ')}).\n` +
            'The token below is shown only this once: hand it to the organisation over a secure channel now.',
        );
        console.log(r.token);
      });
    });

  credentials
    .command('list')
    .description('list credentials (never their secrets)')
    .action(async () => {
      await withApp(async (app) => {
        const all = await listCredentials(app.db);
        if (all.length === 0) console.log('no credentials yet: issue one with `ayni credentials create`');
        for (const c of all)
          console.log(
            `${c.id}  ${c.organisation.padEnd(12)} ${(c.revokedAt ? `revoked ${when(c.revokedAt)}` : 'active').padEnd(25)} last used ${when(c.lastUsedAt).padEnd(17)} ${c.roles.join(',')}  ${c.description}`,
          );
      });
    });

  credentials
    .command('revoke')
    .description('revoke a credential; its next request is refused')
    .argument('<id>', 'the credential id (ak_…)')
    .action(async (id: string) => {
      await withApp(async (app) => {
        const c = unwrap(await revokeCredential(app.db, { id, actor: terminalActor(), now: clockOf(app)() }));
        console.log(`credential ${c.id} of ${c.organisation} revoked`);
      });
    });
}

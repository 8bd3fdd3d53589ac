import os from 'node:os';
import type { Command } from 'commander';
import {
  createAccount,
  createCredential,
  createPersonalCredential,
  disableAccount,
  enableAccount,
  findAccount,
  listAccounts,
  listCredentials,
  permissionsOf,
  ROLES,
  type Role,
  revokeCredential,
  setAccountPassword,
  setAccountRoles,
  unlockAccount,
} from '../access/index.ts';
import { type App, clockOf } from '../app.ts';
import { type Actor, cliActor } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { pageMessages } from '../messages/index.ts';
import { CommandFailed, orStop } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput, signedInCommand } from './officer.ts';
import { printMessage, printResult } from './output.ts';

type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

/**
 * The operating-system user at the terminal, as an actor: recorded only for the one change made
 * before anyone can sign in, the first administrator's account. @example terminalActor() // 'cli:root'
 */
function terminalActor(): Actor {
  try {
    return cliActor(os.userInfo().username);
  } catch {
    return cliActor('unknown');
  }
}

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const when = (d: Date | null): string => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '—');

/** Whether an enabled account may manage accounts: until one does, nobody could sign in to make one. */
async function administratorExists(db: Sql): Promise<boolean> {
  return (await listAccounts(db)).some((a) => !a.disabled && permissionsOf(a.roles).has('accounts.manage'));
}

const PASSWORDS_HELP =
  'read passwords from standard input, one a line: yours first when you sign in with a password, then the new one';

const passwordsOf = (flags: OfficerFlags) => new PasswordInput(flags.passwordStdin === true);

/**
 * `ayni accounts …`, `ayni credentials …` and `ayni roles`. Every command but `roles` is run by a
 * signed-in officer holding the permission the web's account pages ask for (src/cli/officer.ts);
 * the one exception is the first administrator, created while no administrator exists.
 *
 * @example registerAccessCommands(program, withApp);
 */
export function registerAccessCommands(program: Command, withApp: WithApp): void {
  const accounts = program.command('accounts').description('officer accounts and their roles');

  signedInCommand(
    accounts
      .command('create')
      .description(
        'create an officer account (passwords are read without echo, or with --password-stdin); the first administrator needs no sign-in',
      )
      .requiredOption('--username <name>', 'lower-case letters, digits, dot, dash, underscore; 3–64')
      .requiredOption('--roles <roles>', 'comma-separated roles (see `ayni roles`)')
      .option('--display-name <name>', 'the name shown in the back office (default: the username)'),
    'accounts.manage',
    PASSWORDS_HELP,
  ).action(async (flags: OfficerFlags & { username: string; roles: string; displayName?: string }) => {
    const passwords = passwordsOf(flags);
    await withApp(async (app) => {
      const create = async (actor: Actor) => {
        const password = await passwords.newPassword();
        return orStop(
          await createAccount(app.db, {
            username: flags.username,
            displayName: flags.displayName ?? flags.username,
            roles: list(flags.roles),
            password,
            actor,
            now: clockOf(app)(),
          }),
        );
      };
      let a: Awaited<ReturnType<typeof create>>;
      if (await administratorExists(app.db)) {
        a = await asOfficer(app, flags, 'accounts.manage', passwords, (o) => create(o.principal.actor));
      } else {
        // Bootstrap: nobody can sign in yet, so whoever runs ayni with the database's address (who
        // could write to it directly anyway) creates the first administrator, recorded as the
        // operating-system user. Nothing else is possible before that.
        if (!list(flags.roles).includes('administrator'))
          throw new CommandFailed({ code: 'no_administrator' });
        a = await create(terminalActor());
        printMessage('ayni: the first administrator, created without sign-in (none existed).');
      }
      printResult(`account ${a.username} created with roles ${a.roles.join(', ')}`);
    });
  });

  signedInCommand(
    accounts.command('list').description('list accounts, their roles and last sign-in'),
    'accounts.read',
  ).action(async (flags: OfficerFlags) => {
    await withApp((app) =>
      asOfficer(app, flags, 'accounts.read', passwordsOf(flags), async () => {
        const all = await listAccounts(app.db);
        if (all.length === 0) printResult('no accounts yet: create one with `ayni accounts create`');
        for (const a of all)
          printResult(
            `${a.username.padEnd(24)} ${(a.disabled ? 'DISABLED' : 'active').padEnd(9)} last sign-in ${when(a.lastLoginAt).padEnd(17)} ${a.roles.join(',')}  (${a.displayName})`,
          );
      }),
    );
  });

  for (const [name, run, what] of [
    ['disable', disableAccount, 'disable an account and end its sessions'],
    ['enable', enableAccount, 'enable a disabled account'],
  ] as const) {
    signedInCommand(
      accounts.command(name).description(what).argument('<username>'),
      'accounts.manage',
    ).action(async (username: string, flags: OfficerFlags) => {
      await withApp((app) =>
        asOfficer(app, flags, 'accounts.manage', passwordsOf(flags), async (o) => {
          const a = orStop(await run(app.db, { username, actor: o.principal.actor, now: clockOf(app)() }));
          printResult(`account ${a.username} is ${a.disabled ? 'disabled' : 'enabled'}`);
        }),
      );
    });
  }

  signedInCommand(
    accounts
      .command('roles')
      .description(
        'show an account’s roles (accounts.read), or change them with --set, --add or --remove (accounts.manage)',
      )
      .argument('<username>')
      .option('--set <roles>', 'replace the roles with these (comma-separated)')
      .option('--add <roles>', 'add these roles')
      .option('--remove <roles>', 'remove these roles'),
    undefined,
  ).action(
    async (username: string, flags: OfficerFlags & { set?: string; add?: string; remove?: string }) => {
      const change = flags.set !== undefined || flags.add !== undefined || flags.remove !== undefined;
      await withApp((app) =>
        asOfficer(app, flags, change ? 'accounts.manage' : 'accounts.read', passwordsOf(flags), async (o) => {
          const current = await findAccount(app.db, username);
          if (!current) throw new CommandFailed({ code: 'account_not_found', username });
          if (!change) {
            printResult(`${current.username}: ${current.roles.join(', ')}`);
            return;
          }
          const removed = new Set(list(flags.remove));
          const roles = [
            ...(flags.set !== undefined ? list(flags.set) : current.roles),
            ...list(flags.add),
          ].filter((r) => !removed.has(r));
          const a = orStop(
            await setAccountRoles(app.db, { username, roles, actor: o.principal.actor, now: clockOf(app)() }),
          );
          printResult(`${a.username}: ${a.roles.join(', ')}`);
        }),
      );
    },
  );

  signedInCommand(
    accounts
      .command('password')
      .description('set a new password for an account (ends its sessions)')
      .argument('<username>'),
    'accounts.manage',
    PASSWORDS_HELP,
  ).action(async (username: string, flags: OfficerFlags) => {
    const passwords = passwordsOf(flags);
    await withApp((app) =>
      asOfficer(app, flags, 'accounts.manage', passwords, async (o) => {
        const password = await passwords.newPassword();
        const a = orStop(
          await setAccountPassword(app.db, {
            username,
            password,
            actor: o.principal.actor,
            now: clockOf(app)(),
          }),
        );
        printResult(`password of ${a.username} changed; its sessions were ended`);
      }),
    );
  });

  signedInCommand(
    accounts
      .command('unlock')
      .description('lift a lock-out after failed sign-ins before it expires')
      .argument('<username>'),
    'accounts.manage',
  ).action(async (username: string, flags: OfficerFlags) => {
    await withApp((app) =>
      asOfficer(app, flags, 'accounts.manage', passwordsOf(flags), async (o) => {
        const r = orStop(
          await unlockAccount(app.db, { username, actor: o.principal.actor, now: clockOf(app)() }),
        );
        printResult(
          r.failuresCleared ? `${username}: failed sign-ins cleared` : `${username} had no failed sign-ins`,
        );
      }),
    );
  });

  program
    .command('roles')
    .description('the roles and the permissions each grants')
    .action(() => {
      const words = pageMessages('en').access;
      for (const [name, role] of Object.entries(ROLES) as [Role, (typeof ROLES)[Role]][]) {
        printResult(`${name} — ${words.roles[name]} (for ${role.holders.join(' and ')}s)`);
        for (const p of role.permissions) printResult(`  ${p.padEnd(20)} ${words.permissions[p]}`);
      }
    });

  const credentials = program
    .command('credentials')
    .description('API credentials for banks and other systems, and officers’ personal ones for the CLI');

  signedInCommand(
    credentials
      .command('create')
      .description(
        'issue a credential; prints the token once (stdout): `Authorization: Bearer <token>`, or AYNI_CREDENTIAL for the CLI',
      )
      .option(
        '--org <code>',
        'an organisation’s credential (credentials.manage): a bank’s BIC (e.g. BUNIBOLX) or an upper-case code',
      )
      .option('--roles <roles>', 'the organisation credential’s roles, comma-separated (e.g. bank)')
      .option(
        '--personal',
        'your own credential, acting as you with your roles (sign in with your password: never another credential)',
      )
      .option('--description <text>', 'what the credential is for'),
    undefined,
  ).action(
    async (
      flags: OfficerFlags & { org?: string; roles?: string; personal?: boolean; description?: string },
    ) => {
      if (flags.personal === (flags.org !== undefined)) throw new CommandFailed({ code: 'credential_kind' });
      if (flags.org !== undefined && flags.roles === undefined)
        throw new CommandFailed({ code: 'credential_roles' });
      await withApp((app) =>
        asOfficer(
          app,
          flags,
          flags.personal ? undefined : 'credentials.manage',
          passwordsOf(flags),
          async (o) => {
            if (flags.personal && o.by !== 'password')
              throw new CommandFailed({ code: 'credential_needs_password' });
            const r = orStop(
              flags.personal
                ? await createPersonalCredential(app.db, {
                    username: o.principal.id,
                    description: flags.description,
                    actor: o.principal.actor,
                    now: clockOf(app)(),
                  })
                : await createCredential(app.db, {
                    organisation: flags.org ?? '',
                    roles: list(flags.roles),
                    description: flags.description,
                    actor: o.principal.actor,
                    now: clockOf(app)(),
                  }),
            );
            const c = r.credential;
            printMessage(
              `${c.account ? `personal credential ${c.id} of ${c.account} (acts with that account’s roles; set it as AYNI_CREDENTIAL)` : `credential ${c.id} for ${c.organisation} (roles ${c.roles.join(', ')})`}.\n` +
                `The token below is shown only this once: ${c.account ? 'keep it where only you can read it' : 'hand it to the organisation over a secure channel now'}.`,
            );
            printResult(r.token);
          },
        ),
      );
    },
  );

  signedInCommand(
    credentials.command('list').description('list credentials (never their secrets)'),
    'accounts.read',
  ).action(async (flags: OfficerFlags) => {
    await withApp((app) =>
      asOfficer(app, flags, 'accounts.read', passwordsOf(flags), async () => {
        const all = await listCredentials(app.db);
        if (all.length === 0) printResult('no credentials yet: issue one with `ayni credentials create`');
        for (const c of all)
          printResult(
            `${c.id}  ${(c.organisation ?? `officer ${c.account}`).padEnd(12)} ${(c.revokedAt ? `revoked ${when(c.revokedAt)}` : 'active').padEnd(25)} last used ${when(c.lastUsedAt).padEnd(17)} ${c.roles.join(',')}  ${c.description}`,
          );
      }),
    );
  });

  signedInCommand(
    credentials
      .command('revoke')
      .description(
        'revoke a credential (credentials.manage, or your own personal one); its next request is refused',
      )
      .argument('<id>', 'the credential id (ak_…)'),
    undefined,
  ).action(async (id: string, flags: OfficerFlags) => {
    await withApp((app) =>
      asOfficer(app, flags, undefined, passwordsOf(flags), async (o) => {
        const credential = (await listCredentials(app.db)).find((c) => c.id === id.trim());
        const mine = credential?.account ? o.principal.actor === `account:${credential.account}` : false;
        if (!mine && !o.principal.permissions.has('credentials.manage'))
          throw new CommandFailed({
            code: 'forbidden',
            permission: 'credentials.manage',
            who: o.principal.actor,
            ownCredentialsOnly: true,
          });
        const c = orStop(
          await revokeCredential(app.db, { id, actor: o.principal.actor, now: clockOf(app)() }),
        );
        printResult(`credential ${c.id} of ${c.organisation ?? c.account} revoked`);
      }),
    );
  });
}

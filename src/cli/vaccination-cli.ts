import type { Permission } from '../access/index.ts';
import type { App } from '../app.ts';
import type { Actor } from '../audit/index.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { CommandFailed } from './failure.ts';
import { asOfficer, type OfficerFlags, PasswordInput } from './officer.ts';

/** What the vaccination commands share: the app for one command, the officer signed in, a date. */

/** Runs a command's body with the app open, and closes it. */
export type WithApp = <T>(fn: (app: App) => Promise<T>) => Promise<T>;

/**
 * Signs the officer in with the permission the action needs, then runs it as them.
 *
 * @example await asSignedIn(app, flags, 'vaccination.read', async () => printResult('…'))
 */
export function asSignedIn<T>(
  app: App,
  flags: OfficerFlags,
  permission: Permission,
  action: (actor: Actor) => Promise<T>,
): Promise<T> {
  return asOfficer(app, flags, permission, new PasswordInput(flags.passwordStdin === true), (o) =>
    action(o.principal.actor),
  );
}

/**
 * A date option, or the command fails with `bad_date`.
 *
 * @example isoDate('2021-04-27', '--on') // '2021-04-27'
 */
export function isoDate(text: string, option: string): IsoDate {
  if (parseIsoDate(text) !== text) throw new CommandFailed({ code: 'bad_date', option, value: text });
  return text;
}

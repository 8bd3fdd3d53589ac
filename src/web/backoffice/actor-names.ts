import { listAccounts, listCredentials } from '../../access/index.ts';
import { enabledBanks } from '../../bono/index.ts';
import { pageMessages } from '../../messages/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type { PageContext } from './backoffice.page.ts';

/**
 * Actors (src/audit/actor.ts: `account:ana.oficial`, `credential:ak_…`, `cli:root`, `system`) as a
 * reader reads them: an officer by the display name of the account, anything else worded by the
 * catalogue (src/messages/<lang>/pages/actors.ts). A page never prints an actor as it is stored.
 */

/** Display names of the officers' accounts, by actor. */
export type ActorNames = ReadonlyMap<string, string>;

/**
 * The display names of every account, by actor (`account:<username>`), and the organisation of
 * every organisation's credential (`credential:<id>`: a bank by its name, else its code), so an
 * audit entry never names a system by its credential's key: a back office has a few dozen
 * officers and credentials, read once per page that names them.
 *
 * @example const names = await loadActorNames(app.db); names.get('account:ana.oficial') // 'Ana Quispe'
 */
export async function loadActorNames(db: Parameters<typeof listAccounts>[0]): Promise<ActorNames> {
  const [accounts, credentials] = await Promise.all([listAccounts(db), listCredentials(db)]);
  const names = new Map(accounts.map((a) => [`account:${a.username}`, a.displayName]));
  for (const c of credentials)
    if (c.organisation !== null)
      names.set(`credential:${c.id}`, organisationName(c.organisation, c.createdAt));
    else if (c.account !== null)
      // A personal credential never acts as itself (its actor is the account), but it is the
      // subject of audit entries: it is named by its owner (`credentialName`).
      names.set(`personal:${c.id}`, names.get(`account:${c.account}`) ?? c.account);
  return names;
}

/**
 * A credential as the subject of an audit entry: an organisation's by its organisation, an
 * officer's personal one by its owner; one the office no longer knows by the catalogue's words.
 *
 * @example credentialName('ak_0123456789abcdef', ctx, names) // 'el sistema de Banco Unión'
 */
export function credentialName(
  id: string,
  ctx: Pick<PageContext, 'lang' | 'principal'>,
  names: ActorNames,
): string {
  const owner = names.get(`personal:${id}`);
  if (owner) return pageMessages(ctx.lang).access.credentials.personal(owner);
  if (names.has(`credential:${id}`)) return actorName(`credential:${id}`, ctx, names);
  return pageMessages(ctx.lang).actors.unknownCredential;
}

/** A bank's name from the Bono's banks in force when its credential was issued, else the code. */
function organisationName(code: string, issuedAt: Date): string {
  try {
    const day = issuedAt.toISOString().slice(0, 10) as IsoDate;
    return enabledBanks(day).find((b) => b.bic === code)?.name ?? code;
  } catch {
    // No bank list is in force on that day (before the programme): the code is the name.
    return code;
  }
}

/**
 * An actor in words: an account's display name (from `names`, or the reader's own when it is
 * them), otherwise what the catalogue says of its kind.
 *
 * @example actorName('account:ana.oficial', ctx, names) // 'Ana Quispe'; actorName('system', ctx) // 'ayni (proceso automático)'
 */
export function actorName(
  actor: string | null | undefined,
  ctx: Pick<PageContext, 'lang' | 'principal'>,
  names: ActorNames = new Map(),
): string {
  const words = pageMessages(ctx.lang).actors;
  if (!actor) return words.none;
  const known = names.get(actor);
  if (known) return actor.startsWith('credential:') ? words.organisation(known) : known;
  if (ctx.principal && ctx.principal.actor === actor) return ctx.principal.displayName;
  if (actor === 'system') return words.system;
  const colon = actor.indexOf(':');
  const kind = actor.slice(0, colon);
  const id = actor.slice(colon + 1);
  if (kind === 'account') return words.account(id);
  if (kind === 'credential') return words.credential(id);
  if (kind === 'cli') return words.cli(id);
  return words.unknown;
}

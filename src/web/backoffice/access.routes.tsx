import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import {
  type AccessFailure,
  createAccount,
  createCredential,
  createPersonalCredentialWithPassword,
  disableAccount,
  enableAccount,
  findAccount,
  listAccounts,
  listCredentials,
  normaliseUsername,
  ROLE_NAMES,
  revokeCredential,
  setAccountPassword,
  setAccountRoles,
  unlockAccount,
} from '../../access/index.ts';
import type { Actor } from '../../audit/index.ts';
import { describeFailure, pageMessages } from '../../messages/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { ok, type Result } from '../../shared/failure.ts';
import type { Lang } from '../../shared/lang.ts';
import { type FieldError, pageHtml } from '../components/index.ts';
import {
  ACCOUNT_DONE,
  type AccountDone,
  type AccountFormState,
  AccountListPage,
  AccountPage,
  CredentialIssuedPage,
  CredentialListPage,
  NewAccountPage,
  type NewAccountValues,
  NewCredentialPage,
  type NewCredentialValues,
  PersonalCredentialPage,
  roleField,
} from './access.pages.tsx';
import { ACCOUNTS, CREDENTIALS, PERSONAL_CREDENTIAL } from './access-screens.ts';
import { loadActorNames } from './actor-names.ts';
import { href, type PageContext } from './backoffice.page.ts';
import {
  OFFICE_TAGS,
  type OfficeContext,
  type OfficeDeps,
  optionalText,
  pageContext,
  pageResponses,
  principalOf,
  seeOther,
  sendPage,
} from './office.context.ts';
import { OfficeNotFoundPage } from './office-not-found.page.tsx';

type PageStatus = Parameters<typeof sendPage>[2];

/** One checkbox field per role (a repeated field would keep only its last value). */
const roleFields = Object.fromEntries(ROLE_NAMES.map((r) => [roleField(r), optionalText(8)]));

/** The roles ticked on a form. */
const rolesTicked = (body: Record<string, unknown>): string[] =>
  ROLE_NAMES.filter((r) => body[roleField(r)] !== undefined);

const username = z.object({
  username: z
    .string()
    .max(64)
    .meta({ description: 'The account’s username.', examples: ['nadie.aqui'] }),
});
const credentialId = z.object({
  id: z
    .string()
    .max(40)
    .meta({ description: 'The credential’s identifier (ak_…).', examples: ['ak_0000000000000000'] }),
});

/** The two password fields: both typed, and the same. */
const passwordFields = { contrasena: optionalText(4096), repetida: optionalText(4096) };

/**
 * Where a service's refusal belongs on a form: its field (a username taken, a weak password, no
 * roles …), or the notice at the top. A role's name never reaches the reader as a code: the form
 * offers only the roles its holder may have, so a role refused is a forged form, told by its title.
 */
function fieldOfFailure(failure: AccessFailure, lang: Lang): FieldError | undefined {
  const text = describeFailure(failure, lang);
  switch (failure.code) {
    case 'username_invalid':
    case 'username_taken':
    case 'username_reserved':
      return { name: 'usuario', message: text.detail };
    case 'display_name_invalid':
      return { name: 'nombre', message: text.detail };
    case 'no_roles':
    case 'unknown_role':
    case 'role_not_for_accounts':
    case 'role_not_for_credentials':
      return { name: 'roles', message: text.title };
    case 'password_too_short':
    case 'password_too_long':
    case 'password_equals_username':
    case 'password_blank':
    case 'password_one_character':
    case 'password_common':
      return { name: 'contrasena', message: text.detail };
    case 'organisation_invalid':
      return { name: 'organizacion', message: text.title };
    default:
      return undefined;
  }
}

/** The password typed twice, or what is wrong with it (checked before any service is asked). */
function passwordTwice(body: { contrasena?: string; repetida?: string }, lang: Lang) {
  const words = pageMessages(lang).access.passwords;
  const password = body.contrasena ?? '';
  if (password === '') return { errors: [{ name: 'contrasena', message: words.missing }] };
  if (password !== (body.repetida ?? '')) return { errors: [{ name: 'repetida', message: words.differ }] };
  return { password, errors: [] as FieldError[] };
}

/** A service's answer with its value turned into what the page says was done. */
const mapOk = <T, U, E>(r: Result<T, E>, done: (value: T) => U): Result<U, E> =>
  r.ok ? ok(done(r.value)) : r;

/** The short-lived cookie that carries a new credential's code from the POST to the page that shows it once. */
const ISSUED_COOKIE = 'ayni_issued';
const issuedPath = (id: string) => `${CREDENTIALS}/${id}/emitida`;

/**
 * Accounts, roles and API credentials in the back office: what `ayni accounts …` and `ayni
 * credentials …` do (src/cli/access.commands.ts), through the same services and so with the same
 * checks and the same audit entries, behind the same permissions (accounts.read to see,
 * accounts.manage to change accounts, credentials.manage to issue and revoke). An organisation's
 * credential only: a personal one is for the officer's own CLI, issued there after a password sign-in.
 */
export function accessRoutes(router: Router, { app, access }: OfficeDeps): void {
  const secure = (c: OfficeContext) =>
    app.config.secureCookies === 'auto' ? new URL(c.req.url).protocol === 'https:' : app.config.secureCookies;

  const notFound = (c: OfficeContext, what: 'account' | 'credential') => {
    const ctx = pageContext(c);
    const words = pageMessages(ctx.lang).access;
    const page =
      what === 'account'
        ? {
            title: words.accounts.title,
            section: ACCOUNTS,
            message: words.account.notFound,
            back: { path: ACCOUNTS, label: words.account.back },
          }
        : {
            title: words.credentials.title,
            section: CREDENTIALS,
            message: words.credentials.notFound,
            back: { path: CREDENTIALS, label: words.issued.back },
          };
    return sendPage(c, pageHtml(<OfficeNotFoundPage ctx={ctx} {...page} />), 404);
  };

  const accountPage = async (
    c: OfficeContext,
    name: string,
    o: { done?: AccountDone; state?: AccountFormState; status?: PageStatus },
  ) => {
    const account = await findAccount(app.db, name);
    if (!account) return notFound(c, 'account');
    return sendPage(
      c,
      pageHtml(<AccountPage ctx={pageContext(c)} account={account} done={o.done} state={o.state} />),
      o.status,
    );
  };

  /** An account form's refusal by the service: on its field, or as the notice (404 for a missing account). */
  const refusedOnAccount = (
    c: OfficeContext,
    name: string,
    form: AccountFormState['form'],
    failure: AccessFailure,
    roles?: string[],
  ) => {
    const L = pageContext(c).lang;
    if (failure.code === 'account_not_found') return notFound(c, 'account');
    const field = fieldOfFailure(failure, L);
    const text = describeFailure(failure, L);
    return accountPage(c, name, {
      state: field ? { form, errors: [field], ...(roles ? { roles } : {}) } : { form, refusal: text.detail },
      status: text.status as PageStatus,
    });
  };

  const newAccountPage = (
    ctx: PageContext,
    values: NewAccountValues,
    errors: FieldError[],
    refusal?: string,
  ) => pageHtml(<NewAccountPage ctx={ctx} values={values} errors={errors} refusal={refusal} />);

  defineRoute(router, {
    method: 'get',
    path: '/cuentas',
    operationId: 'officeAccounts',
    summary: { es: 'Cuentas de funcionarios', en: 'Officers’ accounts' },
    description: {
      es: 'Nombre, usuario, roles, estado y último ingreso de cada cuenta.',
      en: 'Each account’s name, username, roles, status and last sign-in.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'accounts.read' },
    responses: pageResponses('The accounts.'),
    handler: async (c) =>
      sendPage(c, pageHtml(<AccountListPage ctx={pageContext(c)} accounts={await listAccounts(app.db)} />)),
  });

  defineRoute(router, {
    method: 'get',
    path: '/cuentas/nueva',
    operationId: 'officeAccountForm',
    summary: { es: 'Formulario para crear una cuenta', en: 'Form to create an account' },
    tags: OFFICE_TAGS,
    access: { permission: 'accounts.manage' },
    responses: pageResponses('The form.'),
    handler: (c) =>
      sendPage(c, newAccountPage(pageContext(c), { username: '', displayName: '', roles: [] }, [])),
  });

  defineRoute(router, {
    method: 'post',
    path: '/cuentas',
    operationId: 'officeAccountCreate',
    summary: { es: 'Crear una cuenta', en: 'Create an account' },
    description: {
      es: 'Crea la cuenta con createAccount (usuario, roles para cuentas, política de contraseñas) y registra account.created en la bitácora, como `ayni accounts create`.',
      en: 'Creates the account with createAccount (username, roles for accounts, password policy) and records account.created in the audit trail, as `ayni accounts create` does.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'accounts.manage' },
    request: {
      form: z.object({
        usuario: optionalText(400),
        nombre: optionalText(400),
        ...passwordFields,
        ...roleFields,
      }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Created: to the account.',
      refused: 'The form again, with what to fix.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const values: NewAccountValues = {
        username: (body.usuario ?? '').trim(),
        displayName: (body.nombre ?? '').trim(),
        roles: rolesTicked(body),
      };
      const typed = passwordTwice(body, L);
      if (typed.password === undefined) return sendPage(c, newAccountPage(ctx, values, typed.errors), 400);
      const created = await createAccount(
        app.db,
        {
          username: values.username,
          // As the CLI: without a display name, the username.
          displayName: values.displayName || values.username,
          roles: values.roles,
          password: typed.password,
          actor: principalOf(c).actor,
          now: access.now(),
        },
        access.settings,
      );
      if (created.ok)
        return seeOther(c, href(L, `${ACCOUNTS}/${created.value.username}`, { hecho: 'created' }));
      const field = fieldOfFailure(created.error, L);
      const text = describeFailure(created.error, L);
      return sendPage(
        c,
        newAccountPage(ctx, values, field ? [field] : [], field ? undefined : text.detail),
        text.status as PageStatus,
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/cuentas/:username',
    operationId: 'officeAccount',
    summary: { es: 'Una cuenta', en: 'One account' },
    description: {
      es: 'Usuario, roles, estado, último ingreso; con accounts.manage, cambiar roles, deshabilitar o habilitar y poner una contraseña nueva.',
      en: 'Username, roles, status, last sign-in; with accounts.manage, change roles, disable or enable and set a new password.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'accounts.read' },
    request: { params: username, query: z.object({ hecho: optionalText(20) }) },
    responses: pageResponses('The account.', { notFound: true }),
    handler: (c, { params, query }) =>
      accountPage(c, params.username, {
        done: ACCOUNT_DONE.find((d) => d === query.hecho),
      }),
  });

  defineRoute(router, {
    method: 'post',
    path: '/cuentas/:username/roles',
    operationId: 'officeAccountRoles',
    summary: { es: 'Cambiar los roles de una cuenta', en: 'Change an account’s roles' },
    description: {
      es: 'Reemplaza los roles con setAccountRoles y registra account.roles_changed, como `ayni accounts roles --set`.',
      en: 'Replaces the roles with setAccountRoles and records account.roles_changed, as `ayni accounts roles --set` does.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'accounts.manage' },
    request: { params: username, form: z.object(roleFields) },
    responses: pageResponses('Not used.', {
      redirect: 'Changed: to the account.',
      refused: 'The account again, with what to fix.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const roles = rolesTicked(body);
      const changed = await setAccountRoles(app.db, {
        username: params.username,
        roles,
        actor: principalOf(c).actor,
        now: access.now(),
      });
      if (!changed.ok) return refusedOnAccount(c, params.username, 'roles', changed.error, roles);
      return seeOther(
        c,
        href(pageContext(c).lang, `${ACCOUNTS}/${changed.value.username}`, { hecho: 'roles' }),
      );
    },
  });

  /** The account's one-button changes: the service the CLI command runs, and what is then done. */
  type Input = { username: string; actor: Actor; now: Date };
  const oneButton: readonly {
    verb: string;
    operationId: string;
    summary: { es: string; en: string };
    description: { es: string; en: string };
    act: (input: Input) => Promise<Result<AccountDone, AccessFailure>>;
  }[] = [
    {
      verb: 'deshabilitar',
      operationId: 'officeAccountDisable',
      summary: { es: 'Deshabilitar una cuenta', en: 'Disable an account' },
      description: {
        es: 'Con disableAccount (termina sus sesiones; registra account.disabled), como `ayni accounts disable`.',
        en: 'Through disableAccount (ends its sessions; records account.disabled), as `ayni accounts disable` does.',
      },
      act: async (input) => mapOk(await disableAccount(app.db, input), () => 'disabled' as const),
    },
    {
      verb: 'habilitar',
      operationId: 'officeAccountEnable',
      summary: { es: 'Habilitar una cuenta', en: 'Enable an account' },
      description: {
        es: 'Con enableAccount (registra account.enabled), como `ayni accounts enable`.',
        en: 'Through enableAccount (records account.enabled), as `ayni accounts enable` does.',
      },
      act: async (input) => mapOk(await enableAccount(app.db, input), () => 'enabled' as const),
    },
    {
      verb: 'desbloquear',
      operationId: 'officeAccountUnlock',
      summary: { es: 'Desbloquear una cuenta', en: 'Unlock an account' },
      description: {
        es: 'Con unlockAccount (borra los intentos fallidos; registra account.unlocked), como `ayni accounts unlock`.',
        en: 'Through unlockAccount (clears the failed sign-ins; records account.unlocked), as `ayni accounts unlock` does.',
      },
      act: async (input) =>
        mapOk(await unlockAccount(app.db, input), (r) => (r.failuresCleared ? 'unlocked' : 'notLocked')),
    },
  ];
  for (const button of oneButton) {
    defineRoute(router, {
      method: 'post',
      path: `/cuentas/:username/${button.verb}`,
      operationId: button.operationId,
      summary: button.summary,
      description: button.description,
      tags: OFFICE_TAGS,
      access: { permission: 'accounts.manage' },
      request: { params: username },
      responses: pageResponses('Not used.', {
        redirect: 'Done: to the account.',
        refused: 'The account again, saying why (the last enabled administrator cannot be disabled).',
        notFound: true,
      }),
      handler: async (c, { params }) => {
        const name = normaliseUsername(params.username);
        const r = await button.act({ username: name, actor: principalOf(c).actor, now: access.now() });
        if (!r.ok) return refusedOnAccount(c, name, 'roles', r.error);
        return seeOther(c, href(pageContext(c).lang, `${ACCOUNTS}/${name}`, { hecho: r.value }));
      },
    });
  }

  defineRoute(router, {
    method: 'post',
    path: '/cuentas/:username/contrasena',
    operationId: 'officeAccountPassword',
    summary: { es: 'Poner una contraseña nueva a una cuenta', en: 'Set a new password for an account' },
    description: {
      es: 'Con setAccountPassword (política de contraseñas; termina sus sesiones; registra account.password_set), como `ayni accounts password`.',
      en: 'Through setAccountPassword (password policy; ends its sessions; records account.password_set), as `ayni accounts password` does.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'accounts.manage' },
    request: { params: username, form: z.object(passwordFields) },
    responses: pageResponses('Not used.', {
      redirect: 'Changed: to the account.',
      refused: 'The account again, with what to fix.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const L = pageContext(c).lang;
      const typed = passwordTwice(body, L);
      if (typed.password === undefined)
        return accountPage(c, params.username, {
          state: { form: 'password', errors: typed.errors },
          status: 400,
        });
      const r = await setAccountPassword(
        app.db,
        {
          username: params.username,
          password: typed.password,
          actor: principalOf(c).actor,
          now: access.now(),
        },
        access.settings,
      );
      if (!r.ok) return refusedOnAccount(c, params.username, 'password', r.error);
      return seeOther(c, href(L, `${ACCOUNTS}/${r.value.username}`, { hecho: 'password' }));
    },
  });

  const credentialListPage = async (
    c: OfficeContext,
    o: { revoked?: string; refusal?: string; status?: PageStatus },
  ) =>
    sendPage(
      c,
      pageHtml(
        <CredentialListPage
          ctx={pageContext(c)}
          credentials={await listCredentials(app.db)}
          names={await loadActorNames(app.db)}
          revoked={o.revoked}
          refusal={o.refusal}
        />,
      ),
      o.status,
    );

  defineRoute(router, {
    method: 'get',
    path: '/credenciales',
    operationId: 'officeCredentials',
    summary: { es: 'Credenciales de API', en: 'API credentials' },
    description: {
      es: 'Titular, roles, emisión, último uso y estado de cada credencial; nunca su código.',
      en: 'Each credential’s holder, roles, issue, last use and status; never its code.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'accounts.read' },
    request: { query: z.object({ revocada: optionalText(40) }) },
    responses: pageResponses('The credentials.'),
    handler: async (c, { query }) => {
      const revoked = query.revocada;
      const known = revoked
        ? (await listCredentials(app.db)).some((k) => k.id === revoked && k.revokedAt)
        : false;
      return credentialListPage(c, known && revoked ? { revoked } : {});
    },
  });

  const newCredentialPage = (
    ctx: PageContext,
    values: NewCredentialValues,
    errors: FieldError[],
    refusal?: string,
  ) => pageHtml(<NewCredentialPage ctx={ctx} values={values} errors={errors} refusal={refusal} />);

  defineRoute(router, {
    method: 'get',
    path: '/credenciales/nueva',
    operationId: 'officeCredentialForm',
    summary: { es: 'Formulario para emitir una credencial', en: 'Form to issue a credential' },
    tags: OFFICE_TAGS,
    access: { permission: 'credentials.manage' },
    responses: pageResponses('The form.'),
    handler: (c) =>
      sendPage(c, newCredentialPage(pageContext(c), { organisation: '', description: '', roles: [] }, [])),
  });

  defineRoute(router, {
    method: 'post',
    path: '/credenciales',
    operationId: 'officeCredentialCreate',
    summary: { es: 'Emitir una credencial', en: 'Issue a credential' },
    description: {
      es: 'Emite la credencial de una organización con createCredential (registra credential.created), como `ayni credentials create --org`; lleva a la página que muestra su código una sola vez.',
      en: 'Issues an organisation’s credential with createCredential (records credential.created), as `ayni credentials create --org` does; leads to the page that shows its code once.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'credentials.manage' },
    request: {
      form: z.object({ organizacion: optionalText(400), descripcion: optionalText(400), ...roleFields }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Issued: to the page that shows its code once.',
      refused: 'The form again, with what to fix.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const values: NewCredentialValues = {
        organisation: (body.organizacion ?? '').trim(),
        description: (body.descripcion ?? '').trim(),
        roles: rolesTicked(body),
      };
      const issued = await createCredential(app.db, {
        organisation: values.organisation,
        roles: values.roles,
        description: values.description,
        actor: principalOf(c).actor,
        now: access.now(),
      });
      if (!issued.ok) {
        const field = fieldOfFailure(issued.error, L);
        const text = describeFailure(issued.error, L);
        return sendPage(
          c,
          newCredentialPage(ctx, values, field ? [field] : [], field ? undefined : text.detail),
          text.status as PageStatus,
        );
      }
      const id = issued.value.credential.id;
      // The code goes to the page that shows it in a cookie only that page receives, for a few
      // minutes, and that page deletes it: a reload, or any other process, shows it no more, and
      // ayni keeps nothing of it but its hash.
      setCookie(c, ISSUED_COOKIE, issued.value.token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: secure(c),
        path: issuedPath(id),
        maxAge: 300,
      });
      return seeOther(c, href(L, issuedPath(id)));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/credenciales/:id/emitida',
    operationId: 'officeCredentialIssued',
    summary: { es: 'Credencial emitida', en: 'Credential issued' },
    description: {
      es: 'Muestra una sola vez el código de la credencial recién emitida, con la advertencia de copiarlo; después, solo que ya fue mostrado.',
      en: 'Shows the code of the credential just issued once, with the warning to copy it; afterwards, only that it was shown.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'credentials.manage' },
    request: { params: credentialId },
    responses: pageResponses('The code once, or that it was shown.', { notFound: true }),
    handler: async (c, { params }) => {
      const credential = (await listCredentials(app.db)).find((k) => k.id === params.id);
      if (!credential) return notFound(c, 'credential');
      const carried = getCookie(c, ISSUED_COOKIE);
      const token = carried?.startsWith(`${credential.id}.`) ? carried : null;
      if (carried !== undefined)
        deleteCookie(c, ISSUED_COOKIE, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: secure(c),
          path: issuedPath(params.id),
        });
      return sendPage(
        c,
        pageHtml(
          <CredentialIssuedPage
            ctx={pageContext(c)}
            credential={credential}
            token={token}
            names={await loadActorNames(app.db)}
          />,
        ),
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/credenciales/:id/revocar',
    operationId: 'officeCredentialRevoke',
    summary: { es: 'Revocar una credencial', en: 'Revoke a credential' },
    description: {
      es: 'Con revokeCredential (registra credential.revoked; su próximo pedido es rechazado), como `ayni credentials revoke`.',
      en: 'Through revokeCredential (records credential.revoked; its next request is refused), as `ayni credentials revoke` does.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'credentials.manage' },
    request: { params: credentialId },
    responses: pageResponses('Not used.', {
      redirect: 'Revoked: to the credentials.',
      refused: 'The credentials again, with why (404 not found, 409 already revoked).',
    }),
    handler: async (c, { params }) => {
      const r = await revokeCredential(app.db, {
        id: params.id,
        actor: principalOf(c).actor,
        now: access.now(),
      });
      if (r.ok) return seeOther(c, href(pageContext(c).lang, CREDENTIALS, { revocada: r.value.id }));
      const text = describeFailure(r.error, pageContext(c).lang);
      return credentialListPage(c, { refusal: text.detail, status: text.status as PageStatus });
    },
  });

  const personalIssuedPath = `${PERSONAL_CREDENTIAL}/emitida`;
  const personalPage = (c: OfficeContext, description: string, errors: FieldError[], refusal?: string) =>
    pageHtml(
      <PersonalCredentialPage
        ctx={pageContext(c)}
        description={description}
        errors={errors}
        refusal={refusal}
      />,
    );

  defineRoute(router, {
    method: 'get',
    path: '/mi-credencial',
    operationId: 'officePersonalCredentialForm',
    summary: { es: 'Formulario de la credencial personal', en: 'Form for one’s personal credential' },
    tags: OFFICE_TAGS,
    access: { signedIn: true },
    responses: pageResponses('The form.'),
    handler: (c) => sendPage(c, personalPage(c, '', [])),
  });

  defineRoute(router, {
    method: 'post',
    path: '/mi-credencial',
    operationId: 'officePersonalCredentialCreate',
    summary: { es: 'Emitir la credencial personal', en: 'Issue one’s personal credential' },
    description: {
      es: 'La persona que ingresó emite su propia credencial personal con createPersonalCredential tras escribir otra vez su contraseña, como `ayni credentials create --personal`; lleva a la página que muestra su código una sola vez.',
      en: 'The officer signed in issues their own personal credential with createPersonalCredential after typing their password again, as `ayni credentials create --personal` does; leads to the page that shows its code once.',
    },
    tags: OFFICE_TAGS,
    access: { signedIn: true },
    request: { form: z.object({ descripcion: optionalText(400), contrasena: optionalText(4096) }) },
    responses: pageResponses('Not used.', {
      redirect: 'Issued: to the page that shows its code once.',
      refused: 'The form again, with what to fix (a wrong password).',
    }),
    handler: async (c, { body }) => {
      const L = pageContext(c).lang;
      const principal = principalOf(c);
      const description = (body.descripcion ?? '').trim();
      const issued = await createPersonalCredentialWithPassword(
        app.db,
        {
          // Only an officer signed in with a session has a password to type; a credential acts as
          // nobody's account here, so it is refused as a wrong password would be.
          username: principal.kind === 'account' ? principal.id : '',
          password: body.contrasena ?? '',
          description,
          actor: principal.actor,
          now: access.now(),
        },
        access.settings,
      );
      if (!issued.ok) {
        const text = describeFailure(issued.error, L);
        return sendPage(
          c,
          personalPage(c, description, [{ name: 'contrasena', message: text.title }]),
          // The officer is signed in: a wrong password here is a form to fix (400, as documented),
          // not a missing sign-in (401), which clients read as "sign in again".
          (text.status === 401 ? 400 : text.status) as PageStatus,
        );
      }
      // As for an organisation's credential: the code travels once, in a cookie only its page gets.
      setCookie(c, ISSUED_COOKIE, issued.value.token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: secure(c),
        path: personalIssuedPath,
        maxAge: 300,
      });
      return seeOther(c, href(L, personalIssuedPath));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/mi-credencial/emitida',
    operationId: 'officePersonalCredentialIssued',
    summary: { es: 'Credencial personal emitida', en: 'Personal credential issued' },
    description: {
      es: 'Muestra una sola vez, a su dueño, el código de la credencial personal recién emitida; después, solo que ya fue mostrado.',
      en: 'Shows its owner the code of the personal credential just issued, once; afterwards, only that it was shown.',
    },
    tags: OFFICE_TAGS,
    access: { signedIn: true },
    responses: pageResponses('The code once, or that it was shown.'),
    handler: async (c) => {
      const principal = principalOf(c);
      const carried = getCookie(c, ISSUED_COOKIE);
      const id = carried?.split('.')[0];
      // Only the reader's own credential: a code carried for anyone else's shows nothing.
      const credential =
        (await listCredentials(app.db)).find(
          (k) => k.id === id && principal.kind === 'account' && k.account === principal.id,
        ) ?? null;
      if (carried !== undefined)
        deleteCookie(c, ISSUED_COOKIE, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: secure(c),
          path: personalIssuedPath,
        });
      return sendPage(
        c,
        pageHtml(
          <CredentialIssuedPage
            ctx={pageContext(c)}
            credential={credential}
            token={credential ? (carried ?? null) : null}
            names={await loadActorNames(app.db)}
          />,
        ),
      );
    },
  });
}

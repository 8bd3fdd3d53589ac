import type { Child } from 'hono/jsx';
import {
  type Account,
  type Credential,
  can,
  DEFAULT_ACCESS_SETTINGS,
  type Holder,
  ROLE_NAMES,
  ROLES,
  type Role,
} from '../../access/index.ts';
import { formatInstant, formatNumber, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  DefinitionList,
  ErrorSummary,
  type FieldError,
  Form,
  fieldId,
  Notice,
  SubmitButton,
  Table,
  TextInput,
} from '../components/index.ts';
import { ACCOUNTS, CREDENTIALS, PERSONAL_CREDENTIAL } from './access-screens.ts';
import { type ActorNames, actorName } from './actor-names.ts';
import { href, OFFICE, type PageContext } from './backoffice.page.ts';
import { OfficeLayout } from './office-layout.tsx';
import { OfficeLink } from './office-link.tsx';

/**
 * The administrator's pages, as components (the routes: ./access.routes.tsx; the words:
 * src/messages/<lang>/pages/access.ts): the accounts with their roles, an account with the forms
 * to change its roles, disable or enable it and set a new password, the form to create one; the
 * API credentials with a revoke button each, the form to issue one and the page that shows its
 * code once. A reader who may only read (the auditor: accounts.read) sees no form.
 */

/** The form field of a role's checkbox: one field per role, since a repeated field keeps only its last value. */
export const roleField = (role: Role) => `rol-${role}`;

/** Roles in words, in the catalogue's order; a name no longer in the catalogue is left out. */
export function rolesInWords(roles: readonly string[], lang: Lang): string {
  const words = pageMessages(lang).access.roles;
  return ROLE_NAMES.filter((r) => roles.includes(r))
    .map((r) => words[r])
    .join(', ');
}

const when = (at: Date | null, lang: Lang) =>
  at ? formatInstant(at, lang) : pageMessages(lang).access.state.never;

const minPassword = (lang: Lang) => formatNumber(DEFAULT_ACCESS_SETTINGS.password.minLength, lang);

/** The checkboxes of the roles a holder (an account, a credential) may have, in a fieldset. */
function RoleChoices(p: {
  lang: Lang;
  holder: Holder;
  label: string;
  hint: string;
  selected: readonly string[];
  error?: string | undefined;
}) {
  const words = pageMessages(p.lang).access;
  const id = fieldId('roles');
  const roles = ROLE_NAMES.filter((r) => (ROLES[r].holders as readonly Holder[]).includes(p.holder));
  return (
    <div class={p.error ? 'f e' : 'f'}>
      <fieldset id={id} aria-describedby={p.error ? `${id}-hint ${id}-error` : `${id}-hint`}>
        <legend>{p.label}</legend>
        <p class="h" id={`${id}-hint`}>
          {p.hint}
        </p>
        {p.error ? (
          <p class="m" id={`${id}-error`}>
            {p.error}
          </p>
        ) : null}
        {roles.map((r) => (
          <div class="r">
            <input
              type="checkbox"
              id={fieldId(roleField(r))}
              name={roleField(r)}
              value="1"
              checked={p.selected.includes(r)}
            />
            <label for={fieldId(roleField(r))}>{words.roles[r]}</label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

const errorOf = (errors: readonly FieldError[] | undefined, name: string) =>
  errors?.find((e) => e.name === name)?.message;

/** A new password typed twice (`contrasena`, `repetida`): never written back into the page. */
function NewPassword(p: {
  label: string;
  confirm: string;
  hint: string;
  errors?: readonly FieldError[] | undefined;
}) {
  return (
    <>
      <TextInput
        type="password"
        name="contrasena"
        label={p.label}
        hint={p.hint}
        autocomplete="new-password"
        maxLength={4096}
        required
        error={errorOf(p.errors, 'contrasena')}
      />
      <TextInput
        type="password"
        name="repetida"
        label={p.confirm}
        autocomplete="new-password"
        maxLength={4096}
        required
        error={errorOf(p.errors, 'repetida')}
      />
    </>
  );
}

/** A page that is one form: why it was refused, the list of what to fix, then the fields. */
function FormPage(p: {
  ctx: PageContext;
  title: string;
  section: string;
  refusedTitle: string;
  refusal?: string | undefined;
  errors?: readonly FieldError[] | undefined;
  action: string;
  submit: string;
  children?: Child;
}) {
  const { ctx } = p;
  return (
    <OfficeLayout ctx={ctx} title={p.title} section={p.section}>
      {p.refusal ? <Notice kind="err" title={p.refusedTitle} children={p.refusal} /> : null}
      <ErrorSummary errors={p.errors ?? []} lang={ctx.lang} />
      <Form action={href(ctx.lang, p.action)} csrfToken={ctx.csrfToken}>
        {p.children}
        <SubmitButton>{p.submit}</SubmitButton>
      </Form>
    </OfficeLayout>
  );
}

/**
 * The accounts: name (a link to the account), username, roles in words, active or disabled, last
 * sign-in; the link to create one for a reader who may.
 *
 * @example sendPage(c, pageHtml(<AccountListPage ctx={ctx} accounts={await listAccounts(db)} />))
 */
export function AccountListPage({ ctx, accounts }: { ctx: PageContext; accounts: readonly Account[] }) {
  const L = ctx.lang;
  const words = pageMessages(L).access;
  const w = words.accounts;
  return (
    <OfficeLayout ctx={ctx} title={w.title} section={ACCOUNTS}>
      {can(ctx.principal, 'accounts.manage') ? (
        <p>
          <OfficeLink ctx={ctx} path={`${ACCOUNTS}/nueva`}>
            {w.create}
          </OfficeLink>
        </p>
      ) : null}
      {accounts.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <Table
          caption={w.caption}
          columns={[
            { label: w.name },
            { label: w.username },
            { label: w.roles },
            { label: w.state },
            { label: w.lastSignIn },
          ]}
          rows={accounts.map((a) => [
            <a href={href(L, `${ACCOUNTS}/${a.username}`)} aria-label={w.open(a.displayName)}>
              {a.displayName}
            </a>,
            a.username,
            rolesInWords(a.roles, L),
            <span data-testid="account-state" data-state={a.disabled ? 'disabled' : 'active'}>
              {a.disabled ? words.state.disabled : words.state.active}
            </span>,
            when(a.lastLoginAt, L),
          ])}
        />
      )}
    </OfficeLayout>
  );
}

export interface NewAccountValues {
  username: string;
  displayName: string;
  roles: readonly string[];
}

/**
 * The one form both kinds of holder are created with — an account, an organisation's credential:
 * who it is (a username, an organisation code), a line of words (a display name, what the
 * credential is for), the roles meant for that holder, and any further fields (an account's first
 * password) — on a page that says why it was refused and lists what to fix.
 */
function NewHolderForm(p: {
  ctx: PageContext;
  section: string;
  holder: Holder;
  words: { title: string; refused: string; submit: string; roles: string; rolesHint: string };
  /** The field naming the holder, kept as typed. */
  who: { name: string; label: string; hint: string; value: string; width?: 14 };
  /** The field of words about it, kept as typed. */
  about: { name: string; label: string; hint: string; value: string };
  roles: readonly string[];
  errors?: readonly FieldError[] | undefined;
  refusal?: string | undefined;
  children?: Child;
}) {
  const { who, about, words: w } = p;
  return (
    <FormPage
      ctx={p.ctx}
      title={w.title}
      section={p.section}
      refusedTitle={w.refused}
      refusal={p.refusal}
      errors={p.errors}
      action={p.section}
      submit={w.submit}
    >
      <TextInput
        name={who.name}
        label={who.label}
        hint={who.hint}
        value={who.value}
        autocomplete="off"
        spellcheck={false}
        maxLength={64}
        {...(who.width ? { width: who.width } : {})}
        required
        error={errorOf(p.errors, who.name)}
      />
      <TextInput
        name={about.name}
        label={about.label}
        hint={about.hint}
        value={about.value}
        maxLength={200}
        error={errorOf(p.errors, about.name)}
      />
      <RoleChoices
        lang={p.ctx.lang}
        holder={p.holder}
        label={w.roles}
        hint={w.rolesHint}
        selected={p.roles}
        error={errorOf(p.errors, 'roles')}
      />
      {p.children}
    </FormPage>
  );
}

/**
 * The form to create an account: username, display name, roles, the initial password twice.
 *
 * @example sendPage(c, pageHtml(<NewAccountPage ctx={ctx} values={{ username: '', displayName: '', roles: [] }} />))
 */
export function NewAccountPage(p: {
  ctx: PageContext;
  values: NewAccountValues;
  errors?: readonly FieldError[] | undefined;
  refusal?: string | undefined;
}) {
  const L = p.ctx.lang;
  const w = pageMessages(L).access.newAccount;
  return (
    <NewHolderForm
      ctx={p.ctx}
      section={ACCOUNTS}
      holder="account"
      words={w}
      who={{ name: 'usuario', label: w.username, hint: w.usernameHint, value: p.values.username }}
      about={{ name: 'nombre', label: w.displayName, hint: w.displayNameHint, value: p.values.displayName }}
      roles={p.values.roles}
      errors={p.errors}
      refusal={p.refusal}
    >
      <NewPassword
        label={w.password}
        confirm={w.confirm}
        hint={w.passwordHint(minPassword(L))}
        errors={p.errors}
      />
    </NewHolderForm>
  );
}

/** What was just done to an account (the `hecho` of the address a change redirects to). */
export type AccountDone = keyof ReturnType<typeof pageMessages>['access']['account']['done'];

export const ACCOUNT_DONE: readonly AccountDone[] = [
  'created',
  'roles',
  'disabled',
  'enabled',
  'password',
  'unlocked',
  'notLocked',
];

/** Which of an account's forms came back refused, with what. */
export interface AccountFormState {
  form: 'roles' | 'password';
  errors?: readonly FieldError[];
  refusal?: string;
  roles?: readonly string[];
}

/**
 * One account: its details, then — for a reader who may manage accounts — the forms to change its
 * roles, to disable or enable it, and to set a new password.
 *
 * @example sendPage(c, pageHtml(<AccountPage ctx={ctx} account={a} names={names} done="created" />))
 */
export function AccountPage(p: {
  ctx: PageContext;
  account: Account;
  done?: AccountDone | undefined;
  state?: AccountFormState | undefined;
}) {
  const { ctx, account: a, state } = p;
  const L = ctx.lang;
  const words = pageMessages(L).access;
  const w = words.account;
  const path = `${ACCOUNTS}/${a.username}`;
  const errors = state?.errors ?? [];
  return (
    <OfficeLayout ctx={ctx} title={w.title(a.displayName)} section={ACCOUNTS}>
      {p.done ? <Notice kind="ok" title={w.done[p.done]} /> : null}
      {state?.refusal ? <Notice kind="err" title={w.refused} children={state.refusal} /> : null}
      <ErrorSummary errors={errors} lang={L} />
      <DefinitionList
        items={[
          [words.accounts.username, a.username],
          [words.accounts.roles, <span data-testid="account-roles">{rolesInWords(a.roles, L)}</span>],
          [
            words.accounts.state,
            <span data-testid="account-state" data-state={a.disabled ? 'disabled' : 'active'}>
              {a.disabled ? words.state.disabled : words.state.active}
            </span>,
          ],
          [words.accounts.lastSignIn, when(a.lastLoginAt, L)],
          [w.created, formatInstant(a.createdAt, L)],
          [w.passwordChanged, formatInstant(a.passwordChangedAt, L)],
        ]}
      />
      {can(ctx.principal, 'accounts.manage') ? (
        <>
          <h2>{w.rolesTitle}</h2>
          <Form action={href(L, `${path}/roles`)} csrfToken={ctx.csrfToken}>
            <RoleChoices
              lang={L}
              holder="account"
              label={words.accounts.roles}
              hint={words.newAccount.rolesHint}
              selected={state?.form === 'roles' && state.roles ? state.roles : a.roles}
              error={errorOf(errors, 'roles')}
            />
            <SubmitButton>{w.saveRoles}</SubmitButton>
          </Form>
          <h2>{w.stateTitle}</h2>
          <Form
            action={href(L, `${path}/${a.disabled ? 'habilitar' : 'deshabilitar'}`)}
            csrfToken={ctx.csrfToken}
          >
            {a.disabled ? null : <p>{w.disableHint}</p>}
            {a.disabled ? (
              <SubmitButton>{w.enable}</SubmitButton>
            ) : (
              <button type="submit" class="warn">
                {w.disable}
              </button>
            )}
          </Form>
          <h2>{w.unlockTitle}</h2>
          <Form action={href(L, `${path}/desbloquear`)} csrfToken={ctx.csrfToken}>
            <p>{w.unlockHint}</p>
            <SubmitButton>{w.unlock}</SubmitButton>
          </Form>
          <h2>{w.passwordTitle}</h2>
          <Form action={href(L, `${path}/contrasena`)} csrfToken={ctx.csrfToken}>
            <NewPassword
              label={w.newPassword}
              confirm={w.confirm}
              hint={w.passwordHint(minPassword(L))}
              errors={errors}
            />
            <SubmitButton>{w.setPassword}</SubmitButton>
          </Form>
        </>
      ) : null}
      <p>
        <OfficeLink ctx={ctx} path={ACCOUNTS}>
          {w.back}
        </OfficeLink>
      </p>
    </OfficeLayout>
  );
}

/** Who holds a credential: its organisation, or the officer of a personal one by name. */
function holderOf(c: Credential, ctx: PageContext, names: ActorNames): string {
  if (c.account === null) return c.organisation ?? '';
  return pageMessages(ctx.lang).access.credentials.personal(actorName(`account:${c.account}`, ctx, names));
}

/**
 * The API credentials (never their codes): identifier, holder, what for, roles in words, issued
 * when and by whom, last used, active or revoked; a revoke button on each active one and the link
 * to issue one, for a reader who may manage credentials.
 *
 * @example sendPage(c, pageHtml(<CredentialListPage ctx={ctx} credentials={all} names={names} />))
 */
export function CredentialListPage(p: {
  ctx: PageContext;
  credentials: readonly Credential[];
  names: ActorNames;
  revoked?: string | undefined;
  refusal?: string | undefined;
}) {
  const { ctx } = p;
  const L = ctx.lang;
  const words = pageMessages(L).access;
  const w = words.credentials;
  const manage = can(ctx.principal, 'credentials.manage');
  return (
    <OfficeLayout ctx={ctx} title={w.title} section={CREDENTIALS}>
      {p.revoked ? <Notice kind="ok" title={w.revoked(p.revoked)} /> : null}
      {p.refusal ? <Notice kind="err" title={w.refused} children={p.refusal} /> : null}
      {manage ? (
        <p>
          <OfficeLink ctx={ctx} path={`${CREDENTIALS}/nueva`}>
            {w.issue}
          </OfficeLink>
        </p>
      ) : null}
      {p.credentials.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <Table
          caption={w.caption}
          columns={[
            { label: w.id },
            { label: w.holder },
            { label: w.description },
            { label: w.roles },
            { label: w.created },
            { label: w.lastUsed },
            { label: w.state },
          ]}
          rows={p.credentials.map((c) => [
            <code>{c.id}</code>,
            holderOf(c, ctx, p.names),
            c.description,
            c.account === null ? rolesInWords(c.roles, L) : '',
            `${formatInstant(c.createdAt, L)} · ${actorName(c.createdBy, ctx, p.names)}`,
            when(c.lastUsedAt, L),
            c.revokedAt ? (
              <span data-testid="credential-state" data-state="revoked">
                {w.revokedOn(formatInstant(c.revokedAt, L))}
              </span>
            ) : (
              <span data-testid="credential-state" data-state="active">
                {words.state.active}
                {manage ? (
                  <Form action={href(L, `${CREDENTIALS}/${c.id}/revocar`)} csrfToken={ctx.csrfToken}>
                    <button type="submit" class="warn" aria-label={w.revokeLabel(c.id)}>
                      {w.revoke}
                    </button>
                  </Form>
                ) : null}
              </span>
            ),
          ])}
        />
      )}
    </OfficeLayout>
  );
}

export interface NewCredentialValues {
  organisation: string;
  description: string;
  roles: readonly string[];
}

/**
 * The form to issue an organisation's credential: organisation code, what it is for, roles for systems.
 *
 * @example sendPage(c, pageHtml(<NewCredentialPage ctx={ctx} values={{ organisation: '', description: '', roles: [] }} />))
 */
export function NewCredentialPage(p: {
  ctx: PageContext;
  values: NewCredentialValues;
  errors?: readonly FieldError[] | undefined;
  refusal?: string | undefined;
}) {
  const w = pageMessages(p.ctx.lang).access.newCredential;
  return (
    <NewHolderForm
      ctx={p.ctx}
      section={CREDENTIALS}
      holder="credential"
      words={w}
      who={{
        name: 'organizacion',
        label: w.organisation,
        hint: w.organisationHint,
        value: p.values.organisation,
        width: 14,
      }}
      about={{
        name: 'descripcion',
        label: w.description,
        hint: w.descriptionHint,
        value: p.values.description,
      }}
      roles={p.values.roles}
      errors={p.errors}
      refusal={p.refusal}
    />
  );
}

/**
 * The form an officer issues their own personal credential with, for the command line: what it is
 * for, and their password again (the CLI, too, issues one only to an officer who typed it).
 *
 * @example sendPage(c, pageHtml(<PersonalCredentialPage ctx={ctx} description="" />))
 */
export function PersonalCredentialPage(p: {
  ctx: PageContext;
  description: string;
  errors?: readonly FieldError[] | undefined;
  refusal?: string | undefined;
}) {
  const w = pageMessages(p.ctx.lang).access.personal;
  return (
    <FormPage
      ctx={p.ctx}
      title={w.title}
      section={PERSONAL_CREDENTIAL}
      refusedTitle={w.refused}
      refusal={p.refusal}
      errors={p.errors}
      action={PERSONAL_CREDENTIAL}
      submit={w.submit}
    >
      <p>{w.intro}</p>
      <TextInput
        name="descripcion"
        label={w.description}
        hint={w.descriptionHint}
        value={p.description}
        maxLength={200}
        error={errorOf(p.errors, 'descripcion')}
      />
      <TextInput
        type="password"
        name="contrasena"
        label={w.password}
        hint={w.passwordHint}
        autocomplete="current-password"
        maxLength={4096}
        required
        error={errorOf(p.errors, 'contrasena')}
      />
    </FormPage>
  );
}

/**
 * A credential just issued, with its code — shown this once, with the warning that it never will
 * be again — or, when the code was already shown (a reload, a second visit), the notice that it is gone.
 *
 * @example sendPage(c, pageHtml(<CredentialIssuedPage ctx={ctx} credential={c} token={token} names={names} />))
 */
export function CredentialIssuedPage(p: {
  ctx: PageContext;
  /** null: an officer's own credential page opened without a code carried to it. */
  credential: Credential | null;
  token: string | null;
  names: ActorNames;
}) {
  const { ctx, credential: c } = p;
  const L = ctx.lang;
  const words = pageMessages(L).access;
  const w = words.issued;
  // An officer's own credential is kept, not handed over, and leads back home, not to the list.
  const own = c?.account === null ? null : words.personal;
  return (
    <OfficeLayout ctx={ctx} title={w.title} section={own ? PERSONAL_CREDENTIAL : CREDENTIALS}>
      {p.token ? (
        <>
          <Notice kind="err" title={w.warning} children={own?.warningBody ?? w.warningBody} />
          <h2>{w.token}</h2>
          <p>
            <code data-testid="credential-token">{p.token}</code>
          </p>
          <p>{own?.usage ?? w.usage}</p>
        </>
      ) : (
        <Notice kind="info" title={w.gone} children={w.goneBody} />
      )}
      {c ? (
        <DefinitionList
          items={[
            [words.credentials.id, <code>{c.id}</code>],
            [words.credentials.holder, holderOf(c, ctx, p.names)],
            [words.credentials.description, c.description],
            [words.credentials.roles, rolesInWords(c.roles, L)],
            [words.credentials.created, formatInstant(c.createdAt, L)],
          ]}
        />
      ) : null}
      <p>
        <OfficeLink ctx={ctx} path={own ? OFFICE : CREDENTIALS}>
          {own?.back ?? w.back}
        </OfficeLink>
      </p>
    </OfficeLayout>
  );
}

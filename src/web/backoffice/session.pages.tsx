import { z } from 'zod';
import { login, logout } from '../../access/index.ts';
import { describeFailure, pageMessages } from '../../messages/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import {
  ErrorSummary,
  type FieldError,
  Form,
  HiddenField,
  Notice,
  pageHtml,
  SubmitButton,
  TextInput,
} from '../components/index.ts';
import { accessScreensFor, allowedOn, PERSONAL_CREDENTIAL } from './access-screens.ts';
import { href, OFFICE, type PageContext, screensFor } from './backoffice.page.ts';
import {
  OFFICE_TAGS,
  type OfficeDeps,
  optionalText,
  pageContext,
  pageResponses,
  seeOther,
  sendPage,
} from './office.context.ts';
import { OfficeLayout } from './office-layout.tsx';

/**
 * Where to go after signing in: only an address inside the back office, so a crafted sign-in link
 * cannot send the officer to another site.
 *
 * @example safeReturn('/oficina/rondas/3') // '/oficina/rondas/3'; safeReturn('//evil.example') // '/oficina'
 */
export function safeReturn(target: string | undefined): string {
  if (!target) return OFFICE;
  if (!/^\/oficina(\/|\?|$)/.test(target) || target.includes('//') || target.includes('\\')) return OFFICE;
  return target;
}

interface SignInState {
  username?: string;
  next?: string;
  errors?: FieldError[];
  refusal?: string;
  message?: { title: string; body: string };
}

/**
 * The sign-in form, with why the last attempt was refused or a message (signed out, session
 * ended); a reader already signed in is told as whom. Every word from the catalogue
 * (src/messages/<lang>/pages/backoffice.ts).
 *
 * @example sendPage(c, pageHtml(<SignInPage ctx={ctx} state={{ next: '/oficina/rondas' }} />))
 */
export function SignInPage({ ctx, state: s }: { ctx: PageContext; state: SignInState }) {
  const words = pageMessages(ctx.lang).backoffice.signIn;
  const field = (name: string) => s.errors?.find((e) => e.name === name)?.message;
  return (
    // The sign-in page shows no navigation: it is where a reader without a session lands.
    <OfficeLayout ctx={{ ...ctx, principal: null }} title={words.title}>
      {s.message ? <Notice kind="info" title={s.message.title} children={s.message.body} /> : null}
      {s.refusal ? <Notice kind="err" title={words.refused} children={s.refusal} /> : null}
      <ErrorSummary errors={s.errors ?? []} lang={ctx.lang} />
      {ctx.principal ? (
        <p>
          {words.already} <strong>{ctx.principal.displayName}</strong>. {words.alreadyMore}{' '}
          <a href={href(ctx.lang, OFFICE)}>{words.goHome}</a>
        </p>
      ) : null}
      <Form action={href(ctx.lang, `${OFFICE}/ingresar`)} csrfToken={ctx.csrfToken}>
        <HiddenField name="next" value={safeReturn(s.next)} />
        <TextInput
          name="username"
          label={words.username}
          value={s.username ?? ''}
          autocomplete="username"
          maxLength={200}
          spellcheck={false}
          required
          error={field('username')}
        />
        <TextInput
          type="password"
          name="password"
          label={words.password}
          autocomplete="current-password"
          maxLength={4096}
          required
          error={field('password')}
        />
        <SubmitButton>{words.submit}</SubmitButton>
      </Form>
    </OfficeLayout>
  );
}

/**
 * The back office's home page: the screens the reader's roles allow, each with what the reader can
 * do there — only the permissions they hold, worded by the permission catalogue — so an auditor is
 * not told of actions their roles do not allow.
 *
 * @example sendPage(c, pageHtml(<OfficeHomePage ctx={ctx} />))
 */
export function OfficeHomePage({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).backoffice;
  const access = pageMessages(ctx.lang).access;
  const screens = [
    ...screensFor(ctx.principal).map((s) => ({
      ...s,
      title: words.screens[s.key].title,
      description: words.screens[s.key].description,
    })),
    ...accessScreensFor(ctx.principal).map((s) => ({
      ...s,
      title: access.screens[s.key].title,
      description: access.screens[s.key].description,
    })),
  ];
  return (
    <OfficeLayout ctx={ctx} title={words.home.title} section={OFFICE}>
      {screens.length === 0 ? (
        <p>{words.home.nothing}</p>
      ) : (
        <>
          <p>{words.home.intro}</p>
          <ul data-testid="home-screens">
            {screens.map((s) => {
              const allowed = allowedOn(s.key, ctx.principal);
              return (
                <li data-screen={s.key}>
                  <a href={href(ctx.lang, s.path)}>{s.title}</a>
                  {allowed ? (
                    <>
                      {' '}
                      — {access.home.canDo}
                      <ul>
                        {allowed.map((p) => (
                          <li data-permission={p}>{access.permissions[p]}</li>
                        ))}
                      </ul>
                    </>
                  ) : (
                    <> — {s.description}</>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {ctx.principal?.kind === 'account' ? (
        <p>
          <a href={href(ctx.lang, PERSONAL_CREDENTIAL)}>{access.personal.link}</a>
        </p>
      ) : null}
    </OfficeLayout>
  );
}

const signInPage = (ctx: PageContext, state: SignInState) => pageHtml(<SignInPage ctx={ctx} state={state} />);

/** Sign-in form, sign-in, sign-out and the home page listing the reader's screens. */
export function sessionRoutes(router: Router, { app, access }: OfficeDeps): void {
  defineRoute(router, {
    method: 'get',
    path: '/ingresar',
    operationId: 'officeSignInForm',
    summary: { es: 'Formulario de ingreso a la oficina', en: 'Back-office sign-in form' },
    tags: OFFICE_TAGS,
    access: { public: true },
    request: {
      query: z.object({ next: optionalText(2000), expired: optionalText(8) }),
    },
    responses: pageResponses('The sign-in form.'),
    handler: (c, { query }) => {
      const ctx = pageContext(c);
      const words = pageMessages(ctx.lang).backoffice.signIn;
      const message =
        query.expired !== undefined ? { title: words.expired, body: words.expiredBody } : undefined;
      return sendPage(c, signInPage(ctx, { next: query.next, ...(message ? { message } : {}) }));
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/ingresar',
    operationId: 'officeSignIn',
    summary: { es: 'Ingresar a la oficina', en: 'Sign in to the back office' },
    description: {
      es: 'Abre una sesión con el servicio de ingreso (bloqueo tras intentos fallidos) y lleva a la página pedida.',
      en: 'Opens a session through the login service (lock-out after failures) and goes to the page asked for.',
    },
    tags: OFFICE_TAGS,
    access: { public: true },
    request: {
      form: z.object({
        username: optionalText(400),
        password: optionalText(10_000),
        next: optionalText(2000),
      }),
    },
    // An oversized field gets the answer of a wrong password: nothing to learn from either.
    onInvalid: (c) => {
      const ctx = pageContext(c);
      return sendPage(
        c,
        signInPage(ctx, { refusal: describeFailure({ code: 'invalid_credentials' }, ctx.lang).detail }),
        401,
      );
    },
    responses: pageResponses('The form again, with why sign-in was refused.', {
      redirect: 'Signed in: to the page asked for, or the home page.',
      refused: 'A field is empty.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const words = pageMessages(L).backoffice.signIn;
      const username = (body.username ?? '').trim();
      const password = body.password ?? '';
      const next = safeReturn(body.next);
      const errors = [
        ...(username === '' ? [{ name: 'username', message: words.missingUser }] : []),
        ...(password === '' ? [{ name: 'password', message: words.missingPassword }] : []),
      ];
      if (errors.length > 0) return sendPage(c, signInPage(ctx, { username, next, errors }), 400);
      const result = await login(
        app.db,
        { username, password, clientIp: access.clientIp(c), now: access.now() },
        access.settings,
      );
      if (!result.ok) {
        const failure = result.error;
        if ('retryAfterMs' in failure)
          c.header('Retry-After', String(Math.ceil(failure.retryAfterMs / 1000)));
        const refusal = describeFailure(failure, L);
        return sendPage(
          c,
          signInPage(ctx, { username, next, refusal: refusal.detail }),
          refusal.status as 401 | 429,
        );
      }
      // Signing in again in the same browser, maybe as someone else, ends the session it had.
      const previous = c.get('sessionToken');
      const previousActor = c.get('principal')?.actor;
      if (previous && previousActor)
        await logout(app.db, previous, { actor: previousActor, now: access.now() });
      access.setSessionCookie(c, result.value.sessionToken);
      return seeOther(c, href(L, next));
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/salir',
    operationId: 'officeSignOut',
    summary: { es: 'Salir de la oficina', en: 'Sign out of the back office' },
    tags: OFFICE_TAGS,
    access: { signedIn: true },
    responses: pageResponses('Not used.', { redirect: 'Signed out: to the confirmation page.' }),
    handler: async (c) => {
      const token = c.get('sessionToken');
      const principal = c.get('principal');
      if (token && principal) await logout(app.db, token, { actor: principal.actor, now: access.now() });
      access.clearSessionCookie(c);
      return seeOther(c, href(pageContext(c).lang, `${OFFICE}/salida`));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/salida',
    operationId: 'officeSignedOut',
    summary: { es: 'Salió de la oficina', en: 'Signed out of the back office' },
    description: {
      es: 'Confirma la salida y ofrece ingresar de nuevo.',
      en: 'Confirms the sign-out and offers to sign in again.',
    },
    tags: OFFICE_TAGS,
    access: { public: true },
    responses: pageResponses('The confirmation, with the sign-in form.'),
    handler: (c) => {
      const ctx = pageContext(c);
      const words = pageMessages(ctx.lang).backoffice.signIn;
      const message = { title: words.signedOut, body: words.signedOutBody };
      return sendPage(c, signInPage(ctx, { message }));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/',
    operationId: 'officeHome',
    summary: { es: 'Inicio de la oficina', en: 'Back-office home' },
    description: {
      es: 'Las secciones que los roles del funcionario le permiten usar.',
      en: 'The sections the officer’s roles allow.',
    },
    tags: OFFICE_TAGS,
    access: { signedIn: true },
    responses: pageResponses('The home page.'),
    handler: (c) => sendPage(c, pageHtml(<OfficeHomePage ctx={pageContext(c)} />)),
  });
}

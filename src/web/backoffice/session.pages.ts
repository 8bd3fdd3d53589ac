import { z } from 'zod';
import { login, logout } from '../../access/index.ts';
import { describeFailure } from '../../messages/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { errorSummary, escapeHtml, notice, submitButton, t, textInput } from '../html.ts';
import {
  a,
  hidden,
  href,
  OFFICE,
  officePage,
  type PageContext,
  postForm,
  screensFor,
  specialInput,
} from './backoffice.page.ts';
import {
  OFFICE_TAGS,
  type OfficeDeps,
  optionalText,
  pageContext,
  pageResponses,
  seeOther,
  sendPage,
} from './office.context.ts';

const TEXT = {
  signIn: { es: 'Ingresar a la oficina', en: 'Sign in to the back office' },
  username: { es: 'Usuario', en: 'Username' },
  password: { es: 'Contraseña', en: 'Password' },
  submit: { es: 'Ingresar', en: 'Sign in' },
  missingUser: { es: 'Escriba su usuario.', en: 'Enter your username.' },
  missingPassword: { es: 'Escriba su contraseña.', en: 'Enter your password.' },
  signedOut: { es: 'Salió de la oficina', en: 'You have signed out' },
  signedOutBody: { es: 'Para volver, ingrese de nuevo.', en: 'Sign in again to come back.' },
  expired: { es: 'Su sesión terminó', en: 'Your session has ended' },
  expiredBody: { es: 'Ingrese de nuevo para continuar.', en: 'Sign in again to continue.' },
  refused: { es: 'No pudo ingresar', en: 'You could not sign in' },
  already: { es: 'Ya ingresó como', en: 'You are signed in as' },
  alreadyMore: {
    es: 'Puede ir al inicio o ingresar con otra cuenta.',
    en: 'Go to the home page or sign in with another account.',
  },
  goHome: { es: 'Ir al inicio', en: 'Go to the home page' },
  home: { es: 'Oficina', en: 'Back office' },
  intro: { es: 'Las secciones que su rol le permite usar:', en: 'The sections your role lets you use:' },
  nothing: {
    es: 'Su rol no tiene secciones en la oficina. Si cree que es un error, pida a un administrador que revise sus roles.',
    en: 'Your role has no sections in the back office. If this is a mistake, ask an administrator to check your roles.',
  },
} as const;

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
  errors?: { name: string; message: string }[];
  refusal?: string;
  message?: { title: string; body: string };
}

function signInPage(ctx: PageContext, s: SignInState): string {
  const L = ctx.lang;
  const field = (name: string) => s.errors?.find((e) => e.name === name)?.message;
  const already = ctx.principal
    ? `<p>${t(TEXT.already, L)} <strong>${escapeHtml(ctx.principal.displayName)}</strong>. ${t(TEXT.alreadyMore, L)} ${a(ctx, OFFICE, t(TEXT.goHome, L))}</p>`
    : '';
  const body = `${s.message ? notice('info', s.message.title, s.message.body) : ''}${s.refusal ? notice('err', t(TEXT.refused, L), s.refusal) : ''}${errorSummary(s.errors ?? [], L)}${already}
${postForm(
  ctx,
  `${OFFICE}/ingresar`,
  `${hidden('next', safeReturn(s.next))}
${textInput({ name: 'username', label: t(TEXT.username, L), value: s.username ?? '', autocomplete: 'username', maxLength: 200, spellcheck: false, required: true, error: field('username') })}
${specialInput({ type: 'password', name: 'password', label: t(TEXT.password, L), autocomplete: 'current-password', maxLength: 4096, error: field('password') })}
${submitButton(t(TEXT.submit, L))}`,
)}`;
  // The sign-in page shows no navigation: it is where a reader without a session lands.
  return officePage({ ...ctx, principal: null }, t(TEXT.signIn, L), body);
}

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
      const L = ctx.lang;
      const message =
        query.expired !== undefined ? { title: t(TEXT.expired, L), body: t(TEXT.expiredBody, L) } : undefined;
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
      const username = (body.username ?? '').trim();
      const password = body.password ?? '';
      const next = safeReturn(body.next);
      const errors = [
        ...(username === '' ? [{ name: 'username', message: t(TEXT.missingUser, L) }] : []),
        ...(password === '' ? [{ name: 'password', message: t(TEXT.missingPassword, L) }] : []),
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
      const message = { title: t(TEXT.signedOut, ctx.lang), body: t(TEXT.signedOutBody, ctx.lang) };
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
    handler: (c) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const screens = screensFor(ctx.principal);
      const body =
        screens.length === 0
          ? `<p>${t(TEXT.nothing, L)}</p>`
          : `<p>${t(TEXT.intro, L)}</p>
<ul>
${screens.map((s) => `<li>${a(ctx, s.path, t(s.title, L))} — ${escapeHtml(t(s.description, L))}</li>`).join('\n')}
</ul>`;
      return sendPage(c, officePage(ctx, t(TEXT.home, L), body, { section: OFFICE }));
    },
  });
}

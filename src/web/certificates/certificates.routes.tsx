import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../../access/index.ts';
import { type App, clockOf } from '../../app.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import { citizenStatus, type PersonTriple } from '../../bono/index.ts';
import {
  type CardData,
  fingerprint,
  HC1_MAX_CHARS,
  issuerKeys,
  keyFolder,
  trustSnapshot,
  vaccinationCard,
} from '../../certificates/index.ts';
import { describeFailure, formatNumber, pageMessages } from '../../messages/index.ts';
import { UploadedFile } from '../../routing/body.ts';
import { createRouter, defineRoute } from '../../routing/route.ts';
import { readerFor } from '../../scale/index.ts';
import {
  LangQuery,
  MAX_FORM_BYTES,
  portalContext,
  SECURITY_HEADERS,
  TripleForm,
  text,
  unreadable,
} from '../portal/portal.context.ts';
import { EMPTY_TRIPLE, readTriple, type TripleValues } from '../portal/portal.forms.tsx';
import { inBolivia } from '../portal/portal-layout.tsx';
import { tooLong } from '../portal/too-long.page.tsx';
import { certificatePool } from './certificate-pool.ts';
import { CardFormPage, CardPage, CERTIFICATE_PAGES, VerifierPage } from './certificates.pages.tsx';

/**
 * The certificate pages: the citizen's card at `/certificado` (look-up by the full CI triple,
 * counted by the bono's citizen limits first, as `/vacunas` is; the certificate is issued on the
 * first look-up, as the API's card is) and the verifier at `/certificado/verificar`. Without
 * script everything works by posting forms; the verifier's script (./verifier.client.js) verifies
 * on the device against the trust list it fetched once and keeps, so it works offline.
 */

const TAGS = ['pages', 'certificates'] as const;
const PdfForm = z.object({ ...TripleForm, tamano: text('Card size: a4 or wallet.') });
const VerifyForm = z.object({
  hc1: text('The QR code’s text (HC1:…).'),
  imagen: z
    .union([z.instanceof(UploadedFile), z.string()])
    .optional()
    .describe('A PNG or JPEG of the QR code (multipart), instead of its text.'),
  _csrf: text("The session's CSRF token, when an officer is signed in."),
});
/**
 * The largest QR image accepted: a phone's photo. The form's file is streamed to disk and counted
 * as it arrives, refused the moment it passes this (nothing of it is held in memory before).
 */
export const QR_UPLOAD_MAX_BYTES = 8 * 1024 * 1024;
const QR_UPLOAD_MAX_MB = QR_UPLOAD_MAX_BYTES / (1024 * 1024);
/** The verifier may run its own script and fetch the trust list from this origin; nothing else. */
const VERIFIER_CSP =
  "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const VERIFIER_SCRIPT = readFileSync(new URL('./verifier.client.js', import.meta.url), 'utf8');
const VERIFIER_WORKER = readFileSync(new URL('./verifier.sw.js', import.meta.url), 'utf8');
/** The service worker fetches only from this origin (the page, its script, the trust list). */
const WORKER_CSP = "default-src 'none'; connect-src 'self'";

/**
 * The certificate page routes, to mount at the root beside the portal.
 *
 * @example mountRoutes(router, '/', certificatePageRoutes(app, access));
 */
export function certificatePageRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const now = clockOf(app);
  const context = portalContext(app);
  const folder = keyFolder(app.config.dataDir);
  const uploads = path.join(app.config.dataDir, 'uploads');
  router.hono.use('/certificado/*', async (c, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    c.header('Content-Language', context(c).lang);
    return next();
  });

  /** The look-up under the citizen limits, then the card (issued if it was not); or the form again. */
  const lookUp = async (
    c: Context<AccessEnv>,
    triple: PersonTriple,
  ): Promise<{ page: Response | Promise<Response> } | { card: CardData }> => {
    const ctx = context(c);
    const w = pageMessages(ctx.lang).certificates.citizen;
    const at = now();
    const gate = await citizenStatus(app.db, triple, {
      at,
      clientKey: access.clientIp(c) ?? 'unknown',
      lang: ctx.lang,
      read: readerFor(app, c),
    });
    if (gate.outcome === 'rate_limited') {
      c.header('Retry-After', String(gate.retryAfterSeconds));
      const until = inBolivia(new Date(at.getTime() + gate.retryAfterSeconds * 1000)).time;
      const notice = { title: w.rateLimitedTitle, text: w.rateLimited(until) };
      return {
        page: c.html(<CardFormPage ctx={ctx} values={EMPTY_TRIPLE} errors={{}} notice={notice} />, 429),
      };
    }
    const card =
      gate.outcome === 'found'
        ? await vaccinationCard(app.db, { person: triple, folder, at, actor: SYSTEM_ACTOR })
        : null;
    if (!card?.ok) {
      const noDoses = card?.ok === false && card.error.code === 'certificate_no_doses';
      const notice = noDoses
        ? { title: w.noDosesTitle, text: w.noDoses }
        : { title: w.notFoundTitle, text: w.notFound };
      return {
        page: c.html(<CardFormPage ctx={ctx} values={EMPTY_TRIPLE} errors={{}} notice={notice} />, 404),
      };
    }
    return { card: card.value.card };
  };

  const readForm = (c: Context<AccessEnv>, body: Record<string, unknown>) => {
    const ctx = context(c);
    const read = readTriple(body, ctx.lang, inBolivia(now()).date);
    return { ctx, read };
  };

  defineRoute(router, {
    method: 'get',
    path: CERTIFICATE_PAGES.card,
    operationId: 'portalCertificateForm',
    summary: { es: 'Mi certificado de vacunación (formulario)', en: 'My vaccination certificate (form)' },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery },
    responses: { 200: { description: 'The look-up form.', html: true } },
    handler: (c) => c.html(<CardFormPage ctx={context(c)} values={EMPTY_TRIPLE} errors={{}} />),
  });

  defineRoute(router, {
    method: 'post',
    path: CERTIFICATE_PAGES.answer,
    operationId: 'portalCertificateAnswer',
    summary: { es: 'Mi certificado de vacunación', en: 'My vaccination certificate' },
    description: {
      es: 'Por número de carnet, complemento y fecha de nacimiento: el certificado con su código QR y el formulario para descargar el carnet en PDF. Las consultas fallidas repetidas se limitan, junto con las del bono.',
      en: 'By CI number, complemento and date of birth: the certificate with its QR code and the form to download the card as a PDF. Repeated failed look-ups are limited, together with the bono’s.',
    },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery, form: z.object(TripleForm) },
    maxBodyBytes: MAX_FORM_BYTES,
    onTooLarge: tooLong(context),
    responses: {
      200: { description: 'The certificate.', html: true },
      400: { description: 'The form again, with what to fix.', html: true },
      404: { description: 'Not found, or no dose recorded: the form again.', html: true },
      429: { description: 'Too many failed look-ups (Retry-After).', html: true },
    },
    onInvalid: (c) => {
      const ctx = context(c);
      return c.html(<CardFormPage ctx={ctx} values={EMPTY_TRIPLE} errors={unreadable(ctx)} />, 400);
    },
    handler: async (c, { body }) => {
      const { ctx, read } = readForm(c, body);
      if (!read.triple)
        return c.html(<CardFormPage ctx={ctx} values={read.values} errors={read.errors} />, 400);
      const found = await lookUp(c, read.triple);
      if ('page' in found) return found.page;
      return c.html(<CardPage ctx={ctx} values={read.values satisfies TripleValues} card={found.card} />);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: CERTIFICATE_PAGES.pdf,
    operationId: 'portalCertificatePdf',
    summary: { es: 'Descargar el carnet de vacunación (PDF)', en: 'Download the vaccination card (PDF)' },
    description: {
      es: 'El carnet del DS 4641 en PDF, tamaño A4 o billetera, con los mismos datos y límites que la consulta.',
      en: 'The DS 4641 card as a PDF, A4 or wallet size, with the same details and limits as the look-up.',
    },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery, form: PdfForm },
    maxBodyBytes: MAX_FORM_BYTES,
    onTooLarge: tooLong(context),
    responses: {
      200: { description: 'The card (application/pdf).', text: true },
      400: { description: 'The form again, with what to fix.', html: true },
      404: { description: 'Not found, or no dose recorded: the form again.', html: true },
      429: { description: 'Too many failed look-ups (Retry-After).', html: true },
    },
    onInvalid: (c) => {
      const ctx = context(c);
      return c.html(<CardFormPage ctx={ctx} values={EMPTY_TRIPLE} errors={unreadable(ctx)} />, 400);
    },
    handler: async (c, { body }) => {
      const { ctx, read } = readForm(c, body);
      if (!read.triple)
        return c.html(<CardFormPage ctx={ctx} values={read.values} errors={read.errors} />, 400);
      const found = await lookUp(c, read.triple);
      if ('page' in found) return found.page;
      const size = body.tamano === 'wallet' ? 'wallet' : 'a4';
      const pdf = await certificatePool().renderCard(found.card, size, ctx.lang);
      const name = ctx.lang === 'es' ? 'carnet-vacunacion' : 'vaccination-card';
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${name}-${size}.pdf"`,
      });
    },
  });

  /** The verifier page, with the CSCA the script pins. */
  const verifierPage = async (
    c: Context<AccessEnv>,
    extra: Omit<Parameters<typeof VerifierPage>[0], 'ctx' | 'cscaFingerprint' | 'imageMaxMb'>,
    status: 200 | 400 | 413 | 422 = 200,
  ) => {
    const keys = await issuerKeys(readerFor(app, c));
    c.header('Content-Security-Policy', VERIFIER_CSP);
    return c.html(
      <VerifierPage
        ctx={context(c)}
        cscaFingerprint={keys.csca === undefined ? null : fingerprint(keys.csca)}
        imageMaxMb={formatNumber(QR_UPLOAD_MAX_MB, context(c).lang)}
        {...extra}
      />,
      status,
    );
  };

  defineRoute(router, {
    method: 'get',
    path: CERTIFICATE_PAGES.verify,
    operationId: 'portalCertificateVerifier',
    summary: { es: 'Verificar un certificado de vacunación', en: 'Verify a vaccination certificate' },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery },
    responses: { 200: { description: 'The verifier (works offline once loaded).', html: true } },
    handler: (c) => verifierPage(c, { text: '' }),
  });

  defineRoute(router, {
    method: 'post',
    path: CERTIFICATE_PAGES.verify,
    operationId: 'portalCertificateVerify',
    summary: {
      es: 'Verificar un certificado de vacunación (en el servidor)',
      en: 'Verify a vaccination certificate (on the server)',
    },
    description: {
      es: 'Sin JavaScript: verifica el texto del código QR, o una foto o captura del código (PNG o JPEG, hasta 8 MB, escrita en disco mientras llega y rechazada apenas pasa el límite), en el servidor y dice, paso a paso, si es válido o por qué no.',
      en: 'Without JavaScript: verifies the QR code’s text, or a photo or screenshot of the code (PNG or JPEG, up to 8 MB, written to disk as it arrives and refused as soon as it passes the limit), on the server and says, step by step, whether it is valid or why not.',
    },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery, form: VerifyForm },
    maxBodyBytes: MAX_FORM_BYTES,
    files: { directory: uploads, maxFileBytes: QR_UPLOAD_MAX_BYTES },
    onTooLarge: (c) => {
      const w = pageMessages(context(c).lang).certificates.verifier;
      const maxMb = formatNumber(QR_UPLOAD_MAX_MB, context(c).lang);
      return verifierPage(c, { text: '', imageError: w.imageTooBig(maxMb) }, 413);
    },
    responses: {
      200: { description: 'Valid: the steps and what it says.', html: true },
      400: { description: 'Nothing pasted or uploaded, or both.', html: true },
      413: { description: 'The image is over 8 MB.', html: true },
      422: {
        description:
          'Not valid: the step that failed and why; or the image is not a PNG or JPEG, cannot be read, holds no QR code, or a QR code that is not a certificate.',
        html: true,
      },
    },
    onInvalid: (c) => verifierPage(c, { text: '' }, 400),
    handler: async (c, { body }) => {
      const ctx = context(c);
      const w = pageMessages(ctx.lang).certificates.verifier;
      let text = (body.hc1 ?? '').trim().slice(0, HC1_MAX_CHARS + 8);
      const image = body.imagen instanceof UploadedFile && body.imagen.size > 0 ? body.imagen : undefined;
      if (image !== undefined && text !== '')
        return verifierPage(c, { text, imageError: w.imageOrText }, 400);
      if (image !== undefined) {
        // At most QR_UPLOAD_MAX_BYTES (the upload was refused past it), decoded on a pool thread.
        const read = await certificatePool().readQr(await readFile(image.filePath));
        if (!read.ok) return verifierPage(c, { text: '', imageError: w.imageProblems[read.problem] }, 422);
        if (!read.text.startsWith('HC1:')) {
          return verifierPage(c, { text: '', imageError: w.imageProblems.not_a_certificate }, 422);
        }
        text = read.text.slice(0, HC1_MAX_CHARS + 8);
      }
      if (text === '') return verifierPage(c, { text, error: w.hint }, 400);
      const at = now();
      const verified = await certificatePool().verify(text, at, await trustSnapshot(readerFor(app, c), at));
      const outcome = {
        steps: verified.steps,
        summary: verified.summary,
        reason: verified.failure === null ? null : describeFailure(verified.failure, ctx.lang).title,
      };
      return verifierPage(c, { text, outcome }, verified.failure === null ? 200 : 422);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: CERTIFICATE_PAGES.script,
    operationId: 'portalCertificateVerifierScript',
    tags: TAGS,
    access: { public: true },
    responses: { 200: { description: 'JavaScript.', text: true } },
    handler: (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(VERIFIER_SCRIPT);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: CERTIFICATE_PAGES.serviceWorker,
    operationId: 'portalCertificateVerifierWorker',
    tags: TAGS,
    access: { public: true },
    responses: { 200: { description: 'JavaScript.', text: true } },
    handler: (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      // Browsers look for a new version at each visit; no-cache keeps that check honest.
      c.header('Cache-Control', 'no-cache');
      c.header('Content-Security-Policy', WORKER_CSP);
      return c.body(VERIFIER_WORKER);
    },
  });

  return router.hono;
}

import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { type Access, type AccessEnv, can } from '../../access/index.ts';
import type { App } from '../../app.ts';
import { describeFailure, noticeWordsInSpanish, pageMessages } from '../../messages/index.ts';
import { createRouter, defineRoute } from '../../routing/route.ts';
import { toIsoDateInBolivia } from '../../shared/dates.ts';
import {
  balanceOf,
  fileDeclaration,
  findTaxpayer,
  grantMandate,
  inForce,
  issueNotice,
  mandates,
  noticePdf,
  type PaymentCurrency,
  readDeclaration,
  recordPayment,
  revokeMandate,
  taxpayers,
  type WealthTaxFailure,
} from '../../wealth-tax/index.ts';
import { href } from '../backoffice/backoffice.page.ts';
import {
  OFFICE_TAGS,
  type OfficeContext,
  optionalText,
  pageContext,
  pageResponses,
  principalOf,
  seeOther,
  sendPage,
} from '../backoffice/office.context.ts';
import { pageHtml } from '../components/index.ts';
import {
  checkDeclarationForm,
  DeclarationFormPage,
  type DeclarationFormValues,
  declarationFormSchema,
  failureField,
  fitsTheForm,
  newDeclarationForm,
  readDeclarationForm,
  WEB_FILING_KEY,
} from './declaration-form.tsx';
import {
  MANDATES,
  type MandateFormValues,
  MandatesPage,
  NotMandatedPage,
  type PaymentFormValues,
  REPRESENTATION,
  RepresentedPage,
  TaxpayersPage,
  TaxpayerYearPage,
  WEALTH_TAX_OFFICE,
  YearNotFoundPage,
  yearPath,
} from './office.pages.tsx';

/**
 * The wealth tax in the back office (`/oficina/impuesto-fortunas`): the register and a taxpayer's
 * year for readers with wealth_tax.read (the read of a declaration is audited by the domain), a
 * payment recorded by a collector (wealth_tax.collect; post/redirect/get, the bank reference makes
 * a resend harmless), a notice to print for an officer (wealth_tax.assess). Spanish first, English
 * with ?lang=en; no script.
 *
 * A taxpayer's representative's own account (tax_representative, wealth_tax.represent) has its
 * own pages under `/oficina/representacion`: the list of the taxpayers whose mandate to it is in
 * force today, and for each the same year page (without the payment form), the declaration form
 * and the notices — every one passing the account to the domain, which refuses an action without
 * a mandate in force (`not_mandated`, a 403 page saying why). Officers with wealth_tax.assess
 * record and revoke mandates at `/oficina/impuesto-fortunas/mandatos`.
 */

/** Whose pages: the officers' (anyone), or a representative's (only their mandated taxpayers). */
interface Scope {
  base: string;
  representative?: string;
}

const OFFICE_SCOPE: Scope = { base: WEALTH_TAX_OFFICE };

const YearParams = z.object({
  nit: z
    .string()
    .regex(/^[0-9]{5,15}$/)
    .meta({ examples: ['4567890019'] }),
  year: z
    .string()
    .regex(/^20[0-9]{2}$/)
    .meta({ examples: ['2020'] }),
});

type PageStatus = Parameters<typeof sendPage>[2];

/**
 * The wealth-tax office routes, relative to /oficina.
 *
 * @example mountRoutes(router, '/oficina', wealthTaxOfficeRoutes(app, access));
 */
export function wealthTaxOfficeRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const today = () => toIsoDateInBolivia(access.now());
  const defaultYear = () => Number(today().slice(0, 4)) - 1;

  async function yearPage(
    c: OfficeContext,
    nit: string,
    year: number,
    extra: {
      form?: PaymentFormValues;
      note?: { kind: 'ok' | 'err'; title: string; text: string };
      status?: PageStatus;
    } = {},
    scope: Scope = OFFICE_SCOPE,
  ): Promise<Response> {
    const ctx = pageContext(c);
    const principal = principalOf(c);
    const rep = scope.representative;
    const record = await readDeclaration(
      app.db,
      { nit, fortuneYear: year, on: today(), lang: ctx.lang, ...(rep ? { representative: rep } : {}) },
      principal.actor,
      access.now(),
    );
    if (!record.ok && record.error.code === 'not_mandated') return notMandated(c, record.error);
    const balance = await balanceOf(
      app.db,
      nit,
      year,
      rep ? { representative: rep, at: access.now() } : undefined,
    );
    if (!record.ok || !balance.ok) {
      // A registered taxpayer with nothing filed for the year: an officer (or the taxpayer's
      // representative) may file it from here.
      const canDeclare =
        !record.ok &&
        record.error.code === 'declaration_not_found' &&
        (rep !== undefined || can(principal, 'wealth_tax.assess'));
      return sendPage(
        c,
        pageHtml(
          <YearNotFoundPage ctx={ctx} declare={canDeclare ? { nit, year } : undefined} base={scope.base} />,
        ),
        404,
      );
    }
    return sendPage(
      c,
      pageHtml(
        <TaxpayerYearPage
          ctx={ctx}
          year={year}
          record={record.value}
          balance={balance.value}
          canCollect={rep === undefined && can(principal, 'wealth_tax.collect')}
          canIssue={rep !== undefined || can(principal, 'wealth_tax.assess')}
          base={scope.base}
          form={
            extra.form ?? {
              paymentId: `sin-${randomUUID().slice(0, 8)}`,
              amount: '',
              currency: 'BOB',
              paidOn: today(),
            }
          }
          note={extra.note}
        />,
      ),
      extra.status ?? 200,
    );
  }

  /** A representative refused by the domain: why, with the way back to their own list (403). */
  function notMandated(c: OfficeContext, error: WealthTaxFailure): Response {
    const ctx = pageContext(c);
    return sendPage(
      c,
      pageHtml(<NotMandatedPage ctx={ctx} text={describeFailure(error, ctx.lang).detail} />),
      403,
    );
  }

  /** A taxpayer's year with the note of what was just done (filed, amended, paid). */
  function yearWithNote(
    c: OfficeContext,
    params: { nit: string; year: string },
    query: { pago?: string | undefined; declaracion?: string | undefined },
    scope: Scope,
  ): Promise<Response> {
    const ctx = pageContext(c);
    const w = pageMessages(ctx.lang).wealthTax.year;
    const d = pageMessages(ctx.lang).wealthTax.declare;
    const filedNote =
      query.declaracion === 'presentada'
        ? d.filed
        : query.declaracion === 'rectificada'
          ? d.amended
          : query.declaracion === 'repetida'
            ? d.repeated
            : null;
    const note = filedNote
      ? { kind: 'ok' as const, title: filedNote, text: '' }
      : query.pago === 'registrado'
        ? { kind: 'ok' as const, title: w.recorded, text: '' }
        : query.pago === 'repetido'
          ? { kind: 'ok' as const, title: w.recordedBefore, text: '' }
          : undefined;
    return yearPage(c, params.nit, Number(params.year), note ? { note } : {}, scope);
  }

  defineRoute(router, {
    method: 'get',
    path: '/impuesto-fortunas',
    operationId: 'officeWealthTaxRegister',
    summary: { es: 'Padrón del impuesto a las grandes fortunas', en: 'The wealth-tax register' },
    description: {
      es: 'Los contribuyentes, cada uno con el enlace a su gestión.',
      en: 'The taxpayers, each with a link to the year.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.read' },
    request: { query: z.object({ lang: optionalText(5), gestion: optionalText(4) }) },
    responses: pageResponses('The register.'),
    handler: async (c, { query }) => {
      const ctx = pageContext(c);
      const year = /^20[0-9]{2}$/.test(query.gestion ?? '') ? Number(query.gestion) : defaultYear();
      const list = await taxpayers(app.db, 2000);
      return sendPage(
        c,
        pageHtml(
          <TaxpayersPage
            ctx={ctx}
            taxpayers={list}
            year={year}
            canManageMandates={can(principalOf(c), 'wealth_tax.assess')}
          />,
        ),
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/impuesto-fortunas/:nit/:year',
    operationId: 'officeWealthTaxYear',
    summary: { es: 'La gestión de un contribuyente', en: 'A taxpayer’s year' },
    description: {
      es: 'Las declaraciones, la liquidación con su explicación y artículos, el saldo y los pagos. La consulta queda en la bitácora.',
      en: 'The declarations, the assessment with its explanation and articles, the balance and payments. The read is audited.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.read' },
    request: {
      params: YearParams,
      query: z.object({ lang: optionalText(5), pago: optionalText(12), declaracion: optionalText(12) }),
    },
    responses: pageResponses('The year.', { notFound: true }),
    handler: async (c, { params, query }) => yearWithNote(c, params, query, OFFICE_SCOPE),
  });

  defineRoute(router, {
    method: 'post',
    path: '/impuesto-fortunas/:nit/:year/pagos',
    operationId: 'officeWealthTaxPayment',
    summary: { es: 'Registrar un pago', en: 'Record a payment' },
    description: {
      es: 'Un pago en bolivianos o dólares, una sola vez por su referencia; el primero después del vencimiento liquida la actualización, los intereses y la multa.',
      en: 'A payment in bolivianos or dollars, once per reference; the first after the deadline settles the updating, interest and fine.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.collect' },
    request: {
      params: YearParams,
      form: z.object({
        referencia: optionalText(100),
        monto: optionalText(20),
        moneda: optionalText(3),
        fecha: optionalText(10),
      }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Recorded: back to the year.',
      refused: 'The year with why not.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const year = Number(params.year);
      const form: PaymentFormValues = {
        paymentId: (body.referencia ?? '').trim(),
        amount: (body.monto ?? '').trim().replace(',', '.'),
        currency: body.moneda === 'USD' ? 'USD' : 'BOB',
        paidOn: (body.fecha ?? '').trim(),
      };
      const r = await recordPayment(
        app.db,
        {
          nit: params.nit,
          fortuneYear: year,
          paymentId: form.paymentId,
          paidOn: form.paidOn,
          currency: form.currency as PaymentCurrency,
          amount: form.amount,
        },
        principalOf(c).actor,
        access.now(),
      );
      if (!r.ok) {
        if (r.error.code === 'taxpayer_not_found' || r.error.code === 'declaration_not_found')
          return sendPage(c, pageHtml(<YearNotFoundPage ctx={ctx} />), 404);
        const words = describeFailure(r.error as WealthTaxFailure, ctx.lang);
        return yearPage(c, params.nit, year, {
          form,
          note: { kind: 'err', title: pageMessages(ctx.lang).wealthTax.year.refused, text: words.detail },
          status: 400,
        });
      }
      return seeOther(
        c,
        href(ctx.lang, yearPath(params.nit, year), { pago: r.value.created ? 'registrado' : 'repetido' }),
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/impuesto-fortunas/:nit/:year/avisos/:kind',
    operationId: 'officeWealthTaxNotice',
    summary: { es: 'Un aviso para imprimir (PDF)', en: 'A notice to print (PDF)' },
    description: {
      es: 'La determinación, el recordatorio o la multa, en castellano con su base legal, en PDF A4 para imprimir. Queda en la bitácora.',
      en: 'The assessment, the reminder or the fine, in Spanish with its legal basis, as an A4 PDF to print. Audited.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.assess' },
    request: {
      params: YearParams.extend({
        kind: z.enum(['assessment', 'reminder', 'fine']).meta({ examples: ['assessment'] }),
      }),
      query: z.object({ lang: optionalText(5), fecha: optionalText(10) }),
    },
    responses: {
      ...pageResponses('Not used.', { refused: 'Not for that day: the year with why not.', notFound: true }),
      200: {
        description: 'The notice, an A4 PDF (in Spanish, the language of the administration’s acts).',
        schema: z.string().meta({ format: 'binary' }),
      },
    },
    handler: async (c, { params, query }) => notice(c, params, query, OFFICE_SCOPE),
  });

  /** A notice as an A4 PDF (audited by the domain as a read). */
  async function notice(
    c: OfficeContext,
    params: { nit: string; year: string; kind: 'assessment' | 'reminder' | 'fine' },
    query: { fecha?: string | undefined },
    scope: Scope,
  ): Promise<Response> {
    const ctx = pageContext(c);
    const n = await issueNotice(
      app.db,
      {
        nit: params.nit,
        fortuneYear: Number(params.year),
        kind: params.kind,
        on: query.fecha ?? today(),
        words: noticeWordsInSpanish,
        ...(scope.representative ? { representative: scope.representative } : {}),
      },
      principalOf(c).actor,
      access.now(),
    );
    if (!n.ok) {
      if (n.error.code === 'not_mandated') return notMandated(c, n.error);
      if (n.error.code === 'taxpayer_not_found' || n.error.code === 'declaration_not_found')
        return sendPage(c, pageHtml(<YearNotFoundPage ctx={ctx} base={scope.base} />), 404);
      return yearPage(
        c,
        params.nit,
        Number(params.year),
        {
          note: {
            kind: 'err',
            title: pageMessages(ctx.lang).wealthTax.year.noticeKinds[params.kind]!,
            text: describeFailure(n.error, ctx.lang).detail,
          },
          status: 400,
        },
        scope,
      );
    }
    const pdf = await noticePdf(n.value);
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="aviso-${params.kind}-${params.nit}-${params.year}.pdf"`,
      'X-Content-Type-Options': 'nosniff',
    });
  }

  const newFilingKey = () => `web:${randomUUID()}`;

  async function declarationForm(
    c: OfficeContext,
    nit: string,
    year: number,
    values: DeclarationFormValues | null,
    errors: { name: string; message: string }[] = [],
    note?: { title: string; text: string },
    scope: Scope = OFFICE_SCOPE,
  ): Promise<Response> {
    const ctx = pageContext(c);
    const rep = scope.representative;
    const t = await findTaxpayer(app.db, nit, rep ? { representative: rep, at: access.now() } : undefined);
    if (!t.ok && t.error.code === 'not_mandated') return notMandated(c, t.error);
    if (!t.ok) return sendPage(c, pageHtml(<YearNotFoundPage ctx={ctx} base={scope.base} />), 404);
    let v = values;
    if (!v) {
      // Opening the form to amend reads the latest version: a read of a declaration, audited.
      const record = await readDeclaration(
        app.db,
        { nit, fortuneYear: year, on: today(), lang: ctx.lang, ...(rep ? { representative: rep } : {}) },
        principalOf(c).actor,
        access.now(),
      );
      if (!record.ok && record.error.code === 'not_mandated') return notMandated(c, record.error);
      const latest = record.ok ? record.value.versions[record.value.versions.length - 1]!.declaration : null;
      if (latest && !fitsTheForm(latest)) {
        const d = pageMessages(ctx.lang).wealthTax.declare;
        return yearPage(c, nit, year, { note: { kind: 'err', title: d.refused, text: d.tooMany } }, scope);
      }
      v = newDeclarationForm(newFilingKey(), today(), latest);
    }
    return sendPage(
      c,
      pageHtml(
        <DeclarationFormPage
          ctx={ctx}
          taxpayer={t.value}
          year={year}
          values={v}
          errors={errors}
          note={note}
          base={scope.base}
        />,
      ),
      errors.length > 0 || note ? 400 : 200,
    );
  }

  defineRoute(router, {
    method: 'get',
    path: '/impuesto-fortunas/:nit/:year/declaracion',
    operationId: 'officeWealthTaxDeclarationForm',
    summary: { es: 'Presentar o rectificar una declaración', en: 'File or amend a declaration' },
    description: {
      es: 'El formulario del representante del contribuyente: bienes y deudas en su moneda; si ya hay una declaración, la rectificatoria con lo declarado en la última versión (lectura en la bitácora).',
      en: 'The taxpayer’s representative’s form: assets and debts in their currency; when a declaration exists, the amendment filled in from the latest version (the read is audited).',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.assess' },
    request: { params: YearParams, query: z.object({ lang: optionalText(5) }) },
    responses: pageResponses('The form.', { notFound: true }),
    handler: async (c, { params }) => declarationForm(c, params.nit, Number(params.year), null),
  });

  async function declare(
    c: OfficeContext,
    params: { nit: string; year: string },
    body: Record<string, string | undefined>,
    scope: Scope,
  ): Promise<Response> {
    const ctx = pageContext(c);
    const year = Number(params.year);
    const rep = scope.representative;
    const values = readDeclarationForm(body);
    if (!WEB_FILING_KEY.test(values.filingKey)) values.filingKey = newFilingKey();
    const checked = checkDeclarationForm(values, params.nit, year, ctx.lang);
    if (!checked.ok) return declarationForm(c, params.nit, year, values, checked.errors, undefined, scope);
    const r = await fileDeclaration(
      app.db,
      { ...checked.filing, ...(rep ? { representative: rep } : {}) },
      principalOf(c).actor,
      access.now(),
    );
    if (!r.ok) {
      if (r.error.code === 'not_mandated') return notMandated(c, r.error);
      if (r.error.code === 'taxpayer_not_found')
        return sendPage(c, pageHtml(<YearNotFoundPage ctx={ctx} base={scope.base} />), 404);
      const field = failureField(r.error, checked.placed, ctx.lang);
      // Filed meanwhile (another tab, another channel): this one becomes an amendment, and asks why.
      if (field?.name === 'motivo') values.amend = true;
      if (field) return declarationForm(c, params.nit, year, values, [field], undefined, scope);
      return declarationForm(
        c,
        params.nit,
        year,
        values,
        [],
        {
          title: pageMessages(ctx.lang).wealthTax.declare.refused,
          text: describeFailure(r.error, ctx.lang).detail,
        },
        scope,
      );
    }
    const outcome = !r.value.created
      ? 'repetida'
      : r.value.declaration.version > 1
        ? 'rectificada'
        : 'presentada';
    return seeOther(c, href(ctx.lang, yearPath(params.nit, year, scope.base), { declaracion: outcome }));
  }

  defineRoute(router, {
    method: 'post',
    path: '/impuesto-fortunas/:nit/:year/declaracion',
    operationId: 'officeWealthTaxDeclare',
    summary: { es: 'Presentar o rectificar una declaración', en: 'File or amend a declaration' },
    description: {
      es: 'Presenta la declaración (o la rectificatoria), la liquida y la registra en el libro mayor y la bitácora; la clave del formulario hace inofensivo un reenvío.',
      en: 'Files the declaration (or the amendment), assesses it and books it on the ledger and the audit trail; the form’s key makes a resend harmless.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.assess' },
    request: { params: YearParams, form: declarationFormSchema() },
    responses: pageResponses('Not used.', {
      redirect: 'Filed: to the year with its assessment.',
      refused: 'The form again with each mistake beside its field.',
      notFound: true,
    }),
    handler: async (c, { params, body }) =>
      declare(c, params, body as Record<string, string | undefined>, OFFICE_SCOPE),
  });

  // ── A representative's own pages: only the taxpayers whose mandate to them is in force. ──

  const repScope = (c: OfficeContext): Scope => ({ base: REPRESENTATION, representative: principalOf(c).id });
  const REP_TAGS = OFFICE_TAGS;
  const repAccess = { permission: 'wealth_tax.represent' } as const;

  defineRoute(router, {
    method: 'get',
    path: '/representacion',
    operationId: 'officeWealthTaxRepresented',
    summary: { es: 'Contribuyentes que represento', en: 'Taxpayers I represent' },
    description: {
      es: 'Solo los contribuyentes cuyo mandato a esta cuenta está vigente hoy.',
      en: 'Only the taxpayers whose mandate to this account is in force today.',
    },
    tags: REP_TAGS,
    access: repAccess,
    request: { query: z.object({ lang: optionalText(5), gestion: optionalText(4) }) },
    responses: pageResponses('The list.'),
    handler: async (c, { query }) => {
      const ctx = pageContext(c);
      const year = /^20[0-9]{2}$/.test(query.gestion ?? '') ? Number(query.gestion) : defaultYear();
      const on = today();
      const byNit = new Map<string, { nit: string; fullName: string; until: string | null }>();
      for (const m of await mandates(app.db, { representative: principalOf(c).id })) {
        if (!inForce(m, on)) continue;
        // Several mandates in force: the furthest end (none at all when one is open-ended).
        const seen = byNit.get(m.nit);
        const until =
          !seen || seen.until === null || m.validTo === null
            ? seen
              ? null
              : m.validTo
            : seen.until > m.validTo
              ? seen.until
              : m.validTo;
        byNit.set(m.nit, { nit: m.nit, fullName: m.taxpayerName, until });
      }
      const list = [...byNit.values()].sort((a, b) => a.nit.localeCompare(b.nit));
      return sendPage(c, pageHtml(<RepresentedPage ctx={ctx} taxpayers={list} year={year} />));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/representacion/:nit/:year',
    operationId: 'officeWealthTaxRepresentedYear',
    summary: { es: 'La gestión de un contribuyente representado', en: 'A represented taxpayer’s year' },
    description: {
      es: 'Las declaraciones, la liquidación con su explicación, el saldo y los avisos, con un mandato vigente (si no, 403). La consulta queda en la bitácora.',
      en: 'The declarations, the assessment with its explanation, the balance and the notices, under a mandate in force (else 403). The read is audited.',
    },
    tags: REP_TAGS,
    access: repAccess,
    request: {
      params: YearParams,
      query: z.object({ lang: optionalText(5), pago: optionalText(12), declaracion: optionalText(12) }),
    },
    responses: {
      ...pageResponses('The year.', { notFound: true }),
      403: { description: 'No mandate in force from this taxpayer (page).', html: true },
    },
    handler: async (c, { params, query }) => yearWithNote(c, params, query, repScope(c)),
  });

  defineRoute(router, {
    method: 'get',
    path: '/representacion/:nit/:year/declaracion',
    operationId: 'officeWealthTaxRepresentedDeclarationForm',
    summary: { es: 'Presentar o rectificar como representante', en: 'File or amend as the representative' },
    description: {
      es: 'El formulario de la declaración jurada de un contribuyente con mandato vigente (si no, 403); la rectificatoria lee la última versión (en la bitácora).',
      en: 'The sworn declaration’s form for a taxpayer with a mandate in force (else 403); an amendment reads the latest version (audited).',
    },
    tags: REP_TAGS,
    access: repAccess,
    request: { params: YearParams, query: z.object({ lang: optionalText(5) }) },
    responses: {
      ...pageResponses('The form.', { notFound: true }),
      403: { description: 'No mandate in force from this taxpayer (page).', html: true },
    },
    handler: async (c, { params }) =>
      declarationForm(c, params.nit, Number(params.year), null, [], undefined, repScope(c)),
  });

  defineRoute(router, {
    method: 'post',
    path: '/representacion/:nit/:year/declaracion',
    operationId: 'officeWealthTaxRepresentedDeclare',
    summary: { es: 'Presentar o rectificar como representante', en: 'File or amend as the representative' },
    description: {
      es: 'Presenta la declaración (o la rectificatoria) de un contribuyente con mandato vigente, la liquida y la registra; sin mandato, 403 y nada se registra.',
      en: 'Files the declaration (or the amendment) of a taxpayer with a mandate in force, assesses and books it; without one, 403 and nothing is recorded.',
    },
    tags: REP_TAGS,
    access: repAccess,
    request: { params: YearParams, form: declarationFormSchema() },
    responses: {
      ...pageResponses('Not used.', {
        redirect: 'Filed: to the year with its assessment.',
        refused: 'The form again with each mistake beside its field.',
        notFound: true,
      }),
      403: { description: 'No mandate in force from this taxpayer (page).', html: true },
    },
    handler: async (c, { params, body }) =>
      declare(c, params, body as Record<string, string | undefined>, repScope(c)),
  });

  defineRoute(router, {
    method: 'get',
    path: '/representacion/:nit/:year/avisos/:kind',
    operationId: 'officeWealthTaxRepresentedNotice',
    summary: {
      es: 'Un aviso del contribuyente representado (PDF)',
      en: 'A represented taxpayer’s notice (PDF)',
    },
    description: {
      es: 'La determinación, el recordatorio o la multa en PDF, con un mandato vigente (si no, 403). Queda en la bitácora.',
      en: 'The assessment, the reminder or the fine as a PDF, under a mandate in force (else 403). Audited.',
    },
    tags: REP_TAGS,
    access: repAccess,
    request: {
      params: YearParams.extend({
        kind: z.enum(['assessment', 'reminder', 'fine']).meta({ examples: ['assessment'] }),
      }),
      query: z.object({ lang: optionalText(5), fecha: optionalText(10) }),
    },
    responses: {
      ...pageResponses('Not used.', { refused: 'Not for that day: the year with why not.', notFound: true }),
      200: {
        description: 'The notice, an A4 PDF (in Spanish).',
        schema: z.string().meta({ format: 'binary' }),
      },
      403: { description: 'No mandate in force from this taxpayer (page).', html: true },
    },
    handler: async (c, { params, query }) => notice(c, params, query, repScope(c)),
  });

  // ── Mandates, recorded and revoked by a tax officer. ──

  async function mandatesPage(
    c: OfficeContext,
    form: MandateFormValues,
    note?: { kind: 'ok' | 'err'; title: string; text: string },
    status: PageStatus = 200,
  ): Promise<Response> {
    const ctx = pageContext(c);
    const list = await mandates(app.db, {}, 2000);
    return sendPage(
      c,
      pageHtml(<MandatesPage ctx={ctx} mandates={list} today={today()} form={form} note={note} />),
      status,
    );
  }
  const emptyMandate = (): MandateFormValues => ({
    nit: '',
    representative: '',
    validFrom: today(),
    validTo: '',
  });

  defineRoute(router, {
    method: 'get',
    path: '/impuesto-fortunas/mandatos',
    operationId: 'officeWealthTaxMandates',
    summary: { es: 'Mandatos de representación', en: 'Representation mandates' },
    description: {
      es: 'Los mandatos de los contribuyentes a sus representantes, vigentes o no, y los formularios para registrar y revocar uno.',
      en: 'The taxpayers’ mandates to their representatives, in force or not, and the forms to record and revoke one.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.assess' },
    request: { query: z.object({ lang: optionalText(5), nota: optionalText(12) }) },
    responses: pageResponses('The mandates.'),
    handler: async (c, { query }) => {
      const w = pageMessages(pageContext(c).lang).wealthTax.mandates;
      const note =
        query.nota === 'registrado'
          ? { kind: 'ok' as const, title: w.granted, text: '' }
          : query.nota === 'revocado'
            ? { kind: 'ok' as const, title: w.revokedNote, text: '' }
            : undefined;
      return mandatesPage(c, emptyMandate(), note);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/impuesto-fortunas/mandatos',
    operationId: 'officeWealthTaxGrantMandate',
    summary: { es: 'Registrar un mandato', en: 'Record a mandate' },
    description: {
      es: 'El mandato de un contribuyente a la cuenta de su representante, desde un día y hasta otro (o sin fin). Queda en la bitácora.',
      en: 'A taxpayer’s mandate to their representative’s account, from a day to another (or open-ended). Audited.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.assess' },
    request: {
      form: z.object({
        nit: optionalText(20),
        representante: optionalText(64),
        desde: optionalText(10),
        hasta: optionalText(10),
      }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Recorded: back to the mandates.',
      refused: 'The mandates with why not.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const form: MandateFormValues = {
        nit: (body.nit ?? '').trim(),
        representative: (body.representante ?? '').trim(),
        validFrom: (body.desde ?? '').trim(),
        validTo: (body.hasta ?? '').trim(),
      };
      const r = await grantMandate(
        app.db,
        {
          nit: form.nit,
          representative: form.representative,
          validFrom: form.validFrom,
          validTo: form.validTo === '' ? null : form.validTo,
        },
        principalOf(c).actor,
        access.now(),
      );
      if (!r.ok)
        return mandatesPage(
          c,
          form,
          {
            kind: 'err',
            title: pageMessages(ctx.lang).wealthTax.mandates.refused,
            text: describeFailure(r.error, ctx.lang).detail,
          },
          400,
        );
      return seeOther(c, href(ctx.lang, MANDATES, { nota: 'registrado' }));
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/impuesto-fortunas/mandatos/revocar',
    operationId: 'officeWealthTaxRevokeMandate',
    summary: { es: 'Revocar un mandato', en: 'Revoke a mandate' },
    description: {
      es: 'Revoca un mandato desde ese momento, con su motivo: la cuenta del representante deja de alcanzar al contribuyente. Queda en la bitácora.',
      en: 'Revokes a mandate from that moment, with its reason: the representative’s account no longer reaches the taxpayer. Audited.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'wealth_tax.assess' },
    request: { form: z.object({ numero: optionalText(20), motivo: optionalText(500) }) },
    responses: pageResponses('Not used.', {
      redirect: 'Revoked: back to the mandates.',
      refused: 'The mandates with why not.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const w = pageMessages(ctx.lang).wealthTax.mandates;
      const number = (body.numero ?? '').trim();
      const r = /^[1-9][0-9]{0,17}$/.test(number)
        ? await revokeMandate(
            app.db,
            { mandateId: BigInt(number), reason: body.motivo ?? '' },
            principalOf(c).actor,
            access.now(),
          )
        : ({
            ok: false,
            error: { code: 'wealth_tax_input_invalid', field: 'mandateId', problem: 'format' },
          } as const);
      if (!r.ok)
        return mandatesPage(
          c,
          emptyMandate(),
          { kind: 'err', title: w.refused, text: describeFailure(r.error, ctx.lang).detail },
          r.error.code === 'mandate_not_found' ? 404 : r.error.code === 'mandate_revoked' ? 409 : 400,
        );
      return seeOther(c, href(ctx.lang, MANDATES, { nota: 'revocado' }));
    },
  });

  return router.hono;
}

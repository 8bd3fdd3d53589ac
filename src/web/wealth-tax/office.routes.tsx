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
  issueNotice,
  noticePdf,
  type PaymentCurrency,
  readDeclaration,
  recordPayment,
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
  type PaymentFormValues,
  TaxpayersPage,
  TaxpayerYearPage,
  YearNotFoundPage,
  yearPath,
} from './office.pages.tsx';

/**
 * The wealth tax in the back office (`/oficina/impuesto-fortunas`): the register and a taxpayer's
 * year for readers with wealth_tax.read (the read of a declaration is audited by the domain), a
 * payment recorded by a collector (wealth_tax.collect; post/redirect/get, the bank reference makes
 * a resend harmless), a notice to print for an officer (wealth_tax.assess). Spanish first, English
 * with ?lang=en; no script.
 */

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
  ): Promise<Response> {
    const ctx = pageContext(c);
    const principal = principalOf(c);
    const record = await readDeclaration(
      app.db,
      { nit, fortuneYear: year, on: today(), lang: ctx.lang },
      principal.actor,
      access.now(),
    );
    const balance = await balanceOf(app.db, nit, year);
    if (!record.ok || !balance.ok) {
      // A registered taxpayer with nothing filed for the year: an officer may file it from here.
      const canDeclare =
        !record.ok && record.error.code === 'declaration_not_found' && can(principal, 'wealth_tax.assess');
      return sendPage(
        c,
        pageHtml(<YearNotFoundPage ctx={ctx} declare={canDeclare ? { nit, year } : undefined} />),
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
          canCollect={can(principal, 'wealth_tax.collect')}
          canIssue={can(principal, 'wealth_tax.assess')}
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
      return sendPage(c, pageHtml(<TaxpayersPage ctx={ctx} taxpayers={list} year={year} />));
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
    handler: async (c, { params, query }) => {
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
      return yearPage(c, params.nit, Number(params.year), note ? { note } : {});
    },
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
    handler: async (c, { params, query }) => {
      const ctx = pageContext(c);
      const n = await issueNotice(
        app.db,
        {
          nit: params.nit,
          fortuneYear: Number(params.year),
          kind: params.kind,
          on: query.fecha ?? today(),
          words: noticeWordsInSpanish,
        },
        principalOf(c).actor,
        access.now(),
      );
      if (!n.ok) {
        if (n.error.code === 'taxpayer_not_found' || n.error.code === 'declaration_not_found')
          return sendPage(c, pageHtml(<YearNotFoundPage ctx={ctx} />), 404);
        return yearPage(c, params.nit, Number(params.year), {
          note: {
            kind: 'err',
            title: pageMessages(ctx.lang).wealthTax.year.noticeKinds[params.kind]!,
            text: describeFailure(n.error, ctx.lang).detail,
          },
          status: 400,
        });
      }
      const pdf = await noticePdf(n.value);
      c.header('Cache-Control', 'no-store');
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="aviso-${params.kind}-${params.nit}-${params.year}.pdf"`,
        'X-Content-Type-Options': 'nosniff',
      });
    },
  });

  const newFilingKey = () => `web:${randomUUID()}`;

  async function declarationForm(
    c: OfficeContext,
    nit: string,
    year: number,
    values: DeclarationFormValues | null,
    errors: { name: string; message: string }[] = [],
    note?: { title: string; text: string },
  ): Promise<Response> {
    const ctx = pageContext(c);
    const t = await findTaxpayer(app.db, nit);
    if (!t.ok) return sendPage(c, pageHtml(<YearNotFoundPage ctx={ctx} />), 404);
    let v = values;
    if (!v) {
      // Opening the form to amend reads the latest version: a read of a declaration, audited.
      const record = await readDeclaration(
        app.db,
        { nit, fortuneYear: year, on: today(), lang: ctx.lang },
        principalOf(c).actor,
        access.now(),
      );
      const latest = record.ok ? record.value.versions[record.value.versions.length - 1]!.declaration : null;
      if (latest && !fitsTheForm(latest)) {
        const d = pageMessages(ctx.lang).wealthTax.declare;
        return yearPage(c, nit, year, { note: { kind: 'err', title: d.refused, text: d.tooMany } });
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
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const year = Number(params.year);
      const values = readDeclarationForm(body as Record<string, string | undefined>);
      if (!WEB_FILING_KEY.test(values.filingKey)) values.filingKey = newFilingKey();
      const checked = checkDeclarationForm(values, params.nit, year, ctx.lang);
      if (!checked.ok) return declarationForm(c, params.nit, year, values, checked.errors);
      const r = await fileDeclaration(app.db, checked.filing, principalOf(c).actor, access.now());
      if (!r.ok) {
        if (r.error.code === 'taxpayer_not_found')
          return sendPage(c, pageHtml(<YearNotFoundPage ctx={ctx} />), 404);
        const field = failureField(r.error, checked.placed, ctx.lang);
        // Filed meanwhile (another tab, another channel): this one becomes an amendment, and asks why.
        if (field?.name === 'motivo') values.amend = true;
        if (field) return declarationForm(c, params.nit, year, values, [field]);
        return declarationForm(c, params.nit, year, values, [], {
          title: pageMessages(ctx.lang).wealthTax.declare.refused,
          text: describeFailure(r.error, ctx.lang).detail,
        });
      }
      const outcome = !r.value.created
        ? 'repetida'
        : r.value.declaration.version > 1
          ? 'rectificada'
          : 'presentada';
      return seeOther(c, href(ctx.lang, yearPath(params.nit, year), { declaracion: outcome }));
    },
  });

  return router.hono;
}

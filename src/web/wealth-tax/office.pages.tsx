import {
  decisiveInWords,
  formatDate,
  formatMoney,
  legalSourceInWords,
  pageMessages,
} from '../../messages/index.ts';
import { DEPARTMENTS } from '../../registry/index.ts';
import { toIsoDateInBolivia } from '../../shared/dates.ts';
import {
  type Balance,
  type DeclarationRecord,
  inForce,
  type Mandate,
  type Taxpayer,
} from '../../wealth-tax/index.ts';
import { href, type PageContext } from '../backoffice/backoffice.page.ts';
import { OfficeLayout } from '../backoffice/office-layout.tsx';
import {
  DefinitionList,
  Form,
  HiddenField,
  Notice,
  Select,
  SubmitButton,
  Table,
  TextInput,
} from '../components/index.ts';

/**
 * The wealth tax's back-office pages (issue #20 §8): the taxpayer register, and a taxpayer's year —
 * every version of the declaration, the assessment with its explanation step by step and the
 * article each applies (the rule trace in words), the balance with the late charges, the payments,
 * the form to record one (for collectors) and the notices to print (for officers). Every word
 * from src/messages/<lang>/pages/wealth-tax.ts; no script.
 */

export const WEALTH_TAX_OFFICE = '/oficina/impuesto-fortunas';

/** A representative's own pages: only the taxpayers whose mandate to them is in force. */
export const REPRESENTATION = '/oficina/representacion';

/** The officers' register of mandates. */
export const MANDATES = `${WEALTH_TAX_OFFICE}/mandatos`;

/** A taxpayer's year. @example yearPath('4567890019', 2020) // '/oficina/impuesto-fortunas/4567890019/2020' */
export const yearPath = (nit: string, year: number, base: string = WEALTH_TAX_OFFICE) =>
  `${base}/${nit}/${year}`;

/** The representative's form for a taxpayer's year. @example declarationPath('4567890019', 2020) // '/oficina/impuesto-fortunas/4567890019/2020/declaracion' */
export const declarationPath = (nit: string, year: number, base: string = WEALTH_TAX_OFFICE) =>
  `${yearPath(nit, year, base)}/declaracion`;

const departmentName = (code: number) => DEPARTMENTS.find((d) => d.code === code)?.name ?? String(code);

/** The register: each taxpayer with a link to the year. */
export function TaxpayersPage(p: {
  ctx: PageContext;
  taxpayers: readonly Taxpayer[];
  year: number;
  canManageMandates?: boolean;
}) {
  const { ctx } = p;
  const w = pageMessages(ctx.lang).wealthTax.office;
  return (
    <OfficeLayout ctx={ctx} title={w.title} section={WEALTH_TAX_OFFICE}>
      <p>{w.intro}</p>
      {p.canManageMandates ? (
        <p>
          <a href={href(ctx.lang, MANDATES)}>{pageMessages(ctx.lang).wealthTax.mandates.link}</a>
        </p>
      ) : null}
      {p.taxpayers.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <Table
          label={w.title}
          columns={[
            { label: w.nitColumn },
            { label: w.nameColumn },
            { label: w.departmentColumn },
            { label: w.identityColumn },
            { label: w.yearColumn },
          ]}
          rows={p.taxpayers.map((t) => [
            t.nit,
            t.fullName,
            departmentName(t.departmentCode),
            t.personId !== null ? w.inRegistry : w.passport,
            <a href={href(ctx.lang, yearPath(t.nit, p.year))}>{w.open(p.year)}</a>,
          ])}
        />
      )}
    </OfficeLayout>
  );
}

export interface PaymentFormValues {
  paymentId: string;
  amount: string;
  currency: string;
  paidOn: string;
}

/** A taxpayer's year: declarations, the explanation, the balance, payments, and the forms. */
export function TaxpayerYearPage(p: {
  ctx: PageContext;
  year: number;
  record: DeclarationRecord;
  balance: Balance;
  canCollect: boolean;
  canIssue: boolean;
  form: PaymentFormValues;
  note?: { kind: 'ok' | 'err'; title: string; text: string } | undefined;
  /** Where the year's pages are: the officers' register, or a representative's own (REPRESENTATION). */
  base?: string;
}) {
  const { ctx, record, balance } = p;
  const lang = ctx.lang;
  const w = pageMessages(lang).wealthTax.year;
  const base = p.base ?? WEALTH_TAX_OFFICE;
  const t = record.taxpayer;
  const title = w.title(t.fullName, p.year);
  const owed = balance.balanceCentavos;
  return (
    <OfficeLayout ctx={ctx} title={title} section={base}>
      <p>
        <a href={href(lang, base)}>
          {base === REPRESENTATION ? pageMessages(lang).wealthTax.representation.back : w.back}
        </a>
      </p>
      {p.note ? (
        <Notice kind={p.note.kind} title={p.note.title}>
          {p.note.text}
        </Notice>
      ) : null}
      <h2>{w.declarations}</h2>
      {p.canIssue ? (
        <p>
          <a href={href(lang, declarationPath(t.nit, p.year, base))}>
            {pageMessages(lang).wealthTax.declare.linkAmend}
          </a>
        </p>
      ) : null}
      <Table
        label={w.declarations}
        columns={[
          { label: w.versionColumn, numeric: true },
          { label: w.filedColumn },
          { label: w.kindColumn },
          { label: w.residentColumn },
          { label: w.netColumn, numeric: true },
          { label: w.taxColumn, numeric: true },
          { label: w.deadlineColumn },
        ]}
        rows={record.versions.map((v) => [
          String(v.declaration.version),
          formatDate(v.declaration.filedOn, lang),
          v.declaration.version === 1 ? w.original : w.amendment,
          v.assessment ? (v.assessment.resident ? w.resident : w.nonResident) : '—',
          v.assessment ? formatMoney(v.assessment.netFortuneCentavos, lang) : '—',
          v.assessment ? formatMoney(v.assessment.taxCentavos, lang) : '—',
          v.assessment ? formatDate(v.assessment.deadline, lang) : '—',
        ])}
      />
      {record.explanation ? (
        <>
          <h2>{w.explanation}</h2>
          <p>
            <strong>{decisiveInWords(record.explanation.decisive, lang)}</strong>
          </p>
          <Table
            label={w.explanation}
            columns={[{ label: w.stepColumn }, { label: w.findingColumn }, { label: w.basisColumn }]}
            rows={record.explanation.lines.map((l) => [
              l.step,
              l.text,
              l.basis.map((s) => legalSourceInWords(s, lang)).join('; '),
            ])}
          />
        </>
      ) : null}
      <h2>{w.balance}</h2>
      <DefinitionList
        items={[
          [w.taxAssessed, formatMoney(balance.taxCentavos, lang)],
          ...balance.charges
            .filter((c) => !c.reversedBy)
            .map((c) => [w.chargeKinds[c.kind] ?? w.charges, formatMoney(c.amountCentavos, lang)] as const),
          [w.paid, formatMoney(balance.paidCentavos, lang)],
          [
            owed < 0n ? w.overpaid : w.owed,
            <strong data-testid="balance">{formatMoney(owed < 0n ? -owed : owed, lang)}</strong>,
          ],
        ]}
      />
      <h2>{w.payments}</h2>
      {balance.payments.length === 0 ? (
        <p>{w.noPayments}</p>
      ) : (
        <Table
          label={w.payments}
          columns={[
            { label: w.paymentColumn },
            { label: w.paidOnColumn },
            { label: w.amountColumn, numeric: true },
          ]}
          rows={balance.payments.map((x) => [
            x.id,
            formatDate(x.paidOn, lang),
            formatMoney(x.amountCentavos, lang),
          ])}
        />
      )}
      {p.canCollect ? (
        <>
          <h2>{w.pay}</h2>
          <Form action={href(lang, `${yearPath(t.nit, p.year)}/pagos`)} csrfToken={ctx.csrfToken}>
            <HiddenField name="lang" value={lang} />
            <TextInput
              name="referencia"
              label={w.paymentId}
              hint={w.paymentIdHint}
              value={p.form.paymentId}
            />
            <TextInput name="monto" label={w.amount} hint={w.amountHint} value={p.form.amount} />
            <Select
              name="moneda"
              label={w.currency}
              value={p.form.currency}
              choices={['BOB', 'USD'].map((code) => ({ value: code, label: w.currencies[code]! }))}
            />
            <TextInput name="fecha" label={w.paidOn} value={p.form.paidOn} />
            <SubmitButton>{w.record}</SubmitButton>
          </Form>
        </>
      ) : null}
      {p.canIssue ? (
        <>
          <h2>{w.notices}</h2>
          <ul>
            {(['assessment', 'reminder', 'fine'] as const).map((kind) => (
              <li>
                <a href={href(lang, `${yearPath(t.nit, p.year, base)}/avisos/${kind}`)}>
                  {w.noticeKinds[kind]}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </OfficeLayout>
  );
}

/** A year with no declaration (or an unknown NIT): says so, with the way back. */
export function YearNotFoundPage(p: {
  ctx: PageContext;
  declare?: { nit: string; year: number } | undefined;
  base?: string;
}) {
  const w = pageMessages(p.ctx.lang).wealthTax;
  const base = p.base ?? WEALTH_TAX_OFFICE;
  return (
    <OfficeLayout ctx={p.ctx} title={w.office.title} section={base}>
      <p>{w.year.notFound}</p>
      {p.declare ? (
        <p>
          <a href={href(p.ctx.lang, declarationPath(p.declare.nit, p.declare.year, base))}>
            {w.declare.link}
          </a>
        </p>
      ) : null}
      <p>
        <a href={href(p.ctx.lang, base)}>{base === REPRESENTATION ? w.representation.back : w.year.back}</a>
      </p>
    </OfficeLayout>
  );
}

/** A representative refused: no mandate in force from this taxpayer (why, and the way back). */
export function NotMandatedPage(p: { ctx: PageContext; text: string }) {
  const w = pageMessages(p.ctx.lang).wealthTax.representation;
  return (
    <OfficeLayout ctx={p.ctx} title={w.refused} section={REPRESENTATION}>
      <div data-refusal="not_mandated">
        <Notice kind="err" title={w.refused}>
          {p.text}
        </Notice>
      </div>
      <p>
        <a href={href(p.ctx.lang, REPRESENTATION)}>{w.back}</a>
      </p>
    </OfficeLayout>
  );
}

/** A representative's own list: only the taxpayers whose mandate to them is in force today. */
export function RepresentedPage(p: {
  ctx: PageContext;
  taxpayers: readonly { nit: string; fullName: string; until: string | null }[];
  year: number;
}) {
  const { ctx } = p;
  const o = pageMessages(ctx.lang).wealthTax.office;
  const w = pageMessages(ctx.lang).wealthTax.representation;
  return (
    <OfficeLayout ctx={ctx} title={w.title} section={REPRESENTATION}>
      <p>{w.intro}</p>
      {p.taxpayers.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <Table
          label={w.title}
          columns={[
            { label: o.nitColumn },
            { label: o.nameColumn },
            { label: w.untilColumn },
            { label: o.yearColumn },
          ]}
          rows={p.taxpayers.map((t) => [
            t.nit,
            t.fullName,
            t.until ? formatDate(t.until, ctx.lang) : w.openEnded,
            <a href={href(ctx.lang, yearPath(t.nit, p.year, REPRESENTATION))}>{o.open(p.year)}</a>,
          ])}
        />
      )}
    </OfficeLayout>
  );
}

export interface MandateFormValues {
  nit: string;
  representative: string;
  validFrom: string;
  validTo: string;
}

/** The officers' register of mandates: each with its state today, a revoke form, and the grant form. */
export function MandatesPage(p: {
  ctx: PageContext;
  mandates: readonly Mandate[];
  today: string;
  form: MandateFormValues;
  note?: { kind: 'ok' | 'err'; title: string; text: string } | undefined;
}) {
  const { ctx } = p;
  const lang = ctx.lang;
  const w = pageMessages(lang).wealthTax.mandates;
  return (
    <OfficeLayout ctx={ctx} title={w.title} section={WEALTH_TAX_OFFICE}>
      <p>
        <a href={href(lang, WEALTH_TAX_OFFICE)}>{pageMessages(lang).wealthTax.year.back}</a>
      </p>
      {p.note ? (
        <Notice kind={p.note.kind} title={p.note.title}>
          {p.note.text}
        </Notice>
      ) : null}
      <p>{w.intro}</p>
      {p.mandates.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <Table
          label={w.title}
          columns={[
            { label: w.numberColumn, numeric: true },
            { label: w.taxpayerColumn },
            { label: w.representativeColumn },
            { label: w.fromColumn },
            { label: w.toColumn },
            { label: w.stateColumn },
          ]}
          rows={p.mandates.map((m) => [
            String(m.id),
            `${m.taxpayerName} (NIT ${m.nit})`,
            m.representative,
            formatDate(m.validFrom, lang),
            m.validTo ? formatDate(m.validTo, lang) : pageMessages(lang).wealthTax.representation.openEnded,
            m.revokedAt ? (
              w.revoked(formatDate(toIsoDateInBolivia(m.revokedAt), lang))
            ) : (
              <span data-testid={`mandate-${m.id}`}>{inForce(m, p.today) ? w.inForce : w.notInForce}</span>
            ),
          ])}
        />
      )}
      <h2>{w.grantTitle}</h2>
      <Form action={href(lang, MANDATES)} csrfToken={ctx.csrfToken}>
        <HiddenField name="lang" value={lang} />
        <TextInput name="nit" label={w.nit} value={p.form.nit} />
        <TextInput
          name="representante"
          label={w.representative}
          hint={w.representativeHint}
          value={p.form.representative}
        />
        <TextInput name="desde" label={w.validFrom} value={p.form.validFrom} />
        <TextInput name="hasta" label={w.validTo} hint={w.validToHint} value={p.form.validTo} />
        <SubmitButton>{w.grant}</SubmitButton>
      </Form>
      <h2>{w.revokeTitle}</h2>
      <Form action={href(lang, `${MANDATES}/revocar`)} csrfToken={ctx.csrfToken}>
        <HiddenField name="lang" value={lang} />
        <TextInput name="numero" label={w.numberColumn} width={10} />
        <TextInput name="motivo" label={w.reason} />
        <SubmitButton>{w.revoke}</SubmitButton>
      </Form>
    </OfficeLayout>
  );
}

import type { Child } from 'hono/jsx';
import { formatDate, pageMessages, plural } from '../../messages/index.ts';
import { MUNICIPALITY_BY_CODE } from '../../registry/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type { Appointment, DoseRecord, Outlook, ProductCode, Site } from '../../vaccination/index.ts';
import {
  DateInput,
  type DateParts,
  ErrorSummary,
  Form,
  HiddenField,
  Layout,
  Notice,
  Select,
  SubmitButton,
  Table,
} from '../components/index.ts';
import { TripleFields, type TripleValues } from '../portal/portal.forms.tsx';
import { link, type PortalContext } from '../portal/portal-layout.tsx';
import { errorList } from './site.pages.tsx';
import { departmentName, doseKindName, doseLabel, productName, weekdayName } from './vaccination-words.ts';

/**
 * The citizen's vaccination pages (`/vacunas`), Spanish first and without script: "¿Cuándo me
 * toca?" (the form, then the answer: today and the next days, the next dose and its vaccines, the
 * sites near them, their doses and appointments, booking and cancelling), and the pages a booking
 * or a cancellation redirects to. Every word from src/messages/<lang>/pages/vaccination.ts.
 */

export const VACCINES = {
  when: '/vacunas',
  answer: '/vacunas/consulta',
  book: '/vacunas/cita',
  booked: '/vacunas/cita/reservada',
  cancel: '/vacunas/cita/cancelacion',
  cancelled: '/vacunas/cita/cancelada',
} as const;

/** The citizen pages' frame: the common layout, with the vaccination page and the bono's. */
function VaccinesLayout(p: { ctx: PortalContext; title: string; children?: Child }) {
  const { ctx } = p;
  const words = pageMessages(ctx.lang).vaccination.citizen;
  return (
    <Layout
      lang={ctx.lang}
      title={p.title}
      path={ctx.pathWithQuery}
      nav={[
        { href: link(ctx, VACCINES.when), label: words.nav.when, current: true },
        { href: link(ctx, '/bono'), label: words.nav.bono, current: false },
      ]}
      homeHref={link(ctx, VACCINES.when)}
    >
      <h1>{p.title}</h1>
      {p.children}
    </Layout>
  );
}

/** "¿Cuándo me toca?": the identity form, with a notice (not found, too many tries) when given. */
export function WhenFormPage(p: {
  ctx: PortalContext;
  values: TripleValues;
  errors: Record<string, string>;
  notice?: { title: string; text: string } | undefined;
}) {
  const { ctx } = p;
  const words = pageMessages(ctx.lang).vaccination.citizen;
  return (
    <VaccinesLayout ctx={ctx} title={words.title}>
      {p.notice ? (
        <Notice kind="err" title={p.notice.title}>
          {p.notice.text}
        </Notice>
      ) : null}
      <p>{words.intro}</p>
      <ErrorSummary errors={errorList(p.errors)} lang={ctx.lang} />
      <Form action={link(ctx, VACCINES.answer)} csrfToken={ctx.csrfToken}>
        <TripleFields values={p.values} errors={p.errors} lang={ctx.lang} />
        <SubmitButton>{words.submit}</SubmitButton>
      </Form>
      <p>{words.privacy}</p>
    </VaccinesLayout>
  );
}

/** The identity again, hidden, for the booking and cancelling forms of the answer. */
function TripleHidden({ values }: { values: TripleValues }) {
  return (
    <>
      <HiddenField name="ci" value={values.ci} />
      <HiddenField name="complemento" value={values.complemento} />
      <HiddenField name="dob-day" value={values.dob.day} />
      <HiddenField name="dob-month" value={values.dob.month} />
      <HiddenField name="dob-year" value={values.dob.year} />
    </>
  );
}

export interface WhenAnswer {
  outlook: Outlook;
  doses: readonly DoseRecord[];
  appointments: readonly Appointment[];
  /** Sites of the person's department, those of their municipality first. */
  sites: readonly Site[];
  /** Site code → name, for doses and appointments elsewhere. */
  siteNames: ReadonlyMap<string, string>;
}

/** Sites that take appointments for one of the next dose's vaccines. */
export function bookableSites(sites: readonly Site[], products: readonly ProductCode[]): Site[] {
  return sites.filter(
    (s) => s.active && s.access !== 'walk_in' && products.some((p) => (s.capacity[p] ?? 0) > 0),
  );
}

/**
 * The answer: today and the next days, the next dose, the sites near them, their doses and
 * appointments (each booked one with its cancel button), and the booking form.
 */
export function WhenAnswerPage(p: {
  ctx: PortalContext;
  values: TripleValues;
  answer: WhenAnswer;
  booking: { site: string; day: DateParts; key: string; errors: Record<string, string> };
  refusal?: string | undefined;
  describeRefusal: (refusal: NonNullable<Outlook['days'][number]['refusal']>) => string;
}) {
  const { ctx, answer } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.citizen;
  const [today, ...rest] = answer.outlook.days;
  const next = today?.next ?? null;
  const siteName = (code: string) => answer.siteNames.get(code) ?? code;
  const bookable = next ? bookableSites(answer.sites, next.products) : [];
  return (
    <VaccinesLayout ctx={ctx} title={words.answerTitle}>
      {p.refusal ? (
        <Notice kind="err" title={words.refusedTitle}>
          {p.refusal}
        </Notice>
      ) : null}
      <h2>{words.today}</h2>
      {today ? (
        <div data-testid="today">
          <p>
            <strong>{today.refusal === null ? words.todayYes : words.todayNo}</strong>
          </p>
          {today.refusal ? <p>{p.describeRefusal(today.refusal)}</p> : null}
          {next ? (
            <>
              <p>{words.nextDose(doseLabel(next.doseNumber, lang), doseKindName(next.doseKind, lang))}</p>
              {next.products.length > 0 ? (
                <p>{words.products(next.products.map((c) => productName(c, lang)).join(', '))}</p>
              ) : null}
              {next.earliestOn && next.latestOn ? (
                <p>{words.window(formatDate(next.earliestOn, lang), formatDate(next.latestOn, lang))}</p>
              ) : next.earliestOn ? (
                <p>{words.windowFrom(formatDate(next.earliestOn, lang))}</p>
              ) : null}
            </>
          ) : (
            <p>{words.seriesDone}</p>
          )}
        </div>
      ) : null}
      {next ? (
        <>
          <h2>{words.daysTitle}</h2>
          <Table
            caption={words.daysCaption}
            columns={[{ label: words.dayColumn }, { label: words.canColumn }]}
            rows={rest.map((d) => [
              `${weekdayName(isoWeekday(d.on), lang)} ${formatDate(d.on, lang)}`,
              d.refusal === null ? words.yes : `${words.no}. ${p.describeRefusal(d.refusal)}`,
            ])}
          />
        </>
      ) : null}
      <h2>{words.sitesTitle}</h2>
      {answer.sites.length === 0 ? (
        <p>{words.sitesNone}</p>
      ) : (
        <Table
          caption={words.sitesCaption(departmentName(answer.outlook.departmentCode))}
          columns={[
            { label: words.siteColumn },
            { label: words.municipalityColumn },
            { label: words.hoursColumn },
            { label: words.accessColumn },
            { label: words.vaccinesColumn },
          ]}
          rows={answer.sites.map((s) => [
            s.name,
            MUNICIPALITY_BY_CODE.get(s.municipalityCode)?.name ?? '',
            s.hours.length === 0
              ? words.closed
              : s.hours
                  .map((h) => words.hours(weekdayName(h.weekday, lang), h.opensAt, h.closesAt))
                  .join('; '),
            v.access[s.access],
            Object.entries(s.capacity)
              .filter(([, n]) => (n ?? 0) > 0)
              .map(([c]) => productName(c, lang))
              .join(', '),
          ])}
        />
      )}
      <h2>{words.dosesTitle}</h2>
      {answer.doses.length === 0 ? (
        <p>{words.dosesNone}</p>
      ) : (
        <Table
          label={words.dosesTitle}
          columns={[
            { label: words.doseColumn },
            { label: words.productColumn },
            { label: words.dateColumn },
            { label: words.siteNameColumn },
          ]}
          rows={answer.doses.map((d) => [
            `${doseLabel(d.doseNumber, lang)} (${doseKindName(d.doseKind, lang)})`,
            productName(d.product, lang),
            formatDate(d.givenOn, lang),
            siteName(d.site),
          ])}
        />
      )}
      <h2>{words.appointmentsTitle}</h2>
      {answer.appointments.length === 0 ? (
        <p>{words.appointmentsNone}</p>
      ) : (
        <Table
          label={words.appointmentsTitle}
          columns={[
            { label: words.doseColumn },
            { label: words.productColumn },
            { label: words.dateColumn },
            { label: words.siteNameColumn },
            { label: words.statusColumn },
          ]}
          rows={answer.appointments.map((a) => [
            doseLabel(a.doseNumber, lang),
            productName(a.product, lang),
            formatDate(a.day, lang),
            siteName(a.site),
            a.status === 'booked' && a.followsId === null ? (
              <Form action={link(ctx, VACCINES.cancel)} csrfToken={ctx.csrfToken}>
                <TripleHidden values={p.values} />
                <HiddenField name="cita" value={String(a.id)} />
                {v.appointmentStatus[a.status]} <SubmitButton>{words.cancel}</SubmitButton>
              </Form>
            ) : (
              v.appointmentStatus[a.status]
            ),
          ])}
        />
      )}
      {next && today?.refusal?.code !== 'series_complete' ? (
        <>
          <h2>{words.bookTitle}</h2>
          {bookable.length === 0 ? (
            <p>{words.bookNone}</p>
          ) : (
            <>
              <p>{words.bookIntro}</p>
              <ErrorSummary errors={errorList(p.booking.errors)} lang={lang} />
              <Form action={link(ctx, VACCINES.book)} csrfToken={ctx.csrfToken}>
                <TripleHidden values={p.values} />
                <HiddenField name="clave" value={p.booking.key} />
                <Select
                  name="sitio"
                  label={words.bookSite}
                  error={p.booking.errors['sitio']}
                  value={p.booking.site}
                  choices={[
                    { value: '', label: '' },
                    ...bookable.map((s) => ({ value: s.code, label: s.name })),
                  ]}
                />
                <DateInput
                  name="cita"
                  label={words.bookDay}
                  hint={words.bookDayHint}
                  error={p.booking.errors['cita']}
                  value={p.booking.day}
                  lang={lang}
                />
                <SubmitButton>{words.bookSubmit}</SubmitButton>
              </Form>
            </>
          )}
        </>
      ) : null}
      <p>
        <a href={link(ctx, VACCINES.when)}>{words.again}</a>
      </p>
    </VaccinesLayout>
  );
}

/** ISO weekday (1 Monday … 7 Sunday) of a day. */
function isoWeekday(day: IsoDate): number {
  const d = new Date(`${day}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** What a booking reserved, as its note carries it. */
export interface BookedNote {
  dose: number;
  product: string;
  site: string;
  day: IsoDate;
  second: { product: string; site: string; day: IsoDate } | null;
  /** Why no second dose was booked, in words; null when booked or not needed. */
  secondRefusal: string | null;
}

/** The page a booking redirects to; `note` null: the address is not one ayni gave. */
export function BookedPage({ ctx, note }: { ctx: PortalContext; note: BookedNote | null }) {
  const words = pageMessages(ctx.lang).vaccination.citizen;
  const lang = ctx.lang;
  if (!note) return <StalePage ctx={ctx} />;
  return (
    <VaccinesLayout ctx={ctx} title={words.bookedTitle}>
      <Notice kind="ok" title={words.bookedTitle}>
        <p data-testid="booked">
          {words.booked(
            doseLabel(note.dose, lang),
            productName(note.product, lang),
            note.site,
            formatDate(note.day, lang),
          )}
        </p>
        {note.second ? (
          <p data-testid="second-booked">
            {words.secondBooked(
              productName(note.second.product, lang),
              note.second.site,
              formatDate(note.second.day, lang),
            )}
          </p>
        ) : null}
        {note.secondRefusal ? <p>{words.secondNotBooked(note.secondRefusal)}</p> : null}
      </Notice>
      <p>{words.bookedAdvice}</p>
      <p>
        <a href={link(ctx, VACCINES.when)}>{words.again}</a>
      </p>
    </VaccinesLayout>
  );
}

/** The page a cancellation redirects to. */
export function CancelledPage({ ctx, count }: { ctx: PortalContext; count: number | null }) {
  const words = pageMessages(ctx.lang).vaccination.citizen;
  if (count === null) return <StalePage ctx={ctx} />;
  return (
    <VaccinesLayout ctx={ctx} title={words.cancelledTitle}>
      <Notice kind="ok" title={words.cancelledTitle}>
        <p data-testid="cancelled">{words.cancelled(plural(count, ctx.lang, words.appointmentsCount))}</p>
      </Notice>
      <p>
        <a href={link(ctx, VACCINES.when)}>{words.again}</a>
      </p>
    </VaccinesLayout>
  );
}

function StalePage({ ctx }: { ctx: PortalContext }) {
  const words = pageMessages(ctx.lang).vaccination.citizen;
  return (
    <VaccinesLayout ctx={ctx} title={words.title}>
      <p>{words.linkStale}</p>
      <p>
        <a href={link(ctx, VACCINES.when)}>{words.again}</a>
      </p>
    </VaccinesLayout>
  );
}

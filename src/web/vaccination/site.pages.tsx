import { can } from '../../access/index.ts';
import { formatDate, formatNumber, pageMessages, plural } from '../../messages/index.ts';
import { BOLIVIA_UTC_OFFSET_MS, type IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import type {
  Appointment,
  DayLotRow,
  QueueEntry,
  SecondDoseDue,
  Site,
  SiteDayCounts,
  StockLine,
} from '../../vaccination/index.ts';
import { PRODUCT_CODES } from '../../vaccination/index.ts';
import { href, type PageContext } from '../backoffice/backoffice.page.ts';
import { OfficeLayout } from '../backoffice/office-layout.tsx';
import {
  DateInput,
  type DateParts,
  ErrorSummary,
  type FieldError,
  Form,
  HiddenField,
  Notice,
  Select,
  SubmitButton,
  Table,
} from '../components/index.ts';
import { TripleFields, type TripleValues } from '../portal/portal.forms.tsx';
import { SEDES_LINKS, SEDES_PAGES, sitePath, VACCINATION_OFFICE } from './vaccination-office.ts';
import { doseLabel, productName } from './vaccination-words.ts';

/**
 * The pages of a vaccination site for its health workers: the site list, the day (its counts, the
 * walk-in queue in ticket order, the appointments, an arrival form), recording a dose, closing the
 * day. Every word from src/messages/<lang>/pages/vaccination.ts.
 */

/** A note for the top of a page: what the last post did, or why it was refused. */
export interface PageNote {
  kind: 'ok' | 'err';
  title: string;
  text: string;
}

function NoteBox({ note }: { note: PageNote | undefined }) {
  return note ? (
    <Notice kind={note.kind} title={note.title}>
      {note.text}
    </Notice>
  ) : null;
}

/** The hh:mm in Bolivia of an instant. */
function boliviaTime(at: Date): string {
  return new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS).toISOString().slice(11, 16);
}

/**
 * Priority groups the vaccinator sees proved at the desk (a credential, a certificate), as two
 * checkboxes; they are recorded in the dose's audit entry.
 */
function AttestedFields({ lang }: { lang: Lang }) {
  const words = pageMessages(lang).vaccination.office.day;
  return (
    <div class="f">
      <div class="r">
        <input type="checkbox" id="attested-health-worker" name="trabajador-salud" value="1" />
        <label for="attested-health-worker">{words.healthWorker}</label>
      </div>
      <div class="r">
        <input type="checkbox" id="attested-comorbidity" name="enfermedad-base" value="1" />
        <label for="attested-comorbidity">{words.comorbidity}</label>
      </div>
    </div>
  );
}

/** The vaccination home of the back office: the sites to work at, and the SEDES pages. */
export function VaccinationHomePage({
  ctx,
  sites,
  day,
}: {
  ctx: PageContext;
  sites: readonly Site[];
  day: IsoDate;
}) {
  const v = pageMessages(ctx.lang).vaccination;
  const words = v.office.home;
  const t = v.citizen;
  return (
    <OfficeLayout ctx={ctx} title={words.title} section={VACCINATION_OFFICE}>
      <p>{words.intro}</p>
      {sites.length === 0 ? (
        <p>{words.noSites}</p>
      ) : (
        <Table
          caption={words.sitesCaption}
          columns={[{ label: t.siteColumn }, { label: t.accessColumn }]}
          rows={sites.map((s) => [
            <a href={href(ctx.lang, sitePath(s.code), { dia: day })}>{s.name}</a>,
            s.active ? v.access[s.access] : words.inactive,
          ])}
        />
      )}
      <SedesLinks ctx={ctx} />
    </OfficeLayout>
  );
}

/** The SEDES pages the reader may open. */
function SedesLinks({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).vaccination.office.home;
  const links = SEDES_LINKS.filter((l) => can(ctx.principal, l.permission));
  return (
    <>
      <h2>{words.sedesTitle}</h2>
      <ul>
        {links.map((l) => (
          <li>
            <a href={href(ctx.lang, SEDES_PAGES[l.page])}>{words[l.page]}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

export interface SiteDayView {
  site: Site;
  day: IsoDate;
  closed: boolean;
  counts: readonly SiteDayCounts[];
  queue: readonly QueueEntry[];
  appointments: readonly Appointment[];
}

/**
 * A site's day: the counters by vaccine, the walk-in queue in ticket order (serve the next one, or
 * a ticket; mark one as left), the day's appointments, and the arrival form (CI, complemento,
 * date of birth) that gives a ticket when today is the person's.
 */
export function SiteDayPage(p: {
  ctx: PageContext;
  view: SiteDayView;
  note?: PageNote | undefined;
  arrival: { values: TripleValues; errors: Record<string, string> };
}) {
  const { ctx, view } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.office.day;
  const administer = can(ctx.principal, 'vaccination.administer') && !view.closed;
  const waiting = view.queue.filter((e) => e.status === 'waiting');
  const dayHidden = <HiddenField name="dia" value={view.day} />;
  return (
    <OfficeLayout ctx={ctx} title={words.title(view.site.name)} section={VACCINATION_OFFICE}>
      <p>
        <strong data-testid="site-day">{words.dayLabel(formatDate(view.day, lang))}</strong>
      </p>
      <NoteBox note={p.note} />
      {view.closed ? <Notice kind="info" title={words.closedNotice} /> : null}
      <Form action={href(lang, sitePath(view.site.code))} method="get">
        <HiddenField name="lang" value={lang} />
        <DateInput name="dia" label={words.dayField} lang={lang} value={dateParts(view.day)} />
        <SubmitButton>{words.show}</SubmitButton>
      </Form>
      <Table
        caption={words.countsCaption}
        columns={[
          { label: v.citizen.productColumn },
          { label: words.capacityColumn, numeric: true },
          { label: words.reservedColumn, numeric: true },
          { label: words.walkInsColumn, numeric: true },
          { label: words.administeredColumn, numeric: true },
        ]}
        rows={view.counts.map((c) => [
          productName(c.product, lang),
          formatNumber(c.capacity, lang),
          formatNumber(c.reserved, lang),
          formatNumber(c.walkIns, lang),
          <span data-testid={`administered-${c.product}`}>{formatNumber(c.administered, lang)}</span>,
        ])}
      />
      <h2>{words.queueTitle}</h2>
      <p data-testid="waiting">{plural(waiting.length, lang, words.waitingCount)}</p>
      {administer && waiting.length > 0 ? (
        <Form action={href(lang, sitePath(view.site.code, 'atencion'))} csrfToken={ctx.csrfToken}>
          {dayHidden}
          <SubmitButton>{words.serveNext}</SubmitButton>
        </Form>
      ) : null}
      {view.queue.length === 0 ? (
        <p>{words.queueNone}</p>
      ) : (
        <Table
          label={words.queueTitle}
          columns={[
            { label: words.ticketColumn, numeric: true },
            { label: v.citizen.productColumn },
            { label: v.citizen.doseColumn },
            { label: words.arrivedColumn },
            { label: v.citizen.statusColumn },
            { label: words.actionsColumn },
          ]}
          rows={view.queue.map((e) => [
            formatNumber(e.ticket, lang),
            productName(e.product, lang),
            doseLabel(e.doseNumber, lang),
            boliviaTime(e.arrivedAt),
            <span data-testid={`ticket-${e.ticket}`}>{v.queueStatus[e.status]}</span>,
            administer && e.status === 'waiting' ? (
              <div class="acts">
                <Form action={href(lang, sitePath(view.site.code, 'atencion'))} csrfToken={ctx.csrfToken}>
                  {dayHidden}
                  <HiddenField name="ficha" value={String(e.ticket)} />
                  <SubmitButton>{words.serveTicket}</SubmitButton>
                </Form>
                <Form action={href(lang, sitePath(view.site.code, 'retiros'))} csrfToken={ctx.csrfToken}>
                  {dayHidden}
                  <HiddenField name="ficha" value={String(e.ticket)} />
                  <SubmitButton>{words.leave}</SubmitButton>
                </Form>
              </div>
            ) : (
              ''
            ),
          ])}
        />
      )}
      {administer ? (
        <>
          <h2>{words.arrivalTitle}</h2>
          <p>{words.arrivalIntro}</p>
          <ErrorSummary errors={errorList(p.arrival.errors)} lang={lang} />
          <Form action={href(lang, sitePath(view.site.code, 'llegadas'))} csrfToken={ctx.csrfToken}>
            {dayHidden}
            <TripleFields values={p.arrival.values} errors={p.arrival.errors} lang={lang} />
            <AttestedFields lang={lang} />
            <SubmitButton>{words.arrivalSubmit}</SubmitButton>
          </Form>
        </>
      ) : null}
      <h2>{words.appointmentsTitle}</h2>
      {view.appointments.length === 0 ? (
        <p>{words.appointmentsNone}</p>
      ) : (
        <Table
          label={words.appointmentsTitle}
          columns={[
            { label: words.appointmentColumn, numeric: true },
            { label: v.citizen.productColumn },
            { label: v.citizen.doseColumn },
            { label: v.citizen.statusColumn },
          ]}
          rows={view.appointments.map((a) => [
            String(a.id),
            productName(a.product, lang),
            doseLabel(a.doseNumber, lang),
            v.appointmentStatus[a.status],
          ])}
        />
      )}
      <ul>
        {administer ? (
          <li>
            <a href={href(lang, sitePath(view.site.code, 'dosis'), { dia: view.day })}>{words.record}</a>
          </li>
        ) : null}
        {administer && view.site.access !== 'walk_in' ? (
          <li>
            <a href={href(lang, sitePath(view.site.code, 'citas'), { dia: view.day })}>{words.book}</a>
          </li>
        ) : null}
        {administer ? (
          <li>
            <a href={href(lang, sitePath(view.site.code, 'cierre'), { dia: view.day })}>{words.close}</a>
          </li>
        ) : null}
        <li>
          <a href={href(lang, sitePath(view.site.code, 'segundas-dosis'), { desde: view.day })}>
            {words.secondDue}
          </a>
        </li>
        <li>
          <a href={href(lang, sitePath(view.site.code, 'existencias'))}>{words.stock}</a>
        </li>
      </ul>
    </OfficeLayout>
  );
}

/** The error summary's entries, each linking to its field (a date's first box). */
export function errorList(errors: Record<string, string>): FieldError[] {
  return Object.entries(errors).map(([name, message]) => ({
    name: name === 'dob' ? 'dob-day' : name,
    message,
  }));
}

export interface RecordValues extends TripleValues {
  product: string;
  lot: string;
  doseNumber: string;
  /** The form's idempotency key: the same on a resend, so a double click records one dose. */
  key: string;
}

/**
 * Recording a dose given at the site: the person (CI, complemento, date of birth), the vaccine,
 * the lot (by default the one that expires first), the dose number (by default the person's next).
 */
export function RecordDosePage(p: {
  ctx: PageContext;
  site: Site;
  day: IsoDate;
  lots: readonly StockLine[];
  values: RecordValues;
  errors: Record<string, string>;
  note?: PageNote | undefined;
}) {
  const { ctx, site } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.office.record;
  const offered = PRODUCT_CODES.filter(
    (c) => (site.capacity[c] ?? 0) > 0 || p.lots.some((l) => l.lot.product === c),
  );
  return (
    <OfficeLayout ctx={ctx} title={words.title(site.name)} section={VACCINATION_OFFICE}>
      <p>{words.intro}</p>
      <p>{v.office.day.dayLabel(formatDate(p.day, lang))}</p>
      <NoteBox note={p.note} />
      <ErrorSummary errors={errorList(p.errors)} lang={lang} />
      <Form action={href(lang, sitePath(site.code, 'dosis'))} csrfToken={ctx.csrfToken}>
        <HiddenField name="dia" value={p.day} />
        <HiddenField name="clave" value={p.values.key} />
        <TripleFields values={p.values} errors={p.errors} lang={lang} />
        <Select
          name="vacuna"
          label={words.product}
          error={p.errors['vacuna']}
          value={p.values.product}
          choices={[
            { value: '', label: '' },
            ...offered.map((c) => ({ value: c, label: productName(c, lang) })),
          ]}
        />
        <Select
          name="lote"
          label={words.lot}
          hint={words.lotHint}
          value={p.values.lot}
          choices={[
            { value: '', label: words.lotFefo },
            ...p.lots.map((l) => ({
              value: String(l.lot.id),
              label: `${productName(l.lot.product, lang)}: ${words.lotOption(
                l.lot.lotNumber,
                formatDate(l.lot.expiresOn, lang),
                plural(l.availableDoses, lang, v.dosesCount),
              )}`,
            })),
          ]}
        />
        <Select
          name="numero"
          label={words.doseNumber}
          hint={words.doseNumberHint}
          value={p.values.doseNumber}
          choices={[
            { value: '', label: words.doseNumberNext },
            ...[1, 2, 3, 4].map((n) => ({ value: String(n), label: doseLabel(n, lang) })),
          ]}
        />
        <AttestedFields lang={lang} />
        <SubmitButton>{words.submit}</SubmitButton>
      </Form>
      <p>
        <a href={href(lang, sitePath(site.code), { dia: p.day })}>{v.office.day.title(site.name)}</a>
      </p>
    </OfficeLayout>
  );
}

/** The booking form's values: the person and the form's idempotency key. */
export interface BookValues extends TripleValues {
  /** The same on a resend, so a double click books once. */
  key: string;
}

/**
 * An officer books a person into the site's day: the person's card details; the day is the day
 * page's. The places left per vaccine are shown; a first dose books its second dose too.
 */
export function BookPage(p: {
  ctx: PageContext;
  site: Site;
  day: IsoDate;
  counts: readonly SiteDayCounts[];
  values: BookValues;
  errors: Record<string, string>;
  note?: PageNote | undefined;
}) {
  const { ctx, site } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.office.book;
  const day = v.office.day;
  const offered = p.counts.filter((c) => c.capacity > 0);
  return (
    <OfficeLayout ctx={ctx} title={words.title(site.name)} section={VACCINATION_OFFICE}>
      <p>{words.intro}</p>
      <p>
        <strong data-testid="book-day">{day.dayLabel(formatDate(p.day, lang))}</strong>
      </p>
      <NoteBox note={p.note} />
      {offered.length > 0 ? (
        <Table
          caption={day.countsCaption}
          columns={[
            { label: v.citizen.productColumn },
            { label: day.capacityColumn, numeric: true },
            { label: day.reservedColumn, numeric: true },
            { label: day.walkInsColumn, numeric: true },
          ]}
          rows={offered.map((c) => [
            productName(c.product, lang),
            formatNumber(c.capacity, lang),
            formatNumber(c.reserved, lang),
            formatNumber(c.walkIns, lang),
          ])}
        />
      ) : null}
      <ErrorSummary errors={errorList(p.errors)} lang={lang} />
      <Form action={href(lang, sitePath(site.code, 'citas'))} csrfToken={ctx.csrfToken}>
        <HiddenField name="dia" value={p.day} />
        <HiddenField name="clave" value={p.values.key} />
        <TripleFields values={p.values} errors={p.errors} lang={lang} />
        <AttestedFields lang={lang} />
        <SubmitButton>{words.submit}</SubmitButton>
      </Form>
      <p>
        <a href={href(lang, sitePath(site.code), { dia: p.day })}>{day.title(site.name)}</a>
      </p>
    </OfficeLayout>
  );
}

/**
 * A site's second doses falling due between two dates: who, their first dose, the vaccine of the
 * second (by the product's schedule), the day it falls due and where it stands.
 */
export function SecondDuePage(p: {
  ctx: PageContext;
  site: Site;
  from: IsoDate;
  to: IsoDate;
  rows: readonly SecondDoseDue[];
}) {
  const { ctx, site } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.office.secondDue;
  return (
    <OfficeLayout ctx={ctx} title={words.title(site.name)} section={VACCINATION_OFFICE}>
      <p>{words.intro}</p>
      <Form action={href(lang, sitePath(site.code, 'segundas-dosis'))} method="get">
        <HiddenField name="lang" value={lang} />
        <DateInput name="desde" label={words.from} lang={lang} value={dateParts(p.from)} />
        <DateInput name="hasta" label={words.to} lang={lang} value={dateParts(p.to)} />
        <SubmitButton>{words.show}</SubmitButton>
      </Form>
      {p.rows.length === 0 ? (
        <p data-testid="second-due-none">{words.none}</p>
      ) : (
        <Table
          caption={words.caption(formatDate(p.from, lang), formatDate(p.to, lang))}
          columns={[
            { label: words.person },
            { label: words.ci },
            { label: words.first },
            { label: words.second },
            { label: words.dueOn },
            { label: words.state },
          ]}
          rows={p.rows.map((r) => [
            `${r.givenNames} ${r.surnames}`,
            r.complemento ? `${r.ciNumber}-${r.complemento}` : r.ciNumber,
            `${productName(r.firstProduct, lang)}, ${formatDate(r.firstOn, lang)}`,
            productName(r.secondProduct, lang),
            formatDate(r.dueOn, lang),
            words.status[r.status],
          ])}
        />
      )}
      <p>
        <a href={href(lang, sitePath(site.code), { dia: p.from })}>{v.office.day.title(site.name)}</a>
      </p>
    </OfficeLayout>
  );
}

/** Closing the day: the counts so far and the button; once closed, what the closing did. */
export function CloseDayPage(p: {
  ctx: PageContext;
  site: Site;
  day: IsoDate;
  counts: readonly SiteDayCounts[];
  closed: boolean;
  /** Once closed: per lot, the doses opened, given and wasted. */
  lots?: readonly DayLotRow[] | undefined;
  result?: { given: number; left: number; noShows: number; wasted: number } | undefined;
  note?: PageNote | undefined;
}) {
  const { ctx, site } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.office.close;
  const n = (x: number) => formatNumber(x, lang);
  return (
    <OfficeLayout ctx={ctx} title={words.title(site.name)} section={VACCINATION_OFFICE}>
      <p>{v.office.day.dayLabel(formatDate(p.day, lang))}</p>
      <NoteBox note={p.note} />
      {p.result ? (
        <Notice kind="ok" title={words.closedTitle}>
          <p data-testid="day-closed">
            {words.closed(n(p.result.given), n(p.result.left), n(p.result.noShows), n(p.result.wasted))}
          </p>
        </Notice>
      ) : p.closed ? (
        <Notice kind="info" title={v.office.day.closedNotice} />
      ) : null}
      <Table
        caption={v.office.day.countsCaption}
        columns={[
          { label: v.citizen.productColumn },
          { label: v.office.day.capacityColumn, numeric: true },
          { label: v.office.day.reservedColumn, numeric: true },
          { label: v.office.day.walkInsColumn, numeric: true },
          { label: v.office.day.administeredColumn, numeric: true },
        ]}
        rows={p.counts.map((c) => [
          productName(c.product, lang),
          n(c.capacity),
          n(c.reserved),
          n(c.walkIns),
          n(c.administered),
        ])}
      />
      {p.lots && p.lots.length > 0 ? (
        <Table
          caption={words.lotsCaption}
          columns={[
            { label: words.lotColumn },
            { label: v.citizen.productColumn },
            { label: words.vialsColumn, numeric: true },
            { label: words.openedColumn, numeric: true },
            { label: words.givenColumn, numeric: true },
            { label: words.wastedColumn, numeric: true },
          ]}
          rows={p.lots.map((l) => [
            String(l.lotId),
            productName(l.product, lang),
            n(l.vialsOpened),
            n(l.dosesOpened),
            n(l.given),
            `${n(l.wasted)}${l.counted ? words.countedMark : ''}`,
          ])}
        />
      ) : null}
      {p.closed ? null : (
        <>
          <p>{words.intro}</p>
          <Form action={href(lang, sitePath(site.code, 'cierre'))} csrfToken={ctx.csrfToken}>
            <HiddenField name="dia" value={p.day} />
            <SubmitButton>{words.submit}</SubmitButton>
          </Form>
        </>
      )}
      <p>
        <a href={href(lang, sitePath(site.code), { dia: p.day })}>{v.office.day.title(site.name)}</a>
      </p>
    </OfficeLayout>
  );
}

/** The not-found page of a site's address. */
export function SiteNotFoundPage({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).vaccination.office;
  return (
    <OfficeLayout ctx={ctx} title={words.notFound} section={VACCINATION_OFFICE}>
      <p>
        <a href={href(ctx.lang, VACCINATION_OFFICE)}>{words.home.title}</a>
      </p>
    </OfficeLayout>
  );
}

/** @example dateParts('2021-07-06') // { day: '6', month: '7', year: '2021' } */
export function dateParts(day: IsoDate): DateParts {
  const [year, month, d] = day.split('-') as [string, string, string];
  return { day: String(Number(d)), month: String(Number(month)), year };
}

import { formatDate, formatNumber, formatPercent, pageMessages, plural } from '../../messages/index.ts';
import { MUNICIPALITY_BY_CODE } from '../../registry/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type {
  CoverageGrouping,
  CoverageRow,
  ExpiryAlert,
  Lot,
  RunOutAlert,
  SecondProductShortage,
  StockLine,
} from '../../vaccination/index.ts';
import { href, type PageContext } from '../backoffice/backoffice.page.ts';
import { OfficeLayout } from '../backoffice/office-layout.tsx';
import {
  DateInput,
  type DateParts,
  ErrorSummary,
  Form,
  HiddenField,
  Notice,
  Select,
  SubmitButton,
  Table,
  TextInput,
} from '../components/index.ts';
import { errorList, type PageNote } from './site.pages.tsx';
import { SEDES_PAGES, VACCINATION_OFFICE } from './vaccination-office.ts';
import { departmentName, locationName, productName } from './vaccination-words.ts';

/**
 * The SEDES and ministry pages: stock by location and lot, the transfer form, the alerts (lots near
 * expiry, sites that will run out, second doses the stock cannot cover) and coverage by department,
 * municipality or age band. Every word from src/messages/<lang>/pages/vaccination.ts.
 */

/** Site code → name, and the places a page may name. */
export interface Places {
  siteNames: ReadonlyMap<string, string>;
  /** Every location code, in the ledger's order (warehouse, SEDES, sites). */
  locations: readonly string[];
}

function NoteBox({ note }: { note: PageNote | undefined }) {
  return note ? (
    <Notice kind={note.kind} title={note.title}>
      {note.text}
    </Notice>
  ) : null;
}

/**
 * The stock by location and lot (all locations, or one), first to expire first, with the total.
 * `title` names the page (a site's stock, or the whole).
 */
export function StockPage(p: {
  ctx: PageContext;
  title: string;
  lines: readonly StockLine[];
  places: Places;
  /** The location filter's form, on the SEDES page; none on a site's page. */
  filter?: { value: string } | undefined;
  note?: PageNote | undefined;
}) {
  const { ctx } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.office.stock;
  const total = p.lines.reduce((s, l) => s + l.availableDoses, 0n);
  return (
    <OfficeLayout ctx={ctx} title={p.title} section={VACCINATION_OFFICE}>
      <p>{words.intro}</p>
      <NoteBox note={p.note} />
      {p.filter ? (
        <Form action={href(lang, SEDES_PAGES.stock)} method="get">
          <HiddenField name="lang" value={lang} />
          <Select
            name="lugar"
            label={words.locationField}
            value={p.filter.value}
            choices={[
              { value: '', label: words.allLocations },
              ...p.places.locations.map((code) => ({
                value: code,
                label: locationName(code, p.places.siteNames, lang),
              })),
            ]}
          />
          <SubmitButton>{words.show}</SubmitButton>
        </Form>
      ) : null}
      {p.lines.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <Table
          label={p.title}
          columns={[
            { label: words.locationColumn },
            { label: words.productColumn },
            { label: words.lotColumn },
            { label: words.expiresColumn },
            { label: words.dosesColumn, numeric: true },
          ]}
          rows={p.lines.map((l) => [
            locationName(l.location, p.places.siteNames, lang),
            productName(l.lot.product, lang),
            l.lot.lotNumber,
            formatDate(l.lot.expiresOn, lang),
            <span data-testid={`stock-${l.location}-${l.lot.lotNumber}`}>
              {formatNumber(l.availableDoses, lang)}
            </span>,
          ])}
          foot={[words.total, '', '', '', formatNumber(total, lang)]}
        />
      )}
    </OfficeLayout>
  );
}

export interface TransferValues {
  lot: string;
  from: string;
  to: string;
  doses: string;
  day: DateParts;
  /** The form's movement id: the same on a resend, so a double click moves the doses once. */
  key: string;
}

/** The transfer form: a lot, from where, to where, how many doses, the day. */
export function TransferPage(p: {
  ctx: PageContext;
  lots: readonly Lot[];
  places: Places;
  values: TransferValues;
  errors: Record<string, string>;
  note?: PageNote | undefined;
}) {
  const { ctx } = p;
  const lang = ctx.lang;
  const words = pageMessages(lang).vaccination.office.transfer;
  const placeChoices = [
    { value: '', label: '' },
    ...p.places.locations.map((code) => ({
      value: code,
      label: locationName(code, p.places.siteNames, lang),
    })),
  ];
  return (
    <OfficeLayout ctx={ctx} title={words.title} section={VACCINATION_OFFICE}>
      <p>{words.intro}</p>
      <NoteBox note={p.note} />
      <ErrorSummary errors={errorList(p.errors)} lang={lang} />
      <Form action={href(lang, SEDES_PAGES.transfers)} csrfToken={ctx.csrfToken}>
        <HiddenField name="clave" value={p.values.key} />
        <Select
          name="lote"
          label={words.lot}
          error={p.errors['lote']}
          value={p.values.lot}
          choices={[
            { value: '', label: '' },
            ...p.lots.map((l) => ({
              value: String(l.id),
              label: words.lotOption(
                l.lotNumber,
                productName(l.product, lang),
                formatDate(l.expiresOn, lang),
              ),
            })),
          ]}
        />
        <Select
          name="desde"
          label={words.from}
          error={p.errors['desde']}
          value={p.values.from}
          choices={placeChoices}
        />
        <Select
          name="hacia"
          label={words.to}
          error={p.errors['hacia']}
          value={p.values.to}
          choices={placeChoices}
        />
        <TextInput
          name="dosis"
          label={words.doses}
          error={p.errors['dosis']}
          value={p.values.doses}
          inputmode="numeric"
          width={10}
          maxLength={9}
        />
        <DateInput name="dia" label={words.day} error={p.errors['dia']} value={p.values.day} lang={lang} />
        <SubmitButton>{words.submit}</SubmitButton>
      </Form>
    </OfficeLayout>
  );
}

/** The three alerts of the stock on a day. */
export function AlertsPage(p: {
  ctx: PageContext;
  on: IsoDate;
  expiring: readonly ExpiryAlert[];
  runningOut: readonly RunOutAlert[];
  secondDoses: readonly SecondProductShortage[];
  places: Places;
}) {
  const { ctx } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.office.alerts;
  const stock = v.office.stock;
  const place = (code: string) => locationName(code, p.places.siteNames, lang);
  const site = (code: string) => p.places.siteNames.get(code) ?? place(`site-${code}`);
  return (
    <OfficeLayout ctx={ctx} title={words.title} section={VACCINATION_OFFICE}>
      <p>{words.on(formatDate(p.on, lang))}</p>
      <h2>{words.expiryTitle}</h2>
      {p.expiring.length === 0 ? (
        <p>{words.expiryNone}</p>
      ) : (
        <Table
          label={words.expiryTitle}
          columns={[
            { label: stock.locationColumn },
            { label: stock.productColumn },
            { label: stock.lotColumn },
            { label: stock.expiresColumn },
            { label: words.daysLeftColumn, numeric: true },
            { label: stock.dosesColumn, numeric: true },
          ]}
          rows={p.expiring.map((a) => [
            place(a.location),
            productName(a.lot.product, lang),
            a.lot.lotNumber,
            formatDate(a.lot.expiresOn, lang),
            formatNumber(a.daysLeft, lang),
            formatNumber(a.availableDoses, lang),
          ])}
        />
      )}
      <h2>{words.runOutTitle}</h2>
      {p.runningOut.length === 0 ? (
        <p>{words.runOutNone}</p>
      ) : (
        <Table
          label={words.runOutTitle}
          columns={[
            { label: v.citizen.siteColumn },
            { label: stock.productColumn },
            { label: stock.dosesColumn, numeric: true },
            { label: words.paceColumn, numeric: true },
            { label: words.daysLeftColumn, numeric: true },
          ]}
          rows={p.runningOut.map((a) => [
            site(a.site),
            productName(a.product, lang),
            formatNumber(a.availableDoses, lang),
            formatNumber(Math.round(a.dosesPerDay), lang),
            formatNumber(a.daysLeft, lang),
          ])}
        />
      )}
      <h2>{words.secondTitle}</h2>
      {p.secondDoses.length === 0 ? (
        <p>{words.secondNone}</p>
      ) : (
        <Table
          label={words.secondTitle}
          columns={[
            { label: v.citizen.siteColumn },
            { label: stock.productColumn },
            { label: words.neededColumn, numeric: true },
            { label: words.availableColumn, numeric: true },
            { label: words.missingColumn, numeric: true },
          ]}
          rows={p.secondDoses.map((s) => [
            site(s.site),
            productName(s.product, lang),
            formatNumber(s.dosesNeeded, lang),
            formatNumber(s.availableDoses, lang),
            formatNumber(s.missing.length, lang),
          ])}
        />
      )}
    </OfficeLayout>
  );
}

/** What a coverage group is called: a department, a municipality, an age band. */
function groupName(by: CoverageGrouping, group: string, lang: PageContext['lang']): string {
  if (by === 'department') return departmentName(Number(group));
  if (by === 'municipality') return MUNICIPALITY_BY_CODE.get(group)?.name ?? group;
  return pageMessages(lang).vaccination.ageBand(group);
}

/** Coverage on a day by department, municipality or age band: doses against residents. */
export function CoveragePage(p: {
  ctx: PageContext;
  on: IsoDate;
  by: Exclude<CoverageGrouping, 'day'>;
  rows: readonly CoverageRow[];
}) {
  const { ctx } = p;
  const lang = ctx.lang;
  const v = pageMessages(lang).vaccination;
  const words = v.office.coverage;
  const n = (x: bigint) => formatNumber(x, lang);
  return (
    <OfficeLayout ctx={ctx} title={words.title} section={VACCINATION_OFFICE}>
      <p>{words.on(formatDate(p.on, lang))}</p>
      <Form action={href(lang, SEDES_PAGES.coverage)} method="get">
        <HiddenField name="lang" value={lang} />
        <Select
          name="por"
          label={words.by}
          value={p.by}
          choices={[
            { value: 'department', label: words.byDepartment },
            { value: 'municipality', label: words.byMunicipality },
            { value: 'age_band', label: words.byAge },
          ]}
        />
        <SubmitButton>{words.show}</SubmitButton>
      </Form>
      {p.rows.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <Table
          label={words.title}
          columns={[
            { label: words.groupColumn },
            { label: words.populationColumn, numeric: true },
            { label: words.firstColumn, numeric: true },
            { label: words.completeColumn, numeric: true },
            { label: words.boosterColumn, numeric: true },
            { label: words.shareColumn, numeric: true },
          ]}
          rows={p.rows.map((r) => {
            const complete = r.doses.second + r.doses.single;
            return [
              groupName(p.by, r.group, lang),
              n(r.population),
              n(r.doses.first + r.doses.single),
              n(complete),
              n(r.doses.booster),
              r.population === 0n ? '' : formatPercent(Number(complete) / Number(r.population), lang),
            ];
          })}
        />
      )}
    </OfficeLayout>
  );
}

/** The plural of doses, for notes. @example dosesText(3n, 'es') // '3 dosis' */
export function dosesText(n: bigint, lang: PageContext['lang']): string {
  return plural(n, lang, pageMessages(lang).vaccination.dosesCount);
}

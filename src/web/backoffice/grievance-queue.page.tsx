import type { GrievanceQueueRow, GrievanceStats, GrievanceStatus } from '../../bono/index.ts';
import { formatInstant, formatNumber, pageMessages, plural } from '../../messages/index.ts';
import { DefinitionList, Form, HiddenField, Select, SubmitButton, Table } from '../components/index.ts';
import { href, OFFICE, type PageContext } from './backoffice.page.ts';
import { duration, GRIEVANCES } from './grievance-words.ts';
import { OfficeLayout } from './office-layout.tsx';

/** Grievances a queue page shows. */
export const PAGE_SIZE = 50;

/** The statuses in the order the filter and the statistics list them. */
export const GRIEVANCE_STATUS_ORDER: readonly GrievanceStatus[] = [
  'open',
  'in_review',
  'approved',
  'rejected',
  'resolved',
];

export interface GrievanceQueueProps {
  ctx: PageContext;
  /** The status filtered on, if any. */
  status: GrievanceStatus | undefined;
  offset: number;
  total: number;
  rows: readonly GrievanceQueueRow[];
}

/**
 * The grievance queue, oldest first: a status filter, a table (kinds, statuses and who filed
 * worded, ages in hours or days) and links to the previous and next pages.
 *
 * @example sendPage(c, pageHtml(<GrievanceQueuePage ctx={ctx} status="open" offset={0} total={1} rows={rows} />))
 */
export function GrievanceQueuePage(p: GrievanceQueueProps) {
  const { ctx } = p;
  const L = ctx.lang;
  const words = pageMessages(L).grievances;
  const pages = [
    p.offset > 0 ? { label: words.previous, desde: Math.max(0, p.offset - PAGE_SIZE) } : null,
    p.offset + p.rows.length < p.total ? { label: words.next, desde: p.offset + PAGE_SIZE } : null,
  ].filter((x) => x !== null);
  return (
    <OfficeLayout ctx={ctx} title={words.queue} section={GRIEVANCES}>
      <p>
        <a href={href(L, `${GRIEVANCES}/estadisticas`)}>{words.seeStats}</a>
      </p>
      <Form action={GRIEVANCES} method="get">
        <HiddenField name="lang" value={L} />
        <Select
          name="estado"
          label={words.statusField}
          value={p.status ?? ''}
          choices={[
            { value: '', label: words.all },
            ...GRIEVANCE_STATUS_ORDER.map((s) => ({ value: s, label: words.statuses[s] })),
          ]}
        />
        <SubmitButton>{words.filter}</SubmitButton>
      </Form>
      {p.rows.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <Table
          caption={plural(p.total, L, words.totalCaption)}
          columns={[
            { label: words.reference },
            { label: words.kind },
            { label: words.statusField },
            { label: words.filedVia },
            { label: words.filedAt },
            { label: words.age, numeric: true },
            { label: words.toDecision, numeric: true },
            { label: words.linked },
            { label: words.round },
          ]}
          rows={p.rows.map((r) => [
            <a href={href(L, `${GRIEVANCES}/${r.id}`)}>{r.reference}</a>,
            words.kinds[r.kind],
            words.statuses[r.status],
            words.filedVias[r.filedVia] ?? words.filedVias.other,
            formatInstant(r.filedAt, L),
            duration(r.ageHours, L),
            duration(r.hoursToDecision, L),
            r.personLinked ? words.yes : words.no,
            r.supplementaryRoundId === null ? (
              words.nothing
            ) : (
              <a href={href(L, `${OFFICE}/rondas/${r.supplementaryRoundId}`)}>
                {words.roundNumber(String(r.supplementaryRoundId))}
              </a>
            ),
          ])}
        />
      )}
      {pages.length > 0 ? (
        <p>
          {pages.map((x, i) => (
            <>
              {i > 0 ? words.pagesSeparator : null}
              <a href={href(L, GRIEVANCES, { estado: p.status, desde: x.desde })}>{x.label}</a>
            </>
          ))}
        </p>
      ) : null}
    </OfficeLayout>
  );
}

/**
 * Grievance statistics: how many in each status, how many decided and how long a decision takes.
 *
 * @example sendPage(c, pageHtml(<GrievanceStatsPage ctx={ctx} stats={await grievanceStats(db)} />))
 */
export function GrievanceStatsPage({ ctx, stats: s }: { ctx: PageContext; stats: GrievanceStats }) {
  const L = ctx.lang;
  const words = pageMessages(L).grievances;
  return (
    <OfficeLayout ctx={ctx} title={words.stats} section={GRIEVANCES}>
      <Table
        label={words.stats}
        columns={[{ label: words.statusField }, { label: words.total, numeric: true }]}
        rows={GRIEVANCE_STATUS_ORDER.map((k) => [words.statuses[k], formatNumber(s.byStatus[k], L)])}
        foot={[words.all, <strong>{formatNumber(s.total, L)}</strong>]}
      />
      <DefinitionList
        items={[
          [words.decided, formatNumber(s.decided, L)],
          [words.median, duration(s.medianHoursToDecision, L)],
          [words.p90, duration(s.p90HoursToDecision, L)],
        ]}
      />
      <p>
        <a href={href(L, GRIEVANCES)}>{words.back}</a>
      </p>
    </OfficeLayout>
  );
}

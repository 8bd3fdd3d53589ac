import type { Child } from 'hono/jsx';
import { formatNumber, pageMessages } from '../../messages/index.ts';
import { DefinitionList, Notice, pageHtml } from '../components/index.ts';
import { href, type PageContext } from './backoffice.page.ts';
import { OfficeLayout } from './office-layout.tsx';

/**
 * The one progress page of a background job (src/jobs/): an import, a round being created, a
 * deposit export. Each area says what its job is doing as a JobView — its heading, who started it,
 * its step, its counts, or why it failed — and this page lays it out the same way for all three:
 * while it runs, the step as a live status, a progress bar when the job counts, and a reload every
 * 2 seconds without script; when it failed, the reason and the ways back.
 */

/** A link back from a job's page. */
export interface JobLink {
  path: string;
  label: string;
}

/** A job still running: its current step and what it has counted. */
export interface JobRunningView {
  /** The step as the reader reads it (the catalogue's words for the job's first or latest step). */
  step: string;
  /** The step's `data-testid` (the tests and the browser journeys find it by it). */
  stepTestId: string;
  /** The step's code as `data-phase`, for tests that follow the phases. */
  phase?: string;
  /** A bar of work done out of a total, when the job counts it. */
  bar?: { id: string; label: string; done: number; total: number; countTestIds?: [string, string] };
  /** Counts and facts under the step. */
  details?: readonly (readonly [string, Child])[];
  /** That the page reloads itself, and where it leads when done. */
  refresh: string;
}

/** A job that failed: the notice's title, the reason as paragraphs. */
export interface JobFailedView {
  title: string;
  reason: readonly Child[];
}

export interface JobView {
  title: string;
  /** The back office's section this job belongs to (its screen's path). */
  section: string;
  /** What the job works on and who started it, when. */
  head: string;
  running?: JobRunningView;
  failed?: JobFailedView;
  /** Ways back, shown under a failure or under the progress. */
  links: readonly JobLink[];
}

/**
 * The progress page of a job, as a component.
 *
 * @example sendPage(c, pageHtml(<JobProgressPage ctx={ctx} view={view} />))
 */
export function JobProgressPage({ ctx, view }: { ctx: PageContext; view: JobView }) {
  const lang = ctx.lang;
  const r = view.running;
  const links =
    view.links.length === 0 ? null : (
      <p>
        {view.links.map((l, i) => (
          <>
            {i > 0 ? ' · ' : null}
            <a href={href(lang, l.path)}>{l.label}</a>
          </>
        ))}
      </p>
    );
  return (
    <OfficeLayout ctx={ctx} title={view.title} section={view.section} refreshSeconds={r ? 2 : undefined}>
      <p>{view.head}</p>
      {view.failed ? (
        <Notice kind="err" title={view.failed.title}>
          {view.failed.reason.map((p) => (typeof p === 'string' ? <p>{p}</p> : p))}
        </Notice>
      ) : null}
      {r ? (
        <>
          <p role="status" data-testid={r.stepTestId} data-phase={r.phase}>
            {r.step}
          </p>
          {r.bar && r.bar.total > 0 ? <ProgressBar lang={lang} bar={r.bar} /> : null}
          {r.details && r.details.length > 0 ? <DefinitionList items={r.details} /> : null}
          <p class="h">{r.refresh}</p>
        </>
      ) : null}
      {links}
    </OfficeLayout>
  );
}

function ProgressBar({ lang, bar }: { lang: PageContext['lang']; bar: NonNullable<JobRunningView['bar']> }) {
  const percent = Math.floor((100 * bar.done) / bar.total);
  const [doneId, totalId] = bar.countTestIds ?? [undefined, undefined];
  return (
    <p>
      <label for={bar.id}>{bar.label}</label>{' '}
      <progress id={bar.id} max={String(bar.total)} value={String(bar.done)}>
        {percent} %
      </progress>{' '}
      {doneId ? (
        <>
          <span data-testid={doneId}>{formatNumber(bar.done, lang)}</span>{' '}
          {pageMessages(lang).jobs.exports.of}{' '}
          <span data-testid={totalId}>{formatNumber(bar.total, lang)}</span>
        </>
      ) : (
        `${percent} %`
      )}
    </p>
  );
}

/**
 * The page of a job address that names no job (finished jobs are forgotten after a while).
 *
 * @example sendPage(c, jobGoneHtml(ctx, { title: 'Avance de la importación', text: '…', section, links }), 404)
 */
export function JobGonePage({
  ctx,
  title,
  text,
  section,
  links,
}: {
  ctx: PageContext;
  title: string;
  text: string;
  section: string;
  links: readonly JobLink[];
}) {
  return (
    <OfficeLayout ctx={ctx} title={title} section={section}>
      <p>{text}</p>
      {links.map((l) => (
        <p>
          <a href={href(ctx.lang, l.path)}>{l.label}</a>
        </p>
      ))}
    </OfficeLayout>
  );
}

/**
 * The progress page of a job as HTML, for the areas' string modules.
 *
 * @example sendPage(c, jobProgressHtml(ctx, roundJobView(ctx, job)))
 */
export function jobProgressHtml(ctx: PageContext, view: JobView): string {
  return pageHtml(<JobProgressPage ctx={ctx} view={view} />);
}

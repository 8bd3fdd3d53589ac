import { JOB_INTERRUPTED, type JobFailure } from '../../jobs/index.ts';
import { describeFailure, formatInstant, formatNumber, pageMessages, plural } from '../../messages/index.ts';
import type { ImportProgress, RegistryFailure } from '../../registry/index.ts';
import { publicMessage } from '../../shared/errors.ts';
import type { Lang } from '../../shared/lang.ts';
import { actorName } from './actor-names.ts';
import { OFFICE, type PageContext } from './backoffice.page.ts';
import type { ImportJob } from './import-jobs.ts';
import type { JobView } from './job.page.tsx';

const IMPORTS = `${OFFICE}/importaciones`;

/**
 * What the progress page of an import shows (./job.page.tsx lays it out): while it runs, its phase
 * — before its first report, the first real one, surveying the file, since an import starts as
 * soon as it is admitted (it once said «waiting for its turn», though nothing else ran) —, the
 * bytes read and the rows; when it failed, why, a wrong header laid out. A finished import's page
 * is the registry's (its counts, the rejects).
 *
 * @example importJobView(ctx, job, 'Personas').running?.step // 'Revisando el archivo'
 */
export function importJobView(ctx: PageContext, job: ImportJob, kindTitle: string): JobView {
  const L = ctx.lang;
  const words = pageMessages(L).jobs.imports;
  const base = {
    title: words.title,
    section: IMPORTS,
    head: words.head(job.label, kindTitle, actorName(job.startedBy, ctx), formatInstant(job.startedAt, L)),
  };
  if (job.state === 'failed' || job.state === 'cancelled' || job.state === 'succeeded') {
    return {
      ...base,
      failed: {
        title: words.failed,
        reason: job.error ? [<ImportFailure error={job.error} lang={L} />] : [words.internal],
      },
      links: [{ path: IMPORTS, label: words.back }],
    };
  }
  const p: ImportProgress = job.progress ?? { phase: 'survey', bytesRead: 0, totalBytes: 0, rowsRead: 0 };
  return {
    ...base,
    running: {
      step: words.phases[p.phase],
      stepTestId: 'import-phase',
      ...(p.totalBytes > 0
        ? { bar: { id: 'bytes', label: words.bytes, done: p.bytesRead, total: p.totalBytes } }
        : {}),
      details: [[words.rowsRead, <span data-testid="rows-read">{formatNumber(p.rowsRead, L)}</span>]],
      refresh: pageMessages(L).jobs.refresh,
    },
    links: [],
  };
}

/**
 * Why an import failed, for the officer. A wrong header is laid out from the failure's fields
 * (already capped: at most 10 names of at most 60 printable characters): the header expected, what
 * is missing, and what the first line holds. Other failures are their words (src/messages).
 */
function ImportFailure({ error, lang }: { error: JobFailure<RegistryFailure>; lang: Lang }) {
  const words = pageMessages(lang).jobs.imports;
  if (error.code === 'internal') return <p>{words.internal}</p>;
  if (error.code === JOB_INTERRUPTED) return <p>{words.interrupted}</p>;
  if (error.code !== 'import_header_mismatch')
    return <p>{publicMessage(describeFailure(error, lang).detail)}</p>;
  const h = words.header;
  const { expected, missing, found, foundCount } = error;
  return (
    <>
      <p>{h.expected}</p>
      <p>
        <code>{expected.join(',')}</code>
      </p>
      {missing.length > 0 ? (
        <p>
          {h.missing}{' '}
          {missing.map((name, i) => (
            <>
              {i > 0 ? ', ' : null}
              <code>{name}</code>
            </>
          ))}
        </p>
      ) : null}
      {error.wrongOrder ? <p>{h.order}</p> : null}
      <p>
        {h.found(
          error.fileName,
          plural(foundCount, lang, h.names),
          foundCount > found.length ? formatNumber(found.length, lang) : '',
        )}
      </p>
      <ul data-testid="header-found">
        {found.map((name) => (
          <li>
            <code>{name}</code>
          </li>
        ))}
      </ul>
      {foundCount > found.length ? <p>{h.more(formatNumber(foundCount - found.length, lang))}</p> : null}
    </>
  );
}

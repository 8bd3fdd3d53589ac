import type { Child } from 'hono/jsx';
import { can } from '../../access/index.ts';
import { formatDate, formatInstant, formatNumber, pageMessages } from '../../messages/index.ts';
import {
  IMPORT_RUNS_PAGE,
  type ImportRunRecord,
  type ListMembership,
  PERSON_FILE_HEADER,
  type PersonOverview,
  SOURCE_LIST_BY_NAME,
  SOURCE_LISTS,
  sourceListHeader,
} from '../../registry/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  DateInput,
  type DateParts,
  DefinitionList,
  ErrorSummary,
  type FieldError,
  Form,
  HiddenField,
  Notice,
  Select,
  SubmitButton,
  Table,
  TextInput,
} from '../components/index.ts';
import { type ActorNames, actorName } from './actor-names.ts';
import { href, OFFICE, type PageContext } from './backoffice.page.ts';
import type { ImportJob } from './import-jobs.ts';
import { OfficeLayout } from './office-layout.tsx';
import { OfficeNotFoundPage } from './office-not-found.page.tsx';

/**
 * The registry's back-office pages: the search by CI, the imports (the upload form, imports in
 * progress and past ones), one import's counts, a finished import's job, and the source lists in
 * force. Every word from src/messages/<lang>/pages/registry.ts; a file's kind, an import's status,
 * a person's sex and who imported worded, never as the registry's codes.
 */

/** The imports' address in the back office. */
export const IMPORTS = `${OFFICE}/importaciones`;

type Words = ReturnType<typeof pageMessages>['registry'];

/**
 * What an import read, in the reader's language: the civil registry's persons, a grievance's
 * correction, or a list by its title.
 *
 * @example importKindTitle('persons', 'es') // 'Personas (registro civil)'
 */
export function importKindTitle(kind: string, lang: Lang): string {
  const words = pageMessages(lang).registry;
  const list = SOURCE_LIST_BY_NAME.get(kind);
  if (list) return lang === 'es' ? list.titleEs : list.titleEn;
  return kind === 'persons' || kind === 'person-correction' ? words.kinds[kind] : words.kinds.other;
}

const number = (n: number | bigint | null, lang: Lang, words: Words) =>
  n === null ? words.nothing : formatNumber(n, lang);
const instantText = (at: Date | null, lang: Lang, words: Words) =>
  at ? formatInstant(at, lang) : words.nothing;
const dateText = (date: IsoDate | null, lang: Lang, words: Words) =>
  date ? formatDate(date, lang) : words.nothing;

function ImportLink({ lang, id }: { lang: Lang; id: bigint }) {
  return <a href={href(lang, `${IMPORTS}/${id}`)}>{String(id)}</a>;
}

/** One person found: identity, where they live, the imports that wrote them, the lists in force. */
function PersonSection(p: {
  ctx: PageContext;
  person: PersonOverview;
  memberships: readonly ListMembership[];
}) {
  const L = p.ctx.lang;
  const words = pageMessages(L).registry;
  const person = p.person;
  const name = [person.givenNames, person.firstSurname, person.secondSurname]
    .filter((s) => s !== '')
    .join(' ');
  const ci = person.complemento ? `${person.ciNumber}-${person.complemento}` : person.ciNumber;
  const heading = `person-${person.id}`;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{words.ciTitle(ci, person.expedition ?? '')}</h2>
      <DefinitionList
        items={[
          [words.name, name],
          [words.birth, dateText(person.dateOfBirth, L, words)],
          [words.sex, words.sexes[person.sex] ?? words.sexes.other],
          [
            words.municipality,
            words.municipalityText(
              person.municipalityName ?? person.municipalityCode,
              person.municipalityCode,
              person.departmentName ?? '',
            ),
          ],
          [words.residence, person.residenceCountry],
          [words.death, person.dateOfDeath ? dateText(person.dateOfDeath, L, words) : words.alive],
          [words.importedBy, <ImportLink lang={L} id={person.createdImportId} />],
          [words.updatedBy, <ImportLink lang={L} id={person.updatedImportId} />],
        ]}
      />
      {p.memberships.length === 0 ? (
        <p>{words.noMemberships}</p>
      ) : (
        <Table
          caption={words.memberships}
          columns={[
            { label: words.list },
            { label: words.currentImport },
            { label: words.line, numeric: true },
            { label: words.details },
          ]}
          rows={p.memberships.map((m) => [
            importKindTitle(m.list, L),
            <ImportLink lang={L} id={m.importId} />,
            formatNumber(m.lineNumber, L),
            Object.entries(m.values)
              .map(([k, v]) => words.detail(k, String(v)))
              .join(words.detailSeparator) || words.noDetails,
          ])}
        />
      )}
    </section>
  );
}

/** The search's form as typed, its errors and what it found (undefined before a search). */
export interface RegistrySearch {
  ci: string;
  complemento: string;
  dob: DateParts;
  errors: FieldError[];
  found?: { person: PersonOverview; memberships: readonly ListMembership[] }[];
}

/**
 * The registry search by CI (a GET form, so a search is a link), with the persons found.
 *
 * @example sendPage(c, pageHtml(<RegistrySearchPage ctx={ctx} search={{ ci: '', complemento: '', dob, errors: [] }} />))
 */
export function RegistrySearchPage({ ctx, search: s }: { ctx: PageContext; search: RegistrySearch }) {
  const L = ctx.lang;
  const words = pageMessages(L).registry;
  const err = (name: string) => s.errors.find((e) => e.name === name)?.message;
  return (
    <OfficeLayout ctx={ctx} title={words.search} section={`${OFFICE}/registro`}>
      <ErrorSummary errors={s.errors} lang={L} />
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for the office's older browsers; the role names the landmark everywhere. */}
      <form method="get" action={`${OFFICE}/registro`} role="search" novalidate>
        <HiddenField name="lang" value={L} />
        <TextInput
          name="ci"
          label={words.ci}
          value={s.ci}
          inputmode="numeric"
          width={14}
          maxLength={20}
          hint={words.ciHint}
          required
          error={err('ci')}
        />
        <TextInput
          name="complemento"
          label={words.complemento}
          value={s.complemento}
          width={4}
          maxLength={5}
          hint={words.complementoHint}
        />
        <DateInput name="nacimiento" label={words.dob} lang={L} value={s.dob} error={err('nacimiento')} />
        <SubmitButton>{words.find}</SubmitButton>
      </form>
      {s.found === undefined ? null : s.found.length === 0 ? (
        <Notice kind="info" title={words.noneFound} />
      ) : (
        <>
          {s.found.length > 1 ? (
            <Notice kind="info" title={words.many(formatNumber(s.found.length, L))} />
          ) : null}
          {s.found.map((f) => (
            <PersonSection ctx={ctx} person={f.person} memberships={f.memberships} />
          ))}
        </>
      )}
    </OfficeLayout>
  );
}

/** The upload form's values as typed. */
export interface UploadForm {
  kind: string;
  asOf: DateParts;
  encoding: string;
}

export interface ImportsPageProps {
  ctx: PageContext;
  runs: readonly ImportRunRecord[];
  active: readonly ImportJob[];
  form: UploadForm;
  errors?: FieldError[];
  refusal?: string;
  /** The largest file the form takes, in MB (configuration: AYNI_MAX_UPLOAD_MB). */
  maxUploadMb: number;
  /** Officers' display names, by actor (loadActorNames). */
  names?: ActorNames;
}

/**
 * The imports: the upload form (with the import permission), imports in progress, past imports.
 *
 * @example sendPage(c, pageHtml(<ImportsPage ctx={ctx} runs={runs} active={[]} form={form} maxUploadMb={50} />))
 */
export function ImportsPage(p: ImportsPageProps) {
  const { ctx } = p;
  const L = ctx.lang;
  const words = pageMessages(L).registry;
  const err = (name: string) => p.errors?.find((e) => e.name === name)?.message;
  const mayImport = can(ctx.principal, 'registry.import');
  const last = p.runs.at(-1);
  return (
    <OfficeLayout ctx={ctx} title={words.imports} section={IMPORTS}>
      {mayImport ? (
        <section aria-labelledby="upload">
          <h2 id="upload">{words.upload}</h2>
          <p>{words.uploadIntro}</p>
          {p.refusal ? <Notice kind="err" title={words.failedTitle} children={p.refusal} /> : null}
          <ErrorSummary errors={p.errors ?? []} lang={L} />
          <Form action={href(L, IMPORTS)} csrfToken={ctx.csrfToken} multipart>
            <Select
              name="tipo"
              label={words.kind}
              value={p.form.kind}
              error={err('tipo')}
              choices={[
                { value: 'persons', label: words.kinds.persons },
                ...SOURCE_LISTS.map((l) => ({ value: l.name, label: importKindTitle(l.name, L) })),
              ]}
            />
            <div class={err('archivo') ? 'f e' : 'f'}>
              <label for="f-archivo">{words.file}</label>
              <p class="h" id="f-archivo-hint">
                {words.fileHint(formatNumber(p.maxUploadMb, L))}
              </p>
              {err('archivo') ? (
                <p class="m" id="f-archivo-error">
                  {err('archivo')}
                </p>
              ) : null}
              <input
                type="file"
                id="f-archivo"
                name="archivo"
                accept=".csv,text/csv"
                required
                aria-describedby={err('archivo') ? 'f-archivo-hint f-archivo-error' : 'f-archivo-hint'}
                aria-invalid={err('archivo') ? 'true' : undefined}
              />
            </div>
            <DateInput
              name="fecha"
              label={words.asOf}
              lang={L}
              value={p.form.asOf}
              hint={words.asOfHint}
              required
              error={err('fecha')}
            />
            <Select
              name="codificacion"
              label={words.encoding}
              value={p.form.encoding}
              choices={(['auto', 'utf-8', 'latin1'] as const).map((e) => ({
                value: e,
                label: words.encodings[e],
              }))}
            />
            <SubmitButton>{words.start}</SubmitButton>
          </Form>
        </section>
      ) : null}
      {mayImport && p.active.length > 0 ? (
        <>
          <h2>{words.running}</h2>
          <ul>
            {p.active.map((j) => (
              <li>
                <a href={href(L, `${IMPORTS}/trabajos/${j.id}`)}>{j.label}</a>
                {words.runningJob(importKindTitle(j.kind, L), actorName(j.startedBy, ctx, p.names))}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{words.past}</h2>
      {p.runs.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <Table
          label={words.past}
          columns={[
            { label: words.id },
            { label: words.kind },
            { label: words.fileName },
            { label: words.status },
            { label: words.startedAt },
            { label: words.read, numeric: true },
            { label: words.accepted, numeric: true },
            { label: words.rejected, numeric: true },
            { label: words.actor },
          ]}
          rows={p.runs.map((r) => [
            <ImportLink lang={L} id={r.id} />,
            importKindTitle(r.kind, L),
            r.fileName,
            words.statuses[r.status] ?? words.statuses.other,
            formatInstant(r.startedAt, L),
            number(r.rowsRead, L, words),
            number(r.rowsAccepted, L, words),
            number(r.rowsRejected, L, words),
            actorName(r.actor, ctx, p.names),
          ])}
        />
      )}
      {p.runs.length === IMPORT_RUNS_PAGE && last ? (
        <p>
          <a href={href(L, IMPORTS, { antes: String(last.id) })}>{words.older}</a>
        </p>
      ) : null}
    </OfficeLayout>
  );
}

/** An import's counts, each with the `data-testid` the tests and browser journeys read. */
export interface ImportCounts {
  read: bigint | number | null;
  accepted: bigint | number | null;
  rejected: bigint | number | null;
  inserted: bigint | number | null;
  updated: bigint | number | null;
  unchanged: bigint | number | null;
  /** Only for a list (a list's new version drops who is no longer on it); null for persons. */
  removed: bigint | number | null;
  /** Only for a list: rows linked by identity resolution's score, and rows queued for review (issue #23). */
  linkedByScore?: bigint | number | null;
  queued?: bigint | number | null;
}

function CountsList({ lang, counts: c }: { lang: Lang; counts: ImportCounts }) {
  const words = pageMessages(lang).registry;
  const n = (v: bigint | number | null, id: string): Child => (
    <span data-testid={id}>{number(v, lang, words)}</span>
  );
  return (
    <DefinitionList
      items={[
        [words.read, n(c.read, 'rows-read')],
        [words.accepted, n(c.accepted, 'rows-accepted')],
        ...(c.linkedByScore
          ? ([[words.linkedByScore, n(c.linkedByScore, 'rows-linked-by-score')]] as [string, Child][])
          : []),
        ...(c.queued ? ([[words.queued, n(c.queued, 'rows-queued')]] as [string, Child][]) : []),
        [words.rejected, n(c.rejected, 'rows-rejected')],
        [words.inserted, n(c.inserted, 'rows-inserted')],
        [words.updated, n(c.updated, 'rows-updated')],
        [words.unchanged, n(c.unchanged, 'rows-unchanged')],
        ...(c.removed === null ? [] : ([[words.removed, n(c.removed, 'rows-removed')]] as [string, Child][])),
      ]}
    />
  );
}

/**
 * The page of a finished import's job: what it read, accepted and rejected, with the rejects to
 * download; or, when the same content was imported before, that nothing changed.
 *
 * @example sendPage(c, pageHtml(<ImportDonePage ctx={ctx} job={job} names={names} />))
 */
export function ImportDonePage({
  ctx,
  job,
  names,
}: {
  ctx: PageContext;
  job: ImportJob;
  names?: ActorNames;
}) {
  const L = ctx.lang;
  const words = pageMessages(L).registry;
  const s = job.result;
  if (!s) return null;
  const head = (
    <p>
      {words.jobHead(
        job.label,
        importKindTitle(job.kind, L),
        actorName(job.startedBy, ctx, names),
        formatInstant(job.startedAt, L),
      )}
    </p>
  );
  if (s.status === 'already_imported')
    return (
      <OfficeLayout ctx={ctx} title={words.completed} section={IMPORTS}>
        {head}
        <Notice kind="ok" title={words.already(String(s.importId))} />
        <p>
          <a href={href(L, `${IMPORTS}/${s.importId}`)}>{words.seeRun}</a>
        </p>
      </OfficeLayout>
    );
  return (
    <OfficeLayout ctx={ctx} title={words.completed} section={IMPORTS}>
      {head}
      <Notice kind="ok" title={words.run(String(s.importId))} />
      <CountsList
        lang={L}
        counts={{
          read: s.rowsRead,
          accepted: s.rowsAccepted,
          rejected: s.rowsRejected,
          inserted: s.rowsInserted,
          updated: s.rowsUpdated,
          unchanged: s.rowsUnchanged,
          removed: job.kind === 'persons' ? null : s.rowsRemoved,
          linkedByScore: s.rowsLinkedByScore,
          queued: s.rowsQueued,
        }}
      />
      {s.rowsRejected > 0 ? (
        <p>
          <a href={href(L, `${IMPORTS}/${s.importId}/rechazos`)}>{words.rejectsFile}</a>
        </p>
      ) : null}
      <p>
        <a href={href(L, `${IMPORTS}/${s.importId}`)}>{words.seeRun}</a>
        {words.linkSeparator}
        <a href={href(L, IMPORTS)}>{words.backToImports}</a>
      </p>
    </OfficeLayout>
  );
}

export interface ImportRunPageProps {
  ctx: PageContext;
  run: ImportRunRecord;
  /** The recorded failure, already worded for the reader (recordedError). */
  error?: string;
  /** Where the rejects are: a download, or only a file's name on the server. */
  rejects: { download: true } | { elsewhere: string } | null;
  names?: ActorNames;
}

/**
 * One import run: its file, status, who ran it and when, its counts and its rejects.
 *
 * @example sendPage(c, pageHtml(<ImportRunPage ctx={ctx} run={run} rejects={{ download: true }} />))
 */
export function ImportRunPage({ ctx, run, error, rejects, names }: ImportRunPageProps) {
  const L = ctx.lang;
  const words = pageMessages(L).registry;
  const encoding = run.encoding ?? undefined;
  return (
    <OfficeLayout ctx={ctx} title={words.run(String(run.id))} section={IMPORTS}>
      <DefinitionList
        items={[
          [words.kind, importKindTitle(run.kind, L)],
          [words.fileName, run.fileName],
          [words.sha, <code>{run.sha256}</code>],
          [
            words.encoding,
            encoding === undefined
              ? words.nothing
              : encoding in words.encodings
                ? words.encodings[encoding as keyof Words['encodings']]
                : encoding,
          ],
          [words.status, words.statuses[run.status] ?? words.statuses.other],
          [words.actor, actorName(run.actor, ctx, names)],
          [words.startedAt, instantText(run.startedAt, L, words)],
          [words.finishedAt, instantText(run.finishedAt, L, words)],
          ...(error ? ([[words.error, error]] as [string, Child][]) : []),
        ]}
      />
      {run.status === 'completed' ? (
        <CountsList
          lang={L}
          counts={{
            read: run.rowsRead,
            accepted: run.rowsAccepted,
            rejected: run.rowsRejected,
            inserted: run.rowsInserted,
            updated: run.rowsUpdated,
            unchanged: run.rowsUnchanged,
            removed: run.kind === 'persons' ? null : run.rowsRemoved,
            linkedByScore: run.rowsLinkedByScore,
            queued: run.rowsQueued,
          }}
        />
      ) : null}
      {rejects === null ? null : 'download' in rejects ? (
        <p>
          <a href={href(L, `${IMPORTS}/${run.id}/rechazos`)}>{words.rejectsFile}</a>
        </p>
      ) : (
        <p>
          {words.rejectsElsewhere} <code>{rejects.elsewhere}</code>
        </p>
      )}
      <p>
        <a href={href(L, IMPORTS)}>{words.backToImports}</a>
      </p>
    </OfficeLayout>
  );
}

/**
 * There is no such import (a 404).
 *
 * @example sendPage(c, pageHtml(<ImportNotFoundPage ctx={ctx} />), 404)
 */
export function ImportNotFoundPage({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).registry;
  return (
    <OfficeNotFoundPage
      ctx={ctx}
      title={words.imports}
      section={IMPORTS}
      message={words.notFound}
      back={{ path: IMPORTS, label: words.backToImports }}
    />
  );
}

/** A list's version in force: its import, file, since when and how many persons. */
export interface ListSnapshot {
  list: string;
  importId: bigint | null;
  fileName: string | null;
  since: Date | null;
  rows: bigint | number | null;
}

/**
 * The columns of a list's file, in the order of its header line: each as the file names it (the
 * format's own name, in `<code>`, marked `data-file-column` so the page checks know it documents a
 * file format) and what it holds, in the reader's language.
 *
 * @example <FileColumns columns={['ci_number', 'date_of_birth']} lang="es" />
 */
function FileColumns({ columns, lang }: { columns: readonly string[]; lang: Lang }) {
  const words = pageMessages(lang).registry;
  const described = words.fileColumns as Readonly<Record<string, string>>;
  return (
    <ol class="file-columns">
      {columns.map((c) => (
        <li>
          {words.column} <code data-file-column>{c}</code>
          {described[c] ? `: ${described[c]}` : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * The source lists: each with its institution, file header and the version in force; with the
 * import permission, a link to import a new version.
 *
 * @example sendPage(c, pageHtml(<SourceListsPage ctx={ctx} snapshots={await currentSnapshots(db)} />))
 */
export function SourceListsPage({
  ctx,
  snapshots,
}: {
  ctx: PageContext;
  snapshots: readonly ListSnapshot[];
}) {
  const L = ctx.lang;
  const words = pageMessages(L).registry;
  const mayImport = can(ctx.principal, 'registry.import');
  return (
    <OfficeLayout ctx={ctx} title={words.lists} section={`${OFFICE}/listas`}>
      <Table
        label={words.lists}
        columns={[
          { label: words.list },
          { label: words.institution },
          { label: words.header },
          { label: words.currentImport },
          { label: words.since },
          { label: words.rows, numeric: true },
          ...(mayImport ? [{ label: words.importThis }] : []),
        ]}
        rows={SOURCE_LISTS.map((l) => {
          const s = snapshots.find((x) => x.list === l.name);
          return [
            importKindTitle(l.name, L),
            l.institution,
            <FileColumns columns={sourceListHeader(l)} lang={L} />,
            !s || s.importId === null ? (
              words.never
            ) : (
              <a href={href(L, `${IMPORTS}/${s.importId}`)}>
                {words.importOfFile(String(s.importId), s.fileName ?? '')}
              </a>
            ),
            instantText(s?.since ?? null, L, words),
            number(s?.rows ?? null, L, words),
            ...(mayImport ? [<a href={href(L, IMPORTS, { tipo: l.name })}>{words.importThis}</a>] : []),
          ];
        })}
      />
      <p>{words.personsHeader}</p>
      <FileColumns columns={PERSON_FILE_HEADER} lang={L} />
    </OfficeLayout>
  );
}

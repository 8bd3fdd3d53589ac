import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { can } from '../../access/index.ts';
import { type AnyFailure, describeFailure, failureStatus, isFailureCode } from '../../messages/index.ts';
import {
  checkIdentity,
  currentSnapshots,
  IMPORT_RUNS_PAGE,
  type ImportRunRecord,
  importRun,
  type ListMembership,
  listImportRuns,
  listsOfPerson,
  loadIdentityFormat,
  PERSON_FILE_HEADER,
  type PersonOverview,
  SOURCE_LIST_BY_NAME,
  SOURCE_LISTS,
  searchPersonsByCi,
  sourceListHeader,
} from '../../registry/index.ts';
import { UploadedFile } from '../../routing/body.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { parseIsoDate, toIsoDateInBolivia } from '../../shared/dates.ts';
import { publicMessage } from '../../shared/errors.ts';
import type { Lang } from '../../shared/lang.ts';
import { requestLog } from '../../shared/log.ts';
import {
  type Content,
  dateInput,
  definitionList,
  errorSummary,
  escapeHtml,
  notice,
  raw,
  readDate,
  select,
  submitButton,
  table,
  textInput,
} from '../html.ts';
import {
  a,
  count,
  hidden,
  href,
  instant,
  num,
  OFFICE,
  officePage,
  type PageContext,
  postForm,
  specialInput,
} from './backoffice.page.ts';
import { importJobView } from './import-job.view.tsx';
import type { ImportJob } from './import-jobs.ts';
import { defineJobRoute } from './job.routes.tsx';
import {
  dateFields,
  OFFICE_TAGS,
  type OfficeDeps,
  optionalText,
  pageContext,
  pageResponses,
  principalOf,
  seeOther,
  sendPage,
} from './office.context.ts';

const TEXT = {
  es: {
    search: 'Registro de personas',
    ci: 'Número de CI',
    ciHint: 'Solo cifras, sin el lugar de expedición.',
    complemento: 'Complemento (opcional)',
    complementoHint: 'Para distinguir a dos personas con el mismo número de CI.',
    dob: 'Fecha de nacimiento (opcional)',
    find: 'Buscar',
    noneFound: 'No hay ninguna persona con esos datos en el registro.',
    many: (n: number) =>
      `${n} personas tienen este número de CI: indique el complemento o la fecha de nacimiento para distinguirlas.`,
    badDob: 'La fecha de nacimiento debe ser una fecha AAAA-MM-DD.',
    badCi: 'El número de CI lleva solo cifras, sin cero inicial; el complemento, hasta 5 letras o cifras.',
    person: 'Persona',
    name: 'Nombre',
    birth: 'Nacimiento',
    sex: 'Sexo',
    municipality: 'Municipio',
    residence: 'País de residencia',
    death: 'Fallecimiento',
    importedBy: 'Registrada por la importación',
    updatedBy: 'Última modificación por la importación',
    memberships: 'Listas vigentes en las que figura',
    noMemberships: 'No figura en ninguna lista vigente.',
    list: 'Lista',
    line: 'Línea',
    details: 'Datos de la lista',
    imports: 'Importaciones',
    upload: 'Importar un archivo',
    uploadIntro:
      'El archivo se importa en segundo plano; verá su avance. Un archivo ya importado (mismo contenido) no cambia nada.',
    kind: 'Tipo de archivo',
    persons: 'Personas (registro civil)',
    file: 'Archivo CSV',
    fileHint: (mb: number) =>
      `Hasta ${mb} MB. Para archivos más grandes use el comando ayni registry import.`,
    asOf: 'Fecha de referencia',
    asOfHint: 'No se aceptan nacimientos ni defunciones posteriores a esta fecha.',
    encoding: 'Codificación',
    encodingAuto: 'Detectar (UTF-8 o Latin-1)',
    start: 'Importar',
    running: 'Importaciones en curso',
    past: 'Importaciones anteriores',
    older: 'Importaciones más antiguas',
    none: 'Aún no hay importaciones.',
    id: 'N.º',
    fileName: 'Archivo',
    status: 'Estado',
    startedAt: 'Inicio',
    read: 'Leídas',
    accepted: 'Aceptadas',
    rejected: 'Rechazadas',
    actor: 'Por',
    noFile: 'Elija un archivo CSV.',
    tooBig: (mb: number) => `El archivo pasa de ${mb} MB: impórtelo con el comando ayni registry import.`,
    emptyFile: 'El archivo está vacío.',
    badKind: 'Elija el tipo de archivo.',
    badAsOf: 'La fecha de referencia debe ser una fecha AAAA-MM-DD.',
    rowsRead: 'Filas leídas',
    completed: 'Importación terminada',
    already: (id: bigint) =>
      `Este archivo ya fue importado (importación N.º ${id}, mismo contenido). No cambió nada.`,
    failedTitle: 'No se pudo iniciar la importación',
    inserted: 'Nuevas',
    updated: 'Modificadas',
    unchanged: 'Sin cambios',
    removed: 'Ya no están en la lista',
    rejectsFile: 'Descargar las filas rechazadas (línea y motivo)',
    rejectsElsewhere: 'Archivo de filas rechazadas en el servidor:',
    seeRun: 'Ver la importación',
    backToImports: 'Volver a las importaciones',
    run: (id: bigint) => `Importación N.º ${id}`,
    sha: 'SHA-256 del contenido',
    finishedAt: 'Fin',
    error: 'Error',
    statuses: { running: 'en curso', completed: 'terminada', failed: 'fallida' },
    lists: 'Listas de otras instituciones',
    institution: 'Institución',
    header: 'Encabezado del archivo',
    currentImport: 'Importación vigente',
    since: 'Vigente desde',
    rows: 'Personas',
    never: 'Nunca importada',
    importThis: 'Importar una nueva versión',
    notFound: 'No existe esa importación.',
  },
  en: {
    search: 'Population registry',
    ci: 'CI number',
    ciHint: 'Digits only, without the place of issue.',
    complemento: 'Complemento (optional)',
    complementoHint: 'Tells apart two persons with the same CI number.',
    dob: 'Date of birth (optional)',
    find: 'Search',
    noneFound: 'Nobody in the registry has these details.',
    many: (n: number) =>
      `${n} persons have this CI number: give the complemento or the date of birth to tell them apart.`,
    badDob: 'The date of birth must be a date YYYY-MM-DD.',
    badCi: 'A CI number has digits only, without a leading zero; a complemento up to 5 letters or digits.',
    person: 'Person',
    name: 'Name',
    birth: 'Born',
    sex: 'Sex',
    municipality: 'Municipality',
    residence: 'Country of residence',
    death: 'Died',
    importedBy: 'Registered by import',
    updatedBy: 'Last changed by import',
    memberships: 'Lists in force that include the person',
    noMemberships: 'Not on any list in force.',
    list: 'List',
    line: 'Line',
    details: 'List details',
    imports: 'Imports',
    upload: 'Import a file',
    uploadIntro:
      'The file is imported in the background and you will see its progress. A file already imported (same content) changes nothing.',
    kind: 'File type',
    persons: 'Persons (civil registry)',
    file: 'CSV file',
    fileHint: (mb: number) => `Up to ${mb} MB. For larger files use the ayni registry import command.`,
    asOf: 'Reference date',
    asOfHint: 'Births and deaths after this date are refused.',
    encoding: 'Encoding',
    encodingAuto: 'Detect (UTF-8 or Latin-1)',
    start: 'Import',
    running: 'Imports in progress',
    past: 'Past imports',
    older: 'Older imports',
    none: 'No imports yet.',
    id: 'No.',
    fileName: 'File',
    status: 'Status',
    startedAt: 'Started',
    read: 'Read',
    accepted: 'Accepted',
    rejected: 'Rejected',
    actor: 'By',
    noFile: 'Choose a CSV file.',
    tooBig: (mb: number) =>
      `The file is larger than ${mb} MB: import it with the ayni registry import command.`,
    emptyFile: 'The file is empty.',
    badKind: 'Choose the file type.',
    badAsOf: 'The reference date must be a date YYYY-MM-DD.',
    rowsRead: 'Rows read',
    completed: 'Import finished',
    already: (id: bigint) =>
      `This file was already imported (import No. ${id}, same content). Nothing changed.`,
    failedTitle: 'The import could not be started',
    inserted: 'New',
    updated: 'Changed',
    unchanged: 'Unchanged',
    removed: 'No longer on the list',
    rejectsFile: 'Download the rejected rows (line and reason)',
    rejectsElsewhere: 'Rejects file on the server:',
    seeRun: 'See the import',
    backToImports: 'Back to imports',
    run: (id: bigint) => `Import No. ${id}`,
    sha: 'SHA-256 of the content',
    finishedAt: 'Finished',
    error: 'Error',
    statuses: { running: 'running', completed: 'completed', failed: 'failed' },
    lists: 'Source lists',
    institution: 'Institution',
    header: 'File header',
    currentImport: 'Import in force',
    since: 'In force since',
    rows: 'Persons',
    never: 'Never imported',
    importThis: 'Import a new version',
    notFound: 'There is no such import.',
  },
} as const;

const IMPORTS = `${OFFICE}/importaciones`;

const listTitle = (name: string, lang: Lang) => {
  const l = SOURCE_LIST_BY_NAME.get(name);
  return l ? (lang === 'es' ? l.titleEs : l.titleEn) : name;
};
const kindTitle = (kind: string, lang: Lang) =>
  kind === 'persons' ? TEXT[lang].persons : listTitle(kind, lang);
const importLink = (ctx: PageContext, id: bigint): Content => raw(a(ctx, `${IMPORTS}/${id}`, String(id)));

function personSection(ctx: PageContext, p: PersonOverview, memberships: readonly ListMembership[]): string {
  const t = TEXT[ctx.lang];
  const name = [p.givenNames, p.firstSurname, p.secondSurname].filter((s) => s !== '').join(' ');
  const ci = `CI ${p.ciNumber}${p.complemento ? `-${p.complemento}` : ''}${p.expedition ? ` ${p.expedition}` : ''}`;
  const lists =
    memberships.length === 0
      ? `<p>${t.noMemberships}</p>`
      : table({
          caption: t.memberships,
          columns: [
            { label: t.list },
            { label: t.currentImport },
            { label: t.line, numeric: true },
            { label: t.details },
          ],
          rows: memberships.map((m) => [
            listTitle(m.list, ctx.lang),
            importLink(ctx, m.importId),
            String(m.lineNumber),
            Object.entries(m.values)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ') || '—',
          ]),
        });
  return `<section aria-labelledby="person-${p.id}">
<h2 id="person-${p.id}">${escapeHtml(ci)}</h2>
${definitionList([
  [t.name, name],
  [t.birth, p.dateOfBirth],
  [t.sex, p.sex],
  [
    t.municipality,
    `${p.municipalityName ?? p.municipalityCode} (${p.municipalityCode})${p.departmentName ? `, ${p.departmentName}` : ''}`,
  ],
  [t.residence, p.residenceCountry],
  [t.death, p.dateOfDeath ?? '—'],
  [t.importedBy, importLink(ctx, p.createdImportId)],
  [t.updatedBy, importLink(ctx, p.updatedImportId)],
])}
${lists}
</section>`;
}

function runsTable(ctx: PageContext, runs: readonly ImportRunRecord[]): string {
  const t = TEXT[ctx.lang];
  return table({
    columns: [
      { label: t.id },
      { label: t.kind },
      { label: t.fileName },
      { label: t.status },
      { label: t.startedAt },
      { label: t.read, numeric: true },
      { label: t.accepted, numeric: true },
      { label: t.rejected, numeric: true },
      { label: t.actor },
    ],
    rows: runs.map((r) => [
      importLink(ctx, r.id),
      kindTitle(r.kind, ctx.lang),
      r.fileName,
      t.statuses[r.status],
      instant(r.startedAt),
      num(r.rowsRead, ctx.lang),
      num(r.rowsAccepted, ctx.lang),
      num(r.rowsRejected, ctx.lang),
      r.actor,
    ]),
  });
}

interface UploadForm {
  kind: string;
  asOf: { day: string; month: string; year: string };
  encoding: string;
}

type FieldErrors = { name: string; message: string }[];

function importsPage(
  ctx: PageContext,
  o: {
    runs: ImportRunRecord[];
    active: ImportJob[];
    form: UploadForm;
    errors?: FieldErrors;
    refusal?: string;
    /** The largest file the form takes, in MB (configuration: AYNI_MAX_UPLOAD_MB). */
    maxUploadMb: number;
  },
): string {
  const t = TEXT[ctx.lang];
  const L = ctx.lang;
  const err = (name: string) => o.errors?.find((e) => e.name === name)?.message;
  const upload = can(ctx.principal, 'registry.import')
    ? `<section aria-labelledby="upload">
<h2 id="upload">${t.upload}</h2>
<p>${t.uploadIntro}</p>
${o.refusal ? notice('err', t.failedTitle, o.refusal) : ''}${errorSummary(o.errors ?? [], L)}
${postForm(
  ctx,
  IMPORTS,
  `${select({
    name: 'tipo',
    label: t.kind,
    value: o.form.kind,
    error: err('tipo'),
    choices: [
      { value: 'persons', label: t.persons },
      ...SOURCE_LISTS.map((l) => ({ value: l.name, label: L === 'es' ? l.titleEs : l.titleEn })),
    ],
  })}
${specialInput({ type: 'file', name: 'archivo', label: t.file, accept: '.csv,text/csv', hint: t.fileHint(o.maxUploadMb), error: err('archivo') })}
${dateInput({ name: 'fecha', label: t.asOf, lang: L, value: o.form.asOf, hint: t.asOfHint, required: true, error: err('fecha') })}
${select({
  name: 'codificacion',
  label: t.encoding,
  value: o.form.encoding,
  choices: [
    { value: 'auto', label: t.encodingAuto },
    { value: 'utf-8', label: 'UTF-8' },
    { value: 'latin1', label: 'Latin-1 (Windows-1252)' },
  ],
})}
${submitButton(t.start)}`,
  { multipart: true },
)}
</section>`
    : '';
  const active =
    can(ctx.principal, 'registry.import') && o.active.length > 0
      ? `<h2>${t.running}</h2><ul>${o.active
          .map(
            (j) =>
              `<li>${a(ctx, `${IMPORTS}/trabajos/${j.id}`, j.label)} — ${escapeHtml(kindTitle(j.kind, L))}, ${escapeHtml(j.startedBy)}</li>`,
          )
          .join('')}</ul>`
      : '';
  const last = o.runs.at(-1);
  const more =
    o.runs.length === IMPORT_RUNS_PAGE && last
      ? `<p>${a(ctx, IMPORTS, t.older, { antes: String(last.id) })}</p>`
      : '';
  const past = `<h2>${t.past}</h2>${o.runs.length === 0 ? `<p>${t.none}</p>` : runsTable(ctx, o.runs)}${more}`;
  return officePage(ctx, t.imports, `${upload}${active}${past}`, { section: IMPORTS });
}

function countsList(
  lang: Lang,
  c: {
    read: bigint | number | null;
    accepted: bigint | number | null;
    rejected: bigint | number | null;
    inserted: bigint | number | null;
    updated: bigint | number | null;
    unchanged: bigint | number | null;
    removed: bigint | number | null;
  },
): string {
  const t = TEXT[lang];
  const n = (v: bigint | number | null, id: string): Content =>
    raw(`<span data-testid="${id}">${count(v, lang)}</span>`);
  return definitionList([
    [t.read, n(c.read, 'rows-read')],
    [t.accepted, n(c.accepted, 'rows-accepted')],
    [t.rejected, n(c.rejected, 'rows-rejected')],
    [t.inserted, n(c.inserted, 'rows-inserted')],
    [t.updated, n(c.updated, 'rows-updated')],
    [t.unchanged, n(c.unchanged, 'rows-unchanged')],
    ...(c.removed === null ? [] : ([[t.removed, n(c.removed, 'rows-removed')]] as [string, Content][])),
  ]);
}

/**
 * The page of a finished import's job: what it read, accepted and rejected, with the rejects to
 * download; an import that did not succeed is on the shared progress page (./import-job.view.tsx).
 */
function importDonePage(ctx: PageContext, job: ImportJob): string | undefined {
  const t = TEXT[ctx.lang];
  const L = ctx.lang;
  const head = `<p>${escapeHtml(job.label)} — ${escapeHtml(kindTitle(job.kind, L))} (${escapeHtml(job.startedBy)}, ${instant(job.startedAt)})</p>`;
  const back = a(ctx, IMPORTS, t.backToImports);
  const s = job.result;
  if (job.state !== 'succeeded' || !s) return undefined;
  if (s.status === 'already_imported')
    return officePage(
      ctx,
      t.completed,
      `${head}${notice('ok', t.already(s.importId))}<p>${a(ctx, `${IMPORTS}/${s.importId}`, t.seeRun)}</p>`,
      { section: IMPORTS },
    );
  const body = `${head}${notice('ok', t.run(s.importId))}
${countsList(L, {
  read: s.rowsRead,
  accepted: s.rowsAccepted,
  rejected: s.rowsRejected,
  inserted: s.rowsInserted,
  updated: s.rowsUpdated,
  unchanged: s.rowsUnchanged,
  removed: job.kind === 'persons' ? null : s.rowsRemoved,
})}
${s.rowsRejected > 0 ? `<p>${a(ctx, `${IMPORTS}/${s.importId}/rechazos`, t.rejectsFile)}</p>` : ''}
<p>${a(ctx, `${IMPORTS}/${s.importId}`, t.seeRun)} · ${back}</p>`;
  return officePage(ctx, t.completed, body, { section: IMPORTS });
}

/**
 * A failure recorded with an import run, as its page shows it: an expected failure is recorded as
 * its value in JSON (src/registry/import/import-runner.ts) and shown in the reader's words; a bug,
 * or a run recorded before failures were values, as its message. Without server paths, and cut
 * short (a run recorded before messages were capped may hold a whole line of the file).
 */
function recordedError(error: string, lang: Lang): string {
  const failure = recordedFailure(error);
  const message = publicMessage(failure ? describeFailure(failure, lang).detail : error);
  return message.length <= 1000 ? message : `${message.slice(0, 999)}…`;
}

/** The failure value an import run recorded, or undefined when it recorded a message. */
function recordedFailure(error: string): AnyFailure | undefined {
  if (!error.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(error) as { code?: unknown };
    return typeof value.code === 'string' && isFailureCode(value.code) ? (value as AnyFailure) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a rejects file lies in the folder the server writes them to (never serve any other path). */
function insideFolder(file: string, folder: string): boolean {
  const rel = path.relative(path.resolve(folder), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

const runParam = z.object({ id: z.coerce.bigint().min(1n) });
const ENCODINGS = { auto: 'auto', 'utf-8': 'utf-8', latin1: 'windows-1252' } as const;

/** Registry search, imports with progress, and the source lists in force. */
export function registryRoutes(router: Router, { app, access, jobs }: OfficeDeps): void {
  // Uploads are streamed to disk as they arrive (src/routing/body.ts): the limit bounds disk and
  // import time, not memory. Larger files go through `ayni registry import`.
  const maxUploadBytes = app.config.maxUploadBytes;
  const maxUploadMb = Number((maxUploadBytes / (1024 * 1024)).toFixed(1));
  const uploadsDir = path.join(app.config.dataDir, 'uploads');
  defineRoute(router, {
    method: 'get',
    path: '/registro',
    operationId: 'officeRegistrySearch',
    summary: { es: 'Buscar una persona en el registro', en: 'Find a person in the registry' },
    description: {
      es: 'Por número de CI, con complemento y fecha de nacimiento para distinguir; con las listas vigentes en que figura.',
      en: 'By CI number, with complemento and date of birth to tell apart; with the lists in force that include the person.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    request: {
      query: z.object({ ci: optionalText(40), complemento: optionalText(20), ...dateFields('nacimiento') }),
    },
    responses: pageResponses('The search form, and the persons found.', {
      refused: 'The CI or the date is malformed.',
    }),
    handler: async (c, { query }) => {
      const ctx = pageContext(c);
      const t = TEXT[ctx.lang];
      const ciRaw = (query.ci ?? '').trim();
      const compRaw = (query.complemento ?? '').trim();
      const dob = readDate(query, 'nacimiento');
      const dobGiven = Object.values(dob.parts).some((v) => v !== '');
      const errors: FieldErrors = [];
      let results = '';
      if (ciRaw !== '') {
        // The importer's identity rules, so a CI typed with spaces or a lower-case complemento
        // finds what the import stored.
        const id = checkIdentity(loadIdentityFormat(toIsoDateInBolivia(access.now())), ciRaw, compRaw);
        if (typeof id === 'string') errors.push({ name: 'ci', message: t.badCi });
        if (dobGiven && !dob.date) errors.push({ name: 'nacimiento', message: t.badDob });
        if (errors.length === 0 && typeof id !== 'string') {
          const persons = await searchPersonsByCi(app.db, {
            ciNumber: id.ciNumber,
            complemento: compRaw === '' ? undefined : id.complemento,
            dateOfBirth: dob.date,
          });
          if (persons.length === 0) results = notice('info', t.noneFound);
          else {
            const shown: string[] = [];
            for (const p of persons) shown.push(personSection(ctx, p, await listsOfPerson(app.db, p.id)));
            results = `${persons.length > 1 ? notice('info', t.many(persons.length)) : ''}${shown.join('\n')}`;
          }
        }
      }
      const err = (name: string) => errors.find((e) => e.name === name)?.message;
      const form = `${errorSummary(errors, ctx.lang)}<form method="get" action="${OFFICE}/registro" role="search" novalidate>
${hidden('lang', ctx.lang)}
${textInput({ name: 'ci', label: t.ci, value: ciRaw, inputmode: 'numeric', width: 14, maxLength: 20, hint: t.ciHint, required: true, error: err('ci') })}
${textInput({ name: 'complemento', label: t.complemento, value: compRaw, width: 4, maxLength: 5, hint: t.complementoHint })}
${dateInput({ name: 'nacimiento', label: t.dob, lang: ctx.lang, value: dob.parts, error: err('nacimiento') })}
${submitButton(t.find)}
</form>`;
      return sendPage(
        c,
        officePage(ctx, t.search, `${form}\n${results}`, { section: `${OFFICE}/registro` }),
        errors.length > 0 ? 400 : 200,
      );
    },
  });

  const emptyForm = (): UploadForm => {
    const [year, month, day] = toIsoDateInBolivia(access.now()).split('-') as [string, string, string];
    return { kind: 'persons', asOf: { day, month, year }, encoding: 'auto' };
  };

  defineRoute(router, {
    method: 'get',
    path: '/importaciones',
    operationId: 'officeImports',
    summary: { es: 'Importaciones', en: 'Imports' },
    description: {
      es: 'El formulario para importar (con permiso de importar), las importaciones en curso y las anteriores.',
      en: 'The import form (with the import permission), imports in progress and past imports.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    request: { query: z.object({ antes: z.coerce.bigint().min(1n).optional(), tipo: optionalText(60) }) },
    responses: pageResponses('The imports page.'),
    handler: async (c, { query }) => {
      const ctx = pageContext(c);
      const form = emptyForm();
      if (query.tipo && (query.tipo === 'persons' || SOURCE_LIST_BY_NAME.has(query.tipo)))
        form.kind = query.tipo;
      const runs = await listImportRuns(app.db, query.antes);
      return sendPage(c, importsPage(ctx, { runs, active: await jobs.active(), form, maxUploadMb }));
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/importaciones',
    operationId: 'officeImportStart',
    summary: { es: 'Importar un archivo', en: 'Import a file' },
    description: {
      es: 'Sube un archivo de personas o de una lista (multipart) y lo importa en segundo plano; lleva a su avance.',
      en: 'Uploads a persons or source-list file (multipart) and imports it in the background; leads to its progress.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.import' },
    request: {
      form: z.object({
        tipo: optionalText(60),
        codificacion: optionalText(20),
        archivo: z.union([z.instanceof(UploadedFile), z.string()]).optional(),
        ...dateFields('fecha'),
      }),
    },
    files: { directory: uploadsDir, maxFileBytes: maxUploadBytes },
    // Answered while the browser may still be sending: the form again, the reason by the file.
    onTooLarge: async (c) => {
      const ctx = pageContext(c);
      const errors = [{ name: 'archivo', message: TEXT[ctx.lang].tooBig(maxUploadMb) }];
      const runs = await listImportRuns(app.db);
      return sendPage(
        c,
        importsPage(ctx, { runs, active: await jobs.active(), form: emptyForm(), errors, maxUploadMb }),
        413,
      );
    },
    responses: pageResponses('Not used.', {
      redirect: 'Started: to the progress page.',
      refused: 'The form again, with what to fix.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const t = TEXT[ctx.lang];
      const asOf = readDate(body, 'fecha');
      const form: UploadForm = {
        kind: body.tipo ?? '',
        asOf: asOf.parts,
        encoding: body.codificacion ?? 'auto',
      };
      const errors: FieldErrors = [];
      const file = body.archivo;
      if (form.kind !== 'persons' && !SOURCE_LIST_BY_NAME.has(form.kind))
        errors.push({ name: 'tipo', message: t.badKind });
      // The size was counted as the file arrived: a larger one never got this far (onTooLarge).
      if (!(file instanceof UploadedFile)) errors.push({ name: 'archivo', message: t.noFile });
      else if (file.size === 0) errors.push({ name: 'archivo', message: t.emptyFile });
      if (!asOf.date || !parseIsoDate(asOf.date)) errors.push({ name: 'fecha', message: t.badAsOf });
      let refusal: string | undefined;
      let status: 400 | 422 | 503 = 400;
      if (errors.length === 0 && file instanceof UploadedFile && asOf.date) {
        // The job takes the file over; if it is refused, the request removes the file.
        const started = await jobs.start({
          kind: form.kind,
          upload: file,
          asOf: asOf.date,
          encoding: ENCODINGS[form.encoding as keyof typeof ENCODINGS] ?? 'auto',
          actor: principalOf(c).actor,
          at: access.now(),
          now: access.now,
          log: requestLog(c),
        });
        if (started.ok) return seeOther(c, href(ctx.lang, `${IMPORTS}/trabajos/${started.value.id}`));
        refusal = describeFailure(started.error, ctx.lang).detail;
        // Busy, or the server shutting down: try again in a while.
        status = failureStatus(started.error) === 503 ? 503 : 422;
      }
      const runs = await listImportRuns(app.db);
      return sendPage(
        c,
        importsPage(ctx, {
          runs,
          active: await jobs.active(),
          form,
          errors,
          maxUploadMb,
          ...(refusal ? { refusal } : {}),
        }),
        status,
      );
    },
  });

  defineJobRoute(router, {
    area: '/importaciones',
    operationId: 'officeImportProgress',
    summary: { es: 'Avance de una importación', en: 'Progress of an import' },
    description: {
      es: 'Se actualiza sola cada 2 segundos sin JavaScript; al terminar muestra leídas, aceptadas y rechazadas.',
      en: 'Refreshes itself every 2 seconds without JavaScript; when done shows rows read, accepted and rejected.',
    },
    permission: 'registry.import',
    responses: { page: 'The progress page.', param: 'The job id the import form redirected to.' },
    find: (id) => jobs.get(id),
    kind: 'imports',
    section: IMPORTS,
    back: IMPORTS,
    succeeded: (c, ctx, job) => {
      const html = importDonePage(ctx, job);
      return html === undefined ? undefined : sendPage(c, html);
    },
    view: (ctx, job) => importJobView(ctx, job, kindTitle(job.kind, ctx.lang)),
  });

  defineRoute(router, {
    method: 'get',
    path: '/importaciones/:id{[0-9]+}',
    operationId: 'officeImportRun',
    summary: { es: 'Una importación', en: 'One import' },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    request: { params: runParam },
    responses: pageResponses('The import run with its counts.', { notFound: true }),
    handler: async (c, { params }) => {
      const ctx = pageContext(c);
      const t = TEXT[ctx.lang];
      const run = await importRun(app.db, params.id);
      if (!run)
        return sendPage(c, officePage(ctx, t.imports, `<p>${t.notFound}</p>`, { section: IMPORTS }), 404);
      const rejects =
        run.rejectsPath === null
          ? ''
          : insideFolder(run.rejectsPath, app.rejectsDir)
            ? `<p>${a(ctx, `${IMPORTS}/${run.id}/rechazos`, t.rejectsFile)}</p>`
            : // Kept elsewhere by a command-line import: its name only, never the server's layout.
              `<p>${t.rejectsElsewhere} <code>${escapeHtml(path.basename(run.rejectsPath))}</code></p>`;
      const body = `${definitionList([
        [t.kind, kindTitle(run.kind, ctx.lang)],
        [t.fileName, run.fileName],
        [t.sha, raw(`<code>${escapeHtml(run.sha256)}</code>`)],
        [t.encoding, run.encoding ?? '—'],
        [t.status, t.statuses[run.status]],
        [t.actor, run.actor],
        [t.startedAt, instant(run.startedAt)],
        [t.finishedAt, instant(run.finishedAt)],
        ...(run.error ? ([[t.error, recordedError(run.error, ctx.lang)]] as [string, Content][]) : []),
      ])}
${
  run.status === 'completed'
    ? countsList(ctx.lang, {
        read: run.rowsRead,
        accepted: run.rowsAccepted,
        rejected: run.rowsRejected,
        inserted: run.rowsInserted,
        updated: run.rowsUpdated,
        unchanged: run.rowsUnchanged,
        removed: run.kind === 'persons' ? null : run.rowsRemoved,
      })
    : ''
}
${rejects}
<p>${a(ctx, IMPORTS, t.backToImports)}</p>`;
      return sendPage(c, officePage(ctx, t.run(run.id), body, { section: IMPORTS }));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/importaciones/:id{[0-9]+}/rechazos',
    operationId: 'officeImportRejects',
    summary: { es: 'Filas rechazadas de una importación', en: 'Rejected rows of an import' },
    description: {
      es: 'El archivo CSV de filas rechazadas (línea, motivo, contenido).',
      en: 'The CSV file of rejected rows (line, reason, content).',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    request: { params: runParam },
    responses: pageResponses('', { file: 'The rejects file (CSV, attachment).', notFound: true }),
    handler: async (c, { params }) => {
      const ctx = pageContext(c);
      const t = TEXT[ctx.lang];
      const run = await importRun(app.db, params.id);
      const file = run?.rejectsPath;
      const size = file && insideFolder(file, app.rejectsDir) ? await stat(file).catch(() => null) : null;
      if (!run || !file || !size)
        return sendPage(c, officePage(ctx, t.imports, `<p>${t.notFound}</p>`, { section: IMPORTS }), 404);
      c.header('Cache-Control', 'no-store');
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Length', String(size.size));
      c.header('Content-Disposition', `attachment; filename="import-${run.id}-rejects.csv"`);
      return c.body(Readable.toWeb(createReadStream(file)) as ReadableStream);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/listas',
    operationId: 'officeSourceLists',
    summary: { es: 'Listas de otras instituciones', en: 'Source lists' },
    description: {
      es: 'Cada lista con la versión vigente: importación, desde cuándo y cuántas personas.',
      en: 'Each list with its snapshot in force: import, since when and how many persons.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    responses: pageResponses('The source lists.'),
    handler: async (c) => {
      const ctx = pageContext(c);
      const t = TEXT[ctx.lang];
      const snapshots = await currentSnapshots(app.db);
      const mayImport = can(ctx.principal, 'registry.import');
      const body = `${table({
        columns: [
          { label: t.list },
          { label: t.institution },
          { label: t.header },
          { label: t.currentImport },
          { label: t.since },
          { label: t.rows, numeric: true },
          ...(mayImport ? [{ label: t.importThis }] : []),
        ],
        rows: SOURCE_LISTS.map((l) => {
          const s = snapshots.find((x) => x.list === l.name)!;
          return [
            raw(
              `${escapeHtml(ctx.lang === 'es' ? l.titleEs : l.titleEn)}<br><code>${escapeHtml(l.name)}</code>`,
            ),
            l.institution,
            raw(`<code>${escapeHtml(sourceListHeader(l).join(','))}</code>`),
            s.importId === null
              ? t.never
              : raw(
                  `${a(ctx, `${IMPORTS}/${s.importId}`, String(s.importId))} (${escapeHtml(s.fileName ?? '')})`,
                ),
            instant(s.since),
            num(s.rows, ctx.lang),
            ...(mayImport ? [raw(a(ctx, IMPORTS, t.importThis, { tipo: l.name }))] : []),
          ];
        }),
      })}
<p>${t.persons}: <code>${escapeHtml(PERSON_FILE_HEADER.join(','))}</code></p>`;
      return sendPage(c, officePage(ctx, t.lists, body, { section: `${OFFICE}/listas` }));
    },
  });
}

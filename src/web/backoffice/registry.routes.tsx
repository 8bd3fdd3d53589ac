import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  type AnyFailure,
  describeFailure,
  failureStatus,
  formatNumber,
  isFailureCode,
  pageMessages,
} from '../../messages/index.ts';
import {
  checkIdentity,
  currentSnapshots,
  importRun,
  listImportRuns,
  listsOfPerson,
  loadIdentityFormat,
  SOURCE_LIST_BY_NAME,
  searchPersonsByCi,
} from '../../registry/index.ts';
import { UploadedFile } from '../../routing/body.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { parseIsoDate, toIsoDateInBolivia } from '../../shared/dates.ts';
import { publicMessage } from '../../shared/errors.ts';
import type { Lang } from '../../shared/lang.ts';
import { requestLog } from '../../shared/log.ts';
import { type FieldError, pageHtml } from '../components/index.ts';
import { readDate } from '../components/read-date.ts';
import { loadActorNames } from './actor-names.ts';
import { href, type PageContext } from './backoffice.page.ts';
import { sendDownload } from './downloads.ts';
import { importJobView } from './import-job.view.tsx';
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
import {
  IMPORTS,
  ImportDonePage,
  ImportNotFoundPage,
  ImportRunPage,
  ImportsPage,
  type ImportsPageProps,
  importKindTitle,
  type RegistrySearch,
  RegistrySearchPage,
  SourceListsPage,
  type UploadForm,
} from './registry.pages.tsx';

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
      const t = pageMessages(ctx.lang).registry;
      const ciRaw = (query.ci ?? '').trim();
      const compRaw = (query.complemento ?? '').trim();
      const dob = readDate(query, 'nacimiento');
      const dobGiven = Object.values(dob.parts).some((v) => v !== '');
      const errors: FieldError[] = [];
      let found: RegistrySearch['found'];
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
          found = [];
          for (const person of persons)
            found.push({ person, memberships: await listsOfPerson(app.db, person.id) });
        }
      }
      const search: RegistrySearch = {
        ci: ciRaw,
        complemento: compRaw,
        dob: dob.parts,
        errors,
        ...(found ? { found } : {}),
      };
      return sendPage(
        c,
        pageHtml(<RegistrySearchPage ctx={ctx} search={search} />),
        errors.length > 0 ? 400 : 200,
      );
    },
  });

  /** The imports page: the form as given, with the runs (before `before`), jobs running and officers' names. */
  const importsPage = async (
    ctx: PageContext,
    o: Pick<ImportsPageProps, 'form' | 'errors' | 'refusal'>,
    before?: bigint,
  ) => {
    const runs = await listImportRuns(app.db, before);
    const active = await jobs.active();
    const names = await loadActorNames(app.db);
    return pageHtml(
      <ImportsPage ctx={ctx} runs={runs} active={active} names={names} maxUploadMb={maxUploadMb} {...o} />,
    );
  };

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
      return sendPage(c, await importsPage(ctx, { form }, query.antes));
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
      const words = pageMessages(ctx.lang).registry;
      const errors = [{ name: 'archivo', message: words.tooBig(formatNumber(maxUploadMb, ctx.lang)) }];
      return sendPage(c, await importsPage(ctx, { form: emptyForm(), errors }), 413);
    },
    responses: pageResponses('Not used.', {
      redirect: 'Started: to the progress page.',
      refused: 'The form again, with what to fix.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const t = pageMessages(ctx.lang).registry;
      const asOf = readDate(body, 'fecha');
      const form: UploadForm = {
        kind: body.tipo ?? '',
        asOf: asOf.parts,
        encoding: body.codificacion ?? 'auto',
      };
      const errors: FieldError[] = [];
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
      return sendPage(c, await importsPage(ctx, { form, errors, ...(refusal ? { refusal } : {}) }), status);
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
    succeeded: (c, ctx, job) =>
      job.result ? sendPage(c, pageHtml(<ImportDonePage ctx={ctx} job={job} />)) : undefined,
    view: (ctx, job) => importJobView(ctx, job, importKindTitle(job.kind, ctx.lang)),
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
      const run = await importRun(app.db, params.id);
      if (!run) return sendPage(c, pageHtml(<ImportNotFoundPage ctx={ctx} />), 404);
      const rejects =
        run.rejectsPath === null
          ? null
          : insideFolder(run.rejectsPath, app.rejectsDir)
            ? { download: true as const }
            : // Kept elsewhere by a command-line import: its name only, never the server's layout.
              { elsewhere: path.basename(run.rejectsPath) };
      const names = await loadActorNames(app.db);
      return sendPage(
        c,
        pageHtml(
          <ImportRunPage
            ctx={ctx}
            run={run}
            rejects={rejects}
            names={names}
            {...(run.error ? { error: recordedError(run.error, ctx.lang) } : {})}
          />,
        ),
      );
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
      const run = await importRun(app.db, params.id);
      const file = run?.rejectsPath;
      const size = file && insideFolder(file, app.rejectsDir) ? await stat(file).catch(() => null) : null;
      if (!run || !file || !size) return sendPage(c, pageHtml(<ImportNotFoundPage ctx={ctx} />), 404);
      return sendDownload(c, file, size.size, 'text/csv; charset=utf-8', `import-${run.id}-rejects.csv`);
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
      const snapshots = await currentSnapshots(app.db);
      return sendPage(c, pageHtml(<SourceListsPage ctx={ctx} snapshots={snapshots} />));
    },
  });
}

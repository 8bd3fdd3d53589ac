import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../../access/index.ts';
import type { App } from '../../app.ts';
import {
  addEvent,
  addEvidence,
  addPerson,
  addStatement,
  type Capability,
  type CaseFileView,
  type CaseReader,
  type CasesFailure,
  CONSENT_SCOPES,
  type CustodyVerification,
  custodyLog,
  EVENT_TYPES,
  EVIDENCE_KINDS,
  evidenceStoreFor,
  myInvestigations,
  PERSON_ROLES,
  protectPerson,
  publishCaseFile,
  publishedCases,
  readCaseFile,
  readEvidence,
  readerOf,
  readerRedactor,
  readPublicCase,
  setPersonAlias,
  teamRoleCan,
  verifyCaseCustody,
} from '../../cases/index.ts';
import { describeFailure, failureStatus, formatNumber, pageMessages } from '../../messages/index.ts';
import { UploadedFile } from '../../routing/body.ts';
import { createRouter, defineRoute } from '../../routing/route.ts';
import { type Lang, pickLang } from '../../shared/lang.ts';
import { loadActorNames } from '../backoffice/actor-names.ts';
import { href } from '../backoffice/backoffice.page.ts';
import { officeGuards } from '../backoffice/backoffice.routes.ts';
import {
  OFFICE_TAGS,
  type OfficeContext,
  optionalText,
  pageContext,
  pageResponses,
  principalOf,
  seeOther,
  sendPage,
} from '../backoffice/office.context.ts';
import { type FieldError, pageHtml } from '../components/index.ts';
import { AnalysisPage } from './analysis.pages.tsx';
import { casePath, itemPath, PUBLISHED_CASES } from './case-paths.ts';
import {
  CaseFilePage,
  type CaseForms,
  CaseListPage,
  CaseNotFoundPage,
  CaseRefusedPage,
  EMPTY_UPLOAD_FORM,
  type EventFormValues,
  EvidencePage,
  type PersonFormValues,
  type TestimonyFormValues,
  type UploadFormValues,
  VIEWER_TEXT_CHARS,
  ViewerPage,
} from './cases.pages.tsx';
import { PublicCaseNotFoundPage, PublicCasePage, PublishedCasesPage } from './public.pages.tsx';

/**
 * The case files' pages (issue #21 §8). In the back office, under /oficina/casos, for officers
 * holding a case role: the route's permission (cases.read, cases.write, cases.manage) only lets
 * them ask, the investigation's team decides (src/cases/case-access.ts), and an investigation
 * whose team they are not on is "not found". Evidence is uploaded as a multipart form whose file
 * the route kit streams to disk after the guard (the caller known and allowed, the CSRF token
 * read) and within the size limit, refused as soon as the declared length or the bytes counted
 * pass it; only then, and only for a member who may record evidence, is it read and stored.
 * Bytes go out only through the domain's `readEvidence`, which checks them against their SHA-256
 * and enters the access in the item's custody log and, for a restricted item, the audit trail.
 * The public version is at /casos/:code once an investigator has published it.
 */

/** The largest evidence file taken through the page (the API's limit too). */
export const MAX_EVIDENCE_MB = 10;
const MAX_EVIDENCE_BYTES = MAX_EVIDENCE_MB * 1024 * 1024;
/** A case file with more items than this shows their custody as entries, unverified (one click away). */
const VERIFY_ON_PAGE_UP_TO = 300;

const Code = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/)
  .meta({ examples: ['SINT-2019-SACABA-SENKATA'] });
const ItemId = z
  .string()
  .regex(/^[0-9]{1,18}$/)
  .meta({ examples: ['1'] });
const CaseParams = z.object({ code: Code });
const ItemParams = z.object({ code: Code, id: ItemId });

/** Media types the viewer shows as text, and as an image loaded from the content address. */
const TEXT_TYPES = /^(text\/[a-z0-9.+-]+|application\/json|application\/xml)$/;
const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp)$/;

/** The media type of an upload by its name's extension (the browser's claim is not kept by the kit). */
const MEDIA_BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
};

/** @example mediaTypeOf('foto 1.JPG') // 'image/jpeg' */
export function mediaTypeOf(fileName: string): string {
  return MEDIA_BY_EXTENSION[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A date and time as an officer writes it, on Bolivia's clocks (UTC−4, no daylight saving).
 *
 * @example boliviaDateTime('2019-11-15 19:30') // 2019-11-15T23:30:00.000Z
 */
export function boliviaDateTime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00-04:00`);
  if (Number.isNaN(d.getTime())) return null;
  // A day or an hour out of range (2019-02-30, 25:00) is refused, not rolled over.
  const local = new Date(d.getTime() - 4 * 3600_000).toISOString();
  return local.slice(0, 16) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` ? d : null;
}

/** A coordinate as typed (a comma taken as the decimal sign), undefined when left empty. */
function coordinate(text: string): number | undefined | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  if (!/^-?\d{1,3}(\.\d{1,8})?$/.test(t)) return null;
  return Number(t);
}

type PageStatus = Parameters<typeof sendPage>[2];

/**
 * `custodyLog` with the instant of the read: the domain is making a read of the log an audited
 * act (it then takes the instant as a fifth argument). Called through this one shape, the page
 * works with the function before and after that change; once it has landed this is `custodyLog`.
 */
const readCustodyLog = custodyLog as unknown as (
  db: App['db'],
  code: string,
  itemId: bigint,
  reader: CaseReader,
  at: Date,
) => ReturnType<typeof custodyLog>;

/** The form field a domain failure is about, for the case page's forms. */
const FIELD_OF: Record<string, string> = {
  title: 'titulo',
  placeName: 'lugar',
  latitude: 'latitud',
  longitude: 'longitud',
  coordinates: 'latitud',
  startsAt: 'desde',
  endsAt: 'hasta',
  fullName: 'nombre',
  familyCode: 'familia',
  'collection.by': 'por',
  'collection.place': 'donde',
  'collection.method': 'metodo',
  'collection.collectedAt': 'cuando',
};

/** The testimony form's field a domain failure about a statement is about. */
const TESTIMONY_FIELD_OF: Record<string, keyof TestimonyFormValues> = {
  witnessPersonId: 'testigo',
  eventId: 'hecho',
  takenAt: 'fecha_testimonio',
  placeName: 'lugar_testimonio',
  language: 'idioma',
  interpreter: 'interprete',
  interviewer: 'entrevistador',
  consentScope: 'consentimiento',
  summary: 'transcripcion',
  audioItemId: 'grabacion',
  transcriptItemId: 'transcripcion_archivo',
};

/** The longest transcript a statement keeps (the domain's limit). */
const MAX_TRANSCRIPT_CHARS = 10_000;

/**
 * The case files' office routes, relative to /oficina.
 *
 * @example mountRoutes(router, '/oficina', caseOfficeRoutes(app, access));
 */
export function caseOfficeRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(officeGuards(access));
  const store = evidenceStoreFor(app.config.dataDir);
  const uploadsDir = path.join(app.config.dataDir, 'uploads');
  const reader = (c: OfficeContext): CaseReader => readerOf(principalOf(c));

  const notFound = (c: OfficeContext) =>
    sendPage(c, pageHtml(<CaseNotFoundPage ctx={pageContext(c)} />), 404);

  /** The case page; a failed read (not on the team, no such code) is "not found". */
  async function casePage(
    c: OfficeContext,
    code: string,
    extra: { note?: { kind: 'ok' | 'err' | 'info'; title: string; text: string }; forms?: CaseForms } = {},
    status: PageStatus = 200,
  ): Promise<Response> {
    const ctx = pageContext(c);
    const at = access.now();
    const r = await readCaseFile(app.db, code, reader(c), at);
    if (!r.ok) return notFound(c);
    const file = r.value;
    const custody = new Map<bigint, CustodyVerification>();
    if (file.items.length <= VERIFY_ON_PAGE_UP_TO) {
      const v = await verifyCaseCustody(app.db, undefined, code, undefined, reader(c));
      if (v.ok) for (const x of v.value) custody.set(x.itemId, x);
    }
    const published = await readPublicCase(app.db, code);
    return sendPage(
      c,
      pageHtml(
        <CaseFilePage
          ctx={ctx}
          file={file}
          custody={custody}
          readAt={at}
          readerName={principalOf(c).displayName}
          canRecordEvidence={teamRoleCan(file.teamRole, 'record_evidence')}
          canRecordAnalysis={teamRoleCan(file.teamRole, 'record_analysis')}
          canPublish={file.teamRole === 'investigator'}
          publishedAt={published ? new Date(published.publishedAt) : null}
          maxUploadMb={MAX_EVIDENCE_MB}
          note={extra.note}
          forms={extra.forms}
        />,
      ),
      status,
    );
  }

  /** A refused form: the case page again with the failure by its field, in the failure's status. */
  function refusedForm<F extends CaseForms['form']>(
    c: OfficeContext,
    code: string,
    form: F,
    values: Extract<CaseForms, { form: F }>['values'],
    failure: CasesFailure,
  ): Promise<Response> | Response {
    if (failure.code === 'case_not_found') return notFound(c);
    const lang = pageContext(c).lang;
    const text = describeFailure(failure, lang);
    const field = failure.code === 'case_input_invalid' ? (FIELD_OF[failure.field] ?? 'titulo') : 'titulo';
    const status = failureStatus(failure) as PageStatus;
    return casePage(
      c,
      code,
      {
        note: { kind: 'err', title: pageMessages(lang).cases.file.refused, text: text.detail },
        forms: { form, values, errors: [{ name: field, message: text.detail }] } as CaseForms,
      },
      status,
    );
  }

  /**
   * Member of the case or refuse: null when the reader is on the investigation's team in a role
   * that may do `capability`; otherwise the refusal (off the team or no such code: "not found";
   * a role that may not: `refuse` with the failure), decided before any form or file is read.
   */
  async function refusedUnlessMember(
    c: OfficeContext,
    code: string,
    capability: Capability,
    refuse: (failure: CasesFailure) => Response | Promise<Response>,
  ): Promise<Response | null> {
    const mine = (await myInvestigations(app.db, reader(c))).find((i) => i.code === code);
    if (!mine) return notFound(c);
    const teamRole = mine.teamRole as CaseFileView['teamRole'];
    if (!teamRoleCan(teamRole, capability))
      return refuse({ code: 'case_role_refused', teamRole, needs: capability });
    return null;
  }

  defineRoute(router, {
    method: 'get',
    path: '/casos',
    operationId: 'officeCaseList',
    summary: { es: 'Expedientes de investigación', en: 'Case files' },
    description: {
      es: 'Las investigaciones en cuyo equipo está el lector, con su función.',
      en: 'The investigations whose team the reader is on, with their role.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.read' },
    request: { query: z.object({ lang: optionalText(5) }) },
    responses: pageResponses('The list.'),
    handler: async (c) => {
      const list = await myInvestigations(app.db, reader(c));
      return sendPage(c, pageHtml(<CaseListPage ctx={pageContext(c)} investigations={list} />));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/casos/:code',
    operationId: 'officeCaseFile',
    summary: { es: 'Un expediente', en: 'A case file' },
    description: {
      es: 'Hechos en su cronología, personas (identidades protegidas como código para quien no puede verlas), evidencia con el estado de su cadena de custodia, y los formularios del equipo. La consulta queda en la bitácora.',
      en: 'Events on their timeline, persons (protected identities as a code for whoever may not see them), evidence with the state of its chain of custody, and the team’s forms. The read is audited.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.read' },
    request: { params: CaseParams, query: z.object({ lang: optionalText(5), nota: optionalText(20) }) },
    responses: pageResponses('The case file.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const w = pageMessages(pageContext(c).lang).cases;
      const note =
        query.nota === 'publicado'
          ? { kind: 'ok' as const, title: w.file.recorded, text: w.file.publish }
          : query.nota === 'guardado'
            ? { kind: 'ok' as const, title: w.file.recorded, text: '' }
            : undefined;
      return casePage(c, params.code, note ? { note } : {});
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/casos/:code/analisis',
    operationId: 'officeCaseAnalysis',
    summary: { es: 'Análisis de un expediente', en: 'Analysis of a case file' },
    description: {
      es: 'Mapa de los lugares (dibujado de sus coordenadas), quién estuvo dónde, víctimas por hecho y causa de muerte con las fuentes de cada celda, y las contradicciones entre fuentes con ambas fuentes; sobre lo que el lector puede ver (identidades protegidas como código). La consulta queda en la bitácora.',
      en: 'A map of the places (drawn from their coordinates), who was where, victims by event and cause of death with each cell’s sources, and the contradictions between sources with both sources; over what the reader may see (protected identities as a code). The read is audited.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.read' },
    request: { params: CaseParams, query: z.object({ lang: optionalText(5) }) },
    responses: pageResponses('The analysis.', { notFound: true }),
    handler: async (c, { params }) => {
      const at = access.now();
      const r = await readCaseFile(app.db, params.code, reader(c), at);
      if (!r.ok) return notFound(c);
      return sendPage(
        c,
        pageHtml(
          <AnalysisPage
            ctx={pageContext(c)}
            file={r.value}
            readerName={principalOf(c).displayName}
            readAt={at}
          />,
        ),
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/casos/:code/hechos',
    operationId: 'officeCaseAddEvent',
    summary: { es: 'Agregar un hecho', en: 'Add an event' },
    description: {
      es: 'Un hecho con su lugar (y coordenadas), su tipo y su intervalo de fecha y hora; para analistas e investigadores del equipo.',
      en: 'An event with its place (and coordinates), kind and date-time range; for the team’s analysts and investigators.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.write' },
    request: {
      params: CaseParams,
      form: z.object({
        titulo: optionalText(300),
        tipo: optionalText(40),
        lugar: optionalText(300),
        latitud: optionalText(20),
        longitud: optionalText(20),
        desde: optionalText(20),
        hasta: optionalText(20),
        descripcion: optionalText(5000),
        lang: optionalText(5),
      }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Recorded: back to the case file.',
      refused: 'The case file with the form and what to fix.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const w = pageMessages(ctx.lang).cases.eventForm;
      const values: EventFormValues = {
        titulo: body.titulo ?? '',
        tipo: body.tipo ?? '',
        lugar: body.lugar ?? '',
        latitud: body.latitud ?? '',
        longitud: body.longitud ?? '',
        desde: body.desde ?? '',
        hasta: body.hasta ?? '',
        descripcion: body.descripcion ?? '',
      };
      const errors: FieldError[] = [];
      if (values.titulo.trim() === '') errors.push({ name: 'titulo', message: w.missing });
      if (values.lugar.trim() === '') errors.push({ name: 'lugar', message: w.missing });
      const lat = coordinate(values.latitud);
      const lon = coordinate(values.longitud);
      if (lat === null) errors.push({ name: 'latitud', message: w.badNumber });
      if (lon === null) errors.push({ name: 'longitud', message: w.badNumber });
      const startsAt = boliviaDateTime(values.desde);
      const endsAt = boliviaDateTime(values.hasta);
      if (!startsAt) errors.push({ name: 'desde', message: w.badDateTime });
      if (!endsAt) errors.push({ name: 'hasta', message: w.badDateTime });
      if (errors.length > 0 || !startsAt || !endsAt || lat === null || lon === null)
        return casePage(c, params.code, { forms: { form: 'event', values, errors } }, 400);
      const r = await addEvent(
        app.db,
        params.code,
        {
          title: values.titulo,
          eventType: (EVENT_TYPES as readonly string[]).includes(values.tipo) ? values.tipo : 'other',
          placeName: values.lugar,
          ...(lat !== undefined ? { latitude: lat } : {}),
          ...(lon !== undefined ? { longitude: lon } : {}),
          startsAt,
          endsAt,
          description: values.descripcion,
        },
        reader(c),
        access.now(),
      );
      if (!r.ok) return refusedForm(c, params.code, 'event', values, r.error);
      return backToFile(c, params.code, 'guardado');
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/casos/:code/personas',
    operationId: 'officeCaseAddPerson',
    summary: { es: 'Agregar una persona', en: 'Add a person' },
    description: {
      es: 'Una persona en su función (víctima, testigo, presunto responsable, investigador), con su familia y, si se pide, su identidad protegida; para investigadores del equipo. La bitácora guarda el código, nunca el nombre.',
      en: 'A person in their role (victim, witness, alleged perpetrator, investigator), with their family and, if asked, a protected identity; for the team’s investigators. The audit trail keeps the code, never the name.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.write' },
    request: {
      params: CaseParams,
      form: z.object({
        nombre: optionalText(200),
        funcion: optionalText(40),
        sexo: optionalText(10),
        familia: optionalText(40),
        protegida: optionalText(2),
        lang: optionalText(5),
      }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Recorded: back to the case file.',
      refused: 'The case file with the form and what to fix.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const values: PersonFormValues = {
        nombre: body.nombre ?? '',
        funcion: body.funcion ?? '',
        sexo: body.sexo ?? 'unknown',
        familia: (body.familia ?? '').trim().toUpperCase(),
        protegida: body.protegida === 'si' ? 'si' : 'no',
      };
      const sex = values.sexo === 'female' || values.sexo === 'male' ? values.sexo : 'unknown';
      const r = await addPerson(
        app.db,
        params.code,
        {
          fullName: values.nombre,
          roles: (PERSON_ROLES as readonly string[]).includes(values.funcion) ? [values.funcion] : [],
          sex,
          ...(values.familia !== '' ? { familyCode: values.familia } : {}),
          protected: values.protegida === 'si',
        },
        reader(c),
        access.now(),
      );
      if (!r.ok) return refusedForm(c, params.code, 'person', values, r.error);
      return backToFile(c, params.code, 'guardado');
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/casos/:code/personas/:id/proteccion',
    operationId: 'officeCaseProtectPerson',
    summary: {
      es: 'Proteger una identidad (o quitar la protección)',
      en: 'Protect an identity (or lift it)',
    },
    description: {
      es: 'Desde entonces la identidad de la persona se reemplaza por su código para quien no tenga la función para verla, en cada vista y exportación; para investigadores del equipo; queda en la bitácora.',
      en: 'From then on the person’s identity is replaced by their code for whoever lacks the role to see it, in every view and export; for the team’s investigators; audited.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code, id: ItemId }),
      form: z.object({ proteger: optionalText(2), lang: optionalText(5) }),
    },
    responses: {
      ...pageResponses('Not used.', { redirect: 'Done: back to the case file.', notFound: true }),
      403: { description: 'The reader’s team role may not.', html: true },
    },
    handler: async (c, { params, body }) => {
      const r = await protectPerson(
        app.db,
        params.code,
        BigInt(params.id),
        body.proteger !== 'no',
        reader(c),
        access.now(),
      );
      if (!r.ok) return failurePage(c, r.error);
      return backToFile(c, params.code, 'guardado');
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/casos/:code/personas/alias',
    operationId: 'officeCaseSetPersonAlias',
    summary: {
      es: 'Agregar o quitar otro nombre de una persona',
      en: 'Add or remove another name of a person',
    },
    description: {
      es: 'Otro nombre con que se conoce a la persona (apodo, otra grafía): si está protegida, se reemplaza por su código en cada vista y exportación, como su nombre; para investigadores del equipo; la bitácora guarda el código y un hash, nunca el nombre.',
      en: 'Another name the person is known by (a nickname, another spelling): when the person is protected it is replaced by their code in every view and export, as their name is; for the team’s investigators; the audit trail keeps the code and a hash, never the name.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.write' },
    request: {
      params: CaseParams,
      form: z.object({
        persona: optionalText(20),
        alias: optionalText(400),
        accion: optionalText(10),
        lang: optionalText(5),
      }),
    },
    responses: {
      ...pageResponses('Not used.', { redirect: 'Done: back to the case file.', notFound: true }),
      400: { description: 'The name is missing or too long.', html: true },
      403: { description: 'The reader’s team role may not.', html: true },
    },
    handler: async (c, { params, body }) => {
      const person = /^[0-9]{1,18}$/.test(body.persona ?? '') ? BigInt(body.persona!) : 0n;
      const r = await setPersonAlias(
        app.db,
        params.code,
        person,
        body.alias ?? '',
        body.accion !== 'quitar',
        reader(c),
        access.now(),
      );
      if (!r.ok) return failurePage(c, r.error);
      return backToFile(c, params.code, 'guardado');
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/casos/:code/testimonios',
    operationId: 'officeCaseAddStatement',
    summary: { es: 'Registrar un testimonio', en: 'Record a statement' },
    description: {
      es: 'El testimonio de una persona del caso en la función de testigo: cuándo y dónde se tomó, su idioma, intérprete, entrevistador/a, el alcance de su consentimiento, la transcripción y, si las hay, la grabación y la transcripción archivadas como evidencia del caso. Para investigadores del equipo; queda en la bitácora con el código del testigo, nunca su nombre.',
      en: 'The statement of a person of the case in the witness role: when and where it was taken, its language, interpreter, interviewer, the scope of the consent, the transcript and, if any, the recording and the transcript filed as evidence of the case. For the team’s investigators; audited with the witness’s code, never the name.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.write' },
    request: {
      params: CaseParams,
      form: z.object({
        testigo: optionalText(20),
        hecho: optionalText(20),
        fecha_testimonio: optionalText(20),
        lugar_testimonio: optionalText(300),
        idioma: optionalText(3),
        interprete: optionalText(200),
        entrevistador: optionalText(200),
        consentimiento: optionalText(20),
        transcripcion: optionalText(MAX_TRANSCRIPT_CHARS * 2),
        grabacion: optionalText(20),
        transcripcion_archivo: optionalText(20),
        lang: optionalText(5),
      }),
    },
    responses: {
      ...pageResponses('Not used.', {
        redirect: 'Recorded: back to the case file, where the statement is listed.',
        refused: 'The case file with the form, what was typed and what to fix.',
        notFound: true,
      }),
      403: { description: 'The reader’s team role may not record testimony.', html: true },
    },
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const w = pageMessages(ctx.lang).cases;
      const f = w.testimonyForm;
      const values: TestimonyFormValues = {
        testigo: body.testigo ?? '',
        hecho: body.hecho ?? '',
        fecha_testimonio: body.fecha_testimonio ?? '',
        lugar_testimonio: body.lugar_testimonio ?? '',
        idioma: body.idioma ?? '',
        interprete: body.interprete ?? '',
        entrevistador: body.entrevistador ?? '',
        consentimiento: body.consentimiento ?? '',
        transcripcion: body.transcripcion ?? '',
        grabacion: body.grabacion ?? '',
        transcripcion_archivo: body.transcripcion_archivo ?? '',
      };
      // The team decides first: a member who may not record evidence learns nothing from the form.
      const refused = await refusedUnlessMember(c, params.code, 'record_evidence', (f) => failurePage(c, f));
      if (refused) return refused;
      const errors: FieldError[] = [];
      const id = (text: string) => (/^[0-9]{1,18}$/.test(text) ? BigInt(text) : null);
      const witness = id(values.testigo);
      if (witness === null)
        errors.push({ name: 'testigo', message: values.testigo === '' ? f.missing : f.chooseOne });
      const takenAt = boliviaDateTime(values.fecha_testimonio);
      if (!takenAt) errors.push({ name: 'fecha_testimonio', message: w.eventForm.badDateTime });
      if (values.lugar_testimonio.trim() === '')
        errors.push({ name: 'lugar_testimonio', message: f.missing });
      if (!Object.hasOwn(w.languages, values.idioma)) errors.push({ name: 'idioma', message: f.chooseOne });
      if (values.entrevistador.trim() === '') errors.push({ name: 'entrevistador', message: f.missing });
      if (!(CONSENT_SCOPES as readonly string[]).includes(values.consentimiento))
        errors.push({ name: 'consentimiento', message: f.chooseOne });
      if (values.transcripcion.trim().length > MAX_TRANSCRIPT_CHARS)
        errors.push({ name: 'transcripcion', message: f.tooLong });
      const audio = values.grabacion === '' ? undefined : id(values.grabacion);
      const transcript = values.transcripcion_archivo === '' ? undefined : id(values.transcripcion_archivo);
      const event = values.hecho === '' ? undefined : id(values.hecho);
      if (event === null) errors.push({ name: 'hecho', message: f.chooseOne });
      if (audio === null) errors.push({ name: 'grabacion', message: f.chooseOne });
      if (transcript === null) errors.push({ name: 'transcripcion_archivo', message: f.chooseOne });
      if (
        errors.length > 0 ||
        witness === null ||
        !takenAt ||
        event === null ||
        audio === null ||
        transcript === null
      )
        return casePage(c, params.code, { forms: { form: 'testimony', values, errors } }, 400);
      const r = await addStatement(
        app.db,
        params.code,
        {
          witnessPersonId: witness,
          ...(event !== undefined ? { eventId: event } : {}),
          takenAt,
          placeName: values.lugar_testimonio,
          language: values.idioma,
          interpreter: values.interprete,
          interviewer: values.entrevistador,
          consentGiven: values.consentimiento !== 'none',
          consentScope: values.consentimiento,
          summary: values.transcripcion,
          ...(audio !== undefined ? { audioItemId: audio } : {}),
          ...(transcript !== undefined ? { transcriptItemId: transcript } : {}),
        },
        reader(c),
        access.now(),
      );
      if (!r.ok) {
        const e = r.error;
        let field: { name: keyof TestimonyFormValues; message: string } | null = null;
        if (e.code === 'case_input_invalid') {
          const name = TESTIMONY_FIELD_OF[e.field] ?? 'testigo';
          const message =
            e.problem !== 'conflict'
              ? describeFailure(e, ctx.lang).detail
              : name === 'testigo'
                ? f.notWitness
                : name === 'consentimiento'
                  ? f.noConsent
                  : f.wrongKind;
          field = { name, message };
        } else if (e.code === 'case_entity_not_found')
          field = {
            name:
              e.entity === 'person'
                ? 'testigo'
                : e.entity === 'event'
                  ? 'hecho'
                  : e.id === String(audio)
                    ? 'grabacion'
                    : 'transcripcion_archivo',
            message: f.chooseOne,
          };
        if (!field) return failurePage(c, e);
        return casePage(
          c,
          params.code,
          {
            note: { kind: 'err', title: w.file.refused, text: field.message },
            forms: { form: 'testimony', values, errors: [field] },
          },
          400,
        );
      }
      return seeOther(c, `${href(ctx.lang, casePath(params.code), { nota: 'guardado' })}#testimonios`);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/casos/:code/evidencia',
    operationId: 'officeCaseUploadEvidence',
    summary: { es: 'Subir una evidencia', en: 'Upload evidence' },
    description: {
      es: 'Un archivo (multipart, hasta 10 MB, escrito en disco mientras llega y rechazado apenas pasa el límite) con su recolección: quién, dónde, cuándo y cómo. Se guarda una sola vez por su SHA-256 y abre su registro de custodia; para investigadores del equipo.',
      en: 'A file (multipart, up to 10 MB, written to disk as it arrives and refused as soon as it passes the limit) with its collection: who, where, when and how. Stored once by its SHA-256, it opens its custody log; for the team’s investigators.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.write' },
    request: {
      params: CaseParams,
      form: z.object({
        titulo: optionalText(300),
        tipo: optionalText(40),
        archivo: z.union([z.instanceof(UploadedFile), z.string()]).optional(),
        hecho: optionalText(20),
        familia: optionalText(40),
        reservada: optionalText(2),
        por: optionalText(200),
        donde: optionalText(300),
        cuando: optionalText(20),
        metodo: optionalText(500),
        lang: optionalText(5),
      }),
    },
    files: { directory: uploadsDir, maxFileBytes: MAX_EVIDENCE_BYTES },
    onTooLarge: (c) => {
      const lang = pageContext(c).lang;
      const w = pageMessages(lang).cases.uploadForm;
      const code = /^\/oficina\/casos\/([A-Z0-9-]+)\//.exec(new URL(c.req.url).pathname)?.[1] ?? '';
      const message = w.tooBig(formatNumber(MAX_EVIDENCE_MB, lang));
      return casePage(
        c,
        code,
        {
          note: { kind: 'err', title: pageMessages(lang).cases.file.refused, text: message },
          forms: {
            form: 'upload',
            values: EMPTY_UPLOAD_FORM,
            errors: [{ name: 'archivo', message }],
          },
        },
        413,
      );
    },
    responses: {
      ...pageResponses('Not used.', {
        redirect: 'Stored: to the new item.',
        refused: 'The case file with the form and what to fix.',
        notFound: true,
      }),
      413: { description: 'The file is over 10 MB: the form again.', html: true },
    },
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const w = pageMessages(ctx.lang).cases;
      const values: UploadFormValues = {
        titulo: body.titulo ?? '',
        tipo: body.tipo ?? '',
        hecho: body.hecho ?? '',
        familia: (body.familia ?? '').trim().toUpperCase(),
        reservada: body.reservada === 'no' ? 'no' : 'si',
        por: body.por ?? '',
        donde: body.donde ?? '',
        cuando: body.cuando ?? '',
        metodo: body.metodo ?? '',
      };
      // The team decides before the file is read: a member who may not record evidence, or an
      // officer off the team, never gets their file read or stored.
      const refused = await refusedUnlessMember(c, params.code, 'record_evidence', (f) =>
        refusedForm(c, params.code, 'upload', values, f),
      );
      if (refused) return refused;
      const errors: FieldError[] = [];
      const file = body.archivo;
      if (!(file instanceof UploadedFile)) errors.push({ name: 'archivo', message: w.uploadForm.noFile });
      else if (file.size === 0) errors.push({ name: 'archivo', message: w.uploadForm.emptyFile });
      if (values.titulo.trim() === '') errors.push({ name: 'titulo', message: w.eventForm.missing });
      for (const name of ['por', 'donde', 'metodo'] as const)
        if (values[name].trim() === '') errors.push({ name, message: w.eventForm.missing });
      const collectedAt = boliviaDateTime(values.cuando);
      if (!collectedAt) errors.push({ name: 'cuando', message: w.eventForm.badDateTime });
      if (!/^$|^[0-9]{1,18}$/.test(values.hecho))
        errors.push({ name: 'hecho', message: w.eventForm.missing });
      if (errors.length > 0 || !(file instanceof UploadedFile) || !collectedAt)
        return casePage(c, params.code, { forms: { form: 'upload', values, errors } }, 400);
      // Bounded by the route's limit (10 MB): the domain hashes, stores once and reads the metadata.
      const bytes = new Uint8Array(await readFile(file.filePath));
      const r = await addEvidence(
        app.db,
        store,
        params.code,
        {
          title: values.titulo,
          kind: (EVIDENCE_KINDS as readonly string[]).includes(values.tipo) ? values.tipo : 'other',
          mediaType: mediaTypeOf(file.name),
          bytes,
          ...(values.familia !== '' ? { familyCode: values.familia } : {}),
          ...(values.hecho !== '' ? { eventId: BigInt(values.hecho) } : {}),
          restricted: values.reservada !== 'no',
          collection: { by: values.por, place: values.donde, collectedAt, method: values.metodo },
        },
        reader(c),
        access.now(),
      );
      if (!r.ok) return refusedForm(c, params.code, 'upload', values, r.error);
      return seeOther(
        c,
        href(ctx.lang, itemPath(params.code, r.value.item.id), {
          nota: r.value.alreadyStored ? 'repetido' : 'guardado',
        }),
      );
    },
  });

  /** The item as the reader may see it in the file, or null. */
  async function itemOf(c: OfficeContext, code: string, id: bigint) {
    const r = await readCaseFile(app.db, code, reader(c), access.now());
    if (!r.ok) return null;
    const item = r.value.items.find((i) => i.id === id);
    if (!item) return null;
    const event = item.eventId === null ? undefined : r.value.events.find((e) => e.id === item.eventId);
    return { item, eventTitle: event?.title ?? null };
  }

  defineRoute(router, {
    method: 'get',
    path: '/casos/:code/evidencia/:id',
    operationId: 'officeCaseEvidence',
    summary: { es: 'Una evidencia', en: 'An evidence item' },
    description: {
      es: 'Sus datos, los metadatos que el archivo declara (sin corroborar), su registro de custodia y el botón para verificar la cadena y el archivo guardado.',
      en: 'Its facts, the metadata the file claims (uncorroborated), its custody log, and the button to verify the chain and the stored file.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.read' },
    request: {
      params: ItemParams,
      query: z.object({ lang: optionalText(5), verificar: optionalText(1), nota: optionalText(20) }),
    },
    responses: pageResponses('The item.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const ctx = pageContext(c);
      const id = BigInt(params.id);
      const found = await itemOf(c, params.code, id);
      if (!found) return notFound(c);
      const log = await readCustodyLog(app.db, params.code, id, reader(c), access.now());
      if (!log.ok) return notFound(c);
      let verification: CustodyVerification | undefined;
      if (query.verificar === '1') {
        const v = await verifyCaseCustody(app.db, store, params.code, id, reader(c));
        if (v.ok) verification = v.value[0];
      }
      return sendPage(
        c,
        pageHtml(
          <EvidencePage
            ctx={ctx}
            code={params.code}
            item={found.item}
            eventTitle={found.eventTitle}
            entries={log.value}
            actorNames={await loadActorNames(app.db)}
            verification={verification}
          />,
        ),
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/casos/:code/evidencia/:id/visor',
    operationId: 'officeCaseViewer',
    summary: { es: 'Visor reservado de una evidencia', en: 'Restricted viewer of an evidence item' },
    description: {
      es: 'El documento con la marca de quién lo ve y cuándo: un texto se lee aquí (el acceso queda en la custodia del elemento y, si es reservado, en la bitácora); una imagen se carga de su dirección de contenido, que registra el acceso igual.',
      en: 'The document marked with who views it and when: a text is read here (the access goes into the item’s custody and, when restricted, the audit trail); an image loads from its content address, which records the access alike.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.read' },
    request: { params: ItemParams, query: z.object({ lang: optionalText(5) }) },
    responses: pageResponses('The viewer.', { notFound: true }),
    handler: async (c, { params }) => {
      const ctx = pageContext(c);
      const id = BigInt(params.id);
      const found = await itemOf(c, params.code, id);
      if (!found) return notFound(c);
      const at = access.now();
      let text: string | null = null;
      if (TEXT_TYPES.test(found.item.mediaType)) {
        const r = await readEvidence(app.db, store, params.code, id, reader(c), at, 'viewer');
        if (!r.ok) return failurePage(c, r.error);
        const slice = r.value.bytes.subarray(0, VIEWER_TEXT_CHARS * 4 + 4);
        // A protected witness named inside the text is shown by code to a reader without the role.
        const redact = await readerRedactor(app.db, params.code, reader(c));
        if (!redact.ok) return failurePage(c, redact.error);
        text = redact.value(new TextDecoder('utf-8', { fatal: false }).decode(slice));
      }
      const res = sendPage(
        c,
        pageHtml(
          <ViewerPage
            ctx={ctx}
            code={params.code}
            item={found.item}
            readerName={principalOf(c).displayName}
            at={at}
            text={text}
            image={IMAGE_TYPES.test(found.item.mediaType)}
          />,
        ),
      );
      // The one page that loads an image: from this server only (the content address).
      res.headers.set(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      return res;
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/casos/:code/evidencia/:id/contenido',
    operationId: 'officeCaseEvidenceContent',
    summary: { es: 'El archivo de una evidencia', en: 'An evidence item’s file' },
    description: {
      es: 'Los bytes, verificados contra su SHA-256, solo para quien puede ver el elemento; cada pedido queda en la custodia del elemento y, si es reservado, en la bitácora. La cabecera X-Ayni-Reader nombra al lector.',
      en: 'The bytes, checked against their SHA-256, only for whoever may see the item; each request goes into the item’s custody and, when restricted, the audit trail. The X-Ayni-Reader header names the reader.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.read' },
    request: { params: ItemParams, query: z.object({ lang: optionalText(5), descargar: optionalText(1) }) },
    responses: {
      ...pageResponses('Not used.', { notFound: true }),
      200: { description: 'The file.', schema: z.string().meta({ format: 'binary' }) },
      422: { description: 'The stored file changed or is gone.', html: true },
    },
    handler: async (c, { params, query }) => {
      const who = reader(c);
      const purpose = query.descargar === '1' ? 'download' : 'viewer';
      const r = await readEvidence(app.db, store, params.code, BigInt(params.id), who, access.now(), purpose);
      if (!r.ok) return failurePage(c, r.error);
      const item = r.value.item;
      const inline = query.descargar !== '1' && IMAGE_TYPES.test(item.mediaType);
      return c.body(new Uint8Array(r.value.bytes), 200, {
        'Content-Type': item.mediaType,
        'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="evidencia-${item.id}"`,
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'same-origin',
        'X-Ayni-Reader': who.actor,
        'X-Ayni-Sha256': item.sha256,
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/casos/:code/publicar',
    operationId: 'officeCasePublish',
    summary: { es: 'Publicar la versión pública', en: 'Publish the public version' },
    description: {
      es: 'Publica en /casos/:code lo que es público del expediente (hechos, víctimas por hecho y causa, evidencia no reservada por su hash), nunca identidades protegidas; reemplaza la publicación anterior. Solo investigadores del equipo; queda en la bitácora.',
      en: 'Publishes at /casos/:code what is public in the case file (events, victims by event and cause, unrestricted evidence by its hash), never protected identities; replaces the previous publication. The team’s investigators only; audited.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'cases.manage' },
    request: { params: CaseParams, form: z.object({ lang: optionalText(5) }) },
    responses: {
      ...pageResponses('Not used.', { redirect: 'Published: back to the case file.', notFound: true }),
      403: { description: 'Not an investigator on the team.', html: true },
    },
    handler: async (c, { params }) => {
      const at = access.now();
      const r = await publishCaseFile(app.db, params.code, reader(c), at);
      if (!r.ok) return failurePage(c, r.error);
      return backToFile(c, params.code, 'publicado');
    },
  });

  /** Back to the case file after a change, its note (`?nota=`) shown on top. */
  function backToFile(c: OfficeContext, code: string, note: 'guardado' | 'publicado') {
    return seeOther(c, href(pageContext(c).lang, casePath(code), { nota: note }));
  }

  /** A refusal or a broken item as a page: the failure's words, in its status. */
  function failurePage(c: OfficeContext, failure: CasesFailure): Response | Promise<Response> {
    if (failure.code === 'case_not_found' || failure.code === 'case_entity_not_found') return notFound(c);
    const ctx = pageContext(c);
    const text = describeFailure(failure, ctx.lang);
    return sendPage(
      c,
      pageHtml(<CaseRefusedPage ctx={ctx} title={text.title} text={text.detail} />),
      failureStatus(failure) as PageStatus,
    );
  }

  return router.hono;
}

const langOf = (c: Context): Lang => pickLang(c.req.query('lang'), c.req.header('accept-language'));

/**
 * The public version of a case file, relative to /: what an investigator published, or 404.
 *
 * @example mountRoutes(router, '/', casePublicRoutes(app, access));
 */
export function casePublicRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  defineRoute(router, {
    method: 'get',
    path: '/casos/:code',
    operationId: 'publicCaseFile',
    summary: { es: 'Versión pública de un expediente', en: 'Public version of a case file' },
    description: {
      es: 'Lo que los investigadores publicaron: hechos, víctimas por hecho y causa, personas por código (nombre solo de víctimas no protegidas) y evidencia no reservada por su hash. Sin identidades protegidas.',
      en: 'What the investigators published: events, victims by event and cause, persons by code (a name only for victims not protected) and unrestricted evidence by its hash. No protected identity.',
    },
    tags: ['pages', 'cases'],
    access: { public: true },
    request: { params: CaseParams, query: z.object({ lang: optionalText(5) }) },
    responses: {
      200: { description: 'The public version.', html: true },
      404: { description: 'Not published (or no such code).', html: true },
    },
    handler: async (c, { params }) => {
      const lang = langOf(c);
      c.header('Content-Language', lang);
      c.header('Cache-Control', 'no-store');
      const version = await readPublicCase(app.db, params.code);
      if (!version) return c.html(pageHtml(<PublicCaseNotFoundPage lang={lang} code={params.code} />), 404);
      return c.html(pageHtml(<PublicCasePage version={version} lang={lang} />));
    },
  });
  defineRoute(router, {
    method: 'get',
    path: PUBLISHED_CASES,
    operationId: 'publicCaseList',
    summary: {
      es: 'Expedientes públicos (portal de transparencia)',
      en: 'Public case files (transparency portal)',
    },
    description: {
      es: 'Los expedientes cuya versión pública publicaron sus investigadores, cada uno con el enlace a /casos/:code; uno nunca publicado no aparece.',
      en: 'The case files whose public version their investigators published, each linked to /casos/:code; one never published is not listed.',
    },
    tags: ['pages', 'cases', 'transparency'],
    access: { public: true },
    request: { query: z.object({ lang: optionalText(5) }) },
    responses: { 200: { description: 'The list.', html: true } },
    handler: async (c) => {
      const lang = langOf(c);
      c.header('Content-Language', lang);
      c.header('Cache-Control', 'no-store');
      return c.html(pageHtml(<PublishedCasesPage cases={await publishedCases(app.db)} lang={lang} />));
    },
  });
  return router.hono;
}

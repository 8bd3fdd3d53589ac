import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../access/index.ts';
import type { App } from '../app.ts';
import {
  ACT_TYPES,
  addAct,
  addEvent,
  addEvidence,
  addInvolvement,
  addPerson,
  addRelationship,
  addStatement,
  CAUSES_OF_DEATH,
  type CaseReader,
  CONSENT_SCOPES,
  readerOf as caseReaderOf,
  contradictions,
  custodyLog,
  DERIVATIONS,
  ENTITY_KINDS,
  EVENT_TYPES,
  EVIDENCE_KINDS,
  evidenceStoreFor,
  INVOLVEMENT_DEGREES,
  myInvestigations,
  openInvestigation,
  PERSON_ROLES,
  places,
  protectPerson,
  readCaseFile,
  readEvidence,
  recordCustody,
  setTeamMember,
  TEAM_ROLES,
  timeline,
  verifyCaseCustody,
  victimsByEventAndCause,
} from '../cases/index.ts';
import { createRouter, defineRoute, sendJson } from '../routing/route.ts';
import { Instant, IsoDate } from '../routing/schemas.ts';
import { respondToFailure } from './error-handler.ts';

/**
 * The case files' API at /api/cases (issue #21). A route's permission (cases.read, cases.write,
 * cases.manage) only lets an officer ask: the investigation's team decides (src/cases/
 * case-access.ts), and an investigation whose team the officer is not on answers 404. Every read
 * of a restricted item is audited by the domain; evidence bytes go out with the reader named in a
 * header (the watermark of an export).
 */

const tags = ['cases'];
const errorAnswer = (description: string) => ({ description, problem: true }) as const;
const BODY_BYTES = 64 * 1024;
/** Evidence arrives base64 in JSON: 10 MB of file is about 13.4 MB of text. */
const EVIDENCE_BODY_BYTES = 14 * 1024 * 1024;

const Code = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/)
  .meta({ examples: ['SINT-2019-SACABA-SENKATA'] });
const Digits = z.string().regex(/^[0-9]{1,18}$/);
const Any = z.record(z.string(), z.unknown());
const SourceJson = z.object({ kind: z.enum(['item', 'statement']), id: Digits });

function readerOf(c: Context<AccessEnv>): CaseReader {
  return caseReaderOf(c.get('principal')!);
}

const source = (s: z.infer<typeof SourceJson>) => ({ kind: s.kind, id: BigInt(s.id) });

/**
 * The case files' API routes, to mount at /api/cases.
 *
 * @example mountRoutes(router, '/api/cases', casesApiRoutes(app, access));
 */
export function casesApiRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const store = evidenceStoreFor(app.config.dataDir);

  defineRoute(router, {
    method: 'get',
    path: '/',
    operationId: 'listInvestigations',
    summary: { es: 'Mis investigaciones', en: 'My investigations' },
    description: {
      es: 'Las investigaciones en cuyo equipo está quien pregunta, con su función.',
      en: 'The investigations whose team the caller is on, with their role.',
    },
    tags,
    access: { permission: 'cases.read' },
    responses: {
      200: {
        description: 'The list.',
        schema: z.object({
          investigations: z.array(
            z.object({ code: z.string(), title: z.string(), openedOn: IsoDate, teamRole: z.string() }),
          ),
        }),
      },
    },
    handler: async (c) => {
      c.header('Cache-Control', 'no-store');
      const list = await myInvestigations(app.db, readerOf(c));
      return sendJson(c, {
        investigations: list.map((i) => ({
          code: i.code,
          title: i.title,
          openedOn: i.openedOn,
          teamRole: i.teamRole,
        })),
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/',
    operationId: 'openInvestigation',
    summary: { es: 'Abrir una investigación', en: 'Open an investigation' },
    description: {
      es: 'Quien la abre entra en su equipo como investigador; nadie más la ve hasta que lo sumen al equipo.',
      en: 'Whoever opens it joins its team as investigator; nobody else sees it until added to the team.',
    },
    tags,
    access: { permission: 'cases.manage' },
    request: {
      body: z.object({
        code: Code,
        title: z.string().max(300),
        summary: z.string().max(5000).optional(),
        openedOn: IsoDate,
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      201: { description: 'Opened.', schema: z.object({ code: z.string(), id: Digits }) },
      400: errorAnswer('`case_input_invalid`.'),
      409: errorAnswer('`case_exists`.'),
    },
    handler: async (c, { body }) => {
      const r = await openInvestigation(app.db, body, readerOf(c), access.now());
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { code: r.value.code, id: r.value.id }, 201);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/:code',
    operationId: 'readCaseFile',
    summary: { es: 'El expediente', en: 'The case file' },
    description: {
      es: 'Todo lo que el lector puede ver: identidades protegidas reemplazadas por su código, y para un representante de víctimas solo los archivos de su familia. La lectura queda en la bitácora.',
      en: 'Everything the reader may see: protected identities replaced by their code, and for a victims’ representative only their family’s files. The read is audited.',
    },
    tags,
    access: { permission: 'cases.read' },
    request: { params: z.object({ code: Code }) },
    responses: {
      200: { description: 'The file as the reader sees it.', schema: Any },
      404: errorAnswer('`case_not_found` (also when the caller is not on the team).'),
    },
    handler: async (c, { params }) => {
      c.header('Cache-Control', 'no-store');
      const r = await readCaseFile(app.db, params.code, readerOf(c), access.now());
      if (!r.ok) return respondToFailure(c, r.error);
      const p = c.get('principal')!;
      return sendJson(c, { ...r.value, watermark: { reader: p.actor, at: access.now() } });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/:code/analysis',
    operationId: 'caseAnalysis',
    summary: { es: 'Análisis del expediente', en: 'Analysis of the case file' },
    description: {
      es: 'Víctimas por hecho y causa de muerte con las fuentes de cada celda, contradicciones entre fuentes, lugares y, con `event`, la cronología de un hecho.',
      en: 'Victims by event and cause of death with each cell’s sources, contradictions between sources, places and, with `event`, an event’s timeline.',
    },
    tags,
    access: { permission: 'cases.read' },
    request: { params: z.object({ code: Code }), query: z.object({ event: Digits.optional() }) },
    responses: {
      200: { description: 'The analysis.', schema: Any },
      404: errorAnswer('`case_not_found`.'),
    },
    handler: async (c, { params, query }) => {
      c.header('Cache-Control', 'no-store');
      const r = await readCaseFile(app.db, params.code, readerOf(c), access.now());
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, {
        victims: victimsByEventAndCause(r.value),
        contradictions: contradictions(r.value),
        places: places(r.value),
        timeline: query.event === undefined ? null : timeline(r.value, BigInt(query.event)),
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/team',
    operationId: 'setCaseTeamMember',
    summary: { es: 'Sumar o cambiar un miembro del equipo', en: 'Add or change a team member' },
    tags,
    access: { permission: 'cases.manage' },
    request: {
      params: z.object({ code: Code }),
      body: z.object({
        username: z.string().max(64),
        teamRole: z.enum(TEAM_ROLES),
        familyCode: z.string().max(40).optional(),
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      200: { description: 'The member.', schema: Any },
      400: errorAnswer('`case_input_invalid`.'),
      403: errorAnswer('`case_role_refused`: only the team’s investigators manage it.'),
      404: errorAnswer('`case_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const r = await setTeamMember(app.db, params.code, body, readerOf(c), access.now());
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/events',
    operationId: 'addCaseEvent',
    summary: { es: 'Registrar un hecho', en: 'Record an event' },
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code }),
      body: z.object({
        title: z.string().max(300),
        eventType: z.enum(EVENT_TYPES),
        placeName: z.string().max(300),
        latitude: z.number().optional(),
        longitude: z.number().optional(),
        startsAt: Instant,
        endsAt: Instant,
        description: z.string().max(5000).optional(),
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      201: { description: 'Recorded.', schema: Any },
      400: errorAnswer('`case_input_invalid`.'),
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const r = await addEvent(
        app.db,
        params.code,
        { ...body, startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt) },
        readerOf(c),
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value, 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/persons',
    operationId: 'addCasePerson',
    summary: { es: 'Registrar una persona en sus funciones', en: 'Record a person in their roles' },
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code }),
      body: z.object({
        code: z.string().max(40).optional(),
        fullName: z.string().max(200),
        roles: z.array(z.enum(PERSON_ROLES)).min(1).max(4),
        sex: z.enum(['female', 'male', 'unknown']).optional(),
        dateOfBirth: IsoDate.optional(),
        registry: z
          .object({
            ciNumber: z.string().max(10),
            complemento: z.string().max(2).optional(),
            dateOfBirth: IsoDate,
          })
          .optional(),
        familyCode: z.string().max(40).optional(),
        protected: z.boolean().optional(),
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      201: {
        description: 'Recorded: the person’s id and code.',
        schema: z.object({ id: Digits, code: z.string() }),
      },
      400: errorAnswer('`case_input_invalid`.'),
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`, `case_person_not_in_registry`.'),
    },
    handler: async (c, { params, body }) => {
      const r = await addPerson(app.db, params.code, body, readerOf(c), access.now());
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { id: r.value.id, code: r.value.code }, 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/persons/:id/protection',
    operationId: 'protectCasePerson',
    summary: { es: 'Proteger la identidad de una persona', en: 'Protect a person’s identity' },
    tags,
    access: { permission: 'cases.write' },
    request: { params: z.object({ code: Code, id: Digits }), body: z.object({ protected: z.boolean() }) },
    maxBodyBytes: BODY_BYTES,
    responses: {
      200: { description: 'Done.', schema: z.object({ personId: Digits, protected: z.boolean() }) },
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const r = await protectPerson(
        app.db,
        params.code,
        BigInt(params.id),
        body.protected,
        readerOf(c),
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/evidence',
    operationId: 'addCaseEvidence',
    summary: { es: 'Agregar evidencia', en: 'Add evidence' },
    description: {
      es: 'El archivo en base64 (hasta 10 MB), guardado una sola vez por su SHA-256; su registro de custodia empieza con la recolección (o, para un derivado, con su derivación).',
      en: 'The file in base64 (up to 10 MB), stored once by its SHA-256; its custody log starts with the collection (or, for a derived item, its derivation).',
    },
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code }),
      body: z.object({
        title: z.string().max(300),
        kind: z.enum(EVIDENCE_KINDS),
        mediaType: z.string().max(100),
        contentBase64: z.string().max(EVIDENCE_BODY_BYTES),
        familyCode: z.string().max(40).optional(),
        eventId: Digits.optional(),
        restricted: z.boolean().optional(),
        derivedFrom: z.object({ itemId: Digits, derivation: z.enum(DERIVATIONS) }).optional(),
        collection: z
          .object({
            by: z.string().max(200),
            place: z.string().max(300),
            collectedAt: Instant,
            method: z.string().max(500),
          })
          .optional(),
      }),
    },
    maxBodyBytes: EVIDENCE_BODY_BYTES,
    responses: {
      201: {
        description: 'Added.',
        schema: z.object({ id: Digits, sha256: z.string(), alreadyStored: z.boolean() }),
      },
      400: errorAnswer('`case_input_invalid`.'),
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const r = await addEvidence(
        app.db,
        store,
        params.code,
        {
          title: body.title,
          kind: body.kind,
          mediaType: body.mediaType,
          bytes: new Uint8Array(Buffer.from(body.contentBase64, 'base64')),
          familyCode: body.familyCode,
          eventId: body.eventId === undefined ? undefined : BigInt(body.eventId),
          restricted: body.restricted,
          derivedFrom: body.derivedFrom && {
            itemId: BigInt(body.derivedFrom.itemId),
            derivation: body.derivedFrom.derivation,
          },
          collection: body.collection && {
            ...body.collection,
            collectedAt: new Date(body.collection.collectedAt),
          },
        },
        readerOf(c),
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(
        c,
        { id: r.value.item.id, sha256: r.value.item.sha256, alreadyStored: r.value.alreadyStored },
        201,
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/:code/evidence/:id/content',
    operationId: 'readCaseEvidence',
    summary: { es: 'El archivo de una evidencia', en: 'An evidence item’s file' },
    description: {
      es: 'Los bytes, verificados contra su SHA-256; el acceso queda en la custodia del elemento y, si es restringido, en la bitácora. La cabecera X-Ayni-Reader nombra al lector.',
      en: 'The bytes, checked against their SHA-256; the access goes into the item’s custody and, when restricted, the audit trail. The X-Ayni-Reader header names the reader.',
    },
    tags,
    access: { permission: 'cases.read' },
    request: {
      params: z.object({ code: Code, id: Digits }),
      query: z.object({ purpose: z.string().max(200).optional() }),
    },
    responses: {
      200: { description: 'The file.', schema: z.string().meta({ format: 'binary' }) },
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
      422: errorAnswer('`custody_chain_broken` (the stored file changed), `evidence_blob_missing`.'),
    },
    handler: async (c, { params, query }) => {
      const reader = readerOf(c);
      const r = await readEvidence(
        app.db,
        store,
        params.code,
        BigInt(params.id),
        reader,
        access.now(),
        query.purpose ?? 'api',
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return c.body(new Uint8Array(r.value.bytes), 200, {
        'Content-Type': r.value.item.mediaType,
        'Content-Disposition': `attachment; filename="evidencia-${r.value.item.id}"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'X-Ayni-Reader': reader.actor,
        'X-Ayni-Sha256': r.value.item.sha256,
      });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/:code/evidence/:id/custody',
    operationId: 'caseEvidenceCustody',
    summary: { es: 'Cadena de custodia de una evidencia', en: 'An evidence item’s chain of custody' },
    description: {
      es: 'Las entradas del registro y su verificación (hashes encadenados y bytes guardados).',
      en: 'The log’s entries and their verification (chained hashes and stored bytes).',
    },
    tags,
    access: { permission: 'cases.read' },
    request: { params: z.object({ code: Code, id: Digits }) },
    responses: {
      200: {
        description: 'The log and its verification.',
        schema: z.object({ entries: z.array(Any), verification: Any }),
      },
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
    },
    handler: async (c, { params }) => {
      c.header('Cache-Control', 'no-store');
      const reader = readerOf(c);
      const log = await custodyLog(app.db, params.code, BigInt(params.id), reader);
      if (!log.ok) return respondToFailure(c, log.error);
      const v = await verifyCaseCustody(app.db, store, params.code, BigInt(params.id), reader);
      if (!v.ok) return respondToFailure(c, v.error);
      return sendJson(c, { entries: log.value, verification: v.value[0] });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/evidence/:id/custody',
    operationId: 'recordCaseCustody',
    summary: { es: 'Registrar un traslado, copia o análisis', en: 'Record a transfer, copy or analysis' },
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code, id: Digits }),
      body: z.object({
        action: z.enum(['transferred', 'copied', 'analysed']),
        details: z.record(z.string().max(40), z.string().max(500)),
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      201: { description: 'Appended.', schema: Any },
      400: errorAnswer('`case_input_invalid`.'),
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const r = await recordCustody(app.db, params.code, BigInt(params.id), body, readerOf(c), access.now());
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value, 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/statements',
    operationId: 'addCaseStatement',
    summary: { es: 'Registrar un testimonio', en: 'Record a statement' },
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code }),
      body: z.object({
        witnessPersonId: Digits,
        takenAt: Instant,
        placeName: z.string().max(300),
        language: z.string().max(3),
        interpreter: z.string().max(200).optional(),
        interviewer: z.string().max(200),
        consentGiven: z.boolean(),
        consentScope: z.enum(CONSENT_SCOPES),
        summary: z.string().max(10_000).optional(),
        audioItemId: Digits.optional(),
        transcriptItemId: Digits.optional(),
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      201: { description: 'Recorded.', schema: Any },
      400: errorAnswer('`case_input_invalid`.'),
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const opt = (v: string | undefined) => (v === undefined ? undefined : BigInt(v));
      const r = await addStatement(
        app.db,
        params.code,
        {
          ...body,
          witnessPersonId: BigInt(body.witnessPersonId),
          takenAt: new Date(body.takenAt),
          audioItemId: opt(body.audioItemId),
          transcriptItemId: opt(body.transcriptItemId),
        },
        readerOf(c),
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value, 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/acts',
    operationId: 'addCaseAct',
    summary: { es: 'Registrar un acto según una fuente', en: 'Record an act as one source tells it' },
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code }),
      body: z.object({
        eventId: Digits,
        actType: z.enum(ACT_TYPES),
        victimPersonId: Digits.optional(),
        startsAt: Instant.optional(),
        endsAt: Instant.optional(),
        placeName: z.string().max(300).optional(),
        latitude: z.number().optional(),
        longitude: z.number().optional(),
        causeOfDeath: z.enum(CAUSES_OF_DEATH).optional(),
        description: z.string().max(5000).optional(),
        source: SourceJson,
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      201: { description: 'Recorded.', schema: Any },
      400: errorAnswer('`case_input_invalid`.'),
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const date = (v: string | undefined) => (v === undefined ? undefined : new Date(v));
      const r = await addAct(
        app.db,
        params.code,
        {
          ...body,
          eventId: BigInt(body.eventId),
          victimPersonId: body.victimPersonId === undefined ? undefined : BigInt(body.victimPersonId),
          startsAt: date(body.startsAt),
          endsAt: date(body.endsAt),
          source: source(body.source),
        },
        readerOf(c),
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value, 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/involvements',
    operationId: 'addCaseInvolvement',
    summary: { es: 'Registrar quién hizo qué a quién', en: 'Record who did what to whom' },
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code }),
      body: z.object({
        actId: Digits,
        perpetratorPersonId: Digits,
        degree: z.enum(INVOLVEMENT_DEGREES),
        source: SourceJson,
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      201: { description: 'Recorded.', schema: Any },
      400: errorAnswer('`case_input_invalid` (the person is not an alleged perpetrator).'),
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const r = await addInvolvement(
        app.db,
        params.code,
        {
          actId: BigInt(body.actId),
          perpetratorPersonId: BigInt(body.perpetratorPersonId),
          degree: body.degree,
          source: source(body.source),
        },
        readerOf(c),
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value, 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/:code/relationships',
    operationId: 'addCaseRelationship',
    summary: { es: 'Relacionar dos entidades del expediente', en: 'Relate two entities of the file' },
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code }),
      body: z.object({
        from: z.object({ kind: z.enum(ENTITY_KINDS), id: Digits }),
        to: z.object({ kind: z.enum(ENTITY_KINDS), id: Digits }),
        relation: z.string().max(40),
        source: SourceJson.optional(),
      }),
    },
    maxBodyBytes: BODY_BYTES,
    responses: {
      201: { description: 'Recorded.', schema: Any },
      400: errorAnswer('`case_input_invalid`.'),
      403: errorAnswer('`case_role_refused`.'),
      404: errorAnswer('`case_not_found`, `case_entity_not_found`.'),
    },
    handler: async (c, { params, body }) => {
      const r = await addRelationship(
        app.db,
        params.code,
        {
          from: { kind: body.from.kind, id: BigInt(body.from.id) },
          to: { kind: body.to.kind, id: BigInt(body.to.id) },
          relation: body.relation,
          source: body.source === undefined ? null : source(body.source),
        },
        readerOf(c),
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value, 201);
    },
  });

  return router.hono;
}

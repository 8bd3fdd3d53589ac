import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv, Permission } from '../access/index.ts';
import type { App } from '../app.ts';
import {
  ACT_TYPES,
  addAct,
  addEvent,
  addEvidence,
  addFinding,
  addInvolvement,
  addPerson,
  addRelationship,
  addStatement,
  CAUSES_OF_DEATH,
  type CaseReader,
  type CasesFailure,
  CONSENT_SCOPES,
  readerOf as caseReaderOf,
  caseReport,
  contradictions,
  custodyLog,
  DERIVATIONS,
  ENTITY_KINDS,
  EVENT_TYPES,
  EVIDENCE_KINDS,
  evidenceStoreFor,
  INVOLVEMENT_DEGREES,
  importCaseFile,
  importFormatOf,
  MAX_CASE_IMPORT_BYTES,
  mayImportIntoCase,
  myInvestigations,
  openInvestigation,
  PERSON_ROLES,
  places,
  protectPerson,
  readCaseFile,
  readEvidence,
  recordCustody,
  renderReportPdf,
  setPersonAlias,
  setTeamMember,
  TEAM_ROLES,
  timeline,
  verifyCaseCustody,
  victimsByEventAndCause,
} from '../cases/index.ts';
import { caseReportWords } from '../messages/index.ts';
import { BodyTooLarge, readBoundedBody } from '../routing/body.ts';
import {
  createRouter,
  defineRoute,
  type RequestSpec,
  type ResponseSpec,
  type RouteInput,
  type Router,
  sendJson,
} from '../routing/route.ts';
import { Instant, IsoDate } from '../routing/schemas.ts';
import { ok, type Result } from '../shared/failure.ts';
import { pickLang } from '../shared/lang.ts';
import { respondToFailure } from './error-handler.ts';

/**
 * The case files' API at /api/cases (issue #21). A route's permission (cases.read, cases.write,
 * cases.manage) only lets an officer ask: the investigation's team decides (src/cases/
 * case-access.ts), and an investigation whose team the officer is not on answers 404. Every read
 * of a restricted item is audited by the domain; evidence bytes go out with the reader named in a
 * header (the watermark of an export).
 *
 * Every route has one shape — the reader from the session, the clock from access, one domain call
 * returning a Result, a failure answered from the catalogue — so each is declared with `caseRoute`,
 * which also derives the documented failure answers from the codes the route can return.
 */

const tags = ['cases'];
const BODY_BYTES = 64 * 1024;
/** Evidence arrives base64 in JSON: 10 MB of file is about 13.4 MB of text. */
const EVIDENCE_BODY_BYTES = 14 * 1024 * 1024;

/** The HTTP status of each failure (as src/messages/status/cases.ts answers it). */
const STATUS: Record<CasesFailure['code'], 400 | 403 | 404 | 409 | 422> = {
  case_input_invalid: 400,
  case_role_refused: 403,
  case_not_found: 404,
  case_entity_not_found: 404,
  case_person_not_in_registry: 404,
  case_exists: 409,
  custody_chain_broken: 422,
  evidence_blob_missing: 422,
};

const Code = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/)
  .meta({ examples: ['SINT-2019-SACABA-SENKATA'] });
const Digits = z.string().regex(/^[0-9]{1,18}$/);
const Any = z.record(z.string(), z.unknown());
const SourceJson = z.object({ kind: z.enum(['item', 'statement']), id: Digits });
const InCase = z.object({ code: Code });
const ItemInCase = z.object({ code: Code, id: Digits });

const CaseImportJson = z.object({
  status: z.enum(['completed', 'rejected', 'already_imported']),
  importId: Digits,
  kind: z.enum(['events', 'persons']),
  sha256: z.string(),
  read: z.number().int(),
  accepted: z.number().int(),
  added: z.number().int(),
  alreadyInCase: z.number().int(),
  rejected: z.number().int(),
  rejections: z.array(z.object({ line: z.number().int(), reason: z.string(), field: z.string().optional() })),
  addedIds: z.array(Digits),
});
const source = (s: z.infer<typeof SourceJson>) => ({ kind: s.kind, id: BigInt(s.id) });
const optionalId = (v: string | undefined) => (v === undefined ? undefined : BigInt(v));
const optionalDate = (v: string | undefined) => (v === undefined ? undefined : new Date(v));

/** One case-file route: everything but the shape all of them share. */
interface CaseRoute<R extends RequestSpec, T> {
  method: 'get' | 'post';
  path: string;
  /** Its summary and description are in the API catalogue under this name (src/messages/<lang>/api.ts). */
  operationId: string;
  permission: Permission;
  request?: R;
  answer: { status?: 200 | 201; description: string; schema: z.ZodType };
  /** The failure codes the route may answer, documented under their HTTP status. */
  fails?: readonly CasesFailure['code'][];
  maxBodyBytes?: number;
  run: (input: RouteInput<R>, reader: CaseReader, at: Date) => Promise<Result<T, CasesFailure>>;
  /** How to send the value (JSON with `answer.status` when absent). */
  reply?: (c: Context<AccessEnv>, value: T, reader: CaseReader, at: Date) => Response;
}

/**
 * Declares a case-file route: the permission guard, the reader (src/cases `readerOf`), the access
 * clock, `Cache-Control: no-store` on reads (restricted data), the domain's failure answered from
 * the catalogue, and the OpenAPI failure answers derived from `fails`.
 *
 * @example caseRoute(router, access, { method: 'get', path: '/:code', operationId: 'readCaseFile', …, run: ({ params }, reader, at) => readCaseFile(db, params.code, reader, at) });
 */
function caseRoute<const R extends RequestSpec, T>(
  router: Router,
  access: Access,
  spec: CaseRoute<R, T>,
): void {
  const status = spec.answer.status ?? 200;
  const responses: Record<number, ResponseSpec> = {
    [status]: { description: spec.answer.description, schema: spec.answer.schema },
  };
  for (const code of spec.fails ?? []) {
    const s = STATUS[code];
    const earlier = responses[s]?.description.replace(/\.$/, '');
    responses[s] = { description: `${earlier ? `${earlier}, ` : ''}\`${code}\`.`, problem: true };
  }
  defineRoute<R>(router, {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    tags,
    access: { permission: spec.permission },
    ...(spec.request ? { request: spec.request } : {}),
    ...(spec.method === 'post' ? { maxBodyBytes: spec.maxBodyBytes ?? BODY_BYTES } : {}),
    responses,
    handler: async (c, input) => {
      if (spec.method === 'get') c.header('Cache-Control', 'no-store');
      const reader = caseReaderOf(c.get('principal')!);
      const at = access.now();
      const r = await spec.run(input, reader, at);
      if (!r.ok) return respondToFailure(c, r.error);
      return spec.reply ? spec.reply(c, r.value, reader, at) : sendJson(c, r.value, status);
    },
  });
}

/**
 * The case files' API routes, to mount at /api/cases.
 *
 * @example mountRoutes(router, '/api/cases', casesApiRoutes(app, access));
 */
export function casesApiRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const store = evidenceStoreFor(app.config.dataDir);
  const db = app.db;

  caseRoute(router, access, {
    method: 'get',
    path: '/',
    operationId: 'listInvestigations',
    permission: 'cases.read',
    answer: {
      description: 'The list.',
      schema: z.object({
        investigations: z.array(
          z.object({ code: z.string(), title: z.string(), openedOn: IsoDate, teamRole: z.string() }),
        ),
      }),
    },
    run: async (_input, reader) =>
      ok({
        investigations: (await myInvestigations(db, reader)).map((i) => ({
          code: i.code,
          title: i.title,
          openedOn: i.openedOn,
          teamRole: i.teamRole,
        })),
      }),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/',
    operationId: 'openInvestigation',
    permission: 'cases.manage',
    request: {
      body: z.object({
        code: Code,
        title: z.string().max(300),
        summary: z.string().max(5000).optional(),
        openedOn: IsoDate,
      }),
    },
    answer: { status: 201, description: 'Opened.', schema: z.object({ code: z.string(), id: Digits }) },
    fails: ['case_input_invalid', 'case_exists'],
    run: async ({ body }, reader, at) => {
      const r = await openInvestigation(db, body, reader, at);
      return r.ok ? ok({ code: r.value.code, id: r.value.id }) : r;
    },
  });

  caseRoute(router, access, {
    method: 'get',
    path: '/:code',
    operationId: 'readCaseFile',
    permission: 'cases.read',
    request: { params: InCase },
    answer: { description: 'The file as the reader sees it.', schema: Any },
    fails: ['case_not_found'],
    run: async ({ params }, reader, at) => {
      const r = await readCaseFile(db, params.code, reader, at);
      return r.ok ? ok({ ...r.value, watermark: { reader: reader.actor, at } }) : r;
    },
  });

  caseRoute(router, access, {
    method: 'get',
    path: '/:code/analysis',
    operationId: 'caseAnalysis',
    permission: 'cases.read',
    request: { params: InCase, query: z.object({ event: Digits.optional() }) },
    answer: { description: 'The analysis.', schema: Any },
    fails: ['case_not_found'],
    run: async ({ params, query }, reader, at) => {
      const r = await readCaseFile(db, params.code, reader, at);
      if (!r.ok) return r;
      return ok({
        victims: victimsByEventAndCause(r.value),
        contradictions: contradictions(r.value),
        places: places(r.value),
        timeline: query.event === undefined ? null : timeline(r.value, BigInt(query.event)),
      });
    },
  });

  caseRoute(router, access, {
    method: 'get',
    path: '/:code/report.pdf',
    operationId: 'caseReportPdf',
    permission: 'cases.read',
    request: { params: InCase, query: z.object({ lang: z.enum(['es', 'en']).optional() }) },
    answer: { description: 'The report.', schema: z.string().meta({ format: 'binary' }) },
    fails: ['case_not_found'],
    run: async ({ params, query }, reader, at) => {
      const r = await caseReport(db, store, params.code, reader, at);
      if (!r.ok) return r;
      const pdf = await renderReportPdf(r.value, caseReportWords(pickLang(query.lang, undefined)));
      return ok({ pdf, code: params.code, digest: r.value.bundleDigest });
    },
    reply: (c, value, reader) =>
      c.body(new Uint8Array(value.pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="informe-${value.code}.pdf"`,
        'X-Content-Type-Options': 'nosniff',
        'X-Ayni-Reader': reader.actor,
        'X-Ayni-Bundle-Sha256': value.digest,
      }),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/findings',
    operationId: 'addCaseFinding',
    permission: 'cases.write',
    request: {
      params: InCase,
      body: z.object({
        title: z.string().max(300),
        text: z.string().max(10_000),
        sources: z.array(SourceJson).min(1).max(200),
        supersedes: Digits.optional(),
      }),
    },
    answer: { status: 201, description: 'Recorded: its number.', schema: Any },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: ({ params, body }, reader, at) =>
      addFinding(
        db,
        params.code,
        {
          title: body.title,
          text: body.text,
          sources: body.sources.map(source),
          supersedes: optionalId(body.supersedes),
        },
        reader,
        at,
      ),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/team',
    operationId: 'setCaseTeamMember',
    permission: 'cases.manage',
    request: {
      params: InCase,
      body: z.object({
        username: z.string().max(64),
        teamRole: z.enum(TEAM_ROLES),
        familyCode: z.string().max(40).optional(),
      }),
    },
    answer: { description: 'The member.', schema: Any },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found'],
    run: ({ params, body }, reader, at) => setTeamMember(db, params.code, body, reader, at),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/events',
    operationId: 'addCaseEvent',
    permission: 'cases.write',
    request: {
      params: InCase,
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
    answer: { status: 201, description: 'Recorded.', schema: Any },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found'],
    run: ({ params, body }, reader, at) =>
      addEvent(
        db,
        params.code,
        { ...body, startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt) },
        reader,
        at,
      ),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/persons',
    operationId: 'addCasePerson',
    permission: 'cases.write',
    request: {
      params: InCase,
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
    answer: {
      status: 201,
      description: 'Recorded: the person’s id and code.',
      schema: z.object({ id: Digits, code: z.string() }),
    },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_person_not_in_registry'],
    run: async ({ params, body }, reader, at) => {
      const r = await addPerson(db, params.code, body, reader, at);
      return r.ok ? ok({ id: r.value.id, code: r.value.code }) : r;
    },
  });

  // A file of events or persons: the body is the file itself (text/csv or application/json), not
  // read by the route helper: the caller's team role is checked first, then the body is read as it
  // streams, at most MAX_CASE_IMPORT_BYTES (413 beyond), and imported all or nothing.
  defineRoute(router, {
    method: 'post',
    path: '/:code/imports/:kind',
    operationId: 'importCaseFile',
    tags,
    access: { permission: 'cases.write' },
    request: {
      params: z.object({ code: Code, kind: z.enum(['events', 'persons']) }),
      query: z.object({ fileName: z.string().max(200).optional() }),
    },
    responses: {
      201: {
        description:
          'Imported: the counts (read = accepted + rejected; accepted = added + already in the case).',
        schema: CaseImportJson,
      },
      200: {
        description: 'This file was imported before: nothing added, the earlier import’s counts.',
        schema: CaseImportJson,
      },
      400: {
        description:
          'A file that is no import at all (its header, its JSON, its encoding, empty): `case_input_invalid`.',
        problem: true,
      },
      403: { description: '`case_role_refused` (only the team’s investigators import).', problem: true },
      404: { description: '`case_not_found`.', problem: true },
      413: { description: 'A file over 16 MiB: `request_too_large`.', problem: true },
      422: {
        description: 'Rejected rows: nothing was written; every rejected row with its line and reason.',
        schema: CaseImportJson,
      },
    },
    handler: async (c, { params, query }) => {
      const reader = caseReaderOf(c.get('principal')!);
      const allowed = await mayImportIntoCase(db, params.code, reader);
      if (!allowed.ok) return respondToFailure(c, allowed.error);
      let bytes: Uint8Array;
      try {
        bytes = await readBoundedBody(c, MAX_CASE_IMPORT_BYTES);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        return respondToFailure(c, { code: 'request_too_large', limitBytes: error.limitBytes });
      }
      const format = importFormatOf(c.req.header('content-type') ?? '');
      const r = await importCaseFile(
        db,
        params.code,
        params.kind,
        { fileName: query.fileName ?? `${params.kind}.${format}`, bytes, format },
        reader,
        access.now(),
      );
      if (!r.ok) return respondToFailure(c, r.error);
      const status = r.value.status === 'completed' ? 201 : r.value.status === 'rejected' ? 422 : 200;
      return sendJson(c, r.value, status);
    },
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/persons/:id/protection',
    operationId: 'protectCasePerson',
    permission: 'cases.write',
    request: { params: ItemInCase, body: z.object({ protected: z.boolean() }) },
    answer: { description: 'Done.', schema: z.object({ personId: Digits, protected: z.boolean() }) },
    fails: ['case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: ({ params, body }, reader, at) =>
      protectPerson(db, params.code, BigInt(params.id), body.protected, reader, at),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/persons/:id/aliases',
    operationId: 'setCasePersonAlias',
    permission: 'cases.write',
    request: {
      params: ItemInCase,
      body: z.object({ alias: z.string().max(400), remove: z.boolean().optional() }),
    },
    answer: {
      description: 'Done (changed: false when the person already had it, or did not have it to remove).',
      schema: z.object({ personId: Digits, alias: z.string(), changed: z.boolean() }),
    },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: ({ params, body }, reader, at) =>
      setPersonAlias(db, params.code, BigInt(params.id), body.alias, body.remove !== true, reader, at),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/evidence',
    operationId: 'addCaseEvidence',
    permission: 'cases.write',
    request: {
      params: InCase,
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
    answer: {
      status: 201,
      description: 'Added.',
      schema: z.object({ id: Digits, sha256: z.string(), alreadyStored: z.boolean() }),
    },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: async ({ params, body }, reader, at) => {
      const r = await addEvidence(
        db,
        store,
        params.code,
        {
          title: body.title,
          kind: body.kind,
          mediaType: body.mediaType,
          bytes: new Uint8Array(Buffer.from(body.contentBase64, 'base64')),
          familyCode: body.familyCode,
          eventId: optionalId(body.eventId),
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
        reader,
        at,
      );
      if (!r.ok) return r;
      return ok({ id: r.value.item.id, sha256: r.value.item.sha256, alreadyStored: r.value.alreadyStored });
    },
  });

  caseRoute(router, access, {
    method: 'get',
    path: '/:code/evidence/:id/content',
    operationId: 'readCaseEvidence',
    permission: 'cases.read',
    request: { params: ItemInCase, query: z.object({ purpose: z.string().max(200).optional() }) },
    answer: { description: 'The file.', schema: z.string().meta({ format: 'binary' }) },
    fails: ['case_not_found', 'case_entity_not_found', 'custody_chain_broken', 'evidence_blob_missing'],
    run: ({ params, query }, reader, at) =>
      readEvidence(db, store, params.code, BigInt(params.id), reader, at, query.purpose ?? 'api'),
    reply: (c, { item, bytes }, reader) =>
      c.body(new Uint8Array(bytes), 200, {
        'Content-Type': item.mediaType,
        'Content-Disposition': `attachment; filename="evidencia-${item.id}"`,
        'X-Content-Type-Options': 'nosniff',
        'X-Ayni-Reader': reader.actor,
        'X-Ayni-Sha256': item.sha256,
      }),
  });

  caseRoute(router, access, {
    method: 'get',
    path: '/:code/evidence/:id/custody',
    operationId: 'caseEvidenceCustody',
    permission: 'cases.read',
    request: { params: ItemInCase },
    answer: {
      description: 'The log and its verification.',
      schema: z.object({ entries: z.array(Any), verification: Any }),
    },
    fails: ['case_not_found', 'case_entity_not_found'],
    run: async ({ params }, reader, at) => {
      const log = await custodyLog(db, params.code, BigInt(params.id), reader, at);
      if (!log.ok) return log;
      const v = await verifyCaseCustody(db, store, params.code, BigInt(params.id), reader);
      return v.ok ? ok({ entries: log.value, verification: v.value[0] }) : v;
    },
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/evidence/:id/custody',
    operationId: 'recordCaseCustody',
    permission: 'cases.write',
    request: {
      params: ItemInCase,
      body: z.object({
        action: z.enum(['transferred', 'copied', 'analysed']),
        details: z.record(z.string().max(40), z.string().max(500)),
      }),
    },
    answer: { status: 201, description: 'Appended.', schema: Any },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: ({ params, body }, reader, at) =>
      recordCustody(db, params.code, BigInt(params.id), body, reader, at),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/statements',
    operationId: 'addCaseStatement',
    permission: 'cases.write',
    request: {
      params: InCase,
      body: z.object({
        witnessPersonId: Digits,
        eventId: Digits.optional(),
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
    answer: { status: 201, description: 'Recorded.', schema: Any },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: ({ params, body }, reader, at) =>
      addStatement(
        db,
        params.code,
        {
          ...body,
          witnessPersonId: BigInt(body.witnessPersonId),
          eventId: optionalId(body.eventId),
          takenAt: new Date(body.takenAt),
          audioItemId: optionalId(body.audioItemId),
          transcriptItemId: optionalId(body.transcriptItemId),
        },
        reader,
        at,
      ),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/acts',
    operationId: 'addCaseAct',
    permission: 'cases.write',
    request: {
      params: InCase,
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
    answer: { status: 201, description: 'Recorded.', schema: Any },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: ({ params, body }, reader, at) =>
      addAct(
        db,
        params.code,
        {
          ...body,
          eventId: BigInt(body.eventId),
          victimPersonId: optionalId(body.victimPersonId),
          startsAt: optionalDate(body.startsAt),
          endsAt: optionalDate(body.endsAt),
          source: source(body.source),
        },
        reader,
        at,
      ),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/involvements',
    operationId: 'addCaseInvolvement',
    permission: 'cases.write',
    request: {
      params: InCase,
      body: z.object({
        actId: Digits,
        perpetratorPersonId: Digits,
        degree: z.enum(INVOLVEMENT_DEGREES),
        source: SourceJson,
      }),
    },
    answer: { status: 201, description: 'Recorded.', schema: Any },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: ({ params, body }, reader, at) =>
      addInvolvement(
        db,
        params.code,
        {
          actId: BigInt(body.actId),
          perpetratorPersonId: BigInt(body.perpetratorPersonId),
          degree: body.degree,
          source: source(body.source),
        },
        reader,
        at,
      ),
  });

  caseRoute(router, access, {
    method: 'post',
    path: '/:code/relationships',
    operationId: 'addCaseRelationship',
    permission: 'cases.write',
    request: {
      params: InCase,
      body: z.object({
        from: z.object({ kind: z.enum(ENTITY_KINDS), id: Digits }),
        to: z.object({ kind: z.enum(ENTITY_KINDS), id: Digits }),
        relation: z.string().max(40),
        source: SourceJson.optional(),
      }),
    },
    answer: { status: 201, description: 'Recorded.', schema: Any },
    fails: ['case_input_invalid', 'case_role_refused', 'case_not_found', 'case_entity_not_found'],
    run: ({ params, body }, reader, at) =>
      addRelationship(
        db,
        params.code,
        {
          from: { kind: body.from.kind, id: BigInt(body.from.id) },
          to: { kind: body.to.kind, id: BigInt(body.to.id) },
          relation: body.relation,
          source: body.source === undefined ? null : source(body.source),
        },
        reader,
        at,
      ),
  });

  return router.hono;
}

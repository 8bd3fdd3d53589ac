import { z } from 'zod';
import { can } from '../../access/index.ts';
import { identityMergeGuard } from '../../identity-merge-guard.ts';
import { describeFailure, pageMessages } from '../../messages/index.ts';
import {
  comparePersons,
  decideMergeProposal,
  findDuplicates,
  type IdentityMergeFailure,
  identityMergeDetail,
  listIdentityMerges,
  personsOfPair,
  proposeMerge,
  unmerge,
} from '../../registry/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import type { Lang } from '../../shared/lang.ts';
import { type FieldError, pageHtml } from '../components/index.ts';
import { type ActorNames, actorName, loadActorNames } from './actor-names.ts';
import { href } from './backoffice.page.ts';
import {
  DuplicatesPage,
  IDENTITY_MERGES,
  MERGE_DONE,
  type MergeDone,
  MergeNotFoundPage,
  MergePage,
  MergesPage,
  type ProposalValues,
  ProposeMergePage,
} from './identity-merge.page.tsx';
import {
  idParam,
  OFFICE_TAGS,
  type OfficeContext,
  type OfficeDeps,
  optionalText,
  pageContext,
  pageResponses,
  principalOf,
  seeOther,
  sendPage,
} from './office.context.ts';

type Status = Parameters<typeof sendPage>[2];

/** Pairs the duplicates page shows at once. */
const DUPLICATES_SHOWN = 100;

/** A person id of a form or query: digits, at most 18. */
const personId = (raw: string | undefined): bigint | undefined =>
  raw !== undefined && /^[1-9][0-9]{0,17}$/.test(raw) ? BigInt(raw) : undefined;

/**
 * A refusal in the reader's language, the officer who decided first named by their display name.
 */
export function mergeRefusal(failure: IdentityMergeFailure, lang: Lang, names: ActorNames) {
  const named =
    failure.code === 'identity_merge_decided'
      ? { ...failure, decidedBy: actorName(failure.decidedBy, { lang, principal: null }, names) }
      : failure;
  const d = describeFailure(named, lang);
  return { title: d.title, detail: d.detail, status: d.status as Status };
}

/**
 * Registry duplicates and their maker-checker merges in the back office (issue #23): the probable
 * duplicate pairs, a pair side by side with the proposal form, the merges, one merge with the
 * second officer's decision or undo. Reading needs registry.read; proposing
 * registry.merge_propose; approving, rejecting and undoing registry.merge_approve (and the service
 * refuses the proposer). Every form works without JavaScript.
 */
export function identityMergeRoutes(router: Router, { app, access }: OfficeDeps): void {
  const showPair = async (
    c: OfficeContext,
    a: bigint | undefined,
    b: bigint | undefined,
    weight: string,
    o: { refusal?: { title: string; detail: string }; errors?: FieldError[]; values?: ProposalValues } = {},
    status: Status = 200,
  ) => {
    const ctx = pageContext(c);
    const [left, right] =
      a !== undefined && b !== undefined && a !== b ? await personsOfPair(app.db, a, b) : [];
    if (!left || !right) return sendPage(c, pageHtml(<MergeNotFoundPage ctx={ctx} />), 404);
    return sendPage(
      c,
      pageHtml(
        <ProposeMergePage
          ctx={ctx}
          a={left}
          b={right}
          vector={comparePersons(left, right)}
          weight={weight}
          {...o}
        />,
      ),
      status,
    );
  };

  const showMerge = async (
    c: OfficeContext,
    id: number,
    o: {
      done?: MergeDone;
      refusal?: { title: string; detail: string };
      errors?: FieldError[];
      values?: { decision: string; reason: string };
    } = {},
    status: Status = 200,
  ) => {
    const ctx = pageContext(c);
    const detail = await identityMergeDetail(app.db, BigInt(id));
    if (!detail) return sendPage(c, pageHtml(<MergeNotFoundPage ctx={ctx} />), 404);
    const names = await loadActorNames(app.db);
    return sendPage(
      c,
      pageHtml(
        <MergePage
          ctx={ctx}
          detail={detail}
          names={names}
          mayDecide={can(ctx.principal, 'registry.merge_approve')}
          {...o}
        />,
      ),
      status,
    );
  };

  defineRoute(router, {
    method: 'get',
    path: '/identidades/duplicados',
    operationId: 'officeIdentityDuplicates',
    summary: { es: 'Personas duplicadas del registro', en: 'Duplicate persons in the registry' },
    description: {
      es: 'Pares de personas que el comparador cree la misma persona inscrita dos veces, de la mayor evidencia a la menor.',
      en: 'Pairs of persons the matcher takes for one person registered twice, strongest first.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    responses: pageResponses('The pairs.'),
    handler: async (c) => {
      const ctx = pageContext(c);
      const found = await findDuplicates(app.db, access.now().toISOString().slice(0, 10), DUPLICATES_SHOWN);
      return sendPage(
        c,
        pageHtml(
          <DuplicatesPage
            ctx={ctx}
            pairs={found.pairs}
            candidates={found.candidates}
            mayPropose={can(ctx.principal, 'registry.merge_propose')}
          />,
        ),
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/identidades/fusiones/nueva',
    operationId: 'officeIdentityMergeNew',
    summary: { es: 'Proponer la fusión de dos personas', en: 'Propose merging two persons' },
    description: {
      es: 'Las dos personas lado a lado, las comparaciones en palabras y el formulario: qué registro se conserva y por qué.',
      en: 'The two persons side by side, the comparisons in words and the form: which record is kept, and why.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.merge_propose' },
    request: { query: z.object({ a: optionalText(20), b: optionalText(20), peso: optionalText(20) }) },
    responses: pageResponses('The pair and the form.', { notFound: true }),
    handler: (c, { query }) => showPair(c, personId(query.a), personId(query.b), weightText(query.peso)),
  });

  defineRoute(router, {
    method: 'post',
    path: '/identidades/fusiones',
    operationId: 'officeIdentityMergePropose',
    summary: { es: 'Proponer una fusión', en: 'Propose a merge' },
    description: {
      es: 'Conserva la persona elegida y retira la otra cuando un segundo funcionario lo apruebe. Rechazada, con el motivo, si la persona a retirar tiene registros de otro programa (un pago o un derecho del bono, una dosis) o si el par ya tiene una fusión.',
      en: 'Keeps the chosen person and retires the other once a second officer approves. Refused, with the reason, when the person to retire holds another programme’s records (a bono payment or entitlement, a dose) or the pair already has a merge.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.merge_propose' },
    request: {
      form: z.object({
        a: optionalText(20),
        b: optionalText(20),
        peso: optionalText(20),
        conservar: optionalText(20),
        motivo: optionalText(2000),
      }),
    },
    responses: {
      ...pageResponses('Not used.', {
        redirect: 'Proposed: to the merge.',
        refused: 'The pair again, with what to fix.',
        notFound: true,
      }),
      409: { description: 'Refused by the registry: the pair again, with the reason.', html: true },
    },
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const words = pageMessages(ctx.lang).identity.merge;
      const a = personId(body.a);
      const b = personId(body.b);
      const weight = weightText(body.peso);
      const values = { keep: body.conservar ?? '', reason: (body.motivo ?? '').trim() };
      const keep = personId(body.conservar);
      const errors: FieldError[] = [];
      if (keep === undefined || (keep !== a && keep !== b))
        errors.push({ name: 'conservar', message: words.chooseKeep });
      if (values.reason === '') errors.push({ name: 'motivo', message: words.reasonMissing });
      if (errors.length > 0 || a === undefined || b === undefined || keep === undefined)
        return showPair(c, a, b, weight, { errors, values }, 400);
      const retired = keep === a ? b : a;
      const [left, right] = await personsOfPair(app.db, a, b);
      const r = await proposeMerge(app.db, identityMergeGuard, {
        survivingPersonId: keep,
        retiredPersonId: retired,
        reason: values.reason,
        officer: principalOf(c).actor,
        at: access.now(),
        ...(weight === '' ? {} : { weight: Number(weight) }),
        ...(left && right ? { vector: comparePersons(left, right) } : {}),
      });
      if (r.ok) return seeOther(c, href(ctx.lang, `${IDENTITY_MERGES}/${r.value.id}`, { hecho: 'proposed' }));
      const refusal = mergeRefusal(r.error, ctx.lang, await loadActorNames(app.db));
      return showPair(c, a, b, weight, { refusal, values }, refusal.status);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/identidades/fusiones',
    operationId: 'officeIdentityMerges',
    summary: { es: 'Fusiones de personas', en: 'Person merges' },
    description: {
      es: 'Las fusiones propuestas, aprobadas, rechazadas y deshechas, de la más reciente a la más antigua.',
      en: 'The merges proposed, approved, rejected and undone, newest first.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    responses: pageResponses('The merges.'),
    handler: async (c) => {
      const ctx = pageContext(c);
      const [merges, names] = await Promise.all([listIdentityMerges(app.db), loadActorNames(app.db)]);
      return sendPage(c, pageHtml(<MergesPage ctx={ctx} merges={merges} names={names} />));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/identidades/fusiones/:id{[0-9]+}',
    operationId: 'officeIdentityMerge',
    summary: { es: 'Una fusión de personas', en: 'One person merge' },
    description: {
      es: 'Las dos personas lado a lado, la historia de la fusión y, para un segundo funcionario, aprobar, rechazar o deshacer.',
      en: 'The two persons side by side, the merge’s history and, for a second officer, approve, reject or undo.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    request: { params: idParam, query: z.object({ hecho: optionalText(20) }) },
    responses: pageResponses('The merge.', { notFound: true }),
    handler: (c, { params, query }) => {
      const done = (MERGE_DONE as readonly string[]).includes(query.hecho ?? '')
        ? (query.hecho as MergeDone)
        : undefined;
      return showMerge(c, params.id, done ? { done } : {});
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/identidades/fusiones/:id{[0-9]+}/decision',
    operationId: 'officeIdentityMergeDecide',
    summary: { es: 'Aprobar o rechazar una fusión', en: 'Approve or reject a merge' },
    description: {
      es: 'El segundo funcionario (nunca quien la propuso) aprueba o rechaza, con motivo. De dos aprobaciones a la vez, una fusiona y la otra recibe quién lo hizo; un doble envío decide una sola vez.',
      en: 'The second officer (never the proposer) approves or rejects, with a reason. Of two approvals at once, one merges and the other is told who did; a double submit decides once.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.merge_approve' },
    request: {
      params: idParam,
      form: z.object({ decision: optionalText(20), motivo: optionalText(2000) }),
    },
    responses: {
      ...pageResponses('Not used.', {
        redirect: 'Decided: back to the merge with what was done.',
        refused: 'The merge again, with what to fix.',
        notFound: true,
      }),
      403: { description: 'The proposer cannot decide: the merge, saying so.', html: true },
      409: { description: 'Decided already, or refused by the registry: the merge, saying why.', html: true },
    },
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const words = pageMessages(ctx.lang).identity.merge;
      const values = { decision: body.decision ?? '', reason: (body.motivo ?? '').trim() };
      const decision =
        values.decision === 'aprobar' ? 'approve' : values.decision === 'rechazar' ? 'reject' : undefined;
      const errors: FieldError[] = [];
      if (!decision) errors.push({ name: 'decision', message: words.chooseDecision });
      if (values.reason === '') errors.push({ name: 'motivo', message: words.reasonMissing });
      if (!decision || errors.length > 0) return showMerge(c, params.id, { errors, values }, 400);
      const r = await decideMergeProposal(app.db, identityMergeGuard, {
        mergeId: BigInt(params.id),
        decision,
        reason: values.reason,
        officer: principalOf(c).actor,
        at: access.now(),
      });
      if (r.ok) {
        const done: MergeDone = r.value.repeated ? 'repeated' : (r.value.merge.status as MergeDone);
        return seeOther(c, href(ctx.lang, `${IDENTITY_MERGES}/${params.id}`, { hecho: done }));
      }
      if (r.error.code === 'identity_merge_not_found') return showMerge(c, params.id);
      const refusal = mergeRefusal(r.error, ctx.lang, await loadActorNames(app.db));
      return showMerge(c, params.id, { refusal, values }, refusal.status);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/identidades/fusiones/:id{[0-9]+}/deshacer',
    operationId: 'officeIdentityMergeUndo',
    summary: { es: 'Deshacer una fusión', en: 'Undo a merge' },
    description: {
      es: 'La persona retirada vuelve al registro vigente y recupera cada referencia que la fusión movió. Nunca quien la propuso.',
      en: 'The retired person is back in the registry in force and gets back every reference the merge moved. Never the proposer.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.merge_approve' },
    request: { params: idParam, form: z.object({ motivo: optionalText(2000) }) },
    responses: {
      ...pageResponses('Not used.', {
        redirect: 'Undone: back to the merge.',
        refused: 'The merge again, with what to fix.',
        notFound: true,
      }),
      403: { description: 'The proposer cannot undo: the merge, saying so.', html: true },
      409: { description: 'Not in force: the merge, saying so.', html: true },
    },
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const words = pageMessages(ctx.lang).identity.merge;
      const values = { decision: '', reason: (body.motivo ?? '').trim() };
      if (values.reason === '')
        return showMerge(
          c,
          params.id,
          { errors: [{ name: 'motivo', message: words.reasonMissing }], values },
          400,
        );
      const r = await unmerge(app.db, {
        mergeId: BigInt(params.id),
        reason: values.reason,
        officer: principalOf(c).actor,
        at: access.now(),
      });
      if (r.ok)
        return seeOther(
          c,
          href(ctx.lang, `${IDENTITY_MERGES}/${params.id}`, {
            hecho: r.value.repeated ? 'repeated' : 'unmerged',
          }),
        );
      if (r.error.code === 'identity_merge_not_found') return showMerge(c, params.id);
      const refusal = mergeRefusal(r.error, ctx.lang, await loadActorNames(app.db));
      return showMerge(c, params.id, { refusal, values }, refusal.status);
    },
  });
}

/** The weight the duplicates page passed along, if it is a number. */
function weightText(raw: string | undefined): string {
  return raw !== undefined && /^-?[0-9]{1,4}(\.[0-9]{1,3})?$/.test(raw) ? raw : '';
}

import { formatDate, formatInstant, formatNumber, pageMessages } from '../../messages/index.ts';
import type {
  CandidatePerson,
  DuplicatePair,
  IdentityMerge,
  IdentityMergeDetail,
} from '../../registry/index.ts';
import { MUNICIPALITY_BY_CODE } from '../../registry/index.ts';
import {
  ErrorSummary,
  type FieldError,
  Form,
  HiddenField,
  Notice,
  Radios,
  SubmitButton,
  Table,
} from '../components/index.ts';
import { type ActorNames, actorName } from './actor-names.ts';
import { href, type PageContext } from './backoffice.page.ts';
import { IDENTITY_REVIEWS } from './identity-review.page.tsx';
import { OfficeLayout } from './office-layout.tsx';
import { ReasonField } from './reason-field.tsx';

/** Registry duplicates and merges in the back office (issue #23). */
export const IDENTITY_DUPLICATES = `${IDENTITY_REVIEWS}/duplicados`;
export const IDENTITY_MERGES = `${IDENTITY_REVIEWS}/fusiones`;
export const IDENTITY_MERGE_NEW = `${IDENTITY_MERGES}/nueva`;

/** The outcomes a redirect names (`?hecho=`), each worded on the merge's page. */
export const MERGE_DONE = ['proposed', 'approved', 'rejected', 'unmerged', 'repeated'] as const;
export type MergeDone = (typeof MERGE_DONE)[number];

type Refusal = { title: string; detail: string } | undefined;

const ciText = (ci: string, complemento: string) => (complemento ? `${ci}-${complemento}` : ci);

/** Links between the three identity screens. */
function IdentityLinks({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).identity.merge;
  return (
    <p>
      <a href={href(ctx.lang, IDENTITY_REVIEWS)}>{words.toQueue}</a> ·{' '}
      <a href={href(ctx.lang, IDENTITY_DUPLICATES)}>{words.toDuplicates}</a> ·{' '}
      <a href={href(ctx.lang, IDENTITY_MERGES)}>{words.toMerges}</a>
    </p>
  );
}

/** Two persons side by side, detail by detail, then how the matcher compares them, in words. */
function SideBySide(p: {
  ctx: PageContext;
  columns: Array<{ label: string; person: CandidatePerson | undefined }>;
  vector?: Record<string, string | null> | undefined;
}) {
  const L = p.ctx.lang;
  const all = pageMessages(L).identity;
  const words = all.merge;
  const place = (code: string) => MUNICIPALITY_BY_CODE.get(code)?.name ?? code;
  const fields: Array<[string, (c: CandidatePerson) => string]> = [
    [all.fields.ciNumber, (c) => c.ciNumber],
    [all.fields.complemento, (c) => c.complemento || all.noComplemento],
    [all.fields.dateOfBirth, (c) => formatDate(c.dateOfBirth, L)],
    [all.fields.names, (c) => c.givenNames],
    [all.fields.surnames, (c) => [c.firstSurname, c.secondSurname].filter(Boolean).join(' ')],
    [all.fields.sex, (c) => all.sexes[c.sex] ?? c.sex],
    [all.fields.municipality, (c) => place(c.municipalityCode)],
    [all.fields.dateOfDeath, (c) => (c.dateOfDeath === null ? all.alive : formatDate(c.dateOfDeath, L))],
  ];
  return (
    <section>
      <h2>{words.sideBySide}</h2>
      <Table
        label={words.sideBySide}
        columns={[{ label: all.field }, ...p.columns.map((c) => ({ label: c.label }))]}
        rows={fields.map(([label, of]) => [
          <strong>{label}</strong>,
          ...p.columns.map((c) => (c.person ? of(c.person) : '—')),
        ])}
      />
      {p.vector ? (
        <ul>
          {Object.entries(p.vector)
            .filter(([, level]) => level !== null)
            .map(([comparison, level]) => (
              <li>
                {all.comparisons[comparison] ?? all.unknownLevel}:{' '}
                {all.levels[comparison]?.[String(level)] ?? all.unknownLevel}
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  );
}

export interface DuplicatesPageProps {
  ctx: PageContext;
  pairs: readonly DuplicatePair[];
  candidates: number;
  /** May the reader propose a merge (registry.merge_propose)? */
  mayPropose: boolean;
}

/**
 * The probable duplicate pairs of the registry, strongest first, each with a link to compare the
 * two persons and propose the merge.
 *
 * @example sendPage(c, pageHtml(<DuplicatesPage ctx={ctx} pairs={pairs} candidates={57} mayPropose />))
 */
export function DuplicatesPage(p: DuplicatesPageProps) {
  const { ctx } = p;
  const L = ctx.lang;
  const all = pageMessages(L).identity;
  const words = all.merge;
  const who = (x: CandidatePerson) =>
    `${words.person(String(x.id))}: ${x.givenNames} ${x.firstSurname} ${x.secondSurname} · ${ciText(x.ciNumber, x.complemento)} · ${formatDate(x.dateOfBirth, L)}`;
  return (
    <OfficeLayout ctx={ctx} title={words.duplicatesTitle} section={IDENTITY_REVIEWS}>
      <IdentityLinks ctx={ctx} />
      <p>{words.duplicatesIntro}</p>
      <p>{words.scanned(formatNumber(p.candidates, L))}</p>
      {p.pairs.length === 0 ? (
        <p>{words.noDuplicates}</p>
      ) : (
        <Table
          label={words.duplicatesTitle}
          columns={[
            { label: words.pairColumn },
            { label: words.personColumn },
            { label: words.personColumn },
            { label: words.strengthColumn },
          ]}
          rows={p.pairs.map((pair, i) => [
            p.mayPropose ? (
              <a
                href={href(L, IDENTITY_MERGE_NEW, {
                  a: String(pair.left.id),
                  b: String(pair.right.id),
                  peso: (Math.round(pair.weight * 10) / 10).toFixed(1),
                })}
              >
                {words.pair(i + 1)}
              </a>
            ) : (
              words.pair(i + 1)
            ),
            who(pair.left),
            who(pair.right),
            `${words.strength[pair.strength]} · ${formatNumber(Math.round(pair.weight * 10) / 10, L)}`,
          ])}
        />
      )}
    </OfficeLayout>
  );
}

/** What the proposal form keeps when it comes back refused. */
export interface ProposalValues {
  keep: string;
  reason: string;
}

export interface ProposeMergePageProps {
  ctx: PageContext;
  a: CandidatePerson;
  b: CandidatePerson;
  vector: Record<string, string | null>;
  weight: string;
  refusal?: Refusal;
  errors?: readonly FieldError[];
  values?: ProposalValues;
}

/**
 * Two persons side by side with the comparisons in words and the proposal form: which record is
 * kept, and why.
 *
 * @example sendPage(c, pageHtml(<ProposeMergePage ctx={ctx} a={a} b={b} vector={v} weight="30.5" />))
 */
export function ProposeMergePage(p: ProposeMergePageProps) {
  const { ctx } = p;
  const L = ctx.lang;
  const words = pageMessages(L).identity.merge;
  const errorOf = (name: string) => p.errors?.find((e) => e.name === name)?.message;
  return (
    <OfficeLayout ctx={ctx} title={words.propose} section={IDENTITY_REVIEWS}>
      {p.refusal ? (
        <Notice kind="err" title={p.refusal.title}>
          {p.refusal.detail}
        </Notice>
      ) : null}
      <ErrorSummary lang={L} errors={p.errors ?? []} />
      <IdentityLinks ctx={ctx} />
      <SideBySide
        ctx={ctx}
        columns={[
          { label: words.person(String(p.a.id)), person: p.a },
          { label: words.person(String(p.b.id)), person: p.b },
        ]}
        vector={p.vector}
      />
      <Form action={href(L, IDENTITY_MERGES)} csrfToken={ctx.csrfToken}>
        <HiddenField name="a" value={String(p.a.id)} />
        <HiddenField name="b" value={String(p.b.id)} />
        <HiddenField name="peso" value={p.weight} />
        <Radios
          name="conservar"
          label={words.keep}
          value={p.values?.keep}
          error={errorOf('conservar')}
          choices={[p.a, p.b].map((x) => ({ value: String(x.id), label: words.keepPerson(String(x.id)) }))}
        />
        <ReasonField
          label={words.reason}
          hint={words.reasonHint}
          value={p.values?.reason}
          error={errorOf('motivo')}
        />
        <SubmitButton>{words.propose}</SubmitButton>
      </Form>
    </OfficeLayout>
  );
}

export interface MergesPageProps {
  ctx: PageContext;
  merges: readonly IdentityMerge[];
  names: ActorNames;
}

/**
 * The merges, newest first: who is kept, who retired, the status and who proposed.
 *
 * @example sendPage(c, pageHtml(<MergesPage ctx={ctx} merges={merges} names={names} />))
 */
export function MergesPage(p: MergesPageProps) {
  const { ctx } = p;
  const L = ctx.lang;
  const words = pageMessages(L).identity.merge;
  return (
    <OfficeLayout ctx={ctx} title={words.mergesTitle} section={IDENTITY_REVIEWS}>
      <IdentityLinks ctx={ctx} />
      <p>{words.mergesIntro}</p>
      {p.merges.length === 0 ? (
        <p>{words.noMerges}</p>
      ) : (
        <Table
          label={words.mergesTitle}
          columns={[
            { label: words.mergeColumn },
            { label: words.surviving },
            { label: words.retired },
            { label: words.status },
            { label: words.proposedBy },
          ]}
          rows={p.merges.map((m) => [
            <a href={href(L, `${IDENTITY_MERGES}/${m.id}`)}>{words.merge(String(m.id))}</a>,
            words.person(String(m.survivingPersonId)),
            words.person(String(m.retiredPersonId)),
            words.statuses[m.status],
            actorName(m.proposedBy, ctx, p.names),
          ])}
        />
      )}
    </OfficeLayout>
  );
}

export interface MergePageProps {
  ctx: PageContext;
  detail: IdentityMergeDetail;
  names: ActorNames;
  /** May the reader approve, reject or undo (registry.merge_approve)? */
  mayDecide: boolean;
  done?: MergeDone | undefined;
  refusal?: Refusal;
  errors?: readonly FieldError[];
  values?: { decision: string; reason: string };
}

/**
 * One merge: both persons side by side, its history (proposal, decision, undo) and, for a second
 * officer, the decision form (approve or reject) or the undo form.
 *
 * @example sendPage(c, pageHtml(<MergePage ctx={ctx} detail={d} names={names} mayDecide />))
 */
export function MergePage(p: MergePageProps) {
  const { ctx, detail } = p;
  const { merge } = detail;
  const L = ctx.lang;
  const words = pageMessages(L).identity.merge;
  const errorOf = (name: string) => p.errors?.find((e) => e.name === name)?.message;
  const name = (actor: string | null) => actorName(actor, ctx, p.names);
  const own = ctx.principal !== null && ctx.principal.actor === merge.proposedBy;
  return (
    <OfficeLayout ctx={ctx} title={words.merge(String(merge.id))} section={IDENTITY_REVIEWS}>
      {p.done ? (
        <Notice kind="ok" title={words.doneTitle}>
          {words.done[p.done]}
        </Notice>
      ) : null}
      {p.refusal ? (
        <Notice kind="err" title={p.refusal.title}>
          {p.refusal.detail}
        </Notice>
      ) : null}
      <ErrorSummary lang={L} errors={p.errors ?? []} />
      <IdentityLinks ctx={ctx} />
      <p>
        <strong>{words.statuses[merge.status]}</strong>
      </p>
      <p>
        {words.proposal(name(merge.proposedBy), formatInstant(merge.proposedAt, L), merge.proposalReason)}
      </p>
      {merge.decidedBy !== null && merge.decidedAt !== null ? (
        <p>
          {words.decision(
            words.statuses[merge.status === 'unmerged' ? 'approved' : merge.status],
            name(merge.decidedBy),
            formatInstant(merge.decidedAt, L),
            merge.decisionReason ?? '',
          )}
        </p>
      ) : null}
      {merge.unmergedBy !== null && merge.unmergedAt !== null ? (
        <p>
          {words.undone(
            name(merge.unmergedBy),
            formatInstant(merge.unmergedAt, L),
            merge.unmergeReason ?? '',
          )}
        </p>
      ) : null}
      {merge.status === 'approved' || merge.status === 'unmerged' ? (
        <p>{words.moved(formatNumber(detail.moved, L))}</p>
      ) : null}
      <SideBySide
        ctx={ctx}
        columns={[
          {
            label: `${words.surviving} · ${words.person(String(merge.survivingPersonId))}`,
            person: detail.surviving,
          },
          {
            label: `${words.retired} · ${words.person(String(merge.retiredPersonId))}`,
            person: detail.retired,
          },
        ]}
        vector={merge.vector}
      />
      {p.mayDecide && own && (merge.status === 'proposed' || merge.status === 'approved') ? (
        <p>{words.yourProposal}</p>
      ) : null}
      {p.mayDecide && !own && merge.status === 'proposed' ? (
        <Form action={href(L, `${IDENTITY_MERGES}/${merge.id}/decision`)} csrfToken={ctx.csrfToken}>
          <Radios
            name="decision"
            label={words.decide}
            value={p.values?.decision}
            error={errorOf('decision')}
            choices={[
              { value: 'aprobar', label: words.approve },
              { value: 'rechazar', label: words.reject },
            ]}
          />
          <ReasonField
            label={words.reason}
            hint={words.reasonHint}
            value={p.values?.reason}
            error={errorOf('motivo')}
          />
          <SubmitButton>{words.record}</SubmitButton>
        </Form>
      ) : null}
      {p.mayDecide && !own && merge.status === 'approved' ? (
        <Form action={href(L, `${IDENTITY_MERGES}/${merge.id}/deshacer`)} csrfToken={ctx.csrfToken}>
          <ReasonField
            label={words.reason}
            hint={words.unmergeHint}
            value={p.values?.reason}
            error={errorOf('motivo')}
          />
          <SubmitButton>{words.unmerge}</SubmitButton>
        </Form>
      ) : null}
      <p>
        <a href={href(L, IDENTITY_MERGES)}>{words.backToMerges}</a>
      </p>
    </OfficeLayout>
  );
}

/**
 * No such merge (or a pair naming a person the registry does not hold).
 *
 * @example sendPage(c, pageHtml(<MergeNotFoundPage ctx={ctx} />), 404)
 */
export function MergeNotFoundPage({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).identity.merge;
  return (
    <OfficeLayout ctx={ctx} title={words.notFound} section={IDENTITY_REVIEWS}>
      <p>
        <a href={href(ctx.lang, IDENTITY_MERGES)}>{words.backToMerges}</a>
      </p>
    </OfficeLayout>
  );
}

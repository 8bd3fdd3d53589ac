import { formatDate, formatInstant, formatNumber, pageMessages, plural } from '../../messages/index.ts';
import type { CandidatePerson, IdentityReview, IdentityReviewDetail } from '../../registry/index.ts';
import { MUNICIPALITY_BY_CODE, SOURCE_LIST_BY_NAME } from '../../registry/index.ts';
import type { Lang } from '../../shared/lang.ts';
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
import { href, OFFICE, type PageContext } from './backoffice.page.ts';
import { OfficeLayout } from './office-layout.tsx';
import { ReasonField } from './reason-field.tsx';

/** The identity review queue's address in the back office (issue #23). */
export const IDENTITY_REVIEWS = `${OFFICE}/identidades`;

/** The outcomes a decision's redirect names (`?hecho=`), each worded on the row's page. */
export const DONE = ['accepted', 'rejected', 'unsure', 'repeated'] as const;
export type Done = (typeof DONE)[number];

/** A list's title in the reader's language (its name when the registry does not know it). */
function listTitle(name: string, lang: Lang): string {
  const list = SOURCE_LIST_BY_NAME.get(name);
  if (!list) return name;
  return lang === 'es' ? list.titleEs : list.titleEn;
}

/** CI number with its complemento, as a card shows it. */
const ciText = (ci: string, complemento: string) => (complemento ? `${ci}-${complemento}` : ci);

export interface IdentityQueueProps {
  ctx: PageContext;
  total: number;
  rows: readonly IdentityReview[];
}

/**
 * The rows waiting for an officer, by list and line: what the list sent, how many candidates,
 * whether another officer marked it "not sure", a link to compare and decide.
 *
 * @example sendPage(c, pageHtml(<IdentityQueuePage ctx={ctx} total={1} rows={rows} />))
 */
export function IdentityQueuePage(p: IdentityQueueProps) {
  const { ctx } = p;
  const L = ctx.lang;
  const words = pageMessages(L).identity;
  return (
    <OfficeLayout ctx={ctx} title={words.queue} section={IDENTITY_REVIEWS}>
      <p>
        <a href={href(L, `${IDENTITY_REVIEWS}/duplicados`)}>{words.merge.toDuplicates}</a> ·{' '}
        <a href={href(L, `${IDENTITY_REVIEWS}/fusiones`)}>{words.merge.toMerges}</a>
      </p>
      <p>{words.intro}</p>
      {p.rows.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <Table
          caption={plural(p.total, L, words.waitingCaption)}
          columns={[
            { label: words.row },
            { label: words.list },
            { label: words.line, numeric: true },
            { label: words.sent },
            { label: words.candidates, numeric: true },
            { label: words.status },
          ]}
          rows={p.rows.map((r) => [
            <a href={href(L, `${IDENTITY_REVIEWS}/${r.id}`)}>{words.rowNumber(String(r.id))}</a>,
            listTitle(r.list, L),
            formatNumber(r.lineNumber, L),
            `${ciText(r.ciNumber, r.complemento)} · ${formatDate(r.dateOfBirth, L)}`,
            formatNumber(r.candidates.length, L),
            words.statuses[r.status],
          ])}
        />
      )}
    </OfficeLayout>
  );
}

/** What the decision form keeps when it comes back refused. */
export interface DecisionFormValues {
  decision: string;
  reason: string;
}

export interface IdentityReviewPageProps {
  ctx: PageContext;
  detail: IdentityReviewDetail;
  names: ActorNames;
  /** May the reader decide (registry.import)? */
  mayDecide: boolean;
  done?: Done | undefined;
  /** Why the service refused the decision, in the reader's language. */
  refusal?: { title: string; detail: string } | undefined;
  errors?: readonly FieldError[];
  values?: DecisionFormValues;
}

/**
 * One queued row beside its candidates: each detail the list sent against what the registry holds,
 * then for each candidate how the comparisons came out, in words, and the strength of the match;
 * the decision form (accept one candidate, reject, or "not sure") with the form token — the status
 * the officer saw — so a double submit or a second officer's decision is caught.
 *
 * @example sendPage(c, pageHtml(<IdentityReviewPage ctx={ctx} detail={d} names={names} mayDecide />))
 */
export function IdentityReviewPage(p: IdentityReviewPageProps) {
  const { ctx, detail } = p;
  const L = ctx.lang;
  const words = pageMessages(L).identity;
  const { review, persons } = detail;
  const list = SOURCE_LIST_BY_NAME.get(review.list);
  const waiting = review.status === 'pending' || review.status === 'unsure';
  const errorOf = (name: string) => p.errors?.find((e) => e.name === name)?.message;
  const person = (id: bigint): CandidatePerson | undefined => persons.find((x) => x.id === id);
  const cell = (x: CandidatePerson | undefined, f: (c: CandidatePerson) => string) => (x ? f(x) : '—');
  const place = (code: string) => MUNICIPALITY_BY_CODE.get(code)?.name ?? code;
  const candidates = review.candidates.map((c) => ({ c, person: person(c.personId) }));
  const fields: Array<[string, string, (c: CandidatePerson) => string]> = [
    [words.fields.ciNumber, review.ciNumber, (c) => c.ciNumber],
    [
      words.fields.complemento,
      review.complemento || words.noComplemento,
      (c) => c.complemento || words.noComplemento,
    ],
    [words.fields.dateOfBirth, formatDate(review.dateOfBirth, L), (c) => formatDate(c.dateOfBirth, L)],
    [words.fields.names, words.notSent, (c) => c.givenNames],
    [
      words.fields.surnames,
      words.notSent,
      (c) => [c.firstSurname, c.secondSurname].filter(Boolean).join(' '),
    ],
    [words.fields.sex, words.notSent, (c) => words.sexes[c.sex] ?? c.sex],
    [words.fields.municipality, words.notSent, (c) => place(c.municipalityCode)],
    [
      words.fields.dateOfDeath,
      words.notSent,
      (c) => (c.dateOfDeath === null ? words.alive : formatDate(c.dateOfDeath, L)),
    ],
  ];
  return (
    <OfficeLayout ctx={ctx} title={words.rowNumber(String(review.id))} section={IDENTITY_REVIEWS}>
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
      <p>
        {listTitle(review.list, L)} · {words.line} {formatNumber(review.lineNumber, L)} ·{' '}
        {words.statuses[review.status]}
      </p>
      {review.status === 'unsure' ? (
        <p>
          <strong>{words.flaggedBy(actorName(review.decidedBy, ctx, p.names))}</strong>
        </p>
      ) : null}
      {!waiting && review.decidedAt ? (
        <p>
          {words.decidedBy(
            words.statuses[review.status],
            actorName(review.decidedBy, ctx, p.names),
            formatInstant(review.decidedAt, L),
          )}
        </p>
      ) : null}
      <h2>{words.sideBySide}</h2>
      <Table
        label={words.sideBySide}
        columns={[
          { label: words.field },
          { label: words.fromList(list?.institution ?? listTitle(review.list, L)) },
          ...candidates.map((x, i) => ({ label: words.candidate(i + 1, String(x.c.personId)) })),
        ]}
        rows={fields.map(([label, sent, of]) => [
          <strong>{label}</strong>,
          sent,
          ...candidates.map((x) => cell(x.person, of)),
        ])}
      />
      {candidates.map((x, i) => (
        <section>
          <h2>{words.comparisonsOf(i + 1)}</h2>
          <ul>
            {Object.entries(x.c.vector)
              .filter(([, level]) => level !== null)
              .map(([comparison, level]) => (
                <li>
                  {words.comparisons[comparison] ?? words.unknownLevel}:{' '}
                  {words.levels[comparison]?.[String(level)] ?? words.unknownLevel}
                </li>
              ))}
          </ul>
          <p>{words.evidence(formatNumber(Math.round(x.c.weight * 10) / 10, L))}</p>
        </section>
      ))}
      {waiting && p.mayDecide ? (
        <Form action={href(L, `${IDENTITY_REVIEWS}/${review.id}/decision`)} csrfToken={ctx.csrfToken}>
          <HiddenField name="visto" value={review.status} />
          <Radios
            name="decision"
            label={words.decide}
            value={p.values?.decision}
            error={errorOf('decision')}
            choices={[
              ...candidates.map((x, i) => ({
                value: `aceptar-${x.c.personId}`,
                label: words.acceptCandidate(i + 1, String(x.c.personId)),
              })),
              { value: 'rechazar', label: words.reject },
              ...(review.status === 'pending' ? [{ value: 'dudar', label: words.unsure }] : []),
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
      <p>
        <a href={href(L, IDENTITY_REVIEWS)}>{words.back}</a>
      </p>
    </OfficeLayout>
  );
}

/**
 * No such row.
 *
 * @example sendPage(c, pageHtml(<IdentityReviewNotFoundPage ctx={ctx} />), 404)
 */
export function IdentityReviewNotFoundPage({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).identity;
  return (
    <OfficeLayout ctx={ctx} title={words.notFound} section={IDENTITY_REVIEWS}>
      <p>
        <a href={href(ctx.lang, IDENTITY_REVIEWS)}>{words.back}</a>
      </p>
    </OfficeLayout>
  );
}

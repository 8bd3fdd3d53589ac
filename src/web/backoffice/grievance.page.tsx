import type { Child } from 'hono/jsx';
import { can } from '../../access/index.ts';
import type { GrievanceDetail, GrievanceOutcome } from '../../bono/index.ts';
import { formatDate, formatInstant, formatMoney, pageMessages } from '../../messages/index.ts';
import { DEPARTMENTS } from '../../registry/index.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  DateInput,
  DefinitionList,
  ErrorSummary,
  type FieldError,
  Form,
  Notice,
  Radios,
  SubmitButton,
  Table,
  TextArea,
  TextInput,
} from '../components/index.ts';
import { RuleTrace } from '../components/rule-trace.tsx';
import { type ActorNames, actorName } from './actor-names.ts';
import { href, OFFICE, type PageContext } from './backoffice.page.ts';
import { type DecisionValues, EMPTY_DECISION } from './grievance-decision.ts';
import { EventNote, eventName } from './grievance-history.tsx';
import { ciText, duration, GRIEVANCES } from './grievance-words.ts';
import { OfficeLayout } from './office-layout.tsx';
import { OfficeNotFoundPage } from './office-not-found.page.tsx';

/** What the detail page shows besides the grievance: the outcome of the last step, or why it was refused. */
export interface GrievanceDetailState {
  /** The step just done (`revision`, `vinculada`, `cerrado`) or a decision's outcome. */
  done?: string;
  roundId?: number;
  refusal?: string;
  errors?: FieldError[];
  values?: DecisionValues;
}

type Words = ReturnType<typeof pageMessages>['grievances'];
type TraceNodes = NonNullable<GrievanceDetail['trace']>['nodes'];

const isOutcome = (words: Words, s: string): s is GrievanceOutcome => s in words.outcomes;

const departmentName = (code: number) => DEPARTMENTS.find((d) => d.code === code)?.name ?? String(code);

/** A date as the catalogue writes it, or the dash when there is none or it is malformed. */
const dateText = (date: string | null, lang: Lang, words: Words) =>
  date && /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? formatDate(date as Parameters<typeof formatDate>[0], lang)
    : (date ?? words.nothing);

/** The label the rules give a condition (the rule file's words), found in the trace; else its name. */
function conditionLabel(nodes: TraceNodes, variable: string, lang: Lang): string {
  const stack = [...nodes];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.variable === variable) return (n.label as Record<string, string>)[lang] ?? n.label.es;
    stack.push(...n.children);
  }
  return variable;
}

/** An age band worded: «de 18 a 60 años», «rezagados». */
function bandText(band: string, words: Words): string {
  const m = /^(\d+)-(\d+)$/.exec(band);
  if (m) return words.bands.ages(m[1]!, m[2]!);
  return band === 'rezagados' ? words.bands.late : words.bands.other;
}

/**
 * The two notes of a decision or a closing: the reason kept on file (required) and the optional
 * message the citizen reads.
 *
 * @example <NoteFields label={words.reason} values={v} error={err('nota')} lang="es" />
 */
function NoteFields(p: { label: string; values: DecisionValues; error: string | undefined; lang: Lang }) {
  return (
    <>
      <TextArea
        name="nota"
        label={p.label}
        value={p.values.note}
        rows={3}
        maxLength={4000}
        required
        error={p.error}
      />
      <TextArea
        name="nota_ciudadano"
        label={pageMessages(p.lang).grievances.citizenNote}
        value={p.values.citizenNote}
        rows={2}
        maxLength={4000}
      />
    </>
  );
}

/**
 * One grievance for an officer: the claim, the person in the registry, the rule trace, entitlements
 * and payments, the history with every step worded (who acted, what changed), and the actions the
 * reader's role allows at the grievance's status — start the review, link a person, decide (with a
 * registry correction), close. Every code (kind, status, step, channel, actor) through the catalogue.
 *
 * @example sendPage(c, pageHtml(<GrievancePage ctx={ctx} detail={d} state={{ done: 'revision' }} />))
 */
export function GrievancePage({
  ctx,
  detail: d,
  names,
  state: o = {},
}: {
  ctx: PageContext;
  detail: GrievanceDetail;
  /** Officers' display names, by actor (loadActorNames), for the history and who filed. */
  names?: ActorNames;
  state?: GrievanceDetailState;
}) {
  const L = ctx.lang;
  const words = pageMessages(L).grievances;
  const g = d.grievance;
  const err = (name: string) => o.errors?.find((e) => e.name === name)?.message;
  const v = o.values ?? EMPTY_DECISION;
  const p = d.person;
  const path = `${GRIEVANCES}/${g.id}`;
  const mayResolve = can(ctx.principal, 'grievances.resolve');
  const via = words.filedVias[g.filedVia] ?? words.filedVias.other;

  const personText: Child = p ? (
    <>
      <a href={href(L, `${OFFICE}/registro`, { ci: p.ciNumber, complemento: p.complemento || undefined })}>
        CI {ciText(p)}
      </a>{' '}
      {words.personFacts(
        [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' '),
        dateText(p.dateOfBirth, L, words),
        p.municipalityCode,
        departmentName(p.departmentCode),
        p.residenceCountry,
      )}
      {p.dateOfDeath ? words.died(dateText(p.dateOfDeath, L, words)) : null}
      {d.filedTripleMatches === false ? (
        <>
          <br />
          <strong>{words.tripleDiffers}</strong>
        </>
      ) : null}
    </>
  ) : (
    words.notLinked
  );

  const done =
    o.done === 'revision'
      ? words.reviewStarted
      : o.done === 'vinculada'
        ? words.linkedDone
        : o.done === 'cerrado'
          ? words.resolvedDone
          : o.done && isOutcome(words, o.done)
            ? words.outcomes[o.done]
            : undefined;

  return (
    <OfficeLayout ctx={ctx} title={words.grievance(g.reference)} section={GRIEVANCES}>
      {done ? (
        <Notice kind="ok" title={done}>
          {o.roundId ? (
            <p>
              <a href={href(L, `${OFFICE}/rondas/${o.roundId}`)}>{words.roundNumber(String(o.roundId))}</a>
            </p>
          ) : null}
        </Notice>
      ) : null}
      {o.refusal ? <Notice kind="err" title={words.refused} children={o.refusal} /> : null}
      <ErrorSummary errors={o.errors ?? []} lang={L} />
      <p>
        <a href={href(L, GRIEVANCES)}>{words.back}</a>
      </p>
      <DefinitionList
        items={[
          [words.reference, <code>{g.reference}</code>],
          [
            words.statusField,
            <strong data-testid="grievance-status" data-status={g.status}>
              {words.statuses[g.status]}
            </strong>,
          ],
          [words.kind, words.kinds[g.kind]],
          [
            words.filedVia,
            g.filedVia === 'citizen' ? via : words.filedViaBy(via, actorName(g.filedBy, ctx, names)),
          ],
          [words.filedAt, formatInstant(g.filedAt, L)],
          [words.age, duration(d.ageHours, L)],
          [words.toDecision, duration(d.hoursToDecision, L)],
          [words.description, g.description],
          [words.contact, g.contact || words.nothing],
          [words.filedTriple, words.triple(ciText(g.person), dateText(g.person.dateOfBirth, L, words))],
          [words.person, personText],
          ...(d.supplementaryRound
            ? ([
                [
                  words.round,
                  <a href={href(L, `${OFFICE}/rondas/${d.supplementaryRound.id}`)}>
                    {words.roundNumber(String(d.supplementaryRound.id))}
                  </a>,
                ],
              ] as [string, Child][])
            : []),
        ]}
      />

      {mayResolve && g.status === 'open' ? (
        <Form action={href(L, `${path}/revision`)} csrfToken={ctx.csrfToken}>
          <SubmitButton>{words.startReview}</SubmitButton>
        </Form>
      ) : null}

      {mayResolve && p === null && (g.status === 'open' || g.status === 'in_review') ? (
        <>
          <h2>{words.link}</h2>
          {d.candidates.length === 0 ? (
            <p>{words.noCandidates}</p>
          ) : (
            <Form action={href(L, `${path}/persona`)} csrfToken={ctx.csrfToken}>
              <Radios
                name="persona"
                label={words.linkIntro}
                error={err('persona')}
                choices={d.candidates.map((cand) => ({
                  value: cand.id.toString(),
                  label: words.candidate(
                    ciText(cand),
                    [cand.givenNames, cand.firstSurname, cand.secondSurname].filter(Boolean).join(' '),
                    dateText(cand.dateOfBirth, L, words),
                    cand.municipalityCode,
                  ),
                }))}
              />
              <SubmitButton>{words.linkButton}</SubmitButton>
            </Form>
          )}
        </>
      ) : null}

      {mayResolve && g.status === 'in_review' ? (
        <>
          <h2>{words.decide}</h2>
          <Form action={href(L, `${path}/decision`)} csrfToken={ctx.csrfToken}>
            <Radios
              name="decision"
              label={words.decision}
              value={v.decision}
              required
              error={err('decision')}
              choices={[
                { value: 'approve', label: words.approve, hint: words.approveHint },
                { value: 'reject', label: words.reject },
              ]}
            />
            <NoteFields label={words.reason} values={v} error={err('nota')} lang={L} />
            {g.kind === 'paid_not_received' ? null : (
              <fieldset>
                <legend>{words.correction}</legend>
                <TextInput name="c_nombres" label={words.givenNames} value={v.givenNames} maxLength={200} />
                <TextInput
                  name="c_apellido1"
                  label={words.firstSurname}
                  value={v.firstSurname}
                  maxLength={200}
                />
                <TextInput
                  name="c_apellido2"
                  label={words.secondSurname}
                  value={v.secondSurname}
                  maxLength={200}
                />
                <DateInput
                  name="c_nacimiento"
                  label={words.dateOfBirth}
                  lang={L}
                  value={v.dob}
                  error={err('c_nacimiento')}
                />
                <TextInput
                  name="c_municipio"
                  label={words.municipality}
                  value={v.municipality}
                  inputmode="numeric"
                  width={10}
                  maxLength={6}
                  error={err('c_municipio')}
                />
                <TextInput
                  name="c_pais"
                  label={words.country}
                  value={v.country}
                  width={4}
                  maxLength={2}
                  error={err('c_pais')}
                />
                <DateInput
                  name="c_defuncion"
                  label={words.dateOfDeath}
                  lang={L}
                  value={v.dod}
                  error={err('c_defuncion')}
                />
                <div class="r">
                  <input type="checkbox" id="f-c_vivo" name="c_vivo" value="1" checked={v.alive} />
                  <label for="f-c_vivo">{words.alive}</label>
                </div>
              </fieldset>
            )}
            <SubmitButton>{words.decideButton}</SubmitButton>
          </Form>
        </>
      ) : null}

      {mayResolve && g.status === 'approved' ? (
        <>
          <h2>{words.resolve}</h2>
          <p>{words.resolveIntro}</p>
          <Form action={href(L, `${path}/cierre`)} csrfToken={ctx.csrfToken}>
            <NoteFields label={words.resolveNote} values={v} error={err('nota')} lang={L} />
            <SubmitButton>{words.resolve}</SubmitButton>
          </Form>
        </>
      ) : null}

      {d.trace ? (
        <>
          <h2>{words.trace}</h2>
          <p>
            {words.traceIntro(dateText(d.trace.date, L, words))}{' '}
            <strong data-testid="trace-eligible">
              {words.eligible}: {d.trace.eligible ? words.yes : words.no}
            </strong>
            {d.trace.failing.length > 0 ? (
              <>
                . {words.failing}:{' '}
                {d.trace.failing.map((f) => conditionLabel(d.trace!.nodes, f, L)).join('; ')}
              </>
            ) : null}
          </p>
          <p>{d.trace.subject}</p>
          <RuleTrace view={d.trace.view} lang={L} />
        </>
      ) : null}

      {d.entitlements.length > 0 ? (
        <Table
          caption={words.entitlements}
          columns={[
            { label: words.round },
            { label: words.statusField },
            { label: words.amount, numeric: true },
            { label: words.window },
            { label: words.channel },
          ]}
          rows={d.entitlements.map((e) => [
            <a href={href(L, `${OFFICE}/rondas/${e.entitlement.roundId}`)}>
              {words.roundNumber(String(e.entitlement.roundId))}
            </a>,
            words.roundStatuses[e.roundStatus] ?? words.roundStatuses.other,
            formatMoney(e.entitlement.amountCentavos, L),
            words.windowText(
              bandText(e.entitlement.band, words),
              dateText(e.entitlement.opensOn, L, words),
              dateText(e.entitlement.closesOn, L, words),
            ),
            words.channels[e.entitlement.channel] ?? words.channels.other,
          ])}
        />
      ) : null}

      {d.payments.length > 0 ? (
        <Table
          caption={words.payments}
          columns={[
            { label: words.paidAt },
            { label: words.amount, numeric: true },
            { label: words.channel },
            { label: words.bank },
            { label: words.reversed },
          ]}
          rows={d.payments.map((pay) => {
            const channel = words.channels[pay.channel] ?? words.channels.other;
            return [
              formatInstant(pay.paidAt, L),
              formatMoney(pay.amountCentavos, L),
              pay.paymentPoint ? words.atPoint(channel, pay.paymentPoint) : channel,
              pay.bankBic,
              pay.reversedAt
                ? words.reversedText(formatInstant(pay.reversedAt, L), pay.reversalReason ?? '')
                : words.nothing,
            ];
          })}
        />
      ) : null}

      <Table
        caption={words.history}
        columns={[
          { label: words.when },
          { label: words.who },
          { label: words.step },
          { label: words.noteCol },
          { label: words.citizenSees },
        ]}
        rows={d.events.map((e) => [
          formatInstant(e.at, L),
          actorName(e.actor, ctx, names),
          eventName(e.action, L),
          <EventNote event={e} lang={L} />,
          e.citizenVisible ? words.yes : words.no,
        ])}
      />
    </OfficeLayout>
  );
}

/**
 * The page of a grievance that does not exist (a 404).
 *
 * @example sendPage(c, pageHtml(<GrievanceNotFoundPage ctx={ctx} />), 404)
 */
export function GrievanceNotFoundPage({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).grievances;
  return (
    <OfficeNotFoundPage
      ctx={ctx}
      title={words.queue}
      section={GRIEVANCES}
      message={words.notFound}
      back={{ path: GRIEVANCES, label: words.back }}
    />
  );
}

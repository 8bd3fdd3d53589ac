import type { CitizenGrievanceView, CitizenNextStep, CitizenStep, GrievanceKind } from '../../bono/index.ts';
import { formatDate, formatMoney, formatNumber, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  DefinitionList,
  ErrorSummary,
  Form,
  Notice,
  Radios,
  SubmitButton,
  Table,
  TextArea,
  TextInput,
} from '../components/index.ts';
import { CiInput, errorList, type FieldErrors, TripleFields, type TripleValues } from './portal.forms.tsx';
import { inBolivia, link, PORTAL, type PortalContext, PortalLayout } from './portal-layout.tsx';

/**
 * Grievances (reclamos): a citizen files one — not listed, wrong data, paid but not received —
 * and gets a reference; with the reference and their CI number they follow its status and
 * history. The history holds the steps and messages meant for the citizen, in their language,
 * never the officers' internal notes (src/bono's `grievanceForCitizen` leaves those out).
 */

/** The kinds a citizen chooses from, in the form's order. */
export const GRIEVANCE_KINDS: readonly GrievanceKind[] = ['not_listed', 'wrong_data', 'paid_not_received'];

export const DESCRIPTION_MAX_LENGTH = 4000;
export const CONTACT_MAX_LENGTH = 200;

export interface GrievanceValues extends TripleValues {
  kind: string;
  description: string;
  contact: string;
}

const words = (lang: Lang) => pageMessages(lang).portal;

function dateTime(at: Date, lang: Lang): string {
  const { date, time } = inBolivia(at);
  return words(lang).follow.at(formatDate(date, lang), time);
}

/**
 * The grievance form, empty or with what the reader typed and what to fix.
 *
 * @example c.html(<GrievanceFormPage ctx={ctx} values={{ ...EMPTY_TRIPLE, kind: '', description: '', contact: '' }} errors={{}} />)
 */
export function GrievanceFormPage({
  ctx,
  values,
  errors,
}: {
  ctx: PortalContext;
  values: GrievanceValues;
  errors: FieldErrors;
}) {
  const { lang } = ctx;
  const w = words(lang).grievance;
  return (
    <PortalLayout ctx={ctx} title={w.title} section={PORTAL.grievance}>
      <ErrorSummary errors={errorList(errors)} lang={lang} />
      <h1>{w.title}</h1>
      <p>{w.intro}</p>
      <Form action={link(ctx, PORTAL.grievance)} csrfToken={ctx.csrfToken}>
        <Radios
          name="kind"
          label={w.what}
          choices={GRIEVANCE_KINDS.map((k) => ({ value: k, label: w.kinds[k].label, hint: w.kinds[k].hint }))}
          value={values.kind}
          error={errors['kind']}
          required
        />
        <TripleFields values={values} errors={errors} lang={lang} />
        <TextArea
          name="description"
          label={w.description}
          hint={w.descriptionHint(formatNumber(DESCRIPTION_MAX_LENGTH, lang))}
          value={values.description}
          error={errors['description']}
          rows={6}
          maxLength={DESCRIPTION_MAX_LENGTH}
          required
        />
        <TextInput
          name="contact"
          label={w.contact}
          hint={w.contactHint}
          value={values.contact}
          error={errors['contact']}
          autocomplete="tel"
          maxLength={CONTACT_MAX_LENGTH}
        />
        <SubmitButton>{w.send}</SubmitButton>
      </Form>
      <p>
        {w.already} <a href={link(ctx, PORTAL.follow)}>{w.followIt}</a>.
      </p>
    </PortalLayout>
  );
}

/**
 * A filed grievance: its reference, and how to follow it.
 *
 * @example c.html(<GrievanceFiledPage ctx={ctx} reference="AB12-CD34-EF56" />)
 */
export function GrievanceFiledPage({ ctx, reference }: { ctx: PortalContext; reference: string }) {
  const w = words(ctx.lang).grievance;
  return (
    <PortalLayout ctx={ctx} title={w.filedTitle} section={PORTAL.grievance}>
      <h1>{w.filedTitle}</h1>
      <Notice kind="ok" title={w.referenceIs}>
        <p class="ref" data-testid="reference">
          {reference}
        </p>
        <p>{w.writeItDown}</p>
      </Notice>
      <p>
        <a href={link(ctx, `${PORTAL.follow}?ref=${encodeURIComponent(reference)}`)}>{w.followMine}</a>
      </p>
    </PortalLayout>
  );
}

export interface FollowValues {
  ref: string;
  ci: string;
}

/**
 * The follow-up form (reference and CI number); `notFound` when a look-up matched nothing — the
 * same message whether the reference exists or not.
 *
 * @example c.html(<FollowFormPage ctx={ctx} values={{ ref: 'AB12-CD34-EF56', ci: '' }} errors={{}} notFound={false} />)
 */
export function FollowFormPage({
  ctx,
  values,
  errors,
  notFound,
}: {
  ctx: PortalContext;
  values: FollowValues;
  errors: FieldErrors;
  notFound: boolean;
}) {
  const { lang } = ctx;
  const w = words(lang).follow;
  const identity = words(lang).identity;
  return (
    <PortalLayout ctx={ctx} title={w.title} section={PORTAL.follow}>
      <ErrorSummary errors={errorList(errors)} lang={lang} />
      <h1>{w.title}</h1>
      {notFound ? <Notice kind="err" title={w.notFound} children={w.notFoundText} /> : null}
      <p>{w.intro}</p>
      <Form action={link(ctx, PORTAL.follow)} csrfToken={ctx.csrfToken}>
        <TextInput
          name="ref"
          label={w.ref}
          hint={w.refHint}
          value={values.ref}
          error={errors['ref']}
          autocomplete="off"
          maxLength={20}
          width={14}
          spellcheck={false}
          required
        />
        <CiInput value={values.ci} error={errors['ci']} hint={identity.ciHintShort} lang={lang} />
        <SubmitButton>{w.see}</SubmitButton>
      </Form>
    </PortalLayout>
  );
}

/**
 * A step's words: the catalogue's for it, then the officer's message to the citizen, if any, as the
 * officer wrote it. Officers write in the Spanish back office, so the message is marked Spanish: a
 * reader's screen reader or translator on the English page knows it is not English.
 */
function stepText(e: CitizenStep, lang: Lang) {
  const w = words(lang).follow;
  const step =
    e.action === 'paid'
      ? (e.channel === 'deposit' ? w.events.paidDeposit : w.events.paidCounter)(
          formatMoney(e.amountCentavos, lang),
        )
      : e.action === 'reevaluated'
        ? w.reevaluated[e.outcome]
        : (w.events[e.action] ?? w.events.other);
  return e.citizenNote ? (
    <>
      {step} <span lang="es">{e.citizenNote}</span>
    </>
  ) : (
    step
  );
}

/** What the citizen waits for now, in words. */
function nextText(next: CitizenNextStep, lang: Lang): string {
  const w = words(lang).follow.next;
  if (next.step === 'collect')
    return w.collect(formatDate(next.opensOn, lang), formatDate(next.closesOn, lang));
  return w[next.step];
}

/**
 * A grievance's status and history, as its citizen sees them, up to the payment of the
 * supplementary round it led to, and what comes next. Once a payment was prepared, a link leads to
 * the look-up ("¿Soy beneficiario?"), with the dates and places to collect it.
 *
 * @example c.html(<GrievanceStatusPage ctx={ctx} grievance={await grievanceForCitizen(db, ref, ci)} />)
 */
export function GrievanceStatusPage({
  ctx,
  grievance: g,
}: {
  ctx: PortalContext;
  grievance: CitizenGrievanceView;
}) {
  const { lang } = ctx;
  const w = words(lang).follow;
  const statuses: Readonly<Record<string, string>> = w.statuses;
  const kinds: Readonly<Record<string, { label: string }>> = words(lang).grievance.kinds;
  const title = w.heading(g.reference);
  const paymentPrepared = g.events.some((e) => e.action === 'supplementary_round_created');
  return (
    <PortalLayout ctx={ctx} title={title} section={PORTAL.follow}>
      <h1>{title}</h1>
      {g.next ? (
        <Notice kind="info" title={w.nextTitle}>
          <p data-testid="next">{nextText(g.next, lang)}</p>
        </Notice>
      ) : null}
      <DefinitionList
        items={[
          [w.status, <strong data-testid="status">{statuses[g.status] ?? w.statuses.other}</strong>],
          [w.kind, kinds[g.kind]?.label ?? words(lang).grievance.kindOther],
          [w.filedOn, dateTime(g.filedAt, lang)],
          ...(g.decidedAt ? [[w.decidedOn, dateTime(g.decidedAt, lang)] as const] : []),
        ]}
      />
      <Table
        caption={w.history}
        columns={[{ label: w.date }, { label: w.what }]}
        rows={g.events.map((e) => [dateTime(e.at, lang), stepText(e, lang)])}
      />
      {paymentPrepared ? (
        <p>
          <a href={link(ctx, PORTAL.status)}>{w.checkStatus}</a>
        </p>
      ) : null}
      <p>
        <a href={link(ctx, PORTAL.follow)}>{w.another}</a>
      </p>
    </PortalLayout>
  );
}

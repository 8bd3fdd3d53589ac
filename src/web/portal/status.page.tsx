import type { Child } from 'hono/jsx';
import type { CitizenStatus } from '../../bono/index.ts';
import { formatDate, formatMoney, pageMessages, plural } from '../../messages/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import { DefinitionList, ErrorSummary, Form, Notice, SubmitButton } from '../components/index.ts';
import { DecisionReasons } from '../components/rule-trace.tsx';
import type { Exclusion } from './exclusions.ts';
import { ReviewedLinks } from './identity-review-why.tsx';
import { errorList, type FieldErrors, TripleFields, type TripleValues } from './portal.forms.tsx';
import { inBolivia, link, PORTAL, type PortalContext, PortalLayout } from './portal-layout.tsx';

/**
 * "¿Soy beneficiario?": the form (CI number, complemento, date of birth) and the answer — eligible
 * or not and why, when and where to collect, the amount, paid or not. The form is posted, so the
 * three identity facts never appear in an address, a browser history or a server log.
 */

type Found = Extract<CitizenStatus, { outcome: 'found' }>;

const words = (lang: Lang) => pageMessages(lang).portal.status;

function StatusForm({
  ctx,
  values,
  errors,
}: {
  ctx: PortalContext;
  values: TripleValues;
  errors: FieldErrors;
}) {
  return (
    <Form action={link(ctx, PORTAL.statusResult)} csrfToken={ctx.csrfToken}>
      <TripleFields values={values} errors={errors} lang={ctx.lang} />
      <SubmitButton>{words(ctx.lang).check}</SubmitButton>
    </Form>
  );
}

/** "… file a complaint." after a lead-in that says when to. */
function Complain({ ctx, lead, lower }: { ctx: PortalContext; lead: string; lower?: boolean }) {
  const w = words(ctx.lang);
  return (
    <p>
      {lead} <a href={link(ctx, PORTAL.grievance)}>{lower ? w.fileComplaintLower : w.fileComplaint}</a>.
    </p>
  );
}

/**
 * The look-up form, empty or with what the reader typed and what to fix.
 *
 * @example c.html(<StatusFormPage ctx={ctx} values={EMPTY_TRIPLE} errors={{}} />)
 */
export function StatusFormPage({
  ctx,
  values,
  errors,
}: {
  ctx: PortalContext;
  values: TripleValues;
  errors: FieldErrors;
}) {
  const w = words(ctx.lang);
  return (
    <PortalLayout ctx={ctx} title={w.title} section={PORTAL.status}>
      <ErrorSummary errors={errorList(errors)} lang={ctx.lang} />
      <h1>{w.title}</h1>
      <p>{w.intro}</p>
      <StatusForm ctx={ctx} values={values} errors={errors} />
      <p>{w.privacy}</p>
      <Complain ctx={ctx} lead={w.notListed} />
    </PortalLayout>
  );
}

/** An age band as a person reads it: "De 18 a 59 años", the late collectors, or another group. */
function bandLabel(band: string, lang: Lang): string {
  const w = words(lang);
  const m = /^(\d+)-(\d+)$/.exec(band);
  if (m) return w.bandRange(m[1]!, m[2]!);
  return band === 'rezagados' ? w.bandRezagados : w.bandOther;
}

function period(opensOn: IsoDate, closesOn: IsoDate, lang: Lang): string {
  return words(lang).period(formatDate(opensOn, lang), formatDate(closesOn, lang));
}

function paidText(p: NonNullable<Found['payment']>, lang: Lang): string {
  const { date, time } = inBolivia(p.paidAt);
  const where = p.paymentPoint === '' ? p.bankName : `${p.bankName} (${p.paymentPoint})`;
  return words(lang).paidAt(formatDate(date, lang), time, words(lang).channel[p.channel], where);
}

/** Why: the decision, what decided it, each condition one step away (components/rule-trace.tsx). */
function Reasons({ why, lang }: { why: Found['why']; lang: Lang }) {
  return (
    <>
      <h2>{words(lang).why}</h2>
      <DecisionReasons why={why} lang={lang} />
    </>
  );
}

/** A deposit-channel person with an account on file: paid into it, no trip to the bank. */
const byDeposit = (s: Found) =>
  s.channel === 'deposit' && s.bankName !== null && s.depositAccountMasked !== null;

function WhereToCollect({ s, lang }: { s: Found; lang: Lang }) {
  const w = words(lang);
  if (byDeposit(s))
    return (
      <>
        <h2>{w.howReceived}</h2>
        <p>{w.depositText(s.bankName!, s.depositAccountMasked!)}</p>
        <p>{w.depositFallback}</p>
      </>
    );
  return (
    <>
      <h2>{w.whereToCollect}</h2>
      <p>{w.counterText}</p>
    </>
  );
}

/** Which list excludes the person, and the institution that keeps it: where to go to correct it. */
function Exclusions({ exclusions, lang }: { exclusions: readonly Exclusion[]; lang: Lang }) {
  if (exclusions.length === 0) return null;
  const w = words(lang);
  return (
    <section data-testid="exclusions">
      <h2>{w.exclusionsTitle}</h2>
      <p>{w.exclusionsIntro}</p>
      <ul>
        {exclusions.map((e) => (
          <li>
            <strong>{w.exclusions[e].list}</strong>. {w.exclusions[e].where}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The answer for a found person: eligible or not, why (and, when a list excludes them, which list
 * and where to go), and — when eligible — amount, dates, payment, whether they can collect today
 * and where. `today` is the day in Bolivia the answer is given on.
 *
 * @example c.html(<StatusFoundPage ctx={ctx} status={found} today="2020-12-02" exclusions={[]} />)
 */
export function StatusFoundPage({
  ctx,
  status: s,
  today,
  exclusions,
  reviewed = [],
}: {
  ctx: PortalContext;
  status: Found;
  today: IsoDate;
  exclusions: readonly Exclusion[];
  /** The lists that name the person through a row an officer accepted (identity review, issue #23). */
  reviewed?: readonly string[];
}) {
  const { lang } = ctx;
  const w = words(lang);
  const again = (
    <p>
      <a href={link(ctx, PORTAL.status)}>{w.again}</a>
    </p>
  );
  if (!s.eligible)
    return (
      <PortalLayout ctx={ctx} title={w.notYours} section={PORTAL.status}>
        <h1>{w.notYours}</h1>
        <Reasons why={s.why} lang={lang} />
        <ReviewedLinks lists={reviewed} lang={lang} />
        <Exclusions exclusions={exclusions} lang={lang} />
        <Complain ctx={ctx} lead={w.wrongAnswer} />
        {again}
      </PortalLayout>
    );
  // Past the last day nobody can collect, whether or not the round was formally expired yet.
  const over = s.expired || (s.deadline !== null && today > s.deadline);
  const rows: [string, Child][] = [];
  if (s.amountCentavos !== null)
    rows.push([w.amount, <strong>{formatMoney(s.amountCentavos, lang)}</strong>]);
  if (s.band !== null) rows.push([w.band, bandLabel(s.band, lang)]);
  if (s.windowOpensOn !== null && s.windowClosesOn !== null)
    rows.push([w.dates, period(s.windowOpensOn, s.windowClosesOn, lang)]);
  if (s.rezagados !== null) rows.push([w.rezagados, period(s.rezagados.opensOn, s.rezagados.closesOn, lang)]);
  if (s.deadline !== null) rows.push([w.deadline, formatDate(s.deadline, lang)]);
  rows.push([
    w.payment,
    s.payment
      ? w.paymentCollected
      : s.depositInFlight
        ? w.paymentInFlight
        : over
          ? w.paymentOver
          : byDeposit(s)
            ? w.paymentDeposit
            : w.paymentNotYet,
  ]);
  let state: Child;
  if (s.payment) state = <Notice kind="ok" title={w.collected} children={paidText(s.payment, lang)} />;
  else if (over)
    state = (
      <Notice
        kind="err"
        title={w.over}
        children={s.deadline ? w.overOn(formatDate(s.deadline, lang)) : w.overNoDate}
      />
    );
  else if (s.depositInFlight)
    state = (
      <Notice
        kind="info"
        title={w.inFlight}
        children={s.bankName ? w.inFlightBank(s.bankName) : w.inFlightText}
      />
    );
  else
    state = (
      <>
        {byDeposit(s) ? (
          // Paid into the account: "you can collect today" would send them to a bank they need not visit.
          <Notice kind="info" title={w.depositComing} children={w.depositDates} />
        ) : s.collectableToday ? (
          <Notice kind="ok" title={w.today} />
        ) : (
          <Notice kind="info" title={w.notToday} children={w.notTodayText} />
        )}
        <WhereToCollect s={s} lang={lang} />
      </>
    );
  return (
    <PortalLayout ctx={ctx} title={w.yours} section={PORTAL.status}>
      <h1>{w.yours}</h1>
      <DefinitionList items={rows} />
      {state}
      <Reasons why={s.why} lang={lang} />
      <ReviewedLinks lists={reviewed} lang={lang} />
      {s.payment ? (
        <Complain ctx={ctx} lead={w.paidNotCollected} />
      ) : over ? (
        <Complain ctx={ctx} lead={w.mistake} />
      ) : null}
      {again}
    </PortalLayout>
  );
}

/**
 * No person matches: the same answer whether the CI number exists or not, so the page cannot be
 * used to find out who is in the registry. The form comes back with what was typed.
 *
 * @example c.html(<StatusNotFoundPage ctx={ctx} values={values} />)
 */
export function StatusNotFoundPage({ ctx, values }: { ctx: PortalContext; values: TripleValues }) {
  const w = words(ctx.lang);
  return (
    <PortalLayout ctx={ctx} title={w.notFoundTitle} section={PORTAL.status}>
      <h1>{w.notFoundTitle}</h1>
      <Notice kind="err" title={w.notFoundNotice}>
        <p>{w.checkThat}</p>
        <ul>
          <li>{w.checks.number}</li>
          <li>{w.checks.complemento}</li>
          <li>{w.checks.dob}</li>
        </ul>
      </Notice>
      <StatusForm ctx={ctx} values={values} errors={{}} />
      <Complain ctx={ctx} lead={w.stillNotFound} lower />
    </PortalLayout>
  );
}

/**
 * Too many failed look-ups from this connection or for this CI number: when to try again.
 *
 * @example c.html(<StatusRateLimitedPage ctx={ctx} retryAfterSeconds={900} at={now} />, 429)
 */
export function StatusRateLimitedPage({
  ctx,
  retryAfterSeconds,
  at,
}: {
  ctx: PortalContext;
  retryAfterSeconds: number;
  at: Date;
}) {
  const w = words(ctx.lang);
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const { time } = inBolivia(new Date(at.getTime() + retryAfterSeconds * 1000));
  return (
    <PortalLayout ctx={ctx} title={w.tooMany} section={PORTAL.status}>
      <h1>{w.tooMany}</h1>
      <Notice
        kind="err"
        title={w.tryAgain(plural(minutes, ctx.lang, w.minutes), time)}
        children={w.tooManyText}
      />
      <p>
        <a href={link(ctx, PORTAL.status)}>{w.backToLookUp}</a>
      </p>
    </PortalLayout>
  );
}

import type { CitizenStatus } from '../../bono/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import { formatBolivianos } from '../../shared/money.ts';
import {
  type Bilingual,
  type Content,
  definitionList,
  errorSummary,
  escapeHtml,
  form,
  formatLongDate,
  notice,
  raw,
  submitButton,
  t,
} from '../html.ts';
import { errorList, type FieldErrors, type TripleValues, tripleFields } from './portal.forms.ts';
import { inBolivia, link, PORTAL, type PortalContext, portalPage } from './portal.page.ts';

/**
 * "¿Soy beneficiario?": the form (CI number, complemento, date of birth) and the answer — eligible
 * or not and why, when and where to collect, the amount, paid or not. The form is posted, so the
 * three identity facts never appear in an address, a browser history or a server log.
 */

const TITLE = {
  es: '¿Soy beneficiario del Bono Contra el Hambre?',
  en: 'Am I a beneficiary of the Bono Contra el Hambre?',
};

function statusForm(ctx: PortalContext, values: TripleValues, errors: FieldErrors): string {
  return form({
    action: link(ctx, PORTAL.statusResult),
    csrfToken: ctx.csrfToken,
    body:
      tripleFields(values, errors, ctx.lang) + submitButton(t({ es: 'Consultar', en: 'Check' }, ctx.lang)),
  });
}

/**
 * The look-up form, empty or with what the reader typed and what to fix.
 *
 * @example renderStatusForm(ctx, EMPTY_TRIPLE, {})
 */
export function renderStatusForm(ctx: PortalContext, values: TripleValues, errors: FieldErrors): string {
  const { lang } = ctx;
  const body = `${errorSummary(errorList(errors), lang)}
<h1>${t(TITLE, lang)}</h1>
<p>${t(
    {
      es: 'Escriba los datos de su carnet de identidad tal como figuran en él. Le diremos si le corresponde el bono, por qué, cuándo y dónde cobrarlo.',
      en: 'Enter the details of your identity card exactly as they appear on it. We will tell you whether the bono is yours, why, and when and where to collect it.',
    },
    lang,
  )}</p>
${statusForm(ctx, values, errors)}
<p>${t(
    {
      es: 'Sus datos no quedan en la dirección de la página. Si consulta muchas veces con datos equivocados, tendrá que esperar un momento antes de intentarlo de nuevo.',
      en: 'Your details are not kept in the page address. After many look-ups with wrong details, you will have to wait a while before trying again.',
    },
    lang,
  )}</p>
<p>${t({ es: '¿No figura o sus datos están mal?', en: 'Not listed, or your details are wrong?' }, lang)} <a href="${escapeHtml(link(ctx, PORTAL.grievance))}">${t({ es: 'Presente un reclamo', en: 'File a complaint' }, lang)}</a>.</p>`;
  return portalPage(ctx, t(TITLE, lang), body, PORTAL.status);
}

function bandLabel(band: string, lang: Lang): string {
  const m = /^(\d+)-(\d+)$/.exec(band);
  if (m) return lang === 'es' ? `De ${m[1]} a ${m[2]} años` : `${m[1]} to ${m[2]} years old`;
  if (band === 'rezagados')
    return t({ es: 'Rezagados (no cobró en su grupo de edad)', en: 'Rezagados (late collectors)' }, lang);
  return band;
}

function channelLabel(channel: 'counter' | 'deposit', lang: Lang): string {
  return channel === 'counter'
    ? t({ es: 'en ventanilla', en: 'at a bank counter' }, lang)
    : t({ es: 'por depósito en cuenta', en: 'by deposit to an account' }, lang);
}

function period(opensOn: string, closesOn: string, lang: Lang): string {
  return lang === 'es'
    ? `Del ${formatLongDate(opensOn, lang)} al ${formatLongDate(closesOn, lang)}`
    : `From ${formatLongDate(opensOn, lang)} to ${formatLongDate(closesOn, lang)}`;
}

function paidText(
  p: NonNullable<Extract<CitizenStatus, { outcome: 'found' }>['payment']>,
  lang: Lang,
): string {
  const { date, time } = inBolivia(p.paidAt);
  const where = p.paymentPoint === '' ? p.bankName : `${p.bankName} (${p.paymentPoint})`;
  return lang === 'es'
    ? `Cobrado el ${formatLongDate(date, lang)} a las ${time}, ${channelLabel(p.channel, lang)}, en ${where}.`
    : `Collected on ${formatLongDate(date, lang)} at ${time}, ${channelLabel(p.channel, lang)}, at ${where}.`;
}

function reasonsList(reasons: readonly string[], lang: Lang): string {
  if (reasons.length === 0) return '';
  return `<h2>${t({ es: 'Por qué', en: 'Why' }, lang)}</h2><ul>${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`;
}

function whereToCollect(s: Extract<CitizenStatus, { outcome: 'found' }>, lang: Lang): string {
  if (s.channel === 'deposit' && s.bankName && s.depositAccountMasked) {
    return `<h2>${t({ es: 'Cómo lo recibe', en: 'How you receive it' }, lang)}</h2><p>${escapeHtml(
      lang === 'es'
        ? `Se deposita en su cuenta de ${s.bankName} terminada en ${s.depositAccountMasked}. No necesita ir al banco.`
        : `It is paid into your ${s.bankName} account ending in ${s.depositAccountMasked}. You do not need to go to the bank.`,
    )}</p><p>${t(
      {
        es: 'Si el banco no puede hacer el depósito, podrá cobrarlo en ventanilla en las mismas fechas.',
        en: 'If the bank cannot make the deposit, you may collect it at a counter in the same period.',
      },
      lang,
    )}</p>`;
  }
  return `<h2>${t({ es: 'Dónde cobrar', en: 'Where to collect' }, lang)}</h2><p>${t(
    {
      es: 'En la ventanilla de cualquier banco habilitado para el pago del bono, en persona, presentando su carnet de identidad vigente.',
      en: 'At the counter of any bank enabled to pay the bono, in person, showing your valid identity card.',
    },
    lang,
  )}</p>`;
}

/**
 * The answer for a found person: eligible or not, why, and — when eligible — amount, dates,
 * payment, whether they can collect today and where. `today` is the day in Bolivia the answer is
 * given on.
 *
 * @example renderStatusFound(ctx, await citizenStatus(db, triple, { at, clientKey, lang }), '2020-12-02')
 */
export function renderStatusFound(
  ctx: PortalContext,
  s: Extract<CitizenStatus, { outcome: 'found' }>,
  today: IsoDate,
): string {
  const { lang } = ctx;
  const again = `<p><a href="${escapeHtml(link(ctx, PORTAL.status))}">${t({ es: 'Hacer otra consulta', en: 'Check again' }, lang)}</a></p>`;
  const complain = (lead: Bilingual) =>
    `<p>${t(lead, lang)} <a href="${escapeHtml(link(ctx, PORTAL.grievance))}">${t({ es: 'Presente un reclamo', en: 'File a complaint' }, lang)}</a>.</p>`;
  if (!s.eligible) {
    const title = t(
      {
        es: 'No le corresponde el Bono Contra el Hambre',
        en: 'The Bono Contra el Hambre is not yours to collect',
      },
      lang,
    );
    const body = `<h1>${title}</h1>
${reasonsList(s.reasons, lang)}
${complain({ es: 'Si cree que hay un error en sus datos o en esta respuesta,', en: 'If you think your details or this answer are wrong,' })}
${again}`;
    return portalPage(ctx, title, body, PORTAL.status);
  }
  const title = t(
    {
      es: 'Usted es beneficiario del Bono Contra el Hambre',
      en: 'You are a beneficiary of the Bono Contra el Hambre',
    },
    lang,
  );
  const rows: [string, Content][] = [];
  if (s.amountCentavos !== null)
    rows.push([
      t({ es: 'Monto', en: 'Amount' }, lang),
      raw(`<strong>${escapeHtml(formatBolivianos(s.amountCentavos, lang))}</strong>`),
    ]);
  if (s.band !== null)
    rows.push([t({ es: 'Grupo de edad', en: 'Age group' }, lang), bandLabel(s.band, lang)]);
  if (s.windowOpensOn !== null && s.windowClosesOn !== null)
    rows.push([
      t({ es: 'Sus fechas para cobrar', en: 'Your collection dates' }, lang),
      period(s.windowOpensOn, s.windowClosesOn, lang),
    ]);
  if (s.rezagados !== null)
    rows.push([
      t({ es: 'Si no cobró en sus fechas (rezagados)', en: 'If you missed your dates (rezagados)' }, lang),
      period(s.rezagados.opensOn, s.rezagados.closesOn, lang),
    ]);
  if (s.deadline !== null)
    rows.push([
      t({ es: 'Último día para cobrar', en: 'Last day to collect' }, lang),
      formatLongDate(s.deadline, lang),
    ]);
  // Past the last day nobody can collect, whether or not the round was formally expired yet.
  const over = s.expired || (s.deadline !== null && today > s.deadline);
  rows.push([
    t({ es: 'Pago', en: 'Payment' }, lang),
    s.payment
      ? t({ es: 'Cobrado (vea abajo).', en: 'Collected (see below).' }, lang)
      : s.depositInFlight
        ? t({ es: 'Depósito en curso.', en: 'Deposit under way.' }, lang)
        : over
          ? t({ es: 'No cobrado; el plazo terminó.', en: 'Not collected; the period is over.' }, lang)
          : t({ es: 'Aún no cobrado.', en: 'Not collected yet.' }, lang),
  ]);
  let state: string;
  if (s.payment) {
    state = notice(
      'ok',
      t({ es: 'Usted ya cobró el bono', en: 'You have collected the bono' }, lang),
      paidText(s.payment, lang),
    );
  } else if (over) {
    state = notice(
      'err',
      t({ es: 'El plazo para cobrar terminó', en: 'The collection period is over' }, lang),
      s.deadline
        ? lang === 'es'
          ? `El último día para cobrar fue el ${formatLongDate(s.deadline, lang)}. Ya no es posible cobrar este bono.`
          : `The last day to collect was ${formatLongDate(s.deadline, lang)}. This bono can no longer be collected.`
        : t({ es: 'Ya no es posible cobrar este bono.', en: 'This bono can no longer be collected.' }, lang),
    );
  } else if (s.depositInFlight) {
    state = notice(
      'info',
      t({ es: 'Su depósito está en curso', en: 'Your deposit is under way' }, lang),
      lang === 'es'
        ? `El banco${s.bankName ? ` (${s.bankName})` : ''} está procesando el depósito en su cuenta. Si lo rechaza, podrá cobrar en ventanilla.`
        : `The bank${s.bankName ? ` (${s.bankName})` : ''} is processing the deposit to your account. If it is refused, you may collect at a counter.`,
    );
  } else {
    state =
      (s.collectableToday
        ? notice('ok', t({ es: 'Hoy puede cobrar', en: 'You can collect today' }, lang))
        : notice(
            'info',
            t({ es: 'Hoy todavía no puede cobrar', en: 'You cannot collect today' }, lang),
            t(
              {
                es: 'Cobre en sus fechas o, si no cobró en ellas, en el periodo de rezagados (vea las fechas arriba).',
                en: 'Collect on your dates or, if you missed them, in the rezagados period (see the dates above).',
              },
              lang,
            ),
          )) + whereToCollect(s, lang);
  }
  const body = `<h1>${title}</h1>
${definitionList(rows)}
${state}
${reasonsList(s.reasons, lang)}
${
  s.payment
    ? complain({
        es: 'Si figura como pagado pero usted no cobró,',
        en: 'If it shows as paid but you did not collect it,',
      })
    : over
      ? complain({ es: 'Si cree que hubo un error,', en: 'If you think there was a mistake,' })
      : ''
}
${again}`;
  return portalPage(ctx, title, body, PORTAL.status);
}

/**
 * No person matches: the same answer whether the CI number exists or not, so the page cannot be
 * used to find out who is in the registry. The form comes back with what was typed.
 *
 * @example renderStatusNotFound(ctx, values)
 */
export function renderStatusNotFound(ctx: PortalContext, values: TripleValues): string {
  const { lang } = ctx;
  const title = t({ es: 'No encontramos esos datos', en: 'We could not find those details' }, lang);
  const body = `<h1>${title}</h1>
${notice(
  'err',
  t(
    {
      es: 'Ninguna persona del registro tiene ese número de carnet, complemento y fecha de nacimiento juntos',
      en: 'Nobody in the registry has that identity card number, complemento and date of birth together',
    },
    lang,
  ),
  raw(
    `<p>${t({ es: 'Revise que:', en: 'Check that:' }, lang)}</p><ul>${[
      {
        es: 'el número sea el de su carnet, solo las cifras y sin el lugar de expedición;',
        en: 'the number is the one on your card, digits only, without the place of issue;',
      },
      {
        es: 'el complemento sea el de su carnet (por ejemplo 1A), o esté vacío si su carnet no lo tiene;',
        en: 'the complemento is the one on your card (for example 1A), or empty if your card has none;',
      },
      {
        es: 'la fecha de nacimiento sea la de su carnet: día, mes y año.',
        en: 'the date of birth is the one on your card: day, month and year.',
      },
    ]
      .map((x) => `<li>${t(x, lang)}</li>`)
      .join('')}</ul>`,
  ),
)}
${statusForm(ctx, values, {})}
<p>${t({ es: 'Si sus datos están bien y aun así no figura,', en: 'If your details are right and you are still not found,' }, lang)} <a href="${escapeHtml(link(ctx, PORTAL.grievance))}">${t({ es: 'presente un reclamo', en: 'file a complaint' }, lang)}</a>.</p>`;
  return portalPage(ctx, title, body, PORTAL.status);
}

/**
 * Too many failed look-ups from this connection or for this CI number: when to try again.
 *
 * @example renderStatusRateLimited(ctx, 900, now)
 */
export function renderStatusRateLimited(ctx: PortalContext, retryAfterSeconds: number, at: Date): string {
  const { lang } = ctx;
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const { time } = inBolivia(new Date(at.getTime() + retryAfterSeconds * 1000));
  const title = t({ es: 'Demasiados intentos', en: 'Too many attempts' }, lang);
  const body = `<h1>${title}</h1>
${notice(
  'err',
  lang === 'es'
    ? `Intente de nuevo en ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'}, después de las ${time} (hora de Bolivia).`
    : `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, after ${time} (Bolivia time).`,
  t(
    {
      es: 'Para proteger los datos de las personas, las consultas con datos equivocados se limitan. Mientras tanto, tenga a mano su carnet para copiar los datos tal como figuran en él.',
      en: 'To protect people’s details, look-ups with wrong details are limited. Meanwhile, have your identity card at hand to copy the details exactly as they appear on it.',
    },
    lang,
  ),
)}
<p><a href="${escapeHtml(link(ctx, PORTAL.status))}">${t({ es: 'Volver a la consulta', en: 'Back to the look-up' }, lang)}</a></p>`;
  return portalPage(ctx, title, body, PORTAL.status);
}

import type { CitizenGrievanceView, GrievanceKind, GrievanceStatus } from '../../bono/index.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  type Bilingual,
  definitionList,
  errorSummary,
  escapeHtml,
  form,
  formatLongDate,
  notice,
  radios,
  raw,
  submitButton,
  t,
  table,
  textArea,
  textInput,
} from '../html.ts';
import { errorList, type FieldErrors, type TripleValues, tripleFields } from './portal.forms.ts';
import { inBolivia, link, PORTAL, type PortalContext, portalPage } from './portal.page.ts';

/**
 * Grievances (reclamos): a citizen files one — not listed, wrong data, paid but not received —
 * and gets a reference; with the reference and their CI number they follow its status and
 * history. The history holds the steps and messages meant for the citizen, in their language,
 * never the officers' internal notes (src/bono's `grievanceForCitizen` leaves those out).
 */

export const GRIEVANCE_KINDS: readonly { value: GrievanceKind; label: Bilingual; hint: Bilingual }[] = [
  {
    value: 'not_listed',
    label: { es: 'No figuro en la lista', en: 'I am not on the list' },
    hint: {
      es: 'Cree que le corresponde el bono, pero la consulta dice que no.',
      en: 'You think the bono is yours, but the look-up says it is not.',
    },
  },
  {
    value: 'wrong_data',
    label: { es: 'Mis datos están mal', en: 'My details are wrong' },
    hint: {
      es: 'Su nombre, fecha de nacimiento, lugar u otro dato del registro no es correcto.',
      en: 'Your name, date of birth, place or another detail in the registry is not right.',
    },
  },
  {
    value: 'paid_not_received',
    label: { es: 'Figuro como pagado pero no cobré', en: 'It shows as paid but I did not collect it' },
    hint: {
      es: 'La consulta dice que cobró, pero usted no recibió el dinero.',
      en: 'The look-up says you collected it, but you did not receive the money.',
    },
  },
];

const STATUS_TEXT: Record<GrievanceStatus, Bilingual> = {
  open: { es: 'Recibido, en espera de revisión', en: 'Received, waiting for review' },
  in_review: { es: 'En revisión', en: 'Under review' },
  approved: { es: 'Aprobado', en: 'Approved' },
  rejected: { es: 'Rechazado', en: 'Rejected' },
  resolved: { es: 'Resuelto', en: 'Resolved' },
};

export function grievanceKindLabel(kind: GrievanceKind, lang: Lang): string {
  const k = GRIEVANCE_KINDS.find((x) => x.value === kind);
  return k ? t(k.label, lang) : kind;
}

export function grievanceStatusLabel(status: GrievanceStatus, lang: Lang): string {
  return t(STATUS_TEXT[status], lang);
}

function dateTime(at: Date, lang: Lang): string {
  const { date, time } = inBolivia(at);
  return `${formatLongDate(date, lang)}, ${time}`;
}

export interface GrievanceValues extends TripleValues {
  kind: string;
  description: string;
  contact: string;
}

export const DESCRIPTION_MAX_LENGTH = 4000;
export const CONTACT_MAX_LENGTH = 200;

const FILE_TITLE = { es: 'Presentar un reclamo', en: 'File a complaint' };

/**
 * The grievance form, empty or with what the reader typed and what to fix.
 *
 * @example renderGrievanceForm(ctx, { ...EMPTY_TRIPLE, kind: '', description: '', contact: '' }, {})
 */
export function renderGrievanceForm(
  ctx: PortalContext,
  values: GrievanceValues,
  errors: FieldErrors,
): string {
  const { lang } = ctx;
  const body = `${errorSummary(errorList(errors), lang)}
<h1>${t(FILE_TITLE, lang)}</h1>
<p>${t(
    {
      es: 'Si no figura en la lista, si sus datos están mal o si figura como pagado pero no cobró, cuéntenos. Le daremos un número de referencia para seguir su reclamo.',
      en: 'If you are not on the list, if your details are wrong, or if it shows as paid but you did not collect it, tell us. We will give you a reference number to follow your complaint.',
    },
    lang,
  )}</p>
${form({
  action: link(ctx, PORTAL.grievance),
  csrfToken: ctx.csrfToken,
  body:
    radios({
      name: 'kind',
      label: t({ es: '¿Qué pasó?', en: 'What happened?' }, lang),
      choices: GRIEVANCE_KINDS.map((k) => ({
        value: k.value,
        label: t(k.label, lang),
        hint: t(k.hint, lang),
      })),
      value: values.kind,
      error: errors['kind'],
      required: true,
    }) +
    tripleFields(values, errors, lang) +
    textArea({
      name: 'description',
      label: t({ es: 'Describa el problema', en: 'Describe the problem' }, lang),
      hint: t(
        {
          es: `Qué pasó, con fechas, bancos y lugares si los sabe. Hasta ${DESCRIPTION_MAX_LENGTH.toLocaleString('es-BO')} caracteres.`,
          en: `What happened, with dates, banks and places if you know them. Up to ${DESCRIPTION_MAX_LENGTH.toLocaleString('en')} characters.`,
        },
        lang,
      ),
      value: values.description,
      error: errors['description'],
      rows: 6,
      maxLength: DESCRIPTION_MAX_LENGTH,
      required: true,
    }) +
    textInput({
      name: 'contact',
      label: t(
        { es: 'Teléfono o correo para contactarle (opcional)', en: 'Phone or email to reach you (optional)' },
        lang,
      ),
      hint: t(
        { es: 'Solo lo usaremos para este reclamo.', en: 'We will use it for this complaint only.' },
        lang,
      ),
      value: values.contact,
      error: errors['contact'],
      autocomplete: 'tel',
      maxLength: CONTACT_MAX_LENGTH,
    }) +
    submitButton(t({ es: 'Enviar reclamo', en: 'Send complaint' }, lang)),
})}
<p>${t({ es: '¿Ya presentó un reclamo?', en: 'Already filed a complaint?' }, lang)} <a href="${escapeHtml(link(ctx, PORTAL.follow))}">${t({ es: 'Siga su reclamo', en: 'Follow it' }, lang)}</a>.</p>`;
  return portalPage(ctx, t(FILE_TITLE, lang), body, PORTAL.grievance);
}

/**
 * The answer to a filed grievance: its reference, and how to follow it.
 *
 * @example renderGrievanceFiled(ctx, 'AB12-CD34-EF56')
 */
export function renderGrievanceFiled(ctx: PortalContext, reference: string): string {
  const { lang } = ctx;
  const title = t({ es: 'Recibimos su reclamo', en: 'We received your complaint' }, lang);
  const body = `<h1>${title}</h1>
${notice(
  'ok',
  t({ es: 'Su número de referencia es', en: 'Your reference number is' }, lang),
  raw(
    `<p class="ref" data-testid="reference">${escapeHtml(reference)}</p><p>${t(
      {
        es: 'Anótelo o tome una foto de esta pantalla: con este número y su número de carnet puede ver cómo avanza su reclamo.',
        en: 'Write it down or take a photo of this screen: with this number and your identity card number you can see how your complaint is going.',
      },
      lang,
    )}</p>`,
  ),
)}
<p><a href="${escapeHtml(link(ctx, `${PORTAL.follow}?ref=${encodeURIComponent(reference)}`))}">${t({ es: 'Seguir mi reclamo', en: 'Follow my complaint' }, lang)}</a></p>`;
  return portalPage(ctx, title, body, PORTAL.grievance);
}

export interface FollowValues {
  ref: string;
  ci: string;
}

const FOLLOW_TITLE = { es: 'Seguir mi reclamo', en: 'Follow my complaint' };

/**
 * The follow-up form (reference and CI number); `notFound` when a look-up matched nothing — the
 * same message whether the reference exists or not.
 *
 * @example renderFollowForm(ctx, { ref: 'AB12-CD34-EF56', ci: '' }, {}, false)
 */
export function renderFollowForm(
  ctx: PortalContext,
  values: FollowValues,
  errors: FieldErrors,
  notFound: boolean,
): string {
  const { lang } = ctx;
  const body = `${errorSummary(errorList(errors), lang)}
<h1>${t(FOLLOW_TITLE, lang)}</h1>
${
  notFound
    ? notice(
        'err',
        t({ es: 'No encontramos ese reclamo', en: 'We could not find that complaint' }, lang),
        t(
          {
            es: 'Ningún reclamo tiene esa referencia con ese número de carnet. Revise la referencia (12 letras y cifras, por ejemplo AB12-CD34-EF56) y que el número de carnet sea el que escribió al presentar el reclamo.',
            en: 'No complaint has that reference with that identity card number. Check the reference (12 letters and digits, for example AB12-CD34-EF56) and that the card number is the one you gave when filing.',
          },
          lang,
        ),
      )
    : ''
}
<p>${t(
    {
      es: 'Escriba la referencia que recibió al presentar el reclamo y su número de carnet de identidad.',
      en: 'Enter the reference you received when you filed the complaint and your identity card number.',
    },
    lang,
  )}</p>
${form({
  action: link(ctx, PORTAL.follow),
  csrfToken: ctx.csrfToken,
  body:
    textInput({
      name: 'ref',
      label: t({ es: 'Referencia del reclamo', en: 'Complaint reference' }, lang),
      hint: t({ es: 'Por ejemplo, AB12-CD34-EF56.', en: 'For example, AB12-CD34-EF56.' }, lang),
      value: values.ref,
      error: errors['ref'],
      autocomplete: 'off',
      maxLength: 20,
      width: 14,
      spellcheck: false,
      required: true,
    }) +
    textInput({
      name: 'ci',
      label: t({ es: 'Número de carnet de identidad', en: 'Identity card (CI) number' }, lang),
      hint: t(
        {
          es: 'Solo las cifras, sin el lugar de expedición.',
          en: 'Digits only, without the place of issue.',
        },
        lang,
      ),
      value: values.ci,
      error: errors['ci'],
      inputmode: 'numeric',
      autocomplete: 'off',
      maxLength: 15,
      width: 14,
      spellcheck: false,
      required: true,
    }) +
    submitButton(t({ es: 'Ver mi reclamo', en: 'See my complaint' }, lang)),
})}`;
  return portalPage(ctx, t(FOLLOW_TITLE, lang), body, PORTAL.follow);
}

/**
 * A grievance's status and history, as its citizen sees them.
 *
 * @example renderGrievanceStatus(ctx, await grievanceForCitizen(db, ref, ci))
 */
export function renderGrievanceStatus(ctx: PortalContext, g: CitizenGrievanceView): string {
  const { lang } = ctx;
  const title = lang === 'es' ? `Reclamo ${g.reference}` : `Complaint ${g.reference}`;
  const body = `<h1>${escapeHtml(title)}</h1>
${definitionList([
  [
    t({ es: 'Estado', en: 'Status' }, lang),
    raw(`<strong data-testid="status">${escapeHtml(grievanceStatusLabel(g.status, lang))}</strong>`),
  ],
  [t({ es: 'Tipo de reclamo', en: 'Kind of complaint' }, lang), grievanceKindLabel(g.kind, lang)],
  [t({ es: 'Presentado el', en: 'Filed on' }, lang), dateTime(g.filedAt, lang)],
  ...(g.decidedAt
    ? [[t({ es: 'Decidido el', en: 'Decided on' }, lang), dateTime(g.decidedAt, lang)] as const]
    : []),
])}
${table({
  caption: t({ es: 'Historial', en: 'History' }, lang),
  columns: [
    { label: t({ es: 'Fecha', en: 'Date' }, lang) },
    { label: t({ es: 'Qué pasó', en: 'What happened' }, lang) },
  ],
  rows: g.events.map((e) => [dateTime(e.at, lang), e.note]),
})}
<p><a href="${escapeHtml(link(ctx, PORTAL.follow))}">${t({ es: 'Seguir otro reclamo', en: 'Follow another complaint' }, lang)}</a></p>`;
  return portalPage(ctx, title, body, PORTAL.follow);
}

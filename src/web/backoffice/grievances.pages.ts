import { z } from 'zod';
import { can } from '../../access/index.ts';
import type { GrievanceKind, GrievanceStatus } from '../../bono/index.ts';
import {
  decideGrievance,
  type GrievanceDetail,
  type GrievanceOutcome,
  grievanceDetail,
  grievanceStats,
  linkGrievancePerson,
  listGrievances,
  type PersonCorrection,
  resolveGrievance,
  startReview,
} from '../../bono/index.ts';
import { type AnyFailure, describeFailure, isFailureCode } from '../../messages/index.ts';
import { DEPARTMENTS } from '../../registry/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { ok, type Result } from '../../shared/failure.ts';
import type { Lang } from '../../shared/lang.ts';
import { failurePage } from '../error.page.tsx';
import {
  type Bilingual,
  type Content,
  dateInput,
  definitionList,
  errorSummary,
  escapeHtml,
  notice,
  radios,
  raw,
  readDate,
  select,
  submitButton,
  t,
  table,
  textArea,
  textInput,
} from '../html.ts';
import {
  a,
  count,
  hidden,
  href,
  instant,
  money,
  OFFICE,
  officePage,
  type PageContext,
  postForm,
} from './backoffice.page.ts';
import {
  dateFields,
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

const GRIEVANCES = `${OFFICE}/reclamos`;
/** Grievances a queue page shows. */
const PAGE_SIZE = 50;

const TEXT = {
  queue: { es: 'Reclamos', en: 'Grievances' },
  filter: { es: 'Filtrar', en: 'Filter' },
  statusField: { es: 'Estado', en: 'Status' },
  all: { es: 'Todos', en: 'All' },
  none: { es: 'No hay reclamos con este filtro.', en: 'No grievances match this filter.' },
  total: { es: 'reclamos', en: 'grievances' },
  reference: { es: 'Referencia', en: 'Reference' },
  kind: { es: 'Tipo', en: 'Kind' },
  filedVia: { es: 'Presentado por', en: 'Filed by' },
  filedAt: { es: 'Presentado el', en: 'Filed on' },
  age: { es: 'Antigüedad', en: 'Age' },
  toDecision: { es: 'Tiempo hasta la decisión', en: 'Time to decision' },
  linked: { es: 'Persona vinculada', en: 'Person linked' },
  round: { es: 'Ronda complementaria', en: 'Supplementary round' },
  yes: { es: 'sí', en: 'yes' },
  no: { es: 'no', en: 'no' },
  previous: { es: 'Anteriores', en: 'Previous' },
  next: { es: 'Siguientes', en: 'Next' },
  stats: { es: 'Estadísticas de reclamos', en: 'Grievance statistics' },
  seeStats: { es: 'Ver estadísticas', en: 'See statistics' },
  decided: { es: 'Decididos', en: 'Decided' },
  median: { es: 'Mediana del tiempo hasta la decisión', en: 'Median time to decision' },
  p90: { es: 'Percentil 90 del tiempo hasta la decisión', en: '90th percentile of time to decision' },
  grievance: { es: 'Reclamo', en: 'Grievance' },
  description: { es: 'Descripción', en: 'Description' },
  contact: { es: 'Contacto', en: 'Contact' },
  filedTriple: { es: 'Persona según el reclamo', en: 'Person as filed' },
  person: { es: 'Persona en el registro', en: 'Person in the registry' },
  tripleDiffers: {
    es: 'Los datos del reclamo no coinciden exactamente con los del registro.',
    en: 'The details filed do not match the registry exactly.',
  },
  notLinked: { es: 'No vinculado a ninguna persona del registro.', en: 'Not linked to any registry person.' },
  trace: { es: 'Traza de la regla', en: 'Rule trace' },
  traceIntro: { es: 'Evaluación de las reglas del bono al', en: 'The bono’s rules evaluated on' },
  eligible: { es: 'Con derecho', en: 'Eligible' },
  failing: { es: 'Condiciones que lo impiden', en: 'Conditions that prevent it' },
  entitlements: { es: 'Derechos en rondas vigentes', en: 'Entitlements in standing rounds' },
  payments: { es: 'Pagos registrados', en: 'Payments recorded' },
  amount: { es: 'Monto', en: 'Amount' },
  window: { es: 'Ventana', en: 'Window' },
  channel: { es: 'Canal', en: 'Channel' },
  bank: { es: 'Banco', en: 'Bank' },
  paidAt: { es: 'Pagado el', en: 'Paid on' },
  reversed: { es: 'Revertido', en: 'Reversed' },
  history: { es: 'Historial', en: 'History' },
  when: { es: 'Cuándo', en: 'When' },
  who: { es: 'Quién', en: 'Who' },
  step: { es: 'Paso', en: 'Step' },
  noteCol: { es: 'Nota', en: 'Note' },
  citizenSees: { es: 'Lo ve la persona', en: 'Citizen sees it' },
  startReview: { es: 'Iniciar la revisión', en: 'Start the review' },
  link: { es: 'Vincular a una persona del registro', en: 'Link to a registry person' },
  linkIntro: {
    es: 'Personas del registro con el mismo número de CI. Elija la persona de la que trata el reclamo.',
    en: 'Registry persons with the same CI number. Choose the person the grievance is about.',
  },
  noCandidates: {
    es: 'Nadie en el registro tiene ese número de CI.',
    en: 'Nobody in the registry has that CI number.',
  },
  linkButton: { es: 'Vincular', en: 'Link' },
  chooseCandidate: { es: 'Elija una persona.', en: 'Choose a person.' },
  decide: { es: 'Decidir', en: 'Decide' },
  decision: { es: 'Decisión', en: 'Decision' },
  approve: { es: 'Aprobar', en: 'Approve' },
  approveHint: {
    es: 'Corrige los datos indicados abajo, reevalúa a la persona y, si ahora tiene derecho, congela una ronda complementaria.',
    en: 'Corrects the data given below, re-evaluates the person and, if now eligible, freezes a supplementary round.',
  },
  reject: { es: 'Rechazar', en: 'Reject' },
  chooseDecision: { es: 'Elija aprobar o rechazar.', en: 'Choose approve or reject.' },
  reason: {
    es: 'Motivo (queda en el expediente, no lo ve la persona)',
    en: 'Reason (kept on file, not shown to the citizen)',
  },
  reasonMissing: { es: 'Escriba el motivo de la decisión.', en: 'Write the reason for the decision.' },
  citizenNote: { es: 'Mensaje para la persona (opcional)', en: 'Message for the citizen (optional)' },
  correction: {
    es: 'Corrección de datos del registro (solo al aprobar; deje vacío lo que no cambia)',
    en: 'Registry data correction (approval only; leave empty what does not change)',
  },
  givenNames: { es: 'Nombres', en: 'Given names' },
  firstSurname: { es: 'Primer apellido', en: 'First surname' },
  secondSurname: { es: 'Segundo apellido', en: 'Second surname' },
  dateOfBirth: { es: 'Fecha de nacimiento', en: 'Date of birth' },
  municipality: { es: 'Código de municipio (INE, 6 cifras)', en: 'Municipality code (INE, 6 digits)' },
  country: { es: 'País de residencia (ISO, 2 letras)', en: 'Country of residence (ISO, 2 letters)' },
  dateOfDeath: { es: 'Fecha de defunción', en: 'Date of death' },
  alive: {
    es: 'La persona no falleció: borrar la fecha de defunción',
    en: 'The person did not die: clear the date of death',
  },
  badDate: {
    es: 'Escriba una fecha válida o deje los tres campos vacíos.',
    en: 'Enter a valid date or leave the three boxes empty.',
  },
  badMunicipality: { es: 'El código de municipio tiene 6 cifras.', en: 'A municipality code has 6 digits.' },
  badCountry: { es: 'El país se escribe con 2 letras (BO, AR …).', en: 'A country is 2 letters (BO, AR …).' },
  noCorrectionOnReject: {
    es: 'Al rechazar no se corrige nada: vacíe la corrección o apruebe.',
    en: 'Rejecting corrects nothing: empty the correction or approve.',
  },
  decideButton: { es: 'Registrar la decisión', en: 'Record the decision' },
  resolve: { es: 'Cerrar el reclamo', en: 'Close the grievance' },
  resolveIntro: {
    es: 'Cuando lo que puso en marcha la decisión terminó (la ronda complementaria fue aprobada, o el banco revisó el pago).',
    en: 'Once what the decision set in motion is done (the supplementary round was approved, or the bank reviewed the payment).',
  },
  resolveNote: { es: 'Cómo se resolvió', en: 'How it was resolved' },
  refused: { es: 'No se pudo completar', en: 'This could not be done' },
  notFound: { es: 'No existe ese reclamo.', en: 'There is no such grievance.' },
  reviewStarted: { es: 'Revisión iniciada', en: 'Review started' },
  linkedDone: { es: 'Reclamo vinculado a la persona', en: 'Grievance linked to the person' },
  resolvedDone: { es: 'Reclamo cerrado', en: 'Grievance closed' },
  back: { es: 'Volver a la cola', en: 'Back to the queue' },
} as const satisfies Record<string, Bilingual>;

const KINDS: Record<GrievanceKind, Bilingual> = {
  not_listed: { es: 'no figura', en: 'not listed' },
  wrong_data: { es: 'datos incorrectos', en: 'wrong data' },
  paid_not_received: { es: 'pagado pero no recibido', en: 'paid but not received' },
};
const STATUSES: Record<GrievanceStatus, Bilingual> = {
  open: { es: 'abierto', en: 'open' },
  in_review: { es: 'en revisión', en: 'in review' },
  approved: { es: 'aprobado', en: 'approved' },
  rejected: { es: 'rechazado', en: 'rejected' },
  resolved: { es: 'cerrado', en: 'closed' },
};
const OUTCOMES: Record<GrievanceOutcome, Bilingual> = {
  rejected: { es: 'Reclamo rechazado.', en: 'Grievance rejected.' },
  supplementary_round: {
    es: 'Reclamo aprobado: se congeló una ronda complementaria para la persona; otro funcionario debe aprobarla.',
    en: 'Grievance approved: a supplementary round was frozen for the person; another officer must approve it.',
  },
  already_entitled: {
    es: 'Reclamo aprobado: la persona ya tiene derecho en una ronda vigente.',
    en: 'Grievance approved: the person already holds an entitlement in a standing round.',
  },
  not_eligible: {
    es: 'Reclamo aprobado y persona reevaluada: sigue sin derecho (vea la traza).',
    en: 'Grievance approved and person re-evaluated: still not eligible (see the trace).',
  },
  awaits_regular_round: {
    es: 'Reclamo aprobado: la persona tiene derecho y entrará en la ronda regular cuando se cree.',
    en: 'Grievance approved: the person is eligible and will be in the regular round when it is created.',
  },
  round_refused: {
    es: 'Reclamo aprobado, pero no se pudo congelar la ronda complementaria: vea el motivo en el historial.',
    en: 'Grievance approved, but the supplementary round could not be frozen: see why in the history.',
  },
  handed_to_bank: {
    es: 'Reclamo aprobado: el caso pasó al banco para revisar el pago registrado.',
    en: 'Grievance approved: the case went to the bank to review the recorded payment.',
  },
};

const isStatus = (s: string | undefined): s is GrievanceStatus => s !== undefined && s in STATUSES;
const isOutcome = (s: string): s is GrievanceOutcome => s in OUTCOMES;

/** Hours as an officer reads an age: hours under two days, else days. @example duration(50, 'es') // '2 días' */
function duration(hours: number | null, lang: Lang): string {
  if (hours === null) return '—';
  if (hours < 48) return `${Math.max(0, Math.floor(hours))} h`;
  const days = Math.floor(hours / 24);
  return lang === 'es' ? `${days} días` : `${days} days`;
}

const departmentName = (code: number) => DEPARTMENTS.find((d) => d.code === code)?.name ?? String(code);

/**
 * A refusal a step recorded (a supplementary round refused keeps createRound's failure, not
 * words), in the reader's language; '' when the step recorded none.
 *
 * @example refusalWords({ code: 'round_empty', refusal: { code: 'round_empty' } }, 'es')
 */
function refusalWords(data: Record<string, unknown> | null, lang: Lang): string {
  const refusal = data?.['refusal'] as { code?: unknown } | undefined;
  if (typeof refusal?.code !== 'string' || !isFailureCode(refusal.code)) return '';
  return describeFailure(refusal as AnyFailure, lang).detail;
}

/** The correction fields of the decision form, as typed (kept when the form comes back). */
interface DecisionValues {
  decision: string;
  note: string;
  citizenNote: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  municipality: string;
  country: string;
  dob: { day: string; month: string; year: string };
  dod: { day: string; month: string; year: string };
  alive: boolean;
}

const EMPTY_DATE = { day: '', month: '', year: '' };
const EMPTY_DECISION: DecisionValues = {
  decision: '',
  note: '',
  citizenNote: '',
  givenNames: '',
  firstSurname: '',
  secondSurname: '',
  municipality: '',
  country: '',
  dob: EMPTY_DATE,
  dod: EMPTY_DATE,
  alive: false,
};

type FieldErrors = { name: string; message: string }[];

function detailPage(
  ctx: PageContext,
  d: GrievanceDetail,
  o: {
    done?: string;
    roundId?: number;
    refusal?: string;
    errors?: FieldErrors;
    values?: DecisionValues;
  } = {},
): string {
  const L = ctx.lang;
  const g = d.grievance;
  const err = (name: string) => o.errors?.find((e) => e.name === name)?.message;
  const v = o.values ?? EMPTY_DECISION;
  const filed = `CI ${g.person.ciNumber}${g.person.complemento ? `-${g.person.complemento}` : ''}, ${g.person.dateOfBirth}`;
  const p = d.person;
  const personText: Content = p
    ? raw(
        `${a(ctx, `${OFFICE}/registro`, `CI ${p.ciNumber}${p.complemento ? `-${p.complemento}` : ''}`, {
          ci: p.ciNumber,
          complemento: p.complemento || undefined,
        })} — ${escapeHtml([p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' '))}, ${escapeHtml(p.dateOfBirth)}, ${escapeHtml(p.municipalityCode)} (${escapeHtml(departmentName(p.departmentCode))}), ${escapeHtml(p.residenceCountry)}${p.dateOfDeath ? ` † ${escapeHtml(p.dateOfDeath)}` : ''}${
          d.filedTripleMatches === false ? `<br><strong>${t(TEXT.tripleDiffers, L)}</strong>` : ''
        }`,
      )
    : t(TEXT.notLinked, L);
  const facts = definitionList([
    [t(TEXT.reference, L), raw(`<code>${escapeHtml(g.reference)}</code>`)],
    [
      t(TEXT.statusField, L),
      raw(
        `<strong data-testid="grievance-status" data-status="${g.status}">${escapeHtml(t(STATUSES[g.status], L))}</strong>`,
      ),
    ],
    [t(TEXT.kind, L), t(KINDS[g.kind], L)],
    [t(TEXT.filedVia, L), `${g.filedVia} (${g.filedBy})`],
    [t(TEXT.filedAt, L), instant(g.filedAt)],
    [t(TEXT.age, L), duration(d.ageHours, L)],
    [t(TEXT.toDecision, L), duration(d.hoursToDecision, L)],
    [t(TEXT.description, L), g.description],
    [t(TEXT.contact, L), g.contact || '—'],
    [t(TEXT.filedTriple, L), filed],
    [t(TEXT.person, L), personText],
    ...(d.supplementaryRound
      ? ([
          [
            t(TEXT.round, L),
            raw(a(ctx, `${OFFICE}/rondas/${d.supplementaryRound.id}`, String(d.supplementaryRound.id))),
          ],
        ] as [string, Content][])
      : []),
  ]);
  const trace = d.trace
    ? `<h2>${t(TEXT.trace, L)}</h2>
<p>${t(TEXT.traceIntro, L)} ${escapeHtml(d.trace.date)}: <strong data-testid="trace-eligible">${t(TEXT.eligible, L)}: ${t(d.trace.eligible ? TEXT.yes : TEXT.no, L)}</strong>${
        d.trace.failing.length
          ? `. ${t(TEXT.failing, L)}: <code>${escapeHtml(d.trace.failing.join(', '))}</code>`
          : ''
      }</p>
<pre class="trace" tabindex="0" style="white-space:pre-wrap">${escapeHtml(d.trace.text)}</pre>`
    : '';
  const entitlements =
    d.entitlements.length === 0
      ? ''
      : table({
          caption: t(TEXT.entitlements, L),
          columns: [
            { label: t(TEXT.round, L) },
            { label: t(TEXT.statusField, L) },
            { label: t(TEXT.amount, L), numeric: true },
            { label: t(TEXT.window, L) },
            { label: t(TEXT.channel, L) },
          ],
          rows: d.entitlements.map((e) => [
            raw(a(ctx, `${OFFICE}/rondas/${e.entitlement.roundId}`, String(e.entitlement.roundId))),
            e.roundStatus,
            money(e.entitlement.amountCentavos, L),
            `${e.entitlement.band}: ${e.entitlement.opensOn} – ${e.entitlement.closesOn}`,
            e.entitlement.channel,
          ]),
        });
  const payments =
    d.payments.length === 0
      ? ''
      : table({
          caption: t(TEXT.payments, L),
          columns: [
            { label: t(TEXT.paidAt, L) },
            { label: t(TEXT.amount, L), numeric: true },
            { label: t(TEXT.channel, L) },
            { label: t(TEXT.bank, L) },
            { label: t(TEXT.reversed, L) },
          ],
          rows: d.payments.map((pay) => [
            instant(pay.paidAt),
            money(pay.amountCentavos, L),
            `${pay.channel}${pay.paymentPoint ? ` (${pay.paymentPoint})` : ''}`,
            pay.bankBic,
            pay.reversedAt ? `${instant(pay.reversedAt)} ${pay.reversalReason ?? ''}` : '—',
          ]),
        });
  const history = table({
    caption: t(TEXT.history, L),
    columns: [
      { label: t(TEXT.when, L) },
      { label: t(TEXT.who, L) },
      { label: t(TEXT.step, L) },
      { label: t(TEXT.noteCol, L) },
      { label: t(TEXT.citizenSees, L) },
    ],
    rows: d.events.map((e) => [
      instant(e.at),
      e.actor,
      e.action,
      raw(
        `${escapeHtml(e.note || refusalWords(e.data, L))}${e.data ? `${e.note ? '<br>' : ''}<code>${escapeHtml(JSON.stringify(e.data))}</code>` : ''}`,
      ),
      t(e.citizenVisible ? TEXT.yes : TEXT.no, L),
    ]),
  });

  const mayResolve = can(ctx.principal, 'grievances.resolve');
  const path = `${GRIEVANCES}/${g.id}`;
  const actions: string[] = [];
  if (mayResolve && g.status === 'open')
    actions.push(postForm(ctx, `${path}/revision`, submitButton(t(TEXT.startReview, L))));
  if (mayResolve && p === null && (g.status === 'open' || g.status === 'in_review')) {
    actions.push(
      `<h2>${t(TEXT.link, L)}</h2>${
        d.candidates.length === 0
          ? `<p>${t(TEXT.noCandidates, L)}</p>`
          : postForm(
              ctx,
              `${path}/persona`,
              `${radios({
                name: 'persona',
                label: t(TEXT.linkIntro, L),
                error: err('persona'),
                choices: d.candidates.map((cand) => ({
                  value: cand.id.toString(),
                  label: `CI ${cand.ciNumber}${cand.complemento ? `-${cand.complemento}` : ''} — ${[cand.givenNames, cand.firstSurname, cand.secondSurname].filter(Boolean).join(' ')}, ${cand.dateOfBirth}, ${cand.municipalityCode}`,
                })),
              })}${submitButton(t(TEXT.linkButton, L))}`,
            )
      }`,
    );
  }
  if (mayResolve && g.status === 'in_review') {
    const corrections =
      g.kind === 'paid_not_received'
        ? ''
        : `<fieldset><legend>${t(TEXT.correction, L)}</legend>
${textInput({ name: 'c_nombres', label: t(TEXT.givenNames, L), value: v.givenNames, maxLength: 200 })}
${textInput({ name: 'c_apellido1', label: t(TEXT.firstSurname, L), value: v.firstSurname, maxLength: 200 })}
${textInput({ name: 'c_apellido2', label: t(TEXT.secondSurname, L), value: v.secondSurname, maxLength: 200 })}
${dateInput({ name: 'c_nacimiento', label: t(TEXT.dateOfBirth, L), lang: L, value: v.dob, error: err('c_nacimiento') })}
${textInput({ name: 'c_municipio', label: t(TEXT.municipality, L), value: v.municipality, inputmode: 'numeric', width: 10, maxLength: 6, error: err('c_municipio') })}
${textInput({ name: 'c_pais', label: t(TEXT.country, L), value: v.country, width: 4, maxLength: 2, error: err('c_pais') })}
${dateInput({ name: 'c_defuncion', label: t(TEXT.dateOfDeath, L), lang: L, value: v.dod, error: err('c_defuncion') })}
<div class="r"><input type="checkbox" id="f-c_vivo" name="c_vivo" value="1"${v.alive ? ' checked' : ''}><label for="f-c_vivo">${t(TEXT.alive, L)}</label></div>
</fieldset>`;
    actions.push(
      `<h2>${t(TEXT.decide, L)}</h2>${postForm(
        ctx,
        `${path}/decision`,
        `${radios({
          name: 'decision',
          label: t(TEXT.decision, L),
          value: v.decision,
          required: true,
          error: err('decision'),
          choices: [
            { value: 'approve', label: t(TEXT.approve, L), hint: t(TEXT.approveHint, L) },
            { value: 'reject', label: t(TEXT.reject, L) },
          ],
        })}
${textArea({ name: 'nota', label: t(TEXT.reason, L), value: v.note, rows: 3, maxLength: 4000, required: true, error: err('nota') })}
${textArea({ name: 'nota_ciudadano', label: t(TEXT.citizenNote, L), value: v.citizenNote, rows: 2, maxLength: 4000 })}
${corrections}
${submitButton(t(TEXT.decideButton, L))}`,
      )}`,
    );
  }
  if (mayResolve && g.status === 'approved')
    actions.push(
      `<h2>${t(TEXT.resolve, L)}</h2><p>${t(TEXT.resolveIntro, L)}</p>${postForm(
        ctx,
        `${path}/cierre`,
        `${textArea({ name: 'nota', label: t(TEXT.resolveNote, L), value: v.note, rows: 3, maxLength: 4000, required: true, error: err('nota') })}
${textArea({ name: 'nota_ciudadano', label: t(TEXT.citizenNote, L), value: v.citizenNote, rows: 2, maxLength: 4000 })}
${submitButton(t(TEXT.resolve, L))}`,
      )}`,
    );

  const done =
    o.done === 'revision'
      ? notice('ok', t(TEXT.reviewStarted, L))
      : o.done === 'vinculada'
        ? notice('ok', t(TEXT.linkedDone, L))
        : o.done === 'cerrado'
          ? notice('ok', t(TEXT.resolvedDone, L))
          : o.done && isOutcome(o.done)
            ? notice(
                'ok',
                t(OUTCOMES[o.done], L),
                o.roundId
                  ? raw(
                      `<p>${a(ctx, `${OFFICE}/rondas/${o.roundId}`, `${t(TEXT.round, L)} ${o.roundId}`)}</p>`,
                    )
                  : undefined,
              )
            : '';
  const body = `${done}${o.refusal ? notice('err', t(TEXT.refused, L), o.refusal) : ''}${errorSummary(o.errors ?? [], L)}
<p>${a(ctx, GRIEVANCES, t(TEXT.back, L))}</p>
${facts}
${actions.join('\n')}
${trace}
${entitlements}
${payments}
${history}`;
  return officePage(ctx, `${t(TEXT.grievance, L)} ${g.reference}`, body, { section: GRIEVANCES });
}

/** Reads the decision form: the values as typed, the errors, and the domain's input when valid. */
function readDecision(
  body: Record<string, string | undefined>,
  kind: GrievanceKind,
  lang: Lang,
): { values: DecisionValues; errors: FieldErrors; correction: Partial<PersonCorrection> } {
  const dob = readDate(body, 'c_nacimiento');
  const dod = readDate(body, 'c_defuncion');
  const values: DecisionValues = {
    decision: body['decision'] ?? '',
    note: (body['nota'] ?? '').trim(),
    citizenNote: (body['nota_ciudadano'] ?? '').trim(),
    givenNames: (body['c_nombres'] ?? '').trim(),
    firstSurname: (body['c_apellido1'] ?? '').trim(),
    secondSurname: (body['c_apellido2'] ?? '').trim(),
    municipality: (body['c_municipio'] ?? '').trim(),
    country: (body['c_pais'] ?? '').trim().toUpperCase(),
    dob: dob.parts,
    dod: dod.parts,
    alive: body['c_vivo'] === '1',
  };
  const errors: FieldErrors = [];
  const e = (name: string, text: Bilingual) => errors.push({ name, message: t(text, lang) });
  if (values.decision !== 'approve' && values.decision !== 'reject') e('decision', TEXT.chooseDecision);
  if (values.note === '') e('nota', TEXT.reasonMissing);
  const typed = (parts: { day: string; month: string; year: string }) =>
    Object.values(parts).some((x) => x !== '');
  if (typed(dob.parts) && !dob.date) e('c_nacimiento', TEXT.badDate);
  if (typed(dod.parts) && !dod.date) e('c_defuncion', TEXT.badDate);
  if (values.municipality !== '' && !/^[0-9]{6}$/.test(values.municipality))
    e('c_municipio', TEXT.badMunicipality);
  if (values.country !== '' && !/^[A-Z]{2}$/.test(values.country)) e('c_pais', TEXT.badCountry);
  const correction: Partial<PersonCorrection> = {};
  if (kind !== 'paid_not_received') {
    if (values.givenNames) correction.givenNames = values.givenNames;
    if (values.firstSurname) correction.firstSurname = values.firstSurname;
    if (values.secondSurname) correction.secondSurname = values.secondSurname;
    if (dob.date) correction.dateOfBirth = dob.date;
    if (values.municipality) correction.municipalityCode = values.municipality;
    if (values.country) correction.residenceCountry = values.country;
    if (values.alive) correction.dateOfDeath = null;
    else if (dod.date) correction.dateOfDeath = dod.date;
  }
  if (values.decision === 'reject' && Object.keys(correction).length > 0)
    e('decision', TEXT.noCorrectionOnReject);
  return { values, errors, correction };
}

/** The grievance queue, statistics, detail with the rule trace, review, link, decide and close. */
export function grievanceRoutes(router: Router, { app, access }: OfficeDeps): void {
  /** Shows the detail page, or a 404 page when there is no such grievance. */
  const showDetail = async (
    c: OfficeContext,
    id: number,
    o: Parameters<typeof detailPage>[2] = {},
    status: Parameters<typeof sendPage>[2] = 200,
  ) => {
    const ctx = pageContext(c);
    const d = await grievanceDetail(app.db, id, { at: access.now(), lang: ctx.lang });
    if (d.ok) return sendPage(c, detailPage(ctx, d.value, o), status);
    if (d.error.code === 'grievance_not_found')
      return sendPage(
        c,
        officePage(ctx, t(TEXT.queue, ctx.lang), `<p>${t(TEXT.notFound, ctx.lang)}</p>`, {
          section: GRIEVANCES,
        }),
        404,
      );
    return failurePage(c, d.error);
  };

  /**
   * Runs a step, which gives the address to go to next; a refusal shows the detail page again with
   * the service's reason, in the officer's language, and the status src/messages gives it.
   */
  const step = async (
    c: OfficeContext,
    id: number,
    run: () => Promise<Result<string, AnyFailure>>,
    values?: DecisionValues,
  ): Promise<Response> => {
    const r = await run();
    if (r.ok) return seeOther(c, r.value);
    if (r.error.code === 'grievance_not_found') return showDetail(c, id);
    const refusal = describeFailure(r.error, pageContext(c).lang);
    return showDetail(
      c,
      id,
      { refusal: refusal.detail, ...(values ? { values } : {}) },
      refusal.status as Parameters<typeof sendPage>[2],
    );
  };

  defineRoute(router, {
    method: 'get',
    path: '/reclamos',
    operationId: 'officeGrievances',
    summary: { es: 'Cola de reclamos', en: 'Grievance queue' },
    description: {
      es: 'Los reclamos, los más antiguos primero, con su antigüedad; filtro por estado.',
      en: 'Grievances, oldest first, with their ages; filter by status.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.read' },
    request: {
      query: z.object({
        estado: optionalText(20),
        desde: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
      }),
    },
    responses: pageResponses('The queue.'),
    handler: async (c, { query }) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const status = isStatus(query.estado) ? query.estado : undefined;
      const offset = query.desde ?? 0;
      const queue = await listGrievances(app.db, {
        ...(status ? { status } : {}),
        limit: PAGE_SIZE,
        offset,
        at: access.now(),
      });
      if (!queue.ok) return failurePage(c, queue.error);
      const { total, rows } = queue.value;
      const filter = `<form method="get" action="${GRIEVANCES}" novalidate>${hidden('lang', L)}
${select({
  name: 'estado',
  label: t(TEXT.statusField, L),
  value: status ?? '',
  choices: [
    { value: '', label: t(TEXT.all, L) },
    ...(Object.keys(STATUSES) as GrievanceStatus[]).map((s) => ({ value: s, label: t(STATUSES[s], L) })),
  ],
})}
${submitButton(t(TEXT.filter, L))}</form>`;
      const list =
        rows.length === 0
          ? `<p>${t(TEXT.none, L)}</p>`
          : table({
              caption: `${count(total, L)} ${t(TEXT.total, L)}`,
              columns: [
                { label: t(TEXT.reference, L) },
                { label: t(TEXT.kind, L) },
                { label: t(TEXT.statusField, L) },
                { label: t(TEXT.filedVia, L) },
                { label: t(TEXT.filedAt, L) },
                { label: t(TEXT.age, L), numeric: true },
                { label: t(TEXT.toDecision, L), numeric: true },
                { label: t(TEXT.linked, L) },
                { label: t(TEXT.round, L) },
              ],
              rows: rows.map((r) => [
                raw(a(ctx, `${GRIEVANCES}/${r.id}`, r.reference)),
                t(KINDS[r.kind], L),
                t(STATUSES[r.status], L),
                r.filedVia,
                instant(r.filedAt),
                duration(r.ageHours, L),
                duration(r.hoursToDecision, L),
                t(r.personLinked ? TEXT.yes : TEXT.no, L),
                r.supplementaryRoundId === null
                  ? '—'
                  : raw(a(ctx, `${OFFICE}/rondas/${r.supplementaryRoundId}`, String(r.supplementaryRoundId))),
              ]),
            });
      const pages = [
        offset > 0
          ? a(ctx, GRIEVANCES, t(TEXT.previous, L), {
              estado: status,
              desde: Math.max(0, offset - PAGE_SIZE),
            })
          : '',
        offset + rows.length < total
          ? a(ctx, GRIEVANCES, t(TEXT.next, L), { estado: status, desde: offset + PAGE_SIZE })
          : '',
      ].filter((x) => x !== '');
      const body = `<p>${a(ctx, `${GRIEVANCES}/estadisticas`, t(TEXT.seeStats, L))}</p>${filter}${list}${
        pages.length ? `<p>${pages.join(' · ')}</p>` : ''
      }`;
      return sendPage(c, officePage(ctx, t(TEXT.queue, L), body, { section: GRIEVANCES }));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/reclamos/estadisticas',
    operationId: 'officeGrievanceStats',
    summary: { es: 'Estadísticas de reclamos', en: 'Grievance statistics' },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.read' },
    responses: pageResponses('Counts by status and time to decision.'),
    handler: async (c) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const s = await grievanceStats(app.db);
      const body = `${table({
        columns: [{ label: t(TEXT.statusField, L) }, { label: t(TEXT.total, L), numeric: true }],
        rows: [
          ...(Object.keys(STATUSES) as GrievanceStatus[]).map((k) => [
            t(STATUSES[k], L),
            count(s.byStatus[k], L),
          ]),
          [raw(`<strong>${t(TEXT.all, L)}</strong>`), raw(`<strong>${count(s.total, L)}</strong>`)],
        ],
      })}
${definitionList([
  [t(TEXT.decided, L), count(s.decided, L)],
  [t(TEXT.median, L), duration(s.medianHoursToDecision, L)],
  [t(TEXT.p90, L), duration(s.p90HoursToDecision, L)],
])}
<p>${a(ctx, GRIEVANCES, t(TEXT.back, L))}</p>`;
      return sendPage(c, officePage(ctx, t(TEXT.stats, L), body, { section: GRIEVANCES }));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/reclamos/:id{[0-9]+}',
    operationId: 'officeGrievance',
    summary: { es: 'Un reclamo', en: 'One grievance' },
    description: {
      es: 'El reclamo, la persona, la traza de la regla, derechos, pagos e historial; las acciones que el rol permite.',
      en: 'The grievance, the person, the rule trace, entitlements, payments and history; the actions the role allows.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.read' },
    request: {
      params: idParam,
      query: z.object({ hecho: optionalText(40), ronda: z.coerce.number().int().min(1).optional() }),
    },
    responses: pageResponses('The grievance.', { notFound: true }),
    handler: (c, { params, query }) =>
      showDetail(c, params.id, {
        ...(query.hecho ? { done: query.hecho } : {}),
        ...(query.ronda ? { roundId: query.ronda } : {}),
      }),
  });

  const postPage = (what: string) =>
    pageResponses('Not used.', {
      redirect: `${what}: back to the grievance.`,
      refused: 'The grievance again, with why the service refused.',
      notFound: true,
    });

  defineRoute(router, {
    method: 'post',
    path: '/reclamos/:id{[0-9]+}/revision',
    operationId: 'officeGrievanceReview',
    summary: { es: 'Iniciar la revisión de un reclamo', en: 'Start reviewing a grievance' },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.resolve' },
    request: { params: idParam },
    responses: postPage('Review started'),
    handler: (c, { params }) =>
      step(c, params.id, async () => {
        const r = await startReview(app.db, { id: params.id, actor: principalOf(c).actor, at: access.now() });
        return r.ok ? ok(href(pageContext(c).lang, `${GRIEVANCES}/${params.id}`, { hecho: 'revision' })) : r;
      }),
  });

  defineRoute(router, {
    method: 'post',
    path: '/reclamos/:id{[0-9]+}/persona',
    operationId: 'officeGrievanceLink',
    summary: {
      es: 'Vincular un reclamo a una persona del registro',
      en: 'Link a grievance to a registry person',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.resolve' },
    request: { params: idParam, form: z.object({ persona: optionalText(20) }) },
    responses: postPage('Linked'),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      if (!body.persona || !/^[1-9][0-9]{0,18}$/.test(body.persona))
        return showDetail(
          c,
          params.id,
          { errors: [{ name: 'persona', message: t(TEXT.chooseCandidate, ctx.lang) }] },
          400,
        );
      const personId = BigInt(body.persona);
      return step(c, params.id, async () => {
        const r = await linkGrievancePerson(app.db, {
          id: params.id,
          personId,
          actor: principalOf(c).actor,
          at: access.now(),
        });
        return r.ok ? ok(href(ctx.lang, `${GRIEVANCES}/${params.id}`, { hecho: 'vinculada' })) : r;
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/reclamos/:id{[0-9]+}/decision',
    operationId: 'officeGrievanceDecide',
    summary: { es: 'Decidir un reclamo', en: 'Decide a grievance' },
    description: {
      es: 'Aprobar (con corrección de datos opcional: reevalúa y puede congelar una ronda complementaria) o rechazar.',
      en: 'Approve (with an optional data correction: re-evaluates and may freeze a supplementary round) or reject.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.resolve' },
    request: {
      params: idParam,
      form: z.object({
        decision: optionalText(20),
        nota: optionalText(4000),
        nota_ciudadano: optionalText(4000),
        c_nombres: optionalText(200),
        c_apellido1: optionalText(200),
        c_apellido2: optionalText(200),
        c_municipio: optionalText(20),
        c_pais: optionalText(10),
        c_vivo: optionalText(4),
        ...dateFields('c_nacimiento'),
        ...dateFields('c_defuncion'),
      }),
    },
    responses: postPage('Decided'),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const current = await grievanceDetail(app.db, params.id, { at: access.now(), lang: ctx.lang });
      if (!current.ok) return showDetail(c, params.id);
      const { values, errors, correction } = readDecision(body, current.value.grievance.kind, ctx.lang);
      if (errors.length > 0) return showDetail(c, params.id, { errors, values }, 400);
      return step(
        c,
        params.id,
        async () => {
          const r = await decideGrievance(app.db, {
            id: params.id,
            decision: values.decision as 'approve' | 'reject',
            note: values.note,
            ...(values.citizenNote ? { citizenNote: values.citizenNote } : {}),
            ...(Object.keys(correction).length > 0 ? { correction } : {}),
            actor: principalOf(c).actor,
            at: access.now(),
          });
          if (!r.ok) return r;
          return ok(
            href(ctx.lang, `${GRIEVANCES}/${params.id}`, {
              hecho: r.value.outcome,
              ...(r.value.roundId ? { ronda: r.value.roundId } : {}),
            }),
          );
        },
        values,
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/reclamos/:id{[0-9]+}/cierre',
    operationId: 'officeGrievanceResolve',
    summary: { es: 'Cerrar un reclamo aprobado', en: 'Close an approved grievance' },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.resolve' },
    request: {
      params: idParam,
      form: z.object({ nota: optionalText(4000), nota_ciudadano: optionalText(4000) }),
    },
    responses: postPage('Closed'),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const note = (body.nota ?? '').trim();
      const citizenNote = (body.nota_ciudadano ?? '').trim();
      const values = { ...EMPTY_DECISION, note, citizenNote };
      if (note === '')
        return showDetail(
          c,
          params.id,
          { errors: [{ name: 'nota', message: t(TEXT.reasonMissing, ctx.lang) }], values },
          400,
        );
      return step(
        c,
        params.id,
        async () => {
          const r = await resolveGrievance(app.db, {
            id: params.id,
            note,
            ...(citizenNote ? { citizenNote } : {}),
            actor: principalOf(c).actor,
            at: access.now(),
          });
          return r.ok ? ok(href(ctx.lang, `${GRIEVANCES}/${params.id}`, { hecho: 'cerrado' })) : r;
        },
        values,
      );
    },
  });
}

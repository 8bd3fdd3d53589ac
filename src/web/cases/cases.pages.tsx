import type {
  CaseFileView,
  CustodyEntry,
  CustodyVerification,
  EvidenceItem,
  PersonView,
} from '../../cases/index.ts';
import { formatDate, formatInstant, formatNumber, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { href, type PageContext } from '../backoffice/backoffice.page.ts';
import { OfficeLayout } from '../backoffice/office-layout.tsx';
import {
  type Choice,
  DefinitionList,
  ErrorSummary,
  type FieldError,
  FileInput,
  Form,
  fieldOf,
  fieldValueOf,
  HiddenField,
  Notice,
  Radios,
  Select,
  SubmitButton,
  Table,
  TextArea,
  TextInput,
} from '../components/index.ts';
import { EventSummary, word } from './case-parts.tsx';
import {
  analysisPath,
  CASES_OFFICE,
  casePath,
  contentPath,
  itemPath,
  publicCasePath,
  viewerPath,
} from './case-paths.ts';

/**
 * The investigator's pages (issue #21 §8): the investigations of the reader's team, one case file
 * (events on a timeline with the acts each source tells, persons as the reader may see them,
 * evidence with the state of its custody chain, the forms to add an event, a person, evidence, and
 * to publish the public version), an evidence item (what the file claims, its custody log, the
 * verify button) and the restricted viewer. Every word from src/messages/<lang>/pages/cases.ts;
 * no script.
 */

type Note = { kind: 'ok' | 'err' | 'info'; title: string; text: string };

const words = (lang: Lang) => pageMessages(lang).cases;

/** The investigations list. */
export function CaseListPage(p: {
  ctx: PageContext;
  investigations: readonly { code: string; title: string; openedOn: string; teamRole: string }[];
}) {
  const { ctx } = p;
  const w = words(ctx.lang);
  return (
    <OfficeLayout ctx={ctx} title={w.list.title} section={CASES_OFFICE}>
      <p>{w.list.intro}</p>
      {p.investigations.length === 0 ? (
        <p>{w.list.none}</p>
      ) : (
        <Table
          label={w.list.title}
          columns={[
            { label: w.list.codeColumn },
            { label: w.list.titleColumn },
            { label: w.list.openedColumn },
            { label: w.list.roleColumn },
          ]}
          rows={p.investigations.map((i) => [
            <a href={href(ctx.lang, casePath(i.code))}>{i.code}</a>,
            i.title,
            formatDate(i.openedOn, ctx.lang),
            word(w.teamRoles, i.teamRole, ctx.lang),
          ])}
        />
      )}
    </OfficeLayout>
  );
}

/** A person as the reader may see them: the name, or the code with «identity withheld». */
export function personName(v: PersonView | undefined, lang: Lang): string {
  const w = words(lang);
  if (!v) return w.dash;
  return v.withheld ? w.file.withheldCode(v.code) : v.fullName;
}

export interface EventFormValues {
  titulo: string;
  tipo: string;
  lugar: string;
  latitud: string;
  longitud: string;
  desde: string;
  hasta: string;
  descripcion: string;
}

export interface PersonFormValues {
  nombre: string;
  funcion: string;
  sexo: string;
  familia: string;
  protegida: string;
}

export interface UploadFormValues {
  titulo: string;
  tipo: string;
  hecho: string;
  familia: string;
  reservada: string;
  por: string;
  donde: string;
  cuando: string;
  metodo: string;
}

/** The testimony form's fields as typed (ids of persons and items as their decimal text). */
export interface TestimonyFormValues {
  testigo: string;
  hecho: string;
  fecha_testimonio: string;
  lugar_testimonio: string;
  idioma: string;
  interprete: string;
  entrevistador: string;
  consentimiento: string;
  transcripcion: string;
  grabacion: string;
  transcripcion_archivo: string;
}

export const EMPTY_TESTIMONY_FORM: TestimonyFormValues = {
  testigo: '',
  hecho: '',
  fecha_testimonio: '',
  lugar_testimonio: '',
  idioma: 'es',
  interprete: '',
  entrevistador: '',
  consentimiento: 'investigation',
  transcripcion: '',
  grabacion: '',
  transcripcion_archivo: '',
};

/** The kinds of item a statement's recording and its filed transcript may be (as the domain checks). */
export const AUDIO_KINDS: readonly string[] = ['audio', 'video'];
export const TRANSCRIPT_KINDS: readonly string[] = ['transcript', 'document'];

export const EMPTY_EVENT_FORM: EventFormValues = {
  titulo: '',
  tipo: 'protest_repression',
  lugar: '',
  latitud: '',
  longitud: '',
  desde: '',
  hasta: '',
  descripcion: '',
};
export const EMPTY_PERSON_FORM: PersonFormValues = {
  nombre: '',
  funcion: 'witness',
  sexo: 'unknown',
  familia: '',
  protegida: 'no',
};
export const EMPTY_UPLOAD_FORM: UploadFormValues = {
  titulo: '',
  tipo: 'document',
  hecho: '',
  familia: '',
  reservada: 'si',
  por: '',
  donde: '',
  cuando: '',
  metodo: '',
};

/** Which form of the case page came back with errors, and the values to show again. */
export type CaseForms =
  | { form: 'event'; values: EventFormValues; errors: FieldError[] }
  | { form: 'person'; values: PersonFormValues; errors: FieldError[] }
  | { form: 'upload'; values: UploadFormValues; errors: FieldError[] }
  | { form: 'testimony'; values: TestimonyFormValues; errors: FieldError[] };

export interface CaseFilePageProps {
  ctx: PageContext;
  file: CaseFileView;
  /** The custody verification of each item (chain only), when it was run for this page. */
  custody: ReadonlyMap<bigint, CustodyVerification>;
  readAt: Date;
  readerName: string;
  canRecordEvidence: boolean;
  canRecordAnalysis: boolean;
  canPublish: boolean;
  publishedAt: Date | null;
  maxUploadMb: number;
  note?: Note | undefined;
  forms?: CaseForms | undefined;
}

const yesNo = (lang: Lang): Choice[] => [
  { value: 'si', label: words(lang).yes },
  { value: 'no', label: words(lang).no },
];

const choicesOf = (table: Record<string, string>): Choice[] =>
  Object.entries(table).map(([value, label]) => ({ value, label }));

function errorOf(errors: readonly FieldError[] | undefined, name: string): string | undefined {
  return errors?.find((e) => e.name === name)?.message;
}

/** One case file as the reader may see it. */
export function CaseFilePage(p: CaseFilePageProps) {
  const { ctx, file } = p;
  const lang = ctx.lang;
  const w = words(lang);
  const inv = file.investigation;
  const persons = new Map(file.persons.map((v) => [v.id, v]));
  /** A person's other names, as the reader may see them (none of a withheld person), or undefined. */
  const aliasesOf = (id: bigint) => {
    const names = file.aliases.filter((a) => a.personId === id).map((a) => a.alias);
    return names.length > 0 ? names.join(', ') : undefined;
  };
  const events = [...file.events].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const eventForm = p.forms?.form === 'event' ? p.forms : undefined;
  const personForm = p.forms?.form === 'person' ? p.forms : undefined;
  const uploadForm = p.forms?.form === 'upload' ? p.forms : undefined;
  const ev = eventForm?.values ?? EMPTY_EVENT_FORM;
  const pv = personForm?.values ?? EMPTY_PERSON_FORM;
  const uv = uploadForm?.values ?? EMPTY_UPLOAD_FORM;
  const testimonyForm = p.forms?.form === 'testimony' ? p.forms : undefined;
  const tv = testimonyForm?.values ?? { ...EMPTY_TESTIMONY_FORM, entrevistador: p.readerName };
  return (
    <OfficeLayout ctx={ctx} title={w.file.title(inv.code, inv.title)} section={CASES_OFFICE}>
      <p>
        <a href={href(lang, CASES_OFFICE)}>{w.file.back}</a>
      </p>
      <p class="h" data-testid="watermark">
        {w.file.watermark(p.readerName, formatInstant(p.readAt, lang))}
      </p>
      {p.note ? (
        <Notice kind={p.note.kind} title={p.note.title}>
          {p.note.text}
        </Notice>
      ) : null}
      <ErrorSummary lang={lang} errors={p.forms?.errors ?? []} />
      <DefinitionList
        items={[
          [w.file.opened, formatDate(inv.openedOn, lang)],
          [w.file.summary, inv.summary === '' ? w.dash : inv.summary],
        ]}
      />
      <p>{w.file.yourRole(word(w.teamRoles, file.teamRole, lang))}</p>
      <p>
        <a href={href(lang, analysisPath(inv.code))} data-testid="analysis-link">
          {w.analysis.link}
        </a>
      </p>

      <h2>{w.file.timeline}</h2>
      {events.length === 0 ? <p>{w.file.noEvents}</p> : null}
      <ol data-testid="timeline">
        {events.map((e) => {
          const acts = file.acts
            .filter((a) => a.eventId === e.id)
            .sort((a, b) => (a.startsAt?.getTime() ?? Infinity) - (b.startsAt?.getTime() ?? Infinity));
          return (
            <li>
              <EventSummary event={e} lang={lang} />
              {acts.length === 0 ? (
                <p>{w.file.noActs}</p>
              ) : (
                <Table
                  caption={w.file.actsOf(e.title)}
                  columns={[
                    { label: w.file.timeColumn },
                    { label: w.file.actColumn },
                    { label: w.file.victimColumn },
                    { label: w.file.causeColumn },
                    { label: w.file.sourceColumn },
                  ]}
                  rows={acts.map((a) => [
                    a.startsAt ? formatInstant(a.startsAt, lang) : w.dash,
                    word(w.actTypes, a.actType, lang),
                    a.victimPersonId === null ? w.dash : personName(persons.get(a.victimPersonId), lang),
                    a.causeOfDeath ? word(w.causes, a.causeOfDeath, lang) : w.dash,
                    a.source.kind === 'item' ? (
                      <a href={href(lang, itemPath(inv.code, a.source.id))}>
                        {w.file.sourceItem(String(a.source.id))}
                      </a>
                    ) : (
                      w.file.sourceStatement(String(a.source.id))
                    ),
                  ])}
                />
              )}
            </li>
          );
        })}
      </ol>

      <h2>{w.file.persons}</h2>
      {file.persons.length === 0 ? (
        <p>{w.file.noPersons}</p>
      ) : (
        <Table
          label={w.file.persons}
          columns={[
            { label: w.file.personCodeColumn },
            { label: w.file.nameColumn },
            { label: w.file.rolesColumn },
            { label: w.file.familyColumn },
            { label: w.file.protectedColumn },
          ]}
          rows={file.persons.map((v) => [
            v.code,
            <span data-testid={`person-${v.code}`}>
              {v.withheld ? w.file.withheld : v.fullName}
              {aliasesOf(v.id) ? ` (${w.file.aliasesOf(aliasesOf(v.id)!)})` : null}
            </span>,
            v.roles.map((r) => word(w.personRoles, r, lang)).join(', '),
            v.withheld ? w.dash : (v.familyCode ?? w.dash),
            p.canRecordEvidence ? (
              <Form
                action={href(lang, `${casePath(inv.code)}/personas/${v.id}/proteccion`)}
                csrfToken={ctx.csrfToken}
              >
                {v.protected ? w.yes : w.no} <HiddenField name="proteger" value={v.protected ? 'no' : 'si'} />
                <button type="submit" aria-label={w.file.toggleLabel(v.code, v.protected)}>
                  {v.protected ? w.file.unprotect : w.file.protect}
                </button>
              </Form>
            ) : v.protected ? (
              w.yes
            ) : (
              w.no
            ),
          ])}
        />
      )}

      {p.canRecordEvidence && file.persons.length > 0 ? (
        <>
          <h3>{w.file.aliasHeading}</h3>
          <Form action={href(lang, `${casePath(inv.code)}/personas/alias`)} csrfToken={ctx.csrfToken}>
            <Select
              name="persona"
              label={w.file.aliasPerson}
              choices={file.persons.map((v) => ({ value: String(v.id), label: v.code }))}
            />
            <TextInput name="alias" label={w.file.aliasName} maxLength={200} />
            <Select
              name="accion"
              label={w.file.aliasAction}
              choices={[
                { value: 'agregar', label: w.file.aliasAdd },
                { value: 'quitar', label: w.file.aliasRemove },
              ]}
            />
            <SubmitButton>{w.file.aliasSubmit}</SubmitButton>
          </Form>
        </>
      ) : null}

      <h2>{w.file.evidence}</h2>
      {file.items.length === 0 ? (
        <p>{w.file.noEvidence}</p>
      ) : (
        <Table
          label={w.file.evidence}
          columns={[
            { label: w.file.itemColumn, numeric: true },
            { label: w.file.itemTitleColumn },
            { label: w.file.kindColumn },
            { label: w.file.sizeColumn, numeric: true },
            { label: w.file.restrictedColumn },
            { label: w.file.custodyColumn },
          ]}
          rows={file.items.map((i) => [
            String(i.id),
            <a href={href(lang, itemPath(inv.code, i.id))}>{i.title}</a>,
            word(w.evidenceKinds, i.kind, lang),
            w.file.bytes(formatNumber(i.byteLength, lang)),
            i.restricted ? w.yes : w.no,
            custodyText(p.custody.get(i.id), i, lang),
          ])}
        />
      )}

      <Statements file={file} persons={persons} lang={lang} />

      {p.canRecordEvidence ? (
        <>
          <TestimonyForm ctx={ctx} file={file} values={tv} errors={testimonyForm?.errors} />

          <h2 id="evidencia-nueva">{w.uploadForm.heading}</h2>
          <Form action={href(lang, `${casePath(inv.code)}/evidencia`)} csrfToken={ctx.csrfToken} multipart>
            <TextInput {...fieldOf(uv, uploadForm?.errors, 'titulo')} label={w.uploadForm.title} />
            <Select
              {...fieldValueOf(uv, 'tipo')}
              label={w.uploadForm.kind}
              choices={choicesOf(w.evidenceKinds)}
            />
            <FileInput
              name="archivo"
              label={w.uploadForm.file}
              hint={w.uploadForm.fileHint(formatNumber(p.maxUploadMb, lang))}
              error={errorOf(uploadForm?.errors, 'archivo')}
            />
            <Select
              {...fieldValueOf(uv, 'hecho')}
              label={w.uploadForm.event}
              choices={[
                { value: '', label: w.uploadForm.noEvent },
                ...events.map((e) => ({ value: String(e.id), label: e.title })),
              ]}
            />
            <TextInput
              {...fieldOf(uv, uploadForm?.errors, 'familia')}
              label={w.uploadForm.familyCode}
              width={10}
            />
            <Radios
              {...fieldValueOf(uv, 'reservada')}
              label={w.uploadForm.restricted}
              hint={w.uploadForm.restrictedHint}
              choices={yesNo(lang)}
            />
            <TextInput {...fieldOf(uv, uploadForm?.errors, 'por')} label={w.uploadForm.collectedBy} />
            <TextInput {...fieldOf(uv, uploadForm?.errors, 'donde')} label={w.uploadForm.collectedWhere} />
            <TextInput
              {...fieldOf(uv, uploadForm?.errors, 'cuando')}
              label={w.uploadForm.collectedAt}
              hint={w.eventForm.dateTimeHint}
              width={14}
            />
            <TextInput
              {...fieldOf(uv, uploadForm?.errors, 'metodo')}
              label={w.uploadForm.method}
              hint={w.uploadForm.methodHint}
            />
            <SubmitButton>{w.uploadForm.submit}</SubmitButton>
          </Form>

          <h2 id="persona-nueva">{w.personForm.heading}</h2>
          <Form action={href(lang, `${casePath(inv.code)}/personas`)} csrfToken={ctx.csrfToken}>
            <TextInput {...fieldOf(pv, personForm?.errors, 'nombre')} label={w.personForm.fullName} />
            <Select
              {...fieldValueOf(pv, 'funcion')}
              label={w.personForm.role}
              choices={choicesOf(w.personRoles)}
            />
            <Select {...fieldValueOf(pv, 'sexo')} label={w.personForm.sex} choices={choicesOf(w.sexes)} />
            <TextInput
              {...fieldOf(pv, personForm?.errors, 'familia')}
              label={w.personForm.familyCode}
              hint={w.personForm.familyHint}
              width={10}
            />
            <Radios
              {...fieldValueOf(pv, 'protegida')}
              label={w.personForm.protected}
              hint={w.personForm.protectedHint}
              choices={yesNo(lang)}
            />
            <SubmitButton>{w.personForm.submit}</SubmitButton>
          </Form>
        </>
      ) : null}

      {p.canRecordAnalysis ? (
        <>
          <h2 id="hecho-nuevo">{w.eventForm.heading}</h2>
          <Form action={href(lang, `${casePath(inv.code)}/hechos`)} csrfToken={ctx.csrfToken}>
            <TextInput {...fieldOf(ev, eventForm?.errors, 'titulo')} label={w.eventForm.title} />
            <Select
              {...fieldValueOf(ev, 'tipo')}
              label={w.eventForm.type}
              choices={choicesOf(w.eventTypes)}
            />
            <TextInput {...fieldOf(ev, eventForm?.errors, 'lugar')} label={w.eventForm.place} />
            <TextInput
              {...fieldOf(ev, eventForm?.errors, 'latitud')}
              label={w.eventForm.latitude}
              hint={w.eventForm.coordinatesHint}
              width={10}
            />
            <TextInput
              {...fieldOf(ev, eventForm?.errors, 'longitud')}
              label={w.eventForm.longitude}
              width={10}
            />
            <TextInput
              {...fieldOf(ev, eventForm?.errors, 'desde')}
              label={w.eventForm.startsAt}
              hint={w.eventForm.dateTimeHint}
              width={14}
            />
            <TextInput
              {...fieldOf(ev, eventForm?.errors, 'hasta')}
              label={w.eventForm.endsAt}
              hint={w.eventForm.dateTimeHint}
              width={14}
            />
            <TextArea {...fieldValueOf(ev, 'descripcion')} label={w.eventForm.description} rows={4} />
            <SubmitButton>{w.eventForm.submit}</SubmitButton>
          </Form>
        </>
      ) : null}

      {p.canPublish ? (
        <>
          <h2>{w.file.publish}</h2>
          <p>{w.file.publishHint}</p>
          {p.publishedAt ? (
            <p>
              {w.file.published(formatInstant(p.publishedAt, lang))}
              <br />
              <a href={href(lang, publicCasePath(inv.code))}>{w.file.seePublic}</a>
            </p>
          ) : null}
          <Form action={href(lang, `${casePath(inv.code)}/publicar`)} csrfToken={ctx.csrfToken}>
            <SubmitButton>{w.file.publishButton}</SubmitButton>
          </Form>
        </>
      ) : null}
    </OfficeLayout>
  );
}

/** The statements of the case: the witness as the reader may see them (a protected one by code). */
function Statements(p: { file: CaseFileView; persons: ReadonlyMap<bigint, PersonView>; lang: Lang }) {
  const { file, lang } = p;
  const w = words(lang);
  const s = w.statements;
  const items = new Map(file.items.map((i) => [i.id, i]));
  const itemLink = (id: bigint | null) => {
    if (id === null) return w.dash;
    const item = items.get(id);
    return item ? (
      <a href={href(lang, itemPath(file.investigation.code, id))}>{w.file.sourceItem(String(id))}</a>
    ) : (
      w.file.sourceItem(String(id))
    );
  };
  const statements = [...file.statements].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  return (
    <>
      <h2 id="testimonios">{s.heading}</h2>
      {statements.length === 0 ? <p>{s.none}</p> : null}
      <ol data-testid="statements">
        {statements.map((st) => (
          <li id={`testimonio-${st.id}`} data-testid={`statement-${st.id}`}>
            <h3>{s.title(String(st.id), personName(p.persons.get(st.witnessPersonId), lang))}</h3>
            <DefinitionList
              items={[
                [s.takenAt, formatInstant(st.takenAt, lang)],
                [s.event, file.events.find((e) => e.id === st.eventId)?.title ?? w.dash],
                [s.place, st.placeName],
                [s.language, w.languages[st.language] ?? st.language],
                [s.interpreter, st.interpreter ?? w.dash],
                [s.interviewer, st.interviewer],
                [s.consent, word(w.consentScopes, st.consentScope, lang)],
                [s.audio, itemLink(st.audioItemId)],
                [s.transcriptItem, itemLink(st.transcriptItemId)],
              ]}
            />
            <h4>{s.text}</h4>
            {st.summary === '' ? (
              <p>{s.noText}</p>
            ) : (
              <p style="white-space:pre-wrap" data-testid={`statement-text-${st.id}`}>
                {st.summary}
              </p>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

/** The form to record a statement (the team's investigators): witness, when, where, words, consent. */
function TestimonyForm(p: {
  ctx: PageContext;
  file: CaseFileView;
  values: TestimonyFormValues;
  errors: readonly FieldError[] | undefined;
}) {
  const { ctx, file, values: tv } = p;
  const lang = ctx.lang;
  const w = words(lang);
  const f = w.testimonyForm;
  const witnesses = file.persons.filter((v) => v.roles.includes('witness'));
  const itemChoices = (kinds: readonly string[]): Choice[] => [
    { value: '', label: f.noItem },
    ...file.items
      .filter((i) => kinds.includes(i.kind))
      .map((i) => ({ value: String(i.id), label: `${w.file.sourceItem(String(i.id))}: ${i.title}` })),
  ];
  return (
    <>
      <h2 id="testimonio-nuevo">{f.heading}</h2>
      <p>{f.intro}</p>
      {witnesses.length === 0 ? (
        <p>{f.noWitnesses}</p>
      ) : (
        <Form
          action={href(lang, `${casePath(file.investigation.code)}/testimonios`)}
          csrfToken={ctx.csrfToken}
        >
          <Select
            {...fieldOf(tv, p.errors, 'testigo')}
            label={f.witness}
            hint={f.witnessHint}
            choices={[
              { value: '', label: f.chooseWitness },
              ...witnesses.map((v) => ({
                value: String(v.id),
                label: v.withheld ? w.file.withheldCode(v.code) : `${v.fullName} (${v.code})`,
              })),
            ]}
          />
          <Select
            {...fieldOf(tv, p.errors, 'hecho')}
            label={f.event}
            choices={[
              { value: '', label: f.noEvent },
              ...file.events.map((e) => ({ value: String(e.id), label: e.title })),
            ]}
          />
          <TextInput
            {...fieldOf(tv, p.errors, 'fecha_testimonio')}
            label={f.takenAt}
            hint={w.eventForm.dateTimeHint}
            width={14}
          />
          <TextInput {...fieldOf(tv, p.errors, 'lugar_testimonio')} label={f.place} />
          <Select {...fieldOf(tv, p.errors, 'idioma')} label={f.language} choices={choicesOf(w.languages)} />
          <TextInput {...fieldOf(tv, p.errors, 'interprete')} label={f.interpreter} />
          <TextInput {...fieldOf(tv, p.errors, 'entrevistador')} label={f.interviewer} />
          <Radios
            {...fieldOf(tv, p.errors, 'consentimiento')}
            label={f.consent}
            hint={f.consentHint}
            choices={choicesOf(w.consentScopes)}
          />
          <TextArea {...fieldOf(tv, p.errors, 'transcripcion')} label={f.text} hint={f.textHint} rows={8} />
          <Select
            {...fieldOf(tv, p.errors, 'grabacion')}
            label={f.audio}
            hint={f.audioHint}
            choices={itemChoices(AUDIO_KINDS)}
          />
          <Select
            {...fieldOf(tv, p.errors, 'transcripcion_archivo')}
            label={f.transcriptItem}
            hint={f.transcriptItemHint}
            choices={itemChoices(TRANSCRIPT_KINDS)}
          />
          <SubmitButton>{f.submit}</SubmitButton>
        </Form>
      )}
    </>
  );
}

function custodyText(v: CustodyVerification | undefined, item: EvidenceItem, lang: Lang): string {
  const w = words(lang).file;
  if (!v) return w.custodyUnchecked(formatNumber(item.custodySeq, lang));
  return v.ok
    ? w.custodyOk(formatNumber(v.entries, lang))
    : w.custodyBroken(formatNumber(v.problem.seq, lang));
}

/** A value the file claims, as text (nested values as compact JSON: they are the file's, not ours). */
function claimed(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

export interface EvidencePageProps {
  ctx: PageContext;
  code: string;
  item: EvidenceItem;
  eventTitle: string | null;
  entries: readonly CustodyEntry[];
  /** Officers' display names by actor (`account:<username>`). */
  actorNames: ReadonlyMap<string, string>;
  verification?: CustodyVerification | undefined;
}

/** A custody entry's details in words: each key through the catalogue, instants and purposes too. */
function DetailsList({ details, lang }: { details: Record<string, unknown>; lang: Lang }) {
  const w = words(lang);
  return (
    <ul>
      {Object.entries(details).map(([k, val]) => {
        const label = w.custodyDetails[k] ?? k;
        const text =
          k === 'collectedAt' && typeof val === 'string' && !Number.isNaN(Date.parse(val))
            ? formatInstant(new Date(val), lang)
            : k === 'purpose' && typeof val === 'string'
              ? (w.purposes[val] ?? val)
              : k === 'derivation' && typeof val === 'string'
                ? (w.derivations[val] ?? val)
                : claimed(val);
        return (
          <li>
            {w.detail(label)} {k.toLowerCase().includes('sha256') ? <code>{text}</code> : text}
          </li>
        );
      })}
    </ul>
  );
}

/** One evidence item: its facts, what the file claims, its custody log and the verify button. */
export function EvidencePage(p: EvidencePageProps) {
  const { ctx, item } = p;
  const lang = ctx.lang;
  const w = words(lang);
  // The store keeps what the file claims under `claimed`, beside its own notes (trust, sizes).
  const claims = item.originalMetadata.claimed;
  const metadata = Object.entries(
    claims !== null && typeof claims === 'object'
      ? (claims as Record<string, unknown>)
      : item.originalMetadata,
  );
  const v = p.verification;
  return (
    <OfficeLayout ctx={ctx} title={w.item.title(String(item.id), item.title)} section={CASES_OFFICE}>
      <p>
        <a href={href(lang, casePath(p.code))}>{w.item.back}</a>
      </p>
      {v ? (
        v.ok ? (
          <Notice kind="ok" title={w.item.verifiedTitle}>
            {w.item.verified(formatNumber(v.entries, lang))}
          </Notice>
        ) : (
          <Notice kind="err" title={w.item.brokenTitle}>
            {w.item.broken(formatNumber(v.problem.seq, lang), word(w.custodyProblems, v.problem.kind, lang))}
          </Notice>
        )
      ) : null}
      <h2>{w.item.facts}</h2>
      <DefinitionList
        items={[
          [w.item.kind, word(w.evidenceKinds, item.kind, lang)],
          [w.item.mediaType, item.mediaType],
          [w.item.size, w.file.bytes(formatNumber(item.byteLength, lang))],
          [w.item.sha256, <code data-testid="sha256">{item.sha256}</code>],
          [w.item.restricted, item.restricted ? w.yes : w.no],
          [w.item.family, item.familyCode ?? w.dash],
          [w.item.event, p.eventTitle ?? w.dash],
          [
            w.item.original,
            item.originalItemId === null ? (
              w.dash
            ) : (
              <a href={href(lang, itemPath(p.code, item.originalItemId))}>{String(item.originalItemId)}</a>
            ),
          ],
          [w.item.derivation, item.derivation ? word(w.derivations, item.derivation, lang) : w.dash],
          [w.item.recordedAt, formatInstant(item.createdAt, lang)],
        ]}
      />
      <p>
        <a href={href(lang, viewerPath(p.code, item.id))}>{w.item.view}</a>
      </p>
      <p class="h">{w.item.viewHint}</p>
      <h2>{w.item.metadata}</h2>
      <p>{w.item.metadataNote}</p>
      {metadata.length === 0 ? (
        <p>{w.item.noMetadata}</p>
      ) : (
        <DefinitionList items={metadata.map(([k, val]) => [k, claimed(val)] as const)} />
      )}
      <h2>{w.item.custody}</h2>
      <Table
        label={w.item.custody}
        columns={[
          { label: w.item.seqColumn, numeric: true },
          { label: w.item.atColumn },
          { label: w.item.actorColumn },
          { label: w.item.actionColumn },
          { label: w.item.detailsColumn },
          { label: w.item.hashColumn },
        ]}
        rows={p.entries.map((e) => [
          String(e.seq),
          formatInstant(e.at, lang),
          p.actorNames.get(e.actor) ?? e.actor,
          <span data-testid={`custody-${e.seq}`}>{word(w.custodyActions, e.action, lang)}</span>,
          <DetailsList details={e.details} lang={lang} />,
          <code>{e.hash.slice(0, 16)}</code>,
        ])}
      />
      <Form action={href(lang, itemPath(p.code, item.id))} method="get">
        <HiddenField name="verificar" value="1" />
        {lang === 'es' ? null : <HiddenField name="lang" value={lang} />}
        <SubmitButton>{w.item.verify}</SubmitButton>
      </Form>
    </OfficeLayout>
  );
}

/** The longest text shown in the viewer (the rest is in the file, to download). */
export const VIEWER_TEXT_CHARS = 200_000;

export interface ViewerPageProps {
  ctx: PageContext;
  code: string;
  item: EvidenceItem;
  readerName: string;
  at: Date;
  /** The text of a text file (already read through the custody log), or null. */
  text: string | null;
  /** Whether the file is an image the page shows from the content address. */
  image: boolean;
}

/** The restricted document viewer: the watermark with the reader and the time, then the document. */
export function ViewerPage(p: ViewerPageProps) {
  const { ctx, item } = p;
  const lang = ctx.lang;
  const w = words(lang);
  const long = p.text !== null && p.text.length > VIEWER_TEXT_CHARS;
  return (
    <OfficeLayout ctx={ctx} title={w.viewer.title(String(item.id), item.title)} section={CASES_OFFICE}>
      <p>
        <a href={href(lang, itemPath(p.code, item.id))}>{w.viewer.back}</a>
      </p>
      <Notice kind="info" title={w.viewer.watermark(p.readerName, formatInstant(p.at, lang))} />
      {p.text !== null ? (
        <>
          <pre data-testid="document" style="white-space:pre-wrap">
            {long ? p.text.slice(0, VIEWER_TEXT_CHARS) : p.text}
          </pre>
          {long ? <p>{w.viewer.tooLong}</p> : null}
        </>
      ) : p.image ? (
        <img
          src={href(lang, contentPath(p.code, item.id))}
          alt={w.viewer.imageAlt(item.title)}
          style="max-width:100%"
        />
      ) : (
        <p>{w.viewer.notShown}</p>
      )}
      <p>
        <a href={href(lang, contentPath(p.code, item.id), { descargar: '1' })}>{w.viewer.download}</a>
      </p>
    </OfficeLayout>
  );
}

/** No such investigation or item for this reader (also when they are not on the team). */
export function CaseNotFoundPage({ ctx }: { ctx: PageContext }) {
  const w = words(ctx.lang);
  return (
    <OfficeLayout ctx={ctx} title={w.notFound.title} section={CASES_OFFICE}>
      <p>{w.notFound.text}</p>
      <p>
        <a href={href(ctx.lang, CASES_OFFICE)}>{w.notFound.back}</a>
      </p>
    </OfficeLayout>
  );
}

/** A refusal (a role that may not, a stored file that changed): the failure in the reader's words. */
export function CaseRefusedPage({ ctx, title, text }: { ctx: PageContext; title: string; text: string }) {
  const w = words(ctx.lang);
  return (
    <OfficeLayout ctx={ctx} title={title} section={CASES_OFFICE}>
      <p data-testid="refusal">{text}</p>
      <p>
        <a href={href(ctx.lang, CASES_OFFICE)}>{w.notFound.back}</a>
      </p>
    </OfficeLayout>
  );
}

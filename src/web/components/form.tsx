import type { Child } from 'hono/jsx';
import { pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import { fieldId } from './field-id.ts';

/**
 * The form kit as components: a label for every control, hint and error tied to it by
 * `aria-describedby`, the error summary linking each message to its field, the CSRF field.
 */

/** What every field shares: its name, label, optional hint and error message. */
export interface FieldProps {
  name: string;
  label: string;
  hint?: Child;
  /** Shown above the control in the error colour; also marks it `aria-invalid`. */
  error?: string | undefined;
  /** Announced as required (forms use `novalidate`: the server checks and explains). */
  required?: boolean;
}

/** The ids the hint and error paragraphs of a field take, joined for `aria-describedby`. */
function describedBy(id: string, p: FieldProps): string | undefined {
  const ids = [p.hint !== undefined ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(
    (x) => x !== '',
  );
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function HintAndError({ id, field }: { id: string; field: FieldProps }) {
  return (
    <>
      {field.hint !== undefined ? (
        <p class="h" id={`${id}-hint`}>
          {field.hint}
        </p>
      ) : null}
      {field.error ? (
        <p class="m" id={`${id}-error`}>
          {field.error}
        </p>
      ) : null}
    </>
  );
}

const fieldClass = (p: FieldProps) => (p.error ? 'f e' : 'f');

export interface TextInputProps extends FieldProps {
  value?: string | undefined;
  type?: 'text' | 'tel' | 'email' | 'password';
  inputmode?: 'numeric' | 'text' | 'tel' | 'email';
  autocomplete?: string;
  maxLength?: number;
  /** Width in characters the field is sized for: 2, 4, 10, 14 or the full line. */
  width?: 2 | 4 | 10 | 14;
  spellcheck?: boolean;
}

/**
 * A labelled text input (a password too: its value is never written back).
 *
 * @example <TextInput name="ci" label="Número de carnet" inputmode="numeric" width={10} required />
 */
export function TextInput(p: TextInputProps) {
  const id = fieldId(p.name);
  return (
    <div class={fieldClass(p)}>
      <label for={id}>{p.label}</label>
      <HintAndError id={id} field={p} />
      <input
        type={p.type ?? 'text'}
        id={id}
        name={p.name}
        value={p.type === 'password' ? undefined : (p.value ?? '')}
        class={p.width ? `w${p.width}` : undefined}
        inputmode={p.inputmode}
        autocomplete={p.autocomplete}
        maxlength={p.maxLength}
        spellcheck={p.spellcheck === false ? false : undefined}
        required={p.required}
        aria-describedby={describedBy(id, p)}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

export interface FileInputProps extends FieldProps {
  /** The file types the picker offers first, e.g. `.xml,application/xml`. */
  accept?: string;
}

/**
 * A labelled file input, for the uploads of the back office (its form is `multipart`).
 *
 * @example <FileInput name="archivo" label="Archivo" accept=".xml,application/xml" required />
 */
export function FileInput(p: FileInputProps) {
  const id = fieldId(p.name);
  return (
    <div class={fieldClass(p)}>
      <label for={id}>{p.label}</label>
      <HintAndError id={id} field={p} />
      <input
        type="file"
        id={id}
        name={p.name}
        accept={p.accept}
        required={p.required}
        aria-describedby={describedBy(id, p)}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

export interface TextAreaProps extends FieldProps {
  value?: string | undefined;
  rows?: number;
  maxLength?: number;
}

/** A labelled multi-line text box. @example <TextArea name="description" label="Descripción" rows={5} /> */
export function TextArea(p: TextAreaProps) {
  const id = fieldId(p.name);
  return (
    <div class={fieldClass(p)}>
      <label for={id}>{p.label}</label>
      <HintAndError id={id} field={p} />
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 5}
        maxlength={p.maxLength}
        required={p.required}
        aria-describedby={describedBy(id, p)}
        aria-invalid={p.error ? 'true' : undefined}
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

/** The three parts of a date as typed, kept so a form shown again keeps what the reader wrote. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface DateInputProps extends FieldProps {
  lang: Lang;
  value?: DateParts | undefined;
  /** `bday` for a date of birth: phones then offer the reader's own. */
  autocomplete?: 'bday';
}

/**
 * A date as three number boxes (day, month, year) in a fieldset: unlike `<input type="date">` it
 * looks and works the same on every phone, needs no script, and is typed in the order people write
 * dates in Bolivia. The inputs are `<name>-day`, `<name>-month`, `<name>-year` (./read-date.ts's
 * `readDate` reads them back); the fieldset carries the field's id, which the error summary links to.
 *
 * @example <DateInput name="dob" label="Fecha de nacimiento" lang="es" autocomplete="bday" />
 */
export function DateInput(p: DateInputProps) {
  const id = fieldId(p.name);
  const words = pageMessages(p.lang).common.form;
  const part = (key: keyof DateParts, width: 2 | 4, max: number) => (
    <div>
      <label for={`${id}-${key}`}>{words[key]}</label>
      <input
        type="text"
        id={`${id}-${key}`}
        name={`${p.name}-${key}`}
        class={`w${width}`}
        inputmode="numeric"
        maxlength={max}
        value={p.value?.[key] ?? ''}
        autocomplete={p.autocomplete ? `${p.autocomplete}-${key}` : undefined}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
  return (
    <div class={fieldClass(p)}>
      <fieldset id={id} aria-describedby={describedBy(id, p)}>
        <legend>{p.label}</legend>
        <HintAndError id={id} field={p} />
        <div class="d">
          {part('day', 2, 2)}
          {part('month', 2, 2)}
          {part('year', 4, 4)}
        </div>
      </fieldset>
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export interface ChoiceProps extends FieldProps {
  choices: readonly Choice[];
  value?: string | undefined;
}

/**
 * One choice among a few, as radio buttons in a fieldset (every option visible at once).
 *
 * @example <Radios name="kind" label="¿Qué pasó?" choices={[{ value: 'not_listed', label: 'No figuro' }]} />
 */
export function Radios(p: ChoiceProps) {
  const id = fieldId(p.name);
  return (
    <div class={fieldClass(p)}>
      <fieldset id={id} aria-describedby={describedBy(id, p)}>
        <legend>{p.label}</legend>
        <HintAndError id={id} field={p} />
        {p.choices.map((ch, i) => {
          const cid = `${id}-${i + 1}`;
          return (
            <div class="r">
              <input
                type="radio"
                id={cid}
                name={p.name}
                value={ch.value}
                checked={ch.value === p.value}
                required={p.required}
                aria-describedby={ch.hint ? `${cid}-hint` : undefined}
              />
              <label for={cid}>
                {ch.label}
                {ch.hint ? (
                  <>
                    <br />
                    <span class="h" id={`${cid}-hint`}>
                      {ch.hint}
                    </span>
                  </>
                ) : null}
              </label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

/** A labelled drop-down. @example <Select name="department" label="Departamento" choices={choices} /> */
export function Select(p: ChoiceProps) {
  const id = fieldId(p.name);
  return (
    <div class={fieldClass(p)}>
      <label for={id}>{p.label}</label>
      <HintAndError id={id} field={p} />
      <select
        id={id}
        name={p.name}
        required={p.required}
        aria-describedby={describedBy(id, p)}
        aria-invalid={p.error ? 'true' : undefined}
      >
        {p.choices.map((ch) => (
          <option value={ch.value} selected={ch.value === p.value}>
            {ch.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The hidden CSRF field (`_csrf`, what the access middleware reads); nothing without a session. */
export function CsrfField({ token }: { token: string | null | undefined }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

/** A hidden form field. @example <HiddenField name="next" value="/oficina" /> */
export function HiddenField({ name, value }: { name: string; value: string }) {
  return <input type="hidden" name={name} value={value} />;
}

/** The form's button. @example <SubmitButton>Consultar</SubmitButton> */
export function SubmitButton({ children }: { children?: Child }) {
  return <button type="submit">{children}</button>;
}

export interface FormProps {
  action: string;
  method?: 'get' | 'post';
  /** The session's CSRF token, when the reader is signed in (post forms). */
  csrfToken?: string | null | undefined;
  /** For uploads. */
  multipart?: boolean;
  children?: Child;
}

/**
 * A form. `novalidate`: browsers' own pop-up messages differ and vanish; the server checks every
 * field and shows its messages next to the fields and in the summary.
 *
 * @example <Form action="/oficina/ingresar?lang=es" csrfToken={token}>…<SubmitButton>Ingresar</SubmitButton></Form>
 */
export function Form(p: FormProps) {
  return (
    <form
      action={p.action}
      method={p.method ?? 'post'}
      enctype={p.multipart ? 'multipart/form-data' : undefined}
      novalidate
    >
      <CsrfField token={p.csrfToken} />
      {p.children}
    </form>
  );
}

/** A message about one field of a form: the field's name and what is wrong. */
export interface FieldError {
  name: string;
  message: string;
}

/**
 * The name, value and error of one field of a form shown again with what was sent and what to fix,
 * to spread into a field component (the same attributes as writing the three out).
 *
 * @example <TextInput {...fieldOf(values, form?.errors, 'titulo')} label="Título" />
 */
export function fieldOf<V extends object>(
  values: V,
  errors: readonly FieldError[] | undefined,
  name: keyof V & string,
): { name: string; value: string | undefined; error: string | undefined } {
  const value = (values as Record<string, unknown>)[name];
  return {
    name,
    value: typeof value === 'string' ? value : undefined,
    error: errors?.find((e) => e.name === name)?.message,
  };
}

/**
 * The name and value of one field of a form shown again, without its error: for the choices whose
 * errors the page does not show by the field (`fieldOf` for those that do).
 *
 * @example <Select {...fieldValueOf(values, 'tipo')} label="Tipo" choices={kinds} />
 */
export function fieldValueOf<V extends object>(
  values: V,
  name: keyof V & string,
): { name: string; value: string | undefined } {
  const { value } = fieldOf(values, undefined, name);
  return { name, value };
}

/**
 * The list of a form's errors at the top of the page, each a link to its field (the control, or
 * the fieldset of a date or a choice: the same id, `fieldId(name)`). A `role="alert"` region, so
 * screen readers announce it when the page comes back with errors. Nothing when there are none.
 *
 * @example <ErrorSummary lang="es" errors={[{ name: 'ci', message: 'Escriba el número de su carnet.' }]} />
 */
export function ErrorSummary({ errors, lang }: { errors: readonly FieldError[]; lang: Lang }) {
  if (errors.length === 0) return null;
  return (
    <div class="nt err" role="alert">
      <h2>{pageMessages(lang).common.form.checkThese}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${fieldId(e.name)}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

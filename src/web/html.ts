/**
 * The page frame and the small pieces every page is built from: a layout with a skip link,
 * header, navigation, language switch, main landmark and footer; form fields with labels, hints
 * and error messages tied to them by `aria-describedby`; tables, notices and definition lists.
 *
 * Pages are plain server-rendered HTML with a small inline style sheet and no JavaScript: citizens
 * use cheap phones on slow networks, so every page must work with scripts off and stay far under
 * 100 KB. Text passed to the helpers is escaped by them; a value already rendered as HTML is passed
 * through `raw()`.
 */
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import type { Lang } from '../shared/lang.ts';
import { stringPageHtml, stringTableHtml } from './components/string-page.tsx';

/** Escapes text for HTML element content and attribute values. @example escapeHtml('<a>') // '&lt;a&gt;' */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Text in both languages of the pages. */
export interface Bilingual {
  es: string;
  en: string;
}

/** Picks the text for a language. @example t({ es: 'Enviar', en: 'Send' }, 'en') // 'Send' */
export function t(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/** HTML that a helper inserts as it is (already escaped or built by another helper). */
export interface RawHtml {
  readonly html: string;
}

/** Marks a string as HTML. @example definitionList([['Monto', raw('<strong>Bs 1.000,00</strong>')]]) */
export function raw(html: string): RawHtml {
  return { html };
}

/** Text is escaped, raw HTML is kept. */
export type Content = string | RawHtml;

function render(content: Content): string {
  return typeof content === 'string' ? escapeHtml(content) : content.html;
}

// Links that keep the reader's language are the components' (./components/href-with-lang.ts).
export { hrefWithLang } from './components/href-with-lang.ts';

/** A link in the header's navigation. */
export interface NavLink {
  href: string;
  label: string;
  current?: boolean;
}

export interface PageOptions {
  lang: Lang;
  /** The page's heading text, also used in the window title. */
  title: string;
  /** The content of `<main>`, as HTML. */
  body: string;
  /**
   * This page's own path and query (e.g. `/bono?lang=es`): the language switch leads to the same
   * address in the other language.
   */
  path: string;
  /** The header's navigation (omitted: none). */
  nav?: readonly NavLink[];
  /** Where the name "ayni" in the header leads (default `/` in the page's language). */
  homeHref?: string;
  /**
   * A line above the header that holds for the whole site, as text (for example that the clock is
   * simulated for a demonstration).
   */
  banner?: string;
}

/**
 * The page frame (src/web/components/layout.tsx, the same for every page): skip link, header with
 * the name and navigation, language switch to the same address in the other language, main
 * landmark, footer. For pages still written as strings.
 *
 * @example page({ lang: 'es', title: '¿Soy beneficiario?', body: '<p>…</p>', path: '/bono' })
 */
export function page(o: PageOptions): string {
  return stringPageHtml(
    {
      lang: o.lang,
      title: o.title,
      path: o.path,
      ...(o.nav ? { nav: o.nav } : {}),
      ...(o.homeHref ? { homeHref: o.homeHref } : {}),
      ...(o.banner ? { banner: o.banner } : {}),
    },
    o.body,
  );
}

/**
 * The page frame with the other language's address given directly (kept for pages that build it
 * themselves, such as the transparency pages).
 *
 * @example layout('es', 'Estado del registro', body, '?lang=en')
 */
export function layout(lang: Lang, title: string, body: string, altLangHref: string): string {
  return stringPageHtml({ lang, title, path: '/', switchHref: altLangHref }, body);
}

// --- Forms ---------------------------------------------------------------------------------------

/** What every field shares: its name, label, optional hint and error message. */
export interface FieldBase {
  name: string;
  label: string;
  hint?: Content;
  /** Shown above the input in the error colour; also marks the input `aria-invalid`. */
  error?: string | undefined;
  /** Announced as required (forms use `novalidate`: the server checks and explains). */
  required?: boolean;
}

export interface TextInputOptions extends FieldBase {
  value?: string | undefined;
  type?: 'text' | 'tel' | 'email';
  inputmode?: 'numeric' | 'text' | 'tel' | 'email';
  autocomplete?: string;
  maxLength?: number;
  /** Width in characters the field is sized for: 2, 4, 10, 14 or the full line. */
  width?: 2 | 4 | 10 | 14;
  spellcheck?: boolean;
}

/** The id of a field's input, from its name. */
function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Hint and error paragraphs, and the `aria-describedby` that ties them to the control. */
function described(id: string, o: FieldBase): { html: string; attrs: string } {
  const ids: string[] = [];
  let html = '';
  if (o.hint !== undefined) {
    ids.push(`${id}-hint`);
    html += `<p class="h" id="${id}-hint">${render(o.hint)}</p>`;
  }
  if (o.error) {
    ids.push(`${id}-error`);
    html += `<p class="m" id="${id}-error">${escapeHtml(o.error)}</p>`;
  }
  const attrs =
    (ids.length > 0 ? ` aria-describedby="${ids.join(' ')}"` : '') + (o.error ? ' aria-invalid="true"' : '');
  return { html, attrs };
}

/**
 * A labelled text input.
 *
 * @example textInput({ name: 'ci', label: 'Número de carnet', inputmode: 'numeric', width: 10, required: true })
 */
export function textInput(o: TextInputOptions): string {
  const id = fieldId(o.name);
  const d = described(id, o);
  const attrs = [
    `type="${o.type ?? 'text'}"`,
    `id="${id}"`,
    `name="${escapeHtml(o.name)}"`,
    `value="${escapeHtml(o.value ?? '')}"`,
    o.width ? `class="w${o.width}"` : '',
    o.inputmode ? `inputmode="${o.inputmode}"` : '',
    o.autocomplete ? `autocomplete="${escapeHtml(o.autocomplete)}"` : '',
    o.maxLength ? `maxlength="${o.maxLength}"` : '',
    o.spellcheck === false ? 'spellcheck="false"' : '',
    o.required ? 'required' : '',
  ].filter((a) => a !== '');
  return `<div class="f${o.error ? ' e' : ''}"><label for="${id}">${escapeHtml(o.label)}</label>${d.html}<input ${attrs.join(' ')}${d.attrs}></div>`;
}

export interface TextAreaOptions extends FieldBase {
  value?: string | undefined;
  rows?: number;
  maxLength?: number;
}

/** A labelled multi-line text box. @example textArea({ name: 'description', label: 'Descripción', rows: 5 }) */
export function textArea(o: TextAreaOptions): string {
  const id = fieldId(o.name);
  const d = described(id, o);
  return `<div class="f${o.error ? ' e' : ''}"><label for="${id}">${escapeHtml(o.label)}</label>${d.html}<textarea id="${id}" name="${escapeHtml(o.name)}" rows="${o.rows ?? 5}"${o.maxLength ? ` maxlength="${o.maxLength}"` : ''}${o.required ? ' required' : ''}${d.attrs}>${escapeHtml(o.value ?? '')}</textarea></div>`;
}

/** The three parts of a date as typed, kept so a form shown again keeps what the reader wrote. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface DateInputOptions extends FieldBase {
  value?: DateParts | undefined;
  lang: Lang;
  /** `bday` for a date of birth: phones then offer the reader's own. */
  autocomplete?: 'bday';
}

const DATE_TEXT = {
  day: { es: 'Día', en: 'Day' },
  month: { es: 'Mes', en: 'Month' },
  year: { es: 'Año', en: 'Year' },
} as const;

/**
 * A date as three number boxes (day, month, year) in a fieldset: unlike `<input type="date">` it
 * looks and works the same on every phone and browser, needs no script, and is typed in the order
 * people write dates in Bolivia. The inputs are named `<name>-day`, `<name>-month`, `<name>-year`;
 * `readDate` reads them back.
 *
 * @example dateInput({ name: 'dob', label: 'Fecha de nacimiento', lang: 'es', autocomplete: 'bday' })
 */
export function dateInput(o: DateInputOptions): string {
  const id = fieldId(o.name);
  const d = described(id, o);
  const part = (key: keyof DateParts, width: 2 | 4, max: number) => {
    const pid = `${id}-${key}`;
    const auto = o.autocomplete ? ` autocomplete="${o.autocomplete}-${key}"` : '';
    return `<div><label for="${pid}">${t(DATE_TEXT[key], o.lang)}</label><input type="text" id="${pid}" name="${escapeHtml(o.name)}-${key}" class="w${width}" inputmode="numeric" maxlength="${max}" value="${escapeHtml(o.value?.[key] ?? '')}"${auto}${o.required ? ' required' : ''}${o.error ? ' aria-invalid="true"' : ''}></div>`;
  };
  return `<div class="f${o.error ? ' e' : ''}"><fieldset role="group"${d.attrs.replace(' aria-invalid="true"', '')}><legend>${escapeHtml(o.label)}</legend>${d.html}<div class="d">${part('day', 2, 2)}${part('month', 2, 2)}${part('year', 4, 4)}</div></fieldset></div>`;
}

/**
 * Reads a date typed in `dateInput`'s three boxes: the parts as typed, and the ISO date when they
 * make a real calendar day (no 30 February).
 *
 * @example readDate({ 'dob-day': '7', 'dob-month': '3', 'dob-year': '1985' }, 'dob').date // '1985-03-07'
 */
export function readDate(
  form: Record<string, unknown>,
  name: string,
): { parts: DateParts; date: IsoDate | undefined } {
  const get = (k: string) => {
    const v = form[`${name}-${k}`];
    return typeof v === 'string' ? v.trim().slice(0, 8) : '';
  };
  const parts = { day: get('day'), month: get('month'), year: get('year') };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year))
    return { parts, date: undefined };
  const date = parseIsoDate(`${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`);
  return { parts, date };
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export interface ChoiceOptions extends FieldBase {
  choices: readonly Choice[];
  value?: string | undefined;
}

/**
 * One choice among a few, as radio buttons in a fieldset (every option visible at once, which
 * suits a short list better than a drop-down).
 *
 * @example radios({ name: 'kind', label: '¿Qué pasó?', choices: [{ value: 'not_listed', label: 'No figuro' }] })
 */
export function radios(o: ChoiceOptions): string {
  const id = fieldId(o.name);
  const d = described(id, o);
  const items = o.choices
    .map((ch, i) => {
      const cid = `${id}-${i + 1}`;
      const hint = ch.hint ? `<br><span class="h" id="${cid}-hint">${escapeHtml(ch.hint)}</span>` : '';
      return `<div class="r"><input type="radio" id="${cid}" name="${escapeHtml(o.name)}" value="${escapeHtml(ch.value)}"${ch.value === o.value ? ' checked' : ''}${o.required ? ' required' : ''}${ch.hint ? ` aria-describedby="${cid}-hint"` : ''}><label for="${cid}">${escapeHtml(ch.label)}${hint}</label></div>`;
    })
    .join('');
  return `<div class="f${o.error ? ' e' : ''}"><fieldset${d.attrs.replace(' aria-invalid="true"', '')}><legend>${escapeHtml(o.label)}</legend>${d.html}${items}</fieldset></div>`;
}

/** A labelled drop-down. @example select({ name: 'department', label: 'Departamento', choices }) */
export function select(o: ChoiceOptions): string {
  const id = fieldId(o.name);
  const d = described(id, o);
  const options = o.choices
    .map(
      (ch) =>
        `<option value="${escapeHtml(ch.value)}"${ch.value === o.value ? ' selected' : ''}>${escapeHtml(ch.label)}</option>`,
    )
    .join('');
  return `<div class="f${o.error ? ' e' : ''}"><label for="${id}">${escapeHtml(o.label)}</label>${d.html}<select id="${id}" name="${escapeHtml(o.name)}"${o.required ? ' required' : ''}${d.attrs}>${options}</select></div>`;
}

/** The hidden CSRF field (`_csrf`, what the access middleware reads); nothing without a session. */
export function csrfField(token: string | null | undefined): string {
  return token ? `<input type="hidden" name="_csrf" value="${escapeHtml(token)}">` : '';
}

/** The form's button. @example submitButton('Consultar') */
export function submitButton(label: string): string {
  return `<button type="submit">${escapeHtml(label)}</button>`;
}

export interface FormOptions {
  action: string;
  method?: 'get' | 'post';
  /** The fields and button, as HTML. */
  body: string;
  /** The session's CSRF token, when the reader is signed in. */
  csrfToken?: string | null | undefined;
}

/**
 * A form. `novalidate`: the browser's own pop-up messages differ between browsers and vanish; the
 * server checks every field and shows its messages next to the fields and in a summary.
 *
 * @example form({ action: '/bono/estado?lang=es', body: textInput(…) + submitButton('Consultar') })
 */
export function form(o: FormOptions): string {
  return `<form action="${escapeHtml(o.action)}" method="${o.method ?? 'post'}" novalidate>${csrfField(o.csrfToken)}${o.body}</form>`;
}

/**
 * The list of a form's errors at the top of the page, each a link to its field. It is a
 * `role="alert"` region so screen readers announce it when the page comes back with errors.
 *
 * @example errorSummary([{ name: 'ci', message: 'Escriba el número de su carnet.' }], 'es')
 */
export function errorSummary(errors: readonly { name: string; message: string }[], lang: Lang): string {
  if (errors.length === 0) return '';
  return `<div class="nt err" role="alert"><h2>${t({ es: 'Revise estos datos', en: 'Please check these details' }, lang)}</h2><ul>${errors
    .map((e) => `<li><a href="#${fieldId(e.name)}">${escapeHtml(e.message)}</a></li>`)
    .join('')}</ul></div>`;
}

/** The id of the first input of a field (the target of its error link), e.g. for a date field. */
export function fieldInputId(name: string): string {
  return fieldId(name);
}

// --- Content -------------------------------------------------------------------------------------

/**
 * A notice box: `ok` for success, `err` for a problem, `info` otherwise. Success and problems are
 * live regions (`status`, `alert`) so a screen reader reads them when the page opens.
 *
 * @example notice('ok', 'Su reclamo fue registrado', raw('<p>Referencia …</p>'))
 */
export function notice(kind: 'ok' | 'err' | 'info', title: string, body?: Content): string {
  const role = kind === 'ok' ? ' role="status"' : kind === 'err' ? ' role="alert"' : '';
  const cls = kind === 'info' ? 'nt' : `nt ${kind}`;
  const content =
    body === undefined ? '' : typeof body === 'string' ? `<p>${escapeHtml(body)}</p>` : body.html;
  return `<div class="${cls}"${role}><h2>${escapeHtml(title)}</h2>${content}</div>`;
}

/**
 * Term–description pairs (a summary list).
 *
 * @example definitionList([['Monto', 'Bs 1.000,00'], ['Estado', raw('<strong>Cobrado</strong>')]])
 */
export function definitionList(items: readonly (readonly [string, Content])[]): string {
  return `<dl class="s">${items.map(([term, desc]) => `<div><dt>${escapeHtml(term)}</dt><dd>${render(desc)}</dd></div>`).join('')}</dl>`;
}

export interface Column {
  label: string;
  /** Right-aligned with tabular figures. */
  numeric?: boolean;
}

/**
 * A table with a caption and column headers, in a box that scrolls sideways on a phone (the
 * components' `Table`); cells are text unless passed through `raw()`.
 *
 * @example table({ caption: 'Pagos', columns: [{ label: 'Día' }, { label: 'Pagos', numeric: true }], rows: [['2020-12-01', '1.204']] })
 */
export function table(o: {
  caption?: string;
  columns: readonly Column[];
  rows: readonly (readonly Content[])[];
}): string {
  return stringTableHtml(o);
}

export { formatLongDate } from '../shared/dates.ts';

/**
 * The components every page is built from (docs/adr/0011-pages-as-components.md): the frame, the
 * form kit, content pieces. Import them from here.
 */
export { type Column, DefinitionList, Notice, Table, type TableProps } from './content.tsx';
export { escapeHtml } from './escape-html.ts';
export { fieldId } from './field-id.ts';
export {
  type Choice,
  CsrfField,
  DateInput,
  type DateParts,
  ErrorSummary,
  type FieldError,
  FileInput,
  Form,
  fieldOf,
  fieldValueOf,
  HiddenField,
  Radios,
  Select,
  SubmitButton,
  TextArea,
  TextInput,
} from './form.tsx';
export { hrefWithLang } from './href-with-lang.ts';
export { Layout, type LayoutProps, type NavItem } from './layout.tsx';
export { readDate } from './read-date.ts';
export { pageHtml } from './render.ts';
export { STYLE } from './style.ts';
export { trustedHtml } from './trusted-html.ts';

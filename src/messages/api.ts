import type { Lang } from '../shared/lang.ts';
import { API_EN } from './en/api.ts';
import { API_ES } from './es/api.ts';
import type { Messages } from './page-catalogue.ts';

/**
 * The words of the OpenAPI document, one catalogue per language (`<lang>/api.ts`, typed from the
 * Spanish one): each API operation's summary and description by its operationId. The routes carry
 * none (src/routing/route.ts); src/http/api/openapi.ts reads them here.
 */

/** The API's words in one language. */
export type ApiWords = Messages<typeof API_ES>;

/** The words of one operation; undefined for an operationId the catalogue lacks. */
export interface OperationWords {
  readonly summary: string;
  readonly description?: string;
}

/** Each language's API words: adding a language is its `<lang>/api.ts` and one line here. */
const API: { readonly [L in Lang]: ApiWords } = { es: API_ES, en: API_EN };

/**
 * An API operation's summary and description in one language.
 *
 * @example operationWords('verifyEntitlement', 'es')?.summary // 'Verificar a una persona en ventanilla'
 */
export function operationWords(operationId: string, lang: Lang): OperationWords | undefined {
  const operations: Readonly<Record<string, OperationWords>> = API[lang].operations;
  return Object.hasOwn(operations, operationId) ? operations[operationId] : undefined;
}

import type { BodyIssueCode, BodyKind } from '../../routing/errors.ts';

/**
 * Los problemas de una solicitud con su cuerpo entero (no es JSON, el formulario llegó mal formado,
 * otro tipo de contenido), que el kit de rutas (src/routing) da solo como códigos.
 */
export interface RequestIssueWords {
  issues: Readonly<Record<BodyIssueCode, (expected: string) => string>>;
  /** Cómo se nombra cada tipo de cuerpo que una ruta acepta, y cómo se juntan. */
  kinds: Readonly<Record<BodyKind, string>>;
  join: (kinds: readonly string[]) => string;
}

export const REQUEST_ISSUES_ES: RequestIssueWords = {
  issues: {
    invalid_json: () => 'El cuerpo no es JSON válido.',
    invalid_multipart: () => 'El formulario enviado está incompleto o mal formado. Envíelo de nuevo.',
    unsupported_media_type: (expected) => `Tipo de contenido no aceptado aquí; se espera ${expected}.`,
  },
  // El tipo JSON por su nombre técnico; el formulario en palabras. Un cliente compara el código
  // (`unsupported_media_type`), nunca el mensaje.
  kinds: { json: 'application/json', form: 'un formulario' },
  join: (kinds) => kinds.join(' / '),
};

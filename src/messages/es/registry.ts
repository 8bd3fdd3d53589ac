import type { ImportHeaderMismatch, RegistryFailure } from '../../registry/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The registry's import failures in Spanish (statuses: ../status/registry.ts). */

/** Qué está mal en el encabezado, en breve: lo que falta, lo que sobra, el orden. */
function headerProblem(f: ImportHeaderMismatch): string {
  const problems = [
    f.missing.length ? `faltan: ${f.missing.join(', ')}` : '',
    f.unexpectedCount
      ? `${f.unexpectedCount} ${f.unexpectedCount === 1 ? 'columna' : 'columnas'} de más`
      : '',
    f.wrongOrder ? 'las columnas están en otro orden' : '',
    !f.missing.length && !f.unexpectedCount && !f.wrongOrder
      ? `${f.foundCount} columnas, se esperaban ${f.expected.length}`
      : '',
  ];
  return problems.filter(Boolean).join('; ');
}

export const REGISTRY_ES: Catalogue<RegistryFailure> = {
  file_not_found: {
    title: 'No se encuentra el archivo.',
    detail: (f) => `No se encuentra el archivo ${f.filePath}. Revise la ruta.`,
  },
  file_utf16: {
    title: 'El archivo está en UTF-16.',
    detail: (f) =>
      `El archivo ${f.fileName} está en UTF-16. Guárdelo como UTF-8 (en una hoja de cálculo: «CSV UTF-8») e impórtelo de nuevo.`,
  },
  import_empty_file: {
    title: 'El archivo está vacío.',
    detail: (f) =>
      `El archivo ${f.fileName} está vacío: no tiene ni la primera línea, el encabezado con los nombres de las columnas.`,
  },
  import_header_mismatch: {
    title: 'El encabezado no corresponde al tipo de archivo.',
    detail: (f) => {
      const more = f.foundCount > f.found.length ? ` y ${f.foundCount - f.found.length} más` : '';
      const names = `${f.foundCount} ${f.foundCount === 1 ? 'nombre' : 'nombres'}`;
      return `${f.fileName}: el encabezado no corresponde a un archivo ${f.kind} (${headerProblem(f)}). Su primera línea tiene ${names}: ${f.found.map((n) => `«${n}»`).join(', ')}${more}. Se esperaba: ${f.expected.join(',')}`;
    },
  },
  unknown_source_list: {
    title: 'No existe esa lista de fuente.',
    detail: (f) => `No existe la lista de fuente «${f.listName}». Listas: ${f.lists.join(', ')}.`,
  },
  imports_busy: {
    title: 'Ya hay importaciones en curso.',
    detail: (f) =>
      f.running === undefined
        ? 'Ya hay una importación en curso.'
        : `Ya hay ${f.running} importaciones en curso. Espere a que termine una.`,
  },
  identity_review_not_found: {
    title: 'No existe esa fila en la cola de revisión.',
    detail: (f) => `No hay ninguna fila n.º ${f.reviewId} en la cola de revisión de identidades.`,
  },
  identity_review_decided: {
    title: 'Esa fila ya fue decidida.',
    detail: (f) =>
      f.status === 'unsure'
        ? `Mientras usted decidía, ${f.decidedBy} marcó la fila n.º ${f.reviewId} como «no estoy seguro». Vuelva a abrirla para ver su estado.`
        : `La fila n.º ${f.reviewId} ya fue ${f.status === 'accepted' ? 'aceptada' : 'rechazada'} por ${f.decidedBy}. Una fila se decide una sola vez. Su decisión no se registró.`,
  },
  identity_review_escalated_by_you: {
    title: 'Otro funcionario debe decidir esta fila.',
    detail: (f) =>
      `Usted marcó la fila n.º ${f.reviewId} como «no estoy seguro»: la decide otro funcionario con más experiencia.`,
  },
  identity_review_person_required: {
    title: 'Falta la persona.',
    detail: (f) =>
      `Para aceptar la fila n.º ${f.reviewId} indique cuál de sus candidatos es la persona: ${f.candidates.join(', ')}.`,
  },
  identity_review_not_candidate: {
    title: 'Esa persona no es candidata de la fila.',
    detail: (f) =>
      `La persona ${f.personId} no es candidata de la fila n.º ${f.reviewId}. Candidatos: ${f.candidates.join(', ')}.`,
  },
  identity_review_already_member: {
    title: 'La persona ya está en la lista.',
    detail: (f) =>
      `La persona ${f.personId} ya figura en esa versión de la lista «${f.list}» (línea ${f.memberLine}): una persona es un solo miembro de la lista. Rechace la fila n.º ${f.reviewId} o elija otro candidato.`,
  },
  identity_review_reason_required: {
    title: 'Falta el motivo.',
    detail: (f) => `Para rechazar la fila n.º ${f.reviewId} escriba el motivo.`,
  },
};
